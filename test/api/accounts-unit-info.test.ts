/**
 * The unit information page (000 §3.2.1) and the authorised contact in an information change
 * (000 §3.2.4): the unit's own fields edited directly, the identifying ones and the contact's name
 * and mobile only through the change request; a new contact's mobile confirmed by an SMS code (a
 * wrong code is refused on its field, nothing written; a mobile past its codes of the day is
 * refused with the time it can have one again).
 */
import { PNG } from '../support/fixtures';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';
import { createUnit, createUnitAccount, freshLogin } from '../support/factories';

let sys: TestSystem;
let main: Client;
let sub: Client;
let unitId: string;

const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const unit = await createUnit(sys.db, { name: '信息维护测试有限公司', legal_representative: '唐一' });
  unitId = unit.id;
  const m = await createUnitAccount(sys.db, unit.id, { login: freshLogin('ui'), displayName: '唐建', mobile: '13683082679' });
  const s = await createUnitAccount(sys.db, unit.id, { kind: 'unit-sub', login: freshLogin('uis'), permissions: ['unit-info'] });
  main = await signIn(sys.url, m.login, m.password);
  sub = await signIn(sys.url, s.login, s.password);
});
afterAll(async () => {
  await sys?.stop();
});

async function lastCode(mobile: string): Promise<string> {
  const row = await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  return /验证码 (\d{6})/.exec(row.text)![1];
}

describe('unit information', () => {
  it("shows and edits the manual's fields; the identifying ones and the contact's name and mobile only through a change request", async () => {
    const own = (await main.upload('组织代码证.png', PNG)).body as { id: string };
    const ok = await main.call('PATCH', '/api/unit/profile', {
      membershipType: 'member', approvalNumber: 'TS7110001-2026', approvalValidUntil: '2030-06-30', unitNature: 'private',
      contactTitle: '职员', contactEmail: 'tangjian@example.test', orgCodeFileId: own.id, phone: '0318-5708007',
      invoice: { title: '信息维护测试有限公司', taxNumber: '', bank: '工商银行', bankAccount: '0200001', address: '北京市', phone: '010-1' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: '信息维护测试有限公司', membershipType: 'member', approvalNumber: 'TS7110001-2026', approvalValidUntil: '2030-06-30', unitNature: 'private', phone: '0318-5708007',
      contact: { name: '唐建', mobile: '13683082679', title: '职员', email: 'tangjian@example.test' },
      attachments: { orgCode: { id: own.id, name: '组织代码证.png' }, qualificationProof: null },
    });
    expect((await main.call('GET', '/api/unit/profile')).body).toEqual(ok.body);

    const refused = await main.call('PATCH', '/api/unit/profile', { contactName: '别人', contactMobile: '13900000000', legalRepresentative: '王二', membershipType: 'gold', approvalValidUntil: '2030/06/30' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['approvalValidUntil', 'contactMobile', 'contactName', 'legalRepresentative', 'membershipType']);
    expect(refused.body.error.fields.contactName).toMatch(/变更申请/);
    // someone else's upload is not an attachment of this unit
    const foreign = (await sub.upload('别人的.png', PNG)).body as { id: string };
    const notMine = await main.call('PATCH', '/api/unit/profile', { qualificationProofFileId: foreign.id, approvalNumber: 'X' });
    expect(notMine.status).toBe(400);
    expect(Object.keys(notMine.body.error.fields)).toEqual(['qualificationProofFileId']);
    const unit = await sys.db('units').where({ id: unitId }).first();
    expect(unit).toMatchObject({ approval_number: 'TS7110001-2026', qualification_proof_file_id: null, legal_representative: '唐一' });
    expect((await sys.db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first()).display_name).toBe('唐建');
    // a sub-account reads, never edits
    expect((await sub.call('GET', '/api/unit/profile')).status).toBe(200);
    expect((await sub.call('PATCH', '/api/unit/profile', { approvalNumber: 'Y' })).status).toBe(403);
    expect((await sub.call('POST', '/api/unit/info-change/contact-code', { mobile: freshMobile() })).status).toBe(403);
  });

  it('a new contact: the code goes to the new mobile; a wrong code is refused on its field and nothing is written', async () => {
    const mobile = freshMobile();
    const sent = await main.call('POST', '/api/unit/info-change/contact-code', { mobile });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ sent: true, mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, expiresInSeconds: 600 });
    const sms = await sys.db('sms_outbox').where({ recipient: mobile });
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain('信息维护测试有限公司');
    const code = await lastCode(mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const proof = (await main.upload('变更证明.png', PNG)).body as { id: string; name: string };
    const before = Number((await sys.db('applications').where({ unit_id: unitId }).count())[0].count);
    const r = await main.call('POST', '/api/applications', {
      processId: 'unit-info-change',
      data: { reason: 'information-change', contactName: '李新', contactMobile: mobile, contactCode: wrong, proof: [{ data: proof }] },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('CODE_WRONG');
    expect(Object.keys(r.body.error.fields)).toEqual(['contactCode']);
    expect(r.body.error.fields.contactCode).toMatch(/验证码错误/);
    expect(Number((await sys.db('applications').where({ unit_id: unitId }).count())[0].count)).toBe(before);
    expect((await sys.db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first()).mobile).toBe('13683082679');
    // a code sent to another mobile does not confirm this one
    const other = freshMobile();
    const r2 = await main.call('POST', '/api/applications', {
      processId: 'unit-info-change',
      data: { reason: 'information-change', contactName: '李新', contactMobile: other, contactCode: code, proof: [{ data: proof }] },
    });
    expect(r2.status).toBe(422);
    expect(Object.keys(r2.body.error.fields)).toEqual(['contactCode']);
    // no code, a bad mobile: field errors before any code is tried
    const missing = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'information-change', contactName: '李新', contactMobile: '123', proof: [{ data: proof }] } });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(['contactCode', 'contactMobile']);
    expect(Number((await sys.db('applications').where({ unit_id: unitId }).count())[0].count)).toBe(before);
  });

  it('a mobile gets 3 contact codes a day; the fourth is refused with the time it can have one again', async () => {
    const mobile = freshMobile();
    for (let i = 0; i < 3; i++) expect((await main.call('POST', '/api/unit/info-change/contact-code', { mobile })).status).toBe(202);
    const fourth = await main.call('POST', '/api/unit/info-change/contact-code', { mobile });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('TOO_MANY_CODES');
    const retryAt = new Date(fourth.body.error.retryAt);
    // the next midnight in China
    expect(retryAt.getTime()).toBeGreaterThan(Date.now());
    expect(retryAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(new Date(retryAt.getTime() + 8 * 3600_000).toISOString().slice(11, 16)).toBe('00:00');
    expect(fourth.body.error.message).toMatch(/\d{4}-\d{2}-\d{2} 00:00 后再试/);
    expect(fourth.body.error.fields.contactMobile).toMatch(/后再试/);
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(3);
    const bad = await main.call('POST', '/api/unit/info-change/contact-code', { mobile: '12345' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['mobile']);
  });
});

describe('sub-account and secondary-unit lists', () => {
  it('filter and page on the server: account name, unit (the unit or a secondary unit), account type; secondary units by name and code', async () => {
    const stamp = Date.now().toString(36);
    const branch = await main.call('POST', '/api/unit/branches', { name: `信息维护测试有限公司${stamp}分公司`, province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666' });
    expect(branch.status).toBe(201);
    await main.call('POST', '/api/unit/branches', { name: `信息维护测试有限公司${stamp}二部`, province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 9 号', postcode: '200120', phone: '021-55556667' });
    const mk = (login: string, unitId?: string) => main.call('POST', '/api/unit/accounts', { login, displayName: '分部人员', email: `${login}@example.test`, mobile: freshMobile(), password: 'Sub2026!pass', permissions: ['publicity'], ...(unitId !== undefined ? { unitId } : {}) });
    const inBranch = await mk(`br${stamp}a`, branch.body.id);
    expect(inBranch.status).toBe(201);
    expect(inBranch.body).toMatchObject({ unitId: branch.body.id, kind: 'unit-sub' });
    expect((await mk(`hq${stamp}b`, '')).status).toBe(201);
    // a unit that is not one of this unit's secondary units is refused on the field
    const foreign = await createUnit(sys.db);
    const refused = await mk(`xx${stamp}c`, foreign.id);
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(['unitId']);

    const list = async (q: string) => (await main.call('GET', `/api/unit/accounts?${q}`)).body as { items: Array<{ login: string; unitName: string; kind: string }>; total: number };
    const byBranch = await list(`unitId=${branch.body.id}`);
    expect(byBranch.items.map((a) => a.login)).toEqual([`br${stamp}a`]);
    expect(byBranch.items[0].unitName).toBe(`信息维护测试有限公司${stamp}分公司`);
    expect((await list(`unitId=${unitId}&name=${stamp}`)).items.map((a) => a.login)).toEqual([`hq${stamp}b`]);
    expect((await list('kind=unit-main')).items.map((a) => a.kind)).toEqual(['unit-main']);
    const page = await list('kind=unit-sub&pageSize=1&page=2');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect((await main.call('GET', '/api/unit/accounts?kind=admin')).status).toBe(400);
    // moved to the unit itself
    expect((await main.call('PATCH', `/api/unit/accounts/${inBranch.body.id}`, { unitId: '' })).status).toBe(200);
    expect((await list(`unitId=${branch.body.id}`)).items).toEqual([]);

    const branches = async (q: string) => (await main.call('GET', `/api/unit/branches?${q}`)).body as { items: Array<{ name: string }>; total: number };
    expect((await branches(`name=${stamp}二`)).items.map((b) => b.name)).toEqual([`信息维护测试有限公司${stamp}二部`]);
    const paged = await branches(`name=${stamp}&pageSize=1`);
    expect(paged).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
    expect((await branches('uscc=ZZZZ')).items).toEqual([]);
  });
});
