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

  it('the user type chosen at sign-in must be the account\'s: another type is refused with the wrong-password answer, no session', async () => {
    const unit = await createAccount(sys, { kind: 'unit-main' });
    const staff = await createAccount(sys, { groups: ['registration-reviewers'] });
    const body = async (r: Response) => (await r.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
    const wrongPassword = await body(await login({ login: unit.login, password: 'nope', userType: 'unit' }));
    const asStaff = await login({ login: unit.login, password: unit.password, userType: 'staff' });
    expect(asStaff.status).toBe(401);
    expect(asStaff.headers.get('set-cookie')).toBeNull();
    const refused = await body(asStaff);
    expect(refused.error.code).toBe('INVALID_CREDENTIALS');
    expect(refused.error.message).toBe(wrongPassword.error.message);
    expect(refused.error.message).toMatch(/^帐号、密码或用户类型不正确/);
    expect((await login({ login: staff.login, password: staff.password, userType: 'person' })).status).toBe(401);
    expect((await login({ login: unit.login, password: unit.password, userType: 'unit' })).status).toBe(200);
    expect((await login({ login: staff.login, password: staff.password, userType: 'staff' })).status).toBe(200);
    // no type chosen: any account (as before)
    expect((await login({ login: staff.login, password: staff.password })).status).toBe(200);
    const unknownType = await login({ login: unit.login, password: unit.password, userType: 'robot' });
    expect(unknownType.status).toBe(400);
    expect(Object.keys((await body(unknownType)).error.fields ?? {})).toEqual(['userType']);
  });

  it('from the third failure asks for a picture code and makes each next try wait; the fifth locks that login from that address only', async () => {
    const a = await createAccount(sys);
    const from = (ip: string) => (body: unknown) =>
      fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) });
    const attacker = from('198.51.100.7');
    const here = `${a.login.toLowerCase()}:198.51.100.7`;
    for (let i = 0; i < 3; i++) expect((await attacker({ login: a.login, password: 'wrong' })).status).toBe(401);
    // the fourth try comes too soon (1 s after the third), then it needs the picture code
    const soon = await attacker({ login: a.login, password: 'wrong' });
    expect(soon.status).toBe(429);
    expect(((await soon.json()) as { error: { code: string } }).error.code).toBe('TRY_LATER');
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await sys.redis.del(`wait:login:${here}`); // the second has passed
    const noCaptcha = await attacker({ login: a.login, password: 'wrong' });
    expect(noCaptcha.status).toBe(400);
    expect(await noCaptcha.json()).toMatchObject({ error: { code: 'CAPTCHA_REQUIRED', captchaRequired: true, fields: { captcha: expect.any(String) } } });
    const solved = async () => {
      const c = (await (await fetch(`${sys.url}/api/auth/captcha`)).json()) as { id: string; image: string };
      expect(c.image).toMatch(/^data:image\/svg\+xml;base64,/);
      return { captchaId: c.id, captcha: (await sys.redis.get(`captcha:${c.id}`))!.toUpperCase() };
    };
    for (let i = 0; i < 2; i++) {
      await sys.redis.del(`wait:login:${here}`);
      expect((await attacker({ login: a.login, password: 'wrong', ...(await solved()) })).status).toBe(401);
    }
    const locked = await attacker({ login: a.login, password: a.password, ...(await solved()) });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_LOCKED');
    expect(await sys.redis.ttl(`lock:login:${here}`)).toBeGreaterThan(800);
    // the unit itself, from its own address, is not locked out: it solves the picture code and signs in
    const owner = from('203.0.113.9');
    expect((await owner({ login: a.login, password: a.password })).status).toBe(400);
    const ok = await owner({ login: a.login, password: a.password, ...(await solved()) });
    expect(ok.status).toBe(200);
    // a picture code is used up by its first try
    const used = await solved();
    await owner({ login: a.login, password: 'wrong', ...used });
    expect((await owner({ login: a.login, password: a.password, ...used })).status).toBe(400);
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
