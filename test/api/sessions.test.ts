/** Sessions end when they should: password change, reset and set, a disabled account, new permissions, the absolute lifetime. */
import { currentCost, DEFAULT_LOG_N, hashPassword, needsRehash } from '../../core/passwords';
import { randomUUID } from 'node:crypto';
import { SMS_CODES_PER_MOBILE_PER_DAY } from '../../core/codes';
import type { SmsProvider } from '../../core/sms';
import { checkConfirmationCode, issueConfirmationCode, MAX_FAILURES_PER_APPLICATION } from '../../db/publicity/codes';
import { freshUscc } from '../support/fixtures';
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

async function unitWithMain(password = 'Unit2026!x') {
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '会话测试有限公司', legal_representative: '钱一', province: '110000', city: '110100', district: '110101', address: '北京市东城区会话路 1 号', postcode: '100010', phone: '010-1', status: 'active' })
    .returning('*');
  const login = `ss${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const [account] = await sys.db('accounts')
    .insert({ login, password_hash: await hashPassword(password), kind: 'unit-main', display_name: '钱一', email: `${login}@example.test`, mobile, unit_id: unit.id, status: 'active' })
    .returning('*');
  return { unit, account, login, password, mobile };
}

const post = (path: string, body: unknown) =>
  fetch(`${sys.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('sessions', () => {
  it('a password change ends every other session of the account, keeps the one that changed it, and checks the old password', async () => {
    const u = await unitWithMain();
    const phone = await signIn(sys.url, u.login, u.password);
    const laptop = await signIn(sys.url, u.login, u.password);
    const wrongOld = await laptop.call('POST', '/api/auth/password', { oldPassword: 'nope', newPassword: 'NewPass2026x', newPasswordConfirm: 'NewPass2026x' });
    expect(wrongOld.status).toBe(400);
    expect(Object.keys(wrongOld.body.error.fields)).toEqual(['oldPassword']);
    expect((await phone.call('GET', '/api/me')).status).toBe(200);
    const weak = await laptop.call('POST', '/api/auth/password', { oldPassword: u.password, newPassword: 'short', newPasswordConfirm: 'short' });
    expect(Object.keys(weak.body.error.fields)).toEqual(['newPassword']);
    expect((await laptop.call('POST', '/api/auth/password', { oldPassword: u.password, newPassword: 'NewPass2026x', newPasswordConfirm: 'NewPass2026x' })).status).toBe(204);
    expect((await phone.call('GET', '/api/me')).status).toBe(401);
    expect((await laptop.call('GET', '/api/me')).status).toBe(200);
    await expect(signIn(sys.url, u.login, u.password)).rejects.toThrow(/401/);
    await signIn(sys.url, u.login, 'NewPass2026x');
  });

  it('a password reset by SMS ends every session of the account', async () => {
    const u = await unitWithMain();
    const before = await signIn(sys.url, u.login, u.password);
    expect((await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '钱一', mobile: u.mobile })).status).toBe(202);
    const sms = await sys.db('sms_outbox').where({ recipient: u.mobile }).orderBy('id', 'desc').first();
    const code = /验证码 (\d{6})/.exec(sms.text)![1];
    expect((await post('/api/password-reset', { mobile: u.mobile, code, newPassword: 'Reset2026xx', newPasswordConfirm: 'Reset2026xx' })).status).toBe(204);
    expect((await before.call('GET', '/api/me')).status).toBe(401);
  });

  it('disabling a sub-account or changing its permissions ends its sessions', async () => {
    const u = await unitWithMain();
    const main = await signIn(sys.url, u.login, u.password);
    const subLogin = `sub${Date.now().toString(36)}`;
    const made = await main.call('POST', '/api/unit/accounts', { login: subLogin, password: 'SubPass2026x', displayName: '孙二', mobile: '13700000001', email: `${subLogin}@example.test`, permissions: ['publicity'] });
    expect(made.status).toBe(201);
    const sub = await signIn(sys.url, subLogin, 'SubPass2026x');
    expect((await main.call('PATCH', `/api/unit/accounts/${made.body.id}`, { permissions: ['publicity', 'appraisal'] })).status).toBe(200);
    expect((await sub.call('GET', '/api/me')).status).toBe(401);
    const again = await signIn(sys.url, subLogin, 'SubPass2026x');
    expect((await again.call('GET', '/api/me')).body.user.permissions).toEqual(['publicity', 'appraisal']);
    expect((await main.call('PATCH', `/api/unit/accounts/${made.body.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await again.call('GET', '/api/me')).status).toBe(401);
  });

  it('an account disabled outside the API (a direct database change) is refused at its next requests', async () => {
    const a = await createAccount(sys);
    const c = await signIn(sys.url, a.login, a.password);
    await sys.db('accounts').where({ id: a.id }).update({ status: 'disabled' });
    let status = 200;
    for (let i = 0; i < 60 && status === 200; i++) {
      status = (await c.call('GET', '/api/me')).status; // the status is re-read within seconds
      if (status === 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(401);
  });

  it('ends a session at its absolute lifetime whatever its use; "remember me" lasts 10 days for applicants only', async () => {
    const u = await unitWithMain();
    const res = await post('/api/auth/login', { login: u.login, password: u.password, remember: true });
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=864000/);
    const reviewer = await createAccount(sys);
    const staff = await post('/api/auth/login', { login: reviewer.login, password: reviewer.password, remember: true });
    expect(staff.headers.get('set-cookie')).toMatch(/Max-Age=(\d+)/);
    expect(Number(/Max-Age=(\d+)/.exec(staff.headers.get('set-cookie')!)![1])).toBeLessThanOrEqual(8 * 3600);
    const c = await signIn(sys.url, reviewer.login, reviewer.password);
    const [key] = (await sys.redis.smembers(`sess:account:${reviewer.id}`)).slice(-1).map((id) => `sess:${id}`);
    for (const id of await sys.redis.smembers(`sess:account:${reviewer.id}`)) {
      const raw = await sys.redis.get(`sess:${id}`);
      if (raw) await sys.redis.set(`sess:${id}`, JSON.stringify({ ...JSON.parse(raw), expiresAt: Date.now() - 1 }), 'KEEPTTL');
    }
    expect(key).toBeDefined();
    expect((await c.call('GET', '/api/me')).status).toBe(401);
  });

  it('renews the idle limit on use, at most once a minute per process (a page makes many requests)', async () => {
    const u = await unitWithMain();
    const client = await signIn(sys.url, u.login, u.password);
    const [id] = await sys.redis.smembers(`sess:account:${u.account.id}`);
    await sys.redis.expire(`sess:${id}`, 600);
    expect((await client.call('GET', '/api/me')).status).toBe(200);
    // the first request renews it to the 8-hour idle limit
    await eventually(async () => (await sys.redis.ttl(`sess:${id}`)) > 3600, 5000, 'the renewed idle limit');
    // the next ones within the minute leave it as it is
    await sys.redis.expire(`sess:${id}`, 600);
    for (let i = 0; i < 3; i++) expect((await client.call('GET', '/api/me')).status).toBe(200);
    expect(await sys.redis.ttl(`sess:${id}`)).toBeLessThanOrEqual(600);
  });

  it('hashes at N = 2^17 by default and rehashes an older, cheaper hash at sign-in', async () => {
    expect(currentCost({})).toBe(2 ** DEFAULT_LOG_N);
    expect(DEFAULT_LOG_N).toBe(17);
    const a = await createAccount(sys);
    // the suite hashes at the floor, 2^10; here the cost asked for is 2^11, so a 2^10 hash is older and cheaper
    const suiteCost = process.env.PASSWORD_SCRYPT_LOG_N;
    process.env.PASSWORD_SCRYPT_LOG_N = '11';
    try {
      // a real 2^10 hash of the same password
      const { scryptSync, randomBytes } = await import('node:crypto');
      const salt = randomBytes(16);
      const old = ['scrypt', 1024, 8, 1, salt.toString('base64'), scryptSync(a.password, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')].join('$');
      await sys.db('accounts').where({ id: a.id }).update({ password_hash: old });
      expect(needsRehash(old)).toBe(true);
      await signIn(sys.url, a.login, a.password);
      const after = (await sys.db('accounts').where({ id: a.id }).first()).password_hash as string;
      expect(after.split('$')[1]).toBe(String(currentCost()));
      expect(after.split('$')[1]).toBe('2048');
      expect(needsRehash(after)).toBe(false);
      await signIn(sys.url, a.login, a.password);
    } finally {
      if (suiteCost === undefined) delete process.env.PASSWORD_SCRYPT_LOG_N;
      else process.env.PASSWORD_SCRYPT_LOG_N = suiteCost;
    }
  });
});

describe('one-time codes and links', () => {
  it('answers a password-reset code request the same whether the details match or not', async () => {
    const u = await unitWithMain();
    const match = await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '钱一', mobile: u.mobile });
    const other = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const mismatch = await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '别人', mobile: other });
    expect(match.status).toBe(mismatch.status);
    expect(await match.json()).toEqual(await mismatch.json());
    expect(await sys.db('sms_outbox').where({ recipient: other }).count()).toEqual([{ count: '0' }]);
  });

  it('20 concurrent wrong codes never get more tries than the cap, and the right code is burnt after them', async () => {
    const u = await unitWithMain();
    await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '钱一', mobile: u.mobile });
    const sms = await sys.db('sms_outbox').where({ recipient: u.mobile }).orderBy('id', 'desc').first();
    const code = /验证码 (\d{6})/.exec(sms.text)![1];
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/api/password-reset', { mobile: u.mobile, code: wrong, newPassword: 'Reset2026xx', newPasswordConfirm: 'Reset2026xx' }).then(async (r) => ((await r.json()) as { error: { code: string } }).error.code),
      ),
    );
    const count = (c: string) => answers.filter((a) => a === c).length;
    // five tries reached the code (4 wrong, the 5th burnt it); the other 15 found no code
    expect([count('CODE_WRONG'), count('TOO_MANY_TRIES'), count('CODE_EXPIRED')]).toEqual([4, 1, 15]);
    const right = await post('/api/password-reset', { mobile: u.mobile, code, newPassword: 'Reset2026xx', newPasswordConfirm: 'Reset2026xx' });
    expect(right.status).toBe(400);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('CODE_EXPIRED');
  });

  /** an SMS provider that keeps what it is given: the publicity codes sent, in order */
  function keptSms(): SmsProvider & { codes: string[] } {
    const codes: string[] = [];
    return { name: 'kept', codes, send: async (m) => (codes.push(/确认码 (\d{6})/.exec(m.text)![1]), { id: String(codes.length) }) };
  }
  const publicityCode = (sms: SmsProvider, applicationId: string, mobile: string) =>
    issueConfirmationCode(sys.redis, sms, { applicationId, applicationNumber: 'A2026D10001', unitName: '测试单位', mobile, issueKey: randomUUID() });

  it('a mobile gets at most its SMS codes of the day across kinds: password reset and publicity codes share the cap', async () => {
    const u = await unitWithMain();
    expect((await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '钱一', mobile: u.mobile })).status).toBe(202);
    const sms = keptSms();
    const results = [];
    for (let i = 0; i < SMS_CODES_PER_MOBILE_PER_DAY; i++) results.push((await publicityCode(sms, randomUUID(), u.mobile)).sent);
    // one reset code and nine publicity codes: the tenth publicity code is not sent
    expect(results.filter(Boolean)).toHaveLength(SMS_CODES_PER_MOBILE_PER_DAY - 1);
    expect(results.at(-1)).toBe(false);
    expect(sms.codes).toHaveLength(SMS_CODES_PER_MOBILE_PER_DAY - 1);
    // a second reset code request answers as always, and sends nothing
    const again = await post('/api/password-reset/code', { uscc: u.unit.uscc, contactName: '钱一', mobile: u.mobile });
    expect(again.status).toBe(202);
    expect(await sys.db('sms_outbox').where({ recipient: u.mobile }).count()).toEqual([{ count: '1' }]);
  });

  it('publicity codes: 5 tries a code, and wrong tries add up per application; past the cap not even a right code passes', async () => {
    const sms = keptSms();
    const applicationId = randomUUID();
    const mobile = `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const outcomes: string[] = [];
    for (let round = 0; round < MAX_FAILURES_PER_APPLICATION / 5; round++) {
      await publicityCode(sms, applicationId, mobile);
      const wrong = sms.codes.at(-1) === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) outcomes.push(await checkConfirmationCode(sys.redis, applicationId, wrong));
    }
    expect(outcomes).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'too-many', 'wrong', 'wrong', 'wrong', 'wrong', 'too-many']);
    await publicityCode(sms, applicationId, mobile);
    expect(await checkConfirmationCode(sys.redis, applicationId, sms.codes.at(-1)!)).toBe('too-many');
    // another application is not held back
    const other = randomUUID();
    await publicityCode(sms, other, mobile);
    expect(await checkConfirmationCode(sys.redis, other, sms.codes.at(-1)!)).toBe('ok');
    expect(await checkConfirmationCode(sys.redis, other, sms.codes.at(-1)!)).toBe('expired');
  });

  it('a password-set link is checked before any hashing and burnt atomically: of two concurrent uses one wins', async () => {
    const u = await unitWithMain();
    const { issuePasswordSetLink } = await import('../../db/accounts');
    const link = await issuePasswordSetLink(sys.db, u.unit.id, 'http://x');
    const token = new URL(link.replace('#/', '')).searchParams.get('token');
    const before = await signIn(sys.url, u.login, u.password);
    const both = await Promise.all([1, 2].map(() => post('/api/password-set', { token, password: 'SetPass2026x', passwordConfirm: 'SetPass2026x' }).then((r) => r.status)));
    expect(both.sort()).toEqual([200, 404]);
    expect((await before.call('GET', '/api/me')).status).toBe(401);
    expect((await post('/api/password-set', { token: 'x'.repeat(32), password: 'SetPass2026x', passwordConfirm: 'SetPass2026x' })).status).toBe(404);
  });
});
