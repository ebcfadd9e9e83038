/** The unit's profile (identifying fields read-only), secondary units, and qualification expiry status. */
import { hashPassword } from '../../core/passwords';
import { qualificationStatus } from '../../api/routes/accounts';
import { freshUscc } from '../support/fixtures';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let main: Client;
let sub: Client;
let unitId: string;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '资料测试有限公司', legal_representative: '褚一', province: '110000', city: '110100', district: '110108', address: '北京市海淀区资料路 3 号', postcode: '100080', phone: '010-3', status: 'active' })
    .returning('*');
  unitId = unit.id;
  const login = `pf${Date.now()}`;
  const hash = await hashPassword('Unit2026!x');
  await sys.db('accounts').insert([
    { login, password_hash: hash, kind: 'unit-main', display_name: '褚一', email: `${login}@example.test`, unit_id: unit.id, status: 'active' },
    { login: `${login}-s`, password_hash: hash, kind: 'unit-sub', display_name: '褚二', email: `${login}-s@example.test`, unit_id: unit.id, status: 'active' },
  ]);
  main = await signIn(sys.url, login, 'Unit2026!x');
  sub = await signIn(sys.url, `${login}-s`, 'Unit2026!x');
});
afterAll(async () => {
  await sys?.stop();
});

describe('unit profile', () => {
  it('edits phone and invoicing information, but never the identifying fields', async () => {
    const ok = await main.call('PATCH', '/api/unit/profile', { phone: '010-88889999', invoice: { title: '资料测试有限公司', bank: '工商银行海淀支行', bankAccount: '0200001234567890' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ phone: '010-88889999', invoice: { bank: '工商银行海淀支行' }, name: '资料测试有限公司' });
    const refused = await main.call('PATCH', '/api/unit/profile', { name: '改名公司', address: '别处', phone: '010-12345678' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['address', 'name']);
    expect(refused.body.error.fields.name).toMatch(/信息变更/);
    expect((await sys.db('units').where({ id: unitId }).first()).name).toBe('资料测试有限公司');
    expect((await sub.call('PATCH', '/api/unit/profile', { phone: '010-1234567' })).status).toBe(403);
    expect((await sub.call('GET', '/api/unit/profile')).status).toBe(200);
  });

  it('选择上级企业: found by a part of the name, associated, never itself nor a unit below it; a branch or an inactive unit is not offered', async () => {
    const tag = String(Date.now()).slice(-6);
    const insert = (name: string, extra: Record<string, unknown> = {}) => sys.db('units')
      .insert({ uscc: freshUscc(), name, legal_representative: '褚三', province: '110000', city: '110100', district: '110108', address: '北京市海淀区上级路 1 号', postcode: '100080', phone: '010-4', status: 'active', ...extra })
      .returning('*').then(([u]) => u);
    const group = await insert(`上级${tag}集团有限公司`);
    await insert(`上级${tag}集团有限公司北京分公司`, { parent_unit_id: group.id });
    await insert(`上级${tag}集团停用公司`, { status: 'pending' });
    const found = await main.call('GET', `/api/unit/superior-candidates?name=${encodeURIComponent(`上级${tag}`)}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([{ id: group.id, name: `上级${tag}集团有限公司` }]);
    // one character is not enough to search by
    const short = await main.call('GET', `/api/unit/superior-candidates?name=${encodeURIComponent('上')}`);
    expect(short.status).toBe(400);
    expect((await sub.call('GET', `/api/unit/superior-candidates?name=${encodeURIComponent(`上级${tag}`)}`)).status).toBe(403);

    const set = await main.call('PATCH', '/api/unit/profile', { superiorUnitId: group.id });
    expect(set.status).toBe(200);
    expect(set.body.superiorUnit).toEqual({ id: group.id, name: `上级${tag}集团有限公司` });
    // itself, an unknown id, and a circle (the group naming this unit as its superior) are refused on the field
    const self = await main.call('PATCH', '/api/unit/profile', { superiorUnitId: unitId });
    expect(self.status).toBe(400);
    expect(self.body.error.fields.superiorUnitId).toContain('不能选择本单位');
    const unknown = await main.call('PATCH', '/api/unit/profile', { superiorUnitId: '00000000-0000-4000-8000-000000000000', phone: '010-66667777' });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.error.fields)).toEqual(['superiorUnitId']);
    const { superiorRefusal } = await import('../../db/superior-units');
    expect(await superiorRefusal(sys.db, group.id, unitId)).toContain('不能互为上级');
    const row = await sys.db('units').where({ id: unitId }).first('superior_unit_id', 'phone');
    expect(row).toEqual({ superior_unit_id: group.id, phone: expect.not.stringContaining('66667777') });
    // '' takes the association away
    const cleared = await main.call('PATCH', '/api/unit/profile', { superiorUnitId: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.superiorUnit).toBeNull();
  });

  it('adds secondary units under the unit (main account only)', async () => {
    const b = await main.call('POST', '/api/unit/branches', { name: '资料测试有限公司上海分公司', province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666' });
    expect(b.status).toBe(201);
    expect(b.body.parentUnitId).toBe(unitId);
    const bad = await main.call('POST', '/api/unit/branches', { name: 'x', province: '310000', city: '310100', district: '110105', address: '短', postcode: '1', phone: 'a' });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['address', 'district', 'name', 'phone', 'postcode']);
    expect((await sub.call('POST', '/api/unit/branches', { name: '子帐号的分部' })).status).toBe(403);
    const list = await main.call('GET', '/api/unit/branches');
    expect(list.body.items.map((u: { name: string }) => u.name)).toEqual(['资料测试有限公司上海分公司']);
  });

  it('tracks qualification expiry: active, expiring within 90 days, expired', async () => {
    const today = new Date('2026-11-22T02:00:00Z');
    expect(qualificationStatus('2026-11-21', today)).toBe('expired');
    expect(qualificationStatus('2026-11-22', today)).toBe('expiring');
    expect(qualificationStatus('2027-02-20', today)).toBe('expiring');
    expect(qualificationStatus('2027-02-21', today)).toBe('active');
    const app = await sys.db('applications').insert({ number: `QUA-T-${Date.now()}`, process_id: 'unit-qualification', status: 'approved', unit_id: unitId, data: '{}' }).returning('id');
    await sys.db('unit_qualifications').insert({ unit_id: unitId, application_id: app[0].id, qualification_type: 'testing-approval', certificate_no: 'OLD-1', issue_date: '2020-01-01', expiry_date: '2021-01-01', status: 'active' });
    const list = await main.call('GET', '/api/unit/qualifications');
    expect(list.body.items).toEqual([expect.objectContaining({ certificateNo: 'OLD-1', expiryDate: '2021-01-01', status: 'expired' })]);
  });

  it('filters and pages the qualifications on the server: status, type, certificate number; open applications first, then the records by expiry', async () => {
    const stamp = Date.now();
    const apps = await sys.db('applications')
      .insert([0, 1, 2, 3].map((i) => ({ number: `QUA-F-${stamp}-${i}`, process_id: 'unit-qualification', status: 'approved', unit_id: unitId, data: '{}' })))
      .returning('id');
    const far = `${new Date().getUTCFullYear() + 3}-06-30`;
    // (records expiring the same day come in no particular order: C a month after A)
    const later = `${new Date().getUTCFullYear() + 3}-07-31`;
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await sys.db('unit_qualifications').insert([
      { unit_id: unitId, application_id: apps[0].id, qualification_type: 'type-test', certificate_no: `F${stamp}-A`, issue_date: '2024-01-01', expiry_date: far, status: 'active' },
      { unit_id: unitId, application_id: apps[1].id, qualification_type: 'type-test', certificate_no: `F${stamp}-B`, issue_date: '2024-01-01', expiry_date: soon, status: 'active' },
      { unit_id: unitId, application_id: apps[2].id, qualification_type: 'inspection', certificate_no: `F${stamp}-C`, issue_date: '2024-01-01', expiry_date: later, status: 'active' },
    ]);
    await sys.db('applications').insert({ number: `QUA-P-${stamp}`, process_id: 'unit-qualification', status: 'submitted', unit_id: unitId, data: JSON.stringify({ qualificationType: 'type-test', certificateNo: `F${stamp}-P`, expiryDate: far }) });
    const list = async (q: string) => (await main.call('GET', `/api/unit/qualifications?${q}`)).body as { items: Array<{ certificateNo: string; status: string }>; total: number };
    const all = await list(`certificateNo=F${stamp}`);
    expect(all.items.map((i) => [i.certificateNo, i.status])).toEqual([[`F${stamp}-P`, 'pending'], [`F${stamp}-B`, 'expiring'], [`F${stamp}-A`, 'active'], [`F${stamp}-C`, 'active']]);
    expect((await list(`certificateNo=F${stamp}&status=expiring`)).items.map((i) => i.certificateNo)).toEqual([`F${stamp}-B`]);
    expect((await list(`certificateNo=F${stamp}&type=inspection`)).items.map((i) => i.certificateNo)).toEqual([`F${stamp}-C`]);
    const page = await list(`certificateNo=F${stamp}&pageSize=2&page=2`);
    expect([page.total, page.items.map((i) => i.certificateNo)]).toEqual([4, [`F${stamp}-A`, `F${stamp}-C`]]);
    const bad = await main.call('GET', '/api/unit/qualifications?status=gone&pageSize=0');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['pageSize', 'status']);
  });
});
