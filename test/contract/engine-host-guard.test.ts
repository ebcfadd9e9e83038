/**
 * The local engine answers only the product: requests addressed to its own host (a page elsewhere
 * cannot reach it through a browser, by a rebound DNS name in Host or a cross-site request with its
 * Origin), carrying the credentials its launcher keeps in the data directory (another local
 * process gets 401 on REST and UNAUTHENTICATED on gRPC), with JSON bodies only.
 */
import http from 'node:http';
import { Camunda8 } from '@camunda8/sdk';
import { sdkConfiguration } from '../../core/camunda';
import { localEngineAuthorization } from '../../core/local-engine-auth';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, sys.config.engine.restAddress);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signed = () => ({ authorization: localEngineAuthorization(sys.config.engine.dataDir) });

it('refuses a foreign Host or Origin with 403 and answers loopback callers with its credentials', async () => {
  const port = new URL(sys.config.engine.restAddress).port;
  const foreignHost = await request('GET', '/v2/topology', { ...signed(), host: `rebound.example:${port}` });
  expect(foreignHost.status).toBe(403);
  expect(JSON.parse(foreignHost.body)).toMatchObject({ status: 403, title: 'FORBIDDEN' });
  expect((await request('GET', '/v2/topology', { ...signed(), host: `127.0.0.1:${port}`, origin: 'https://attacker.example' })).status).toBe(403);
  expect((await request('GET', '/v2/topology', { ...signed(), host: `127.0.0.1:${port}` })).status).toBe(200);
  expect((await request('GET', '/v2/topology', { ...signed(), host: `localhost:${port}`, origin: 'http://localhost:3000' })).status).toBe(200);
  expect((await request('GET', '/v2/topology', { ...signed(), host: `[::1]:${port}` })).status).toBe(200);
});

it('a local caller without the credentials, or with others, gets 401 and changes nothing', async () => {
  const port = new URL(sys.config.engine.restAddress).port;
  const host = `127.0.0.1:${port}`;
  const none = await request('GET', '/v2/topology', { host });
  expect(none.status).toBe(401);
  expect(none.headers['www-authenticate']).toBe('Basic realm="permitflow-engine"');
  expect(JSON.parse(none.body)).toMatchObject({ status: 401, title: 'UNAUTHORIZED' });
  const wrong = `Basic ${Buffer.from('permitflow:not-the-token-of-this-engine').toString('base64')}`;
  expect((await request('GET', '/permitflow/engine', { host, authorization: wrong })).status).toBe(401);
  // pinning the clock is the most far-reaching change a stranger could try
  const pin = await request('PUT', '/v2/clock', { host, 'content-type': 'application/json' }, JSON.stringify({ timestamp: 0 }));
  expect(pin.status).toBe(401);
  expect((await request('GET', '/permitflow/engine', { host, ...signed() })).status).toBe(200);
});

it('a request body other than JSON gets 415', async () => {
  const host = `127.0.0.1:${new URL(sys.config.engine.restAddress).port}`;
  const form = await request('POST', '/v2/user-tasks/search', { host, ...signed(), 'content-type': 'application/x-www-form-urlencoded' }, 'filter=x');
  expect(form.status).toBe(415);
  expect(JSON.parse(form.body)).toMatchObject({ status: 415, title: 'UNSUPPORTED_MEDIA_TYPE' });
  const json = await request('POST', '/v2/user-tasks/search', { host, ...signed(), 'content-type': 'application/json; charset=utf-8' }, '{}');
  expect(json.status).toBe(200);
});

it('the gRPC gateway refuses a client without the credentials and serves one with them', async () => {
  const { CAMUNDA_BASIC_AUTH_USERNAME, CAMUNDA_BASIC_AUTH_PASSWORD, ...unsigned } = sdkConfiguration(sys.config.engine);
  expect(CAMUNDA_BASIC_AUTH_USERNAME).toBe('permitflow');
  expect(CAMUNDA_BASIC_AUTH_PASSWORD).toBeTruthy();
  const stranger = new Camunda8({ ...unsigned, CAMUNDA_AUTH_STRATEGY: 'NONE', zeebeGrpcSettings: { ZEEBE_CLIENT_MAX_RETRIES: 0 } } as never).getZeebeGrpcApiClient();
  const product = new Camunda8(sdkConfiguration(sys.config.engine) as never).getZeebeGrpcApiClient();
  try {
    await expect(stranger.topology()).rejects.toThrow(/UNAUTHENTICATED|credentials/);
    await expect(product.topology()).resolves.toMatchObject({ brokers: [expect.anything()] });
  } finally {
    await stranger.close(1000).catch(() => undefined);
    await product.close(1000).catch(() => undefined);
  }
});
