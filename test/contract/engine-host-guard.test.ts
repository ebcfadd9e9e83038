/**
 * The local engine's REST facade answers only requests addressed to its own host: a page
 * elsewhere cannot reach it through a browser (a rebound DNS name in Host, or a cross-site
 * request with its Origin); the product's own calls (loopback) go through.
 */
import http from 'node:http';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, sys.config.engine.restAddress);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('refuses a foreign Host or Origin with 403 and answers loopback callers', async () => {
  const port = new URL(sys.config.engine.restAddress).port;
  const foreignHost = await get('/v2/topology', { host: `rebound.example:${port}` });
  expect(foreignHost.status).toBe(403);
  expect(JSON.parse(foreignHost.body)).toMatchObject({ status: 403, title: 'FORBIDDEN' });
  expect((await get('/v2/topology', { host: `127.0.0.1:${port}`, origin: 'https://attacker.example' })).status).toBe(403);
  expect((await get('/v2/topology', { host: `127.0.0.1:${port}` })).status).toBe(200);
  expect((await get('/v2/topology', { host: `localhost:${port}`, origin: 'http://localhost:3000' })).status).toBe(200);
  expect((await get('/v2/topology', { host: `[::1]:${port}` })).status).toBe(200);
});
