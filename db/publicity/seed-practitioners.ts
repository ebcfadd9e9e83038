/**
 * Practitioner registry seed: deterministic persons (valid GB 11643 ID numbers) covering every
 * publicity case — never registered (initial), registered elsewhere ≥ 1 year (change), < 1 year
 * (change refused), at a dissolved unit (change allowed), due for renewal, with items to add, with
 * an expired qualification only. Idempotent (existing ID numbers are left alone). Dates are
 * relative to `now`, so the cases stay what they are whenever it runs.
 */
import type { Db } from '../../core/db';
import { UNIT_STATUS } from '../../domain/registry';
import { addDays, addYears, localDate, PUBLICITY_VALID_YEARS, type PublicityItem } from '../../domain/publicity/rules';
import { idCheckChar, orgCodeCheckChar, usccCheckChar } from '../../domain/validators';
import { activateRecord, addQualification, endRecord, findPractitionerByIdNumber, upsertPractitioner } from './practitioners';

/** A valid 18-digit ID number: region (6 digits), birth date YYYYMMDD, a 3-digit sequence. */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** A valid USCC from a region code and an 8-digit organisation number. */
export function makeUscc(region: string, org8: string): string {
  const first17 = `91${region}${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

export interface SeedPerson {
  key: string;
  name: string;
  idNumber: string;
  mobile: string;
  gender: string;
  workYears: number;
  qualifications: Array<{ itemCode: string; grade: number; issuedYearsAgo: number; validYears: number }>;
  /** a publicity record: at which seed unit, since how many days, valid for how many more days */
  record?: { unit: 'main' | 'other' | 'dissolved'; sinceDays: number; items: PublicityItem[]; validDays?: number; ended?: string };
}

export const SEED_UNITS = {
  main: { uscc: '91110000600037341L' }, // db/seed.ts: 示例检验有限公司 (inspection)
  other: {
    uscc: makeUscc('130100', '71234567'), name: '河北华安特种设备检验有限公司', legal_representative: '韩立', province: '130000', city: '130100', district: '130102',
    address: '河北省石家庄市长安区中山东路 100 号', postcode: '050011', phone: '0311-86001234', institution_type: 'inspection',
  },
  dissolved: {
    uscc: makeUscc('120100', '72345678'), name: '天津已解散检验有限公司', legal_representative: '邓平', province: '120000', city: '120100', district: '120101',
    address: '天津市和平区南京路 1 号', postcode: '300041', phone: '022-23001234', institution_type: 'inspection',
  },
} as const;

export const SEED_PERSONS: SeedPerson[] = [
  { key: 'initial', name: '肖明', idNumber: makeIdNumber('340121', '19880312', 101), mobile: '13900000001', gender: '男', workYears: 9,
    qualifications: [{ itemCode: 'Y-GL', grade: 1, issuedYearsAgo: 6, validYears: 10 }, { itemCode: 'Y-GL', grade: 2, issuedYearsAgo: 2, validYears: 4 }, { itemCode: 'Y-RQ', grade: 1, issuedYearsAgo: 3, validYears: 4 }] },
  { key: 'change', name: '邹华', idNumber: makeIdNumber('450304', '19850716', 151), mobile: '13900000002', gender: '男', workYears: 9,
    qualifications: [{ itemCode: 'Y-DT', grade: 2, issuedYearsAgo: 3, validYears: 4 }],
    record: { unit: 'other', sinceDays: 800, items: [{ itemCode: 'Y-DT', grade: 2 }] } },
  { key: 'change-too-soon', name: '冷静', idNumber: makeIdNumber('321182', '19900101', 102), mobile: '13900000003', gender: '女', workYears: 5,
    qualifications: [{ itemCode: 'Y-QZ', grade: 1, issuedYearsAgo: 2, validYears: 4 }],
    record: { unit: 'other', sinceDays: 120, items: [{ itemCode: 'Y-QZ', grade: 1 }] } },
  { key: 'change-dissolved', name: '王磊', idNumber: makeIdNumber('110108', '19870909', 349), mobile: '13900000004', gender: '男', workYears: 7,
    qualifications: [{ itemCode: 'Y-RQ', grade: 2, issuedYearsAgo: 1, validYears: 4 }],
    record: { unit: 'dissolved', sinceDays: 90, items: [{ itemCode: 'Y-RQ', grade: 2 }] } },
  { key: 'renewal', name: '罗志群', idNumber: makeIdNumber('440106', '19700618', 118), mobile: '13900000005', gender: '男', workYears: 25,
    qualifications: [{ itemCode: 'Y-GD', grade: 3, issuedYearsAgo: 2, validYears: 6 }],
    record: { unit: 'main', sinceDays: 4 * 365 - 30, items: [{ itemCode: 'Y-GD', grade: 3 }], validDays: 30 } },
  { key: 'add', name: '孙宁', idNumber: makeIdNumber('211402', '19870719', 23), mobile: '13900000006', gender: '男', workYears: 6,
    qualifications: [{ itemCode: 'Y-RQ', grade: 1, issuedYearsAgo: 3, validYears: 4 }, { itemCode: 'Y-DT', grade: 1, issuedYearsAgo: 1, validYears: 4 }],
    record: { unit: 'main', sinceDays: 400, items: [{ itemCode: 'Y-RQ', grade: 1 }] } },
  { key: 'registered', name: '孙宝岩', idNumber: makeIdNumber('210719', '19631013', 41), mobile: '13900000007', gender: '男', workYears: 30,
    qualifications: [{ itemCode: 'Y-GL', grade: 3, issuedYearsAgo: 2, validYears: 4 }],
    record: { unit: 'main', sinceDays: 500, items: [{ itemCode: 'Y-GL', grade: 3 }] } },
  { key: 'expired', name: '赵亮', idNumber: makeIdNumber('211402', '19870327', 533), mobile: '13900000008', gender: '男', workYears: 6,
    qualifications: [{ itemCode: 'Y-DT', grade: 1, issuedYearsAgo: 6, validYears: 4 }] },
  { key: 'testing-only', name: '宋大权', idNumber: makeIdNumber('210719', '19691119', 381), mobile: '13900000009', gender: '男', workYears: 20,
    qualifications: [{ itemCode: 'S-UT', grade: 2, issuedYearsAgo: 2, validYears: 4 }] },
  { key: 'cancelled-elsewhere', name: '张振', idNumber: makeIdNumber('130982', '19840613', 731), mobile: '13900000010', gender: '男', workYears: 10,
    qualifications: [{ itemCode: 'Y-GL', grade: 2, issuedYearsAgo: 2, validYears: 4 }],
    record: { unit: 'other', sinceDays: 700, items: [{ itemCode: 'Y-GL', grade: 2 }], ended: 'cancelled' } },
];

export async function ensureSeedUnits(db: Db, now: Date): Promise<Record<keyof typeof SEED_UNITS, string | null>> {
  const ids: Record<string, string | null> = {};
  for (const [key, u] of Object.entries(SEED_UNITS)) {
    let row = await db('units').where({ uscc: u.uscc }).first();
    if (!row && 'name' in u) {
      [row] = await db('units')
        .insert({ ...u, status: UNIT_STATUS.active, activated_at: now, dissolved_at: key === 'dissolved' ? now : null })
        .returning('*');
    }
    ids[key] = row?.id ?? null;
  }
  return ids as Record<keyof typeof SEED_UNITS, string | null>;
}

/** Seeds the persons; returns the ID numbers created. Persons whose unit is missing get no record. */
export async function seedPractitioners(db: Db, now = new Date()): Promise<string[]> {
  const units = await ensureSeedUnits(db, now);
  const today = localDate(now);
  const created: string[] = [];
  for (const p of SEED_PERSONS) {
    if (await findPractitionerByIdNumber(db, p.idNumber)) continue;
    await db.transaction(async (trx) => {
      const { row } = await upsertPractitioner(trx, p);
      for (const [i, q] of p.qualifications.entries()) {
        const issue = addYears(today, -q.issuedYearsAgo);
        await addQualification(trx, {
          practitionerId: row.id, itemCode: q.itemCode, grade: q.grade, certificateNo: `TS${p.idNumber.slice(-6)}${q.itemCode.replace('-', '')}${q.grade}${i}`,
          issueDate: issue, expiryDate: addYears(issue, q.validYears),
        });
      }
      const unitId = p.record ? units[p.record.unit] : null;
      if (p.record && unitId) {
        const start = addDays(today, -p.record.sinceDays);
        const rec = await activateRecord(trx, {
          practitionerId: row.id, unitId, type: 'initial', items: p.record.items, startDate: start,
          validUntil: p.record.validDays !== undefined ? addDays(today, p.record.validDays) : addYears(start, PUBLICITY_VALID_YEARS), action: 'imported',
        });
        if (p.record.ended) await endRecord(trx, { recordId: rec.id, reason: p.record.ended });
      }
    });
    created.push(p.idNumber);
  }
  return created;
}
