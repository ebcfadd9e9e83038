/** The pure licensing rules: authority routing, the fields a notice opens, the locked form, what changed. */
import fs from 'node:fs';
import path from 'node:path';
import { changedFields, editableFields, finalDatesErrors, licensingAuthority, lockedForm, proposedDatesErrors } from '../../domain/licensing/rules';

const wizard = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'forms', 'production-licence.json'), 'utf8'));

describe('licensing authority', () => {
  it('is the national authority when any item is national-level, else the province of the unit', () => {
    expect(licensingAuthority([{ level: 'provincial' }, { level: 'national' }], '610000')).toEqual({ level: 'national', group: 'licence-authority-national', name: '国家市场监督管理总局' });
    expect(licensingAuthority([{ level: 'provincial' }], '610000')).toEqual({ level: 'provincial', group: 'licence-authority-610000', name: '陕西省市场监督管理局' });
    expect(licensingAuthority([{ level: 'provincial' }], '110000').name).toBe('北京市市场监督管理局');
  });
});

describe('a correction notice', () => {
  const items = [{ field: 'workHistory', reason: '未说明产量' }, { field: 'partStaff', reason: '缺少无损检测人员' }];

  it('opens the flagged fields and every field of a flagged part, nothing else', () => {
    expect([...editableFields(wizard, items)].sort()).toEqual(['staff', 'workHistory']);
    expect([...editableFields(wizard, [{ field: 'partBasics', reason: 'x' }])].sort()).toEqual([
      'address', 'approvedBy', 'contactName', 'contactPhone', 'email', 'fax', 'foundedOn', 'industry', 'legalRepresentative', 'managementRepresentative',
      'managementRepresentativeTitle', 'manufactureAddress', 'postcode', 'qualityHead', 'registeredCapital', 'unitName', 'uscc', 'website',
    ]);
  });

  it('shows the whole application on one page with every other field disabled and the reasons beside the open ones', () => {
    const locked = lockedForm(wizard, editableFields(wizard, items), new Map(items.map((i) => [i.field, i.reason])));
    expect(locked.display).toBe('form');
    const all: Array<Record<string, unknown>> = [];
    const walk = (cs: Array<Record<string, unknown>>) => cs.forEach((c) => (all.push(c), Array.isArray(c.components) && c.type !== 'datagrid' && walk(c.components as never)));
    walk(locked.components as never);
    const byKey = new Map(all.map((c) => [c.key, c]));
    expect(byKey.get('workHistory')).toMatchObject({ description: '需补正 To correct: 未说明产量' });
    expect(byKey.get('workHistory')!.disabled).toBeUndefined();
    expect(byKey.get('staff')!.disabled).toBeUndefined();
    expect(byKey.get('partStaff')!.title).toContain('缺少无损检测人员');
    for (const k of ['unitName', 'licenceItems', 'equipment', 'declarationAgreed']) expect(byKey.get(k)!.disabled).toBe(true);
    // the stored form is untouched
    expect(JSON.stringify(wizard)).not.toContain('"disabled"');
  });

  it('sees what a resubmission changed; unticked options and empty values are no change', () => {
    const before = { unitName: 'A', licenceItems: { 'M-ESV-B': true, 'M-SV-A': false }, staff: [{ name: '王五' }], subcontracting: '无' };
    expect(changedFields(wizard, before, { ...before, licenceItems: { 'M-ESV-B': true, 'M-SV-A': false, 'M-PE': false }, itemScope: '' })).toEqual([]);
    expect(changedFields(wizard, before, { ...before, unitName: 'B', staff: [{ name: '王五' }, { name: '赵六' }] })).toEqual(['unitName', 'staff']);
    expect(changedFields(wizard, before, { ...before, licenceItems: { 'M-ESV-B': true, 'M-SV-A': true } })).toEqual(['licenceItems']);
  });
});

describe('appraisal-date negotiation', () => {
  // 23:30 Beijing time on Mon 30 Nov 2026 (still the 30th locally)
  const now = new Date('2026-11-30T15:30:00Z');
  it('refuses a proposal starting within 5 days of today (Asia/Shanghai), naming the field', () => {
    expect(Object.keys(proposedDatesErrors('2026-12-05', '2026-12-08', now))).toEqual(['appraisalFrom']);
    expect(proposedDatesErrors('2026-12-05', '2026-12-08', now).appraisalFrom).toContain('2026年12月6日');
    expect(proposedDatesErrors('2026-12-06', '2026-12-06', now)).toEqual({});
    // the next day in Beijing moves the window with it
    expect(Object.keys(proposedDatesErrors('2026-12-06', '2026-12-06', new Date('2026-11-30T16:30:00Z')))).toEqual(['appraisalFrom']);
  });
  it('refuses an end before the start and malformed dates', () => {
    expect(Object.keys(proposedDatesErrors('2026-12-10', '2026-12-09', now))).toEqual(['appraisalTo']);
    expect(Object.keys(proposedDatesErrors('2026-02-30', 'x', now)).sort()).toEqual(['appraisalFrom', 'appraisalTo']);
  });
  it('takes the agency\'s final dates from today on, end not before start', () => {
    expect(finalDatesErrors('2026-11-30', '2026-12-01', now)).toEqual({});
    expect(Object.keys(finalDatesErrors('2026-11-29', '2026-12-01', now))).toEqual(['finalFrom']);
    expect(Object.keys(finalDatesErrors('2026-12-02', '2026-12-01', now))).toEqual(['finalTo']);
    expect(Object.keys(finalDatesErrors(undefined, undefined, now)).sort()).toEqual(['finalFrom', 'finalTo']);
  });
});
