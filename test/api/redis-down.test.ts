/** With Redis unreachable, login and code endpoints answer 503 with a clear message (fail closed); the rest keeps working. */
import http from 'node:http';
import Redis from 'ioredis';
import { createApp } from '../../api/app';
import { createLogger } from '../../core/logger';
import { outboxSmsProvider } from '../../core/sms';
import { freshUscc } from '../support/fixtures';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let server: http.Server;
let url: string;
let deadRedis: Redis;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  // a port nothing listens on: every command fails at once
  deadRedis = new Redis('redis://127.0.0.1:1/0', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  deadRedis.on('error', () => undefined);
  const app = createApp({ db: sys.db, redis: deadRedis, engine: sys.engine, log: createLogger('error'), fileStoreDir: sys.config.fileStoreDir, sms: outboxSmsProvider(sys.db) });
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  deadRedis.disconnect();
  await sys?.stop();
});

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('login and password-reset codes fail closed with 503', async () => {
  const login = await post('/api/auth/login', { login: 'anyone', password: 'whatever1' });
  expect(login.status).toBe(503);
  expect(((await login.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('会话服务暂不可用') });
  const [unit] = await sys.db('units').insert({ uscc: freshUscc(), name: '断开测试公司', legal_representative: '卫一', province: '110000', city: '110100', district: '110101', address: '北京市东城区断开路 1 号', postcode: '100010', phone: '010-7654321', status: 'active' }).returning('*');
  await sys.db('accounts').insert({ login: `rd${Date.now()}`, password_hash: 'x', kind: 'unit-main', display_name: '卫一', mobile: '13955556666', unit_id: unit.id, status: 'active' });
  const code = await post('/api/password-reset/code', { uscc: unit.uscc, contactName: '卫一', mobile: '13955556666' });
  expect(code.status).toBe(503);
  expect(await sys.db('sms_outbox').where({ recipient: '13955556666' })).toHaveLength(0);
});

it('public pages that need no session keep working', async () => {
  expect((await fetch(`${url}/api/forms/unit-registration`)).status).toBe(200);
  const bad = await post('/api/registrations', {});
  expect(bad.status).toBe(400);
});
