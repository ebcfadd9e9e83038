/** Valid registration bodies with a fresh USCC and login each time (each test its own business keys). */
import { randomInt } from 'node:crypto';
import type { RegistrationInput } from '../../domain/accounts/registration';
import { orgCodeCheckChar, usccCheckChar } from '../../domain/validators';

export function freshUscc(): string {
  const org8 = String(randomInt(10_000_000, 99_999_999));
  const first17 = `91110105${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

export function registrationBody(overrides: { unit?: Partial<RegistrationInput['unit']>; contact?: Partial<RegistrationInput['contact']> } = {}): RegistrationInput {
  const uscc = overrides.unit?.uscc ?? freshUscc();
  return {
    unit: {
      name: '北京测试检验有限公司',
      uscc,
      legalRepresentative: '张三',
      province: '110000',
      city: '110100',
      district: '110105',
      address: '北京市朝阳区建国路 88 号',
      postcode: '100022',
      phone: '010-65001234',
      ...overrides.unit,
    },
    certification: { institutionType: 'inspection', level: '甲级', industry: '特种设备' },
    qualifications: [{ qualificationType: 'inspection-approval', certificateNo: 'TS7110001-2026', issueDate: '2024-03-01', expiryDate: '2028-02-28', issuer: '国家市场监督管理总局' }],
    contact: {
      name: '李四',
      email: `contact-${uscc.toLowerCase()}@example.test`,
      mobile: '13812345678',
      title: '质量负责人',
      password: 'Secret2026',
      passwordConfirm: 'Secret2026',
      ...overrides.contact,
    },
  };
}

/** A real 1×1 PNG, for uploads (the server decides the type from these bytes). */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
