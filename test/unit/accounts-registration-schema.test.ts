import path from 'node:path';
import { validateRegistration } from '../../domain/accounts/registration';
import { INSTITUTION_TYPE_LABELS, institutionTypeLabel, UNIT_QUALIFICATION_TYPES } from '../../domain/accounts/ids';
import { CATEGORIES_BY_QUALIFICATION } from '../../domain/publicity/rules';
import { readForm } from '../../domain/form-sections';
import { FORMS_DIR } from '../../domain/models';
import { registrationBody } from '../support/fixtures';

type Component = { type?: string; key?: string; components?: Component[]; data?: { values?: Array<{ value: string; label: string }> } };
const find = (cs: Component[], pred: (c: Component) => boolean): Component | undefined => {
  for (const c of cs) {
    if (pred(c)) return c;
    const inner = c.components && find(c.components, pred);
    if (inner) return inner;
  }
  return undefined;
};
const formComponents = (key: string) => readForm(path.join(FORMS_DIR, `${key}.json`)).components as Component[];

describe('registration validation (shared by API and worker)', () => {
  it('accepts a complete body, with or without qualifications', () => {
    expect(validateRegistration(registrationBody()).ok).toBe(true);
    const b = registrationBody();
    delete b.qualifications;
    expect(validateRegistration(b).ok).toBe(true);
  });

  it('reports nested and cross-field errors by path', () => {
    const b = registrationBody();
    b.qualifications![0].expiryDate = '2020-01-01';
    b.contact.password = 'short';
    b.contact.passwordConfirm = 'short';
    const r = validateRegistration(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['contact.password', 'qualifications.0.expiryDate']);
  });

  it('re-validates a stored body, which has no password', () => {
    const b = registrationBody();
    const { password: _p, passwordConfirm: _c, ...contact } = b.contact;
    expect(validateRegistration({ ...b, contact }, 'stored').ok).toBe(true);
    const r = validateRegistration({ ...b, contact }, 'submit');
    expect(r.ok).toBe(false);
  });

  it('rejects a body that is not an object', () => {
    const r = validateRegistration(null);
    expect(r.ok).toBe(false);
  });

  it('takes the qualification type from the list, with field-level messages in Chinese and English', () => {
    const b = registrationBody();
    b.qualifications = [
      { ...b.qualifications![0], qualificationType: 'testing-approval' },
      { ...b.qualifications![0], qualificationType: 'made-up' as never },
      { ...b.qualifications![0], qualificationType: '' as never, certificateNo: 'X' },
    ];
    const r = validateRegistration(b);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields).toEqual({
      'qualifications.1.qualificationType': '请选择资质类型 / Choose a qualification type',
      'qualifications.2.qualificationType': '请选择资质类型 / Choose a qualification type',
      'qualifications.2.certificateNo': '至少 2 个字符 / At least 2 characters',
    });
  });

  it('takes an optional certificate image as the file component submits it, and refuses anything else', () => {
    const b = registrationBody();
    b.qualifications![0].certificate = [{ storage: 'url', name: 'c.png', data: { id: '00000000-0000-4000-8000-000000000001' } }];
    expect(validateRegistration(b).ok).toBe(true);
    b.qualifications![0].certificate = [{ name: 'not uploaded' }];
    const r = validateRegistration(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields).toEqual({ 'qualifications.0.certificate': '请上传文件 / Upload the file first' });
  });

  it('still reads a stored registration whose qualification has a free-text name and no type', () => {
    const b = registrationBody();
    const { password: _p, passwordConfirm: _c, ...contact } = b.contact;
    const { qualificationType: _t, ...legacy } = b.qualifications![0];
    expect(validateRegistration({ ...b, contact, qualifications: [{ ...legacy, name: '特种设备检验机构核准证' }] }, 'stored').ok).toBe(true);
    // resubmitted through the form: the old name beside the type now picked is dropped; without a type the type is missing
    expect(validateRegistration({ ...b, qualifications: [{ ...b.qualifications![0], name: '特种设备检验机构核准证' }] })).toMatchObject({ ok: true, value: { qualifications: [{ qualificationType: 'inspection-approval' }] } });
    expect((validateRegistration({ ...b, qualifications: [{ ...b.qualifications![0], name: '旧名称' }] }) as { value: { qualifications: object[] } }).value.qualifications[0]).not.toHaveProperty('name');
    const r = validateRegistration({ ...b, qualifications: [{ ...legacy, name: '特种设备检验机构核准证' }] });
    expect(r).toEqual({ ok: false, fields: { 'qualifications.0.qualificationType': '请选择资质类型 / Choose a qualification type' } });
  });
});

describe('the unit qualification types: one list', () => {
  it('the qualification application and the registration pick from the same select, whose values are the domain codes', () => {
    const application = find(formComponents('unit-qualification'), (c) => c.key === 'qualificationType');
    const grid = find(formComponents('unit-registration'), (c) => c.key === 'qualifications');
    const registration = find(grid!.components!, (c) => c.key === 'qualificationType');
    expect(registration).toEqual(application);
    expect(application!.data!.values!.map((v) => v.value)).toEqual([...UNIT_QUALIFICATION_TYPES]);
    expect(Object.keys(CATEGORIES_BY_QUALIFICATION).sort()).toEqual([...UNIT_QUALIFICATION_TYPES].sort());
  });

  it('names each institution type as the registration form does (the unit page and eligibility reasons show the name)', () => {
    const select = find(formComponents('unit-registration'), (c) => c.key === 'certification.institutionType');
    expect(select!.data!.values!.map((v) => [v.value, v.label])).toEqual(Object.entries(INSTITUTION_TYPE_LABELS));
    expect([institutionTypeLabel('testing'), institutionTypeLabel(null), institutionTypeLabel('legacy-x')]).toEqual(['检测机构 Testing', null, 'legacy-x']);
  });
});
