/**
 * GET /api/public/services — the service catalogue (办事指南): one guide per startable service
 * (and the unit registration), anonymous; materials from the start form's upload fields (formats,
 * size limit, required), steps from the model's user tasks (a called process's included), the
 * statutory limit where the area's rules give one, and null (not invented) fees and legal basis.
 */
import { STARTABLE } from '../../domain/registry';
import { sizeInBytes } from '../../domain/service-catalogue';
import { startTestSystem, TestSystem } from '../support/harness';
/* eslint-disable @typescript-eslint/no-explicit-any */

let sys: TestSystem;
let items: any[];
const byId = (id: string) => items.find((g) => g.processId === id);

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const r = await fetch(`${sys.url}/api/public/services`);
  expect(r.status).toBe(200);
  items = ((await r.json()) as { items: any[] }).items;
});
afterAll(async () => sys.stop());

describe('the service catalogue', () => {
  it('lists every startable service once, and the unit registration', () => {
    expect(items.map((g) => g.processId).sort()).toEqual(['unit-registration', ...Object.keys(STARTABLE)].sort());
    expect(byId('unit-registration')).toMatchObject({ applicants: ['visitor'], startWith: 'POST /api/registrations' });
    for (const g of items) {
      expect(g.name).toEqual(expect.any(String));
      expect(g.fees).toBeNull();
      expect(g.legalBasis).toBeNull();
    }
  });

  it('the materials of the unit qualification form: label, formats, size limit, required', () => {
    const g = byId('unit-qualification');
    expect(g).toMatchObject({ area: 'qualification', formKey: 'unit-qualification', applicants: ['unit-main', 'unit:qualification'], startWith: 'POST /api/applications' });
    expect(g.materials).toEqual([
      { key: 'certificate', label: '证书图片 Certificate image (jpg/png/pdf ≤ 5 MB)', formats: ['jpg', 'jpeg', 'png', 'pdf'], maxSize: '5MB', maxBytes: 5 * 1024 * 1024, required: true, multiple: false },
    ]);
    expect(g.steps).toEqual(['审核资质 Review qualification']);
    expect(g.timeLimit).toBeNull();
  });

  it('the steps of a model in order of appearance, and the statutory limit of the production licence', () => {
    const g = byId('production-licence');
    expect(g.steps).toEqual([
      '形式审查 Formal review', '补齐补正 Supplement and correct', '协商鉴定评审时间 Propose appraisal dates to the agency',
      '鉴定评审机构意见 Agency answers with the final dates', '鉴定评审 Appraisal', '评审反馈表 Review feedback form', '许可决定 Licence decision',
    ]);
    expect(g.timeLimit).toMatchObject({ workingDays: 20, kind: 'statutory', fastTrackWorkingDays: null });
  });

  it('a power-permit service: main account only, the called review process as its steps, normal and fast-track limits', () => {
    const g = byId('power-permit-new');
    expect(g).toMatchObject({ area: 'power-permit', applicants: ['unit-main'], startWith: 'POST /api/power-permits/applications' });
    expect(g.steps).toEqual(expect.arrayContaining(['形式审查 Formal review', '审查 Review', '负责人签批 Director sign-off', '许可委员会审议 Licensing committee']));
    expect(g.timeLimit).toMatchObject({ workingDays: 20, fastTrackWorkingDays: 15 });
    expect(g.materials.find((m: any) => m.key === 'natureAttachments')).toMatchObject({ formats: ['jpg', 'jpeg', 'png', 'pdf'], maxBytes: 5 * 1024 * 1024 });
    expect(byId('inspector-qualification').applicants).toEqual(['person']);
  });

  it('reads sizes as the forms write them', () => {
    expect([sizeInBytes('5MB'), sizeInBytes('500KB'), sizeInBytes('1 GB'), sizeInBytes('2048'), sizeInBytes('big'), sizeInBytes(undefined)]).toEqual([5 * 1024 ** 2, 500 * 1024, 1024 ** 3, 2048, null, null]);
  });
});
