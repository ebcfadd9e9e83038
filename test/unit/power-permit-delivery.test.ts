import { applyDelivery } from '../../domain/power-permit/delivery';

const missing = [
  { section: '主要业绩 Projects', field: 'projects', message: '请至少填写一项工程业绩' },
  { section: '技术负责人', field: 'technicalLead.certificate', message: '请上传证书' },
];
const stored = {
  categories: [{ category: 'install', level: '3' }],
  technicalLead: { name: '王工', certificate: [] },
  projects: [],
  missingItems: missing,
};

describe('missing-materials delivery', () => {
  it('sets only the missing items and keeps every reviewed field', () => {
    const d = applyDelivery(stored, { projects: [{ name: '110kV 变电站', voltageLevel: '110kV' }], technicalLead: { name: '王工', certificate: [{ id: 'f1' }] }, categories: [{ category: 'install', level: '3' }] }, missing);
    expect(d.refused).toEqual({});
    expect(d.delivered.sort()).toEqual(['projects', 'technicalLead.certificate']);
    expect(d.merged).toEqual({ categories: [{ category: 'install', level: '3' }], technicalLead: { name: '王工', certificate: [{ id: 'f1' }] }, projects: [{ name: '110kV 变电站', voltageLevel: '110kV' }] });
  });

  it('refuses a delivery that changes a reviewed field, naming it, and changes nothing', () => {
    const d = applyDelivery(stored, { categories: [{ category: 'install', level: '1' }, { category: 'test', level: '1' }], technicalLead: { name: '李工' } }, missing);
    expect(Object.keys(d.refused).sort()).toEqual(['categories.0.level', 'categories.1.category', 'categories.1.level', 'technicalLead.name']);
    expect(stored.categories).toEqual([{ category: 'install', level: '3' }]);
  });
});
