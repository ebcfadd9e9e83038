/** Password reset by SMS code, and sub-accounts managed by the unit's main account only. */
import { hashPassword } from '../../core/passwords';
import { freshUscc } from '../support/fixtures';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let uscc: string;
let mobile: string;
let login: string;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

beforeEach(async () => {
  uscc = freshUscc();
  mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  login = `pw${Date.now()}`;
  const [unit] = await sys.db('units')
    .insert({ uscc, name: '找回密码测试公司', legal_representative: '郑十', province: '110000', city: '110100', district: '110101', address: '北京市东城区某路 2 号', postcode: '100010', phone: '010-1', status: 'active' })
    .returning('*');
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('OldPass2026'), kind: 'unit-main', display_name: '郑十', email: `${login}@example.test`, mobile, unit_id: unit.id, status: 'active' });
});

const post = (path: string, body: unknown) =>
  fetch(`${sys.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (r.status === 204 ? undefined : await r.json()) as { error?: { code: string; fields?: Record<string, string> } } | undefined,
  }));

async function lastCode(): Promise<string> {
  const row = await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  return /验证码 (\d{6})/.exec(row.text)![1];
}

describe('password reset by SMS', () => {
  it('resets the password with the code sent to the matching mobile; the code works once', async () => {
    expect((await post('/api/password-reset/code', { uscc, contactName: '郑十', mobile })).status).toBe(202);
    const code = await lastCode();
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post('/api/password-reset', { mobile, code: wrongCode, newPassword: 'NewPass2026', newPasswordConfirm: 'NewPass2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body!.error!.code).toBe('CODE_WRONG');
    expect((await post('/api/password-reset', { mobile, code, newPassword: 'NewPass2026', newPasswordConfirm: 'NewPass2026' })).status).toBe(204);
    expect((await post('/api/password-reset', { mobile, code, newPassword: 'Again2026x', newPasswordConfirm: 'Again2026x' })).body!.error!.code).toBe('CODE_EXPIRED');
    await expect(signIn(sys.url, login, 'NewPass2026')).resolves.toBeDefined();
    await expect(signIn(sys.url, login, 'OldPass2026')).rejects.toThrow(/401/);
  });

  it('sends nothing for details that do not match (answering as for a match), naming bad formats by field', async () => {
    expect((await post('/api/password-reset/code', { uscc, contactName: '别人', mobile })).status).toBe(202);
    const bad = await post('/api/password-reset/code', { uscc: 'x', contactName: '', mobile: '123' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body!.error!.fields!).sort()).toEqual(['contactName', 'mobile', 'uscc']);
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(0);
  });

  it('gives at most 3 codes a day to one mobile: the 4th gets 429', async () => {
    for (let i = 0; i < 3; i++) expect((await post('/api/password-reset/code', { uscc, contactName: '郑十', mobile })).status).toBe(202);
    const fourth = await post('/api/password-reset/code', { uscc, contactName: '郑十', mobile });
    expect(fourth.status).toBe(429);
    expect(fourth.body!.error!.code).toBe('TOO_MANY_CODES');
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(3);
  });

  it('refuses an expired code', async () => {
    await post('/api/password-reset/code', { uscc, contactName: '郑十', mobile });
    const code = await lastCode();
    await sys.redis.pexpire(`pwreset:code:${mobile}`, 1);
    await new Promise((r) => setTimeout(r, 20));
    const r = await post('/api/password-reset', { mobile, code, newPassword: 'NewPass2026', newPasswordConfirm: 'NewPass2026' });
    expect(r.status).toBe(400);
    expect(r.body!.error!.code).toBe('CODE_EXPIRED');
  });

  it('burns the code after 5 wrong tries', async () => {
    await post('/api/password-reset/code', { uscc, contactName: '郑十', mobile });
    const code = await lastCode();
    const wrongCode = code === '000000' ? '111111' : '000000';
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post('/api/password-reset', { mobile, code: wrongCode, newPassword: 'NewPass2026', newPasswordConfirm: 'NewPass2026' })).status);
    expect(codes).toEqual([400, 400, 400, 400, 429]);
    expect((await post('/api/password-reset', { mobile, code, newPassword: 'NewPass2026', newPasswordConfirm: 'NewPass2026' })).body!.error!.code).toBe('CODE_EXPIRED');
  });
});

describe('sub-accounts', () => {
  let main: Client;
  beforeEach(async () => {
    main = await signIn(sys.url, login, 'OldPass2026');
  });

  it('the main account creates a sub-account with permissions; a sub-account cannot manage sub-accounts (403)', async () => {
    const created = await main.call('POST', '/api/unit/accounts', { login: `${login}-sub`, displayName: '子帐号 甲', email: `${login}-sub@example.test`, mobile: '13700000000', password: 'SubPass2026', permissions: ['publicity'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: `${login}-sub`, permissions: ['publicity'], status: 'active' });
    const sub = await signIn(sys.url, `${login}-sub`, 'SubPass2026');
    expect((await sub.call('GET', '/api/unit/accounts')).status).toBe(403);
    const denied = await sub.call('POST', '/api/unit/accounts', { login: `${login}-sub2`, displayName: '子帐号 乙', email: 'b@example.test', mobile: '13700000001', password: 'SubPass2026', permissions: [] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('NOT_MAIN_ACCOUNT');
    // without the qualification permission it cannot start a qualification application
    const start = await sub.call('POST', '/api/applications', { processId: 'unit-qualification', data: {} });
    expect(start.status).toBe(403);
    expect(start.body.error.code).toBe('NO_PERMISSION');
    const list = await main.call('GET', '/api/unit/accounts');
    expect(list.body.items.map((a: { login: string }) => a.login).sort()).toEqual([login, `${login}-sub`].sort());
    const patched = await main.call('PATCH', `/api/unit/accounts/${created.body.id}`, { permissions: ['publicity', 'qualification'] });
    expect(patched.body.permissions).toEqual(['publicity', 'qualification']);
  });

  it('validates the new sub-account field by field and refuses a taken login', async () => {
    const bad = await main.call('POST', '/api/unit/accounts', { login: 'x', displayName: '', email: 'nope', mobile: '1', password: 'short', permissions: ['everything'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['displayName', 'email', 'login', 'mobile', 'password', 'permissions']);
    const taken = await main.call('POST', '/api/unit/accounts', { login, displayName: '重复', email: 'c@example.test', mobile: '13700000002', password: 'SubPass2026', permissions: [] });
    expect(taken.status).toBe(409);
  });
});
