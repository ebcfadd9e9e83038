/**
 * Fault: Redis unreachable. The API uses the production Redis client (core/redis.ts createRedis)
 * through a TCP proxy that the test cuts and restores — the machine's shared Redis is never
 * stopped. While it is cut, login, password-reset codes and everything behind a session answer
 * 503 with a clear message (fail closed: never a 500, never let through); public pages and
 * registrations keep working; after the restore, logins and the sessions from before work again.
 */
import http from 'node:http';
import type Redis from 'ioredis';
import { createApp } from '../../api/app';
import { createLogger } from '../../core/logger';
import { createRedis } from '../../core/redis';
import { outboxSmsProvider } from '../../core/sms';
import { freshUscc, registrationBody } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';

let sys: TestSystem;
let server: http.Server;
let url: string;
let proxy: TcpProxy;
let redis: Redis;
let account: { login: string; password: string };
let before: Client;
const checked: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const u = new URL(sys.config.redisUrl);
  proxy = new TcpProxy({ host: u.hostname, port: Number(u.port || 6379) });
  await proxy.start();
  redis = createRedis(proxy.url(sys.config.redisUrl));
  redis.on('error', () => undefined);
  await redis.connect();
  const app = createApp({ db: sys.db, redis, engine: sys.engine, log: createLogger('error'), fileStoreDir: sys.config.fileStoreDir, sms: outboxSmsProvider(sys.db), loginPerIpPerMinute: 10000 });
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  account = await createAccount(sys, { groups: ['registration-reviewers'] });
  before = await signIn(url, account.login, account.password);
  await proxy.cut();
});
afterAll(async () => {
  process.stdout.write(`\nfault/redis-down: ${checked.length} endpoint checks with Redis cut and restored (${checked.join(', ')})\n`);
  await new Promise<void>((r) => server.close(() => r()));
  redis.disconnect();
  await proxy.stop();
  await sys?.stop();
});

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function expect503(res: Response, what: string) {
  checked.push(what);
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('会话服务暂不可用') });
}

describe('with Redis cut', () => {
  it('login and password-reset codes fail closed with 503', async () => {
    await expect503(await post('/api/auth/login', { login: account.login, password: account.password }), 'login');
    const [unit] = await sys.db('units').insert({ uscc: freshUscc(), name: '断开测试公司', legal_representative: '卫一', province: '110000', city: '110100', district: '110101', address: '北京市东城区断开路 1 号', postcode: '100010', phone: '010-7654321', status: 'active' }).returning('*');
    await sys.db('accounts').insert({ login: `rd${Date.now()}`, password_hash: 'x', kind: 'unit-main', display_name: '卫一', mobile: '13955556666', unit_id: unit.id, status: 'active' });
    await expect503(await post('/api/password-reset/code', { uscc: unit.uscc, contactName: '卫一', mobile: '13955556666' }), 'password-reset code');
    await expect503(await post('/api/password-reset', { mobile: '13955556666', code: '123456', newPassword: 'Newpass2026', newPasswordConfirm: 'Newpass2026' }), 'password reset');
    expect(await sys.db('sms_outbox').where({ recipient: '13955556666' })).toHaveLength(0);
  });

  it('a session cannot be checked: 503, not a 500 and not let through', async () => {
    const r = await before.call('GET', '/api/tasks');
    checked.push('inbox with a session');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('health says Redis is down; public pages and registrations keep working', async () => {
    const health = await fetch(`${url}/health`);
    checked.push('health');
    expect(health.status).toBe(503);
    // anonymous: only the overall status (the parts are for admins, and no session can be read now)
    expect(await health.json()).toEqual({ status: 'down' });
    checked.push('form', 'openapi', 'bad registration', 'registration');
    expect((await fetch(`${url}/api/forms/unit-registration`)).status).toBe(200);
    expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
    expect((await post('/api/registrations', {})).status).toBe(400);
    const created = await post('/api/registrations', registrationBody());
    expect(created.status).toBe(201);
  });
});

describe('after Redis is back', () => {
  beforeAll(async () => {
    await proxy.restore();
  });
  it('logins and the sessions from before work again', async () => {
    checked.push('login again', 'old session again');
    const again = await signIn(url, account.login, account.password);
    expect((await again.call('GET', '/api/me')).status).toBe(200);
    // ioredis reconnects by itself (back-off up to 2 s)
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) status = (await before.call('GET', '/api/tasks')).status;
    expect(status).toBe(200);
  });
});
