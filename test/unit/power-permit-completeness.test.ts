/** The completeness check (pure): every missing item listed, totals computed, per process. */
import { checkCompleteness, computeTotals } from '../../domain/power-permit/completeness';
import { idCheckChar } from '../../domain/validators';
import { allMaterials } from '../support/power-permit-materials';

const now = new Date('2026-11-23T04:00:00Z');
const ctx = { now, unit: { name: '甲公司', legalRepresentative: '周一', address: '北京' }, permit: null };
let n = 100;
const id = () => {
  const f = `11010219850612${n++}`;
  return f + idCheckChar(f);
};
const files = [{ id: '3f1d2c1e-0000-4000-8000-000000000001', name: 'a.png' }];
const person = () => ({ name: '某人', idNumber: id(), title: '工程师', workHistory: [{ from: '2010-01', employer: '某公司', refereePhone: '13912345678' }], trainingHistory: [{ from: '2024', course: '安全' }] });
const full = () => ({
  nature: 'new',
  categories: [{ category: 'install', level: '3' }],
  submitter: { type: 'delegate', name: '代办人', idNumber: id(), delegationLetter: files },
  equity: [{ holder: '周一', share: 100 }],
  technicalLead: person(),
  safetyLead: person(),
  electricians: [{ name: '电工', idNumber: id(), certificateNo: 'D1' }],
  skilledWorkers: [{ name: '技工', idNumber: id(), trade: '电缆' }],
  projects: [{ name: '工程', voltageLevel: '35kV', completedOn: '2025-01-01' }, { name: '老工程', voltageLevel: '35kV', completedOn: '2015-01-01' }],
  materials: allMaterials(files),
});
const fields = (r: ReturnType<typeof checkCompleteness>) => r.missing.map((m) => m.field);

describe('checkCompleteness', () => {
  it('passes a complete new application and computes totals within the required years', () => {
    const r = checkCompleteness('power-permit-new', full(), ctx);
    expect(r.missing).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.totals).toEqual({ electricians: 1, skilledWorkers: 1, projects: 1, projectsByVoltage: { '35kV': 1 } });
  });

  it('lists each missing section, the attachment of the chosen submitter and nature, and duplicate IDs', () => {
    const d = full() as Record<string, unknown>;
    delete d.safetyLead;
    d.nature = 'split';
    d.submitter = { type: 'legal-representative', name: '周一', idNumber: id(), delegationLetter: files };
    const dup = (d.electricians as Array<{ idNumber: string }>)[0].idNumber;
    d.skilledWorkers = [{ name: '技工', idNumber: dup, trade: '电缆' }];
    d.categories = [{ category: 'install', level: '3' }, { category: 'install', level: '2' }];
    const r = checkCompleteness('power-permit-new', d, ctx);
    expect(fields(r)).toEqual(['natureAttachments', 'categories.1.category', 'submitter.legalRepresentativeStatement', 'safetyLead', 'skilledWorkers.0.idNumber']);
    expect(r.missing[4].message).toContain('重复');
    expect(r.missing.every((m) => /[\u4e00-\u9fff].* \/ [A-Za-z]/.test(m.message))).toBe(true);
  });

  it('ignores the blank row a form grid starts with', () => {
    const r = checkCompleteness('power-permit-new', { ...full(), electricians: [{ name: '', idNumber: '' }] }, ctx);
    expect(fields(r)).toEqual(['electricians']);
  });

  it('needs a permit for the variations, and a real change for an item or registration change', () => {
    expect(fields(checkCompleteness('power-permit-cancel', { cancelItems: 'x' }, ctx))).toContain('permit');
    const permit = { number: 'P1', categories: [{ category: 'install', level: '3' }], personnel: [] };
    expect(fields(checkCompleteness('power-permit-item-change', full(), { ...ctx, permit }))).toEqual(['categories']);
    const reg = checkCompleteness('power-permit-registration-change', { submitter: full().submitter, after: { name: '甲公司' }, proof: files }, { ...ctx, permit });
    expect(fields(reg)).toEqual(['after']);
  });

  it('computes totals by voltage level', () => {
    const t = computeTotals({ projects: [{ voltageLevel: '10kV', completedOn: '2024-01-01' }, { voltageLevel: '10kV', completedOn: '2023-01-01' }, { voltageLevel: '110kV', completedOn: '2022-01-01' }] }, now);
    expect(t.projectsByVoltage).toEqual({ '10kV': 2, '110kV': 1 });
  });

  it('lists the missing materials per category and level of a two-category application', () => {
    const d = { ...full(), categories: [{ category: 'install', level: '2' }, { category: 'test', level: '4' }], materials: { common: { businessLicence: files }, install: { equipmentList: files, safetyLicence: files }, test: { instrumentList: files } } };
    const r = checkCompleteness('power-permit-new', d, ctx);
    expect(r.complete).toBe(false);
    expect(Object.keys(r.materialsByCategory).sort()).toEqual(['common', 'install', 'test']);
    expect(r.materialsByCategory.common.map((m) => m.field)).toEqual(['materials.common.premisesProof']);
    // install at level 2: the management system documents too; the safety licence is there
    expect(r.materialsByCategory.install.map((m) => m.field)).toEqual(['materials.install.constructorCertificates', 'materials.install.specialElectricians', 'materials.install.managementSystem']);
    expect(r.materialsByCategory.install.every((m) => m.section === '承装类材料 Install materials' && m.message.startsWith('承装类二级：请上传'))).toBe(true);
    // test at level 4: neither the laboratory proof nor the management system
    expect(r.materialsByCategory.test.map((m) => m.field)).toEqual(['materials.test.calibrationCertificates', 'materials.test.specialElectricians']);
    expect(r.materialsByCategory.test[0].message).toContain('承试类四级：请上传试验仪器检定（校准）证书');
    // a category not applied for asks nothing
    expect(r.materialsByCategory.repair).toBeUndefined();
    expect(r.missing.filter((m) => m.field.startsWith('materials.'))).toHaveLength(6);
  });

  it('asks the reduced materials on the free-trade-zone fast track', () => {
    const d = { ...full(), categories: [{ category: 'install', level: '3' }, { category: 'repair', level: '5' }], materials: {} };
    const normal = checkCompleteness('power-permit-new', d, ctx);
    const fast = checkCompleteness('power-permit-new', d, { ...ctx, fastTrack: true });
    expect(fields(normal)).toEqual(expect.arrayContaining(['materials.common.businessLicence', 'materials.install.constructorCertificates', 'materials.install.specialElectricians', 'materials.repair.specialElectricians']));
    expect(fields(fast)).toEqual(['materials.common.premisesProof', 'materials.install.equipmentList', 'materials.install.safetyLicence', 'materials.repair.equipmentList']);
    // the registration change on the fast track reads the new licence through information sharing
    const permit = { number: 'P1', categories: [{ category: 'install', level: '3' }], personnel: [] };
    const reg = { submitter: full().submitter, after: { name: '乙公司' } };
    expect(fields(checkCompleteness('power-permit-registration-change', reg, { ...ctx, permit }))).toEqual(['proof']);
    expect(fields(checkCompleteness('power-permit-registration-change', reg, { ...ctx, permit, fastTrack: true }))).toEqual([]);
    // a lost permit: the published loss notice, except on the fast track (the authority publishes it)
    const lost = { submitter: full().submitter, reason: 'lost' };
    expect(fields(checkCompleteness('power-permit-reissue', lost, { ...ctx, permit }))).toEqual(['lostNotice']);
    expect(fields(checkCompleteness('power-permit-reissue', lost, { ...ctx, permit, fastTrack: true }))).toEqual([]);
  });
});
