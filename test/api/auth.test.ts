/** Login, sessions in Redis, CSRF, and the lockout after repeated failures. */
import { createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

const login = (body: unknown) =>
  fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('auth', () => {
  it('signs in, keeps the session in Redis, and signs out', async () => {
    const a = await createAccount(sys, { groups: ['registration-reviewers'] });
    const c = await signIn(sys.url, a.login, a.password);
    const me = await c.call('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ login: a.login, kind: 'reviewer', groups: ['registration-reviewers'] });
    expect(JSON.stringify(me.body)).not.toMatch(/password|scrypt/);
    expect((await sys.redis.keys('sess:*')).length).toBeGreaterThan(0);
    expect((await c.call('POST', '/api/auth/logout')).status).toBe(204);
    expect((await c.call('GET', '/api/me')).status).toBe(401);
  });

  it('names missing fields and refuses wrong passwords without saying which part was wrong', async () => {
    const empty = await login({});
    expect(empty.status).toBe(400);
    expect(Object.keys(((await empty.json()) as { error: { fields: object } }).error.fields).sort()).toEqual(['login', 'password']);
    const a = await createAccount(sys);
    const wrong = await login({ login: a.login, password: 'nope' });
    expect(wrong.status).toBe(401);
    const unknown = await login({ login: `no-such-user-${Date.now()}`, password: 'nope' });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(((await wrong.json()) as { error: { message: string } }).error.message);
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const a = await createAccount(sys);
    for (let i = 0; i < 5; i++) expect((await login({ login: a.login, password: 'wrong' })).status).toBe(401);
    const locked = await login({ login: a.login, password: a.password });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_LOCKED');
    expect(await sys.redis.ttl(`lock:login:${a.login.toLowerCase()}`)).toBeGreaterThan(800);
    await sys.redis.del(`lock:login:${a.login.toLowerCase()}`);
  });

  it('refuses a state-changing request with the session cookie but without the CSRF token', async () => {
    const a = await createAccount(sys);
    const res = await login({ login: a.login, password: a.password });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const r = await fetch(`${sys.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
  });
});
