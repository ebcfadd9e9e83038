/** The HTTP three-element provider posts signed JSON and reads match / mismatch; errors fail the check. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { httpIdentityProvider } from '../../core/identity';
import { loadConfig } from '../../core/config';

it('signs the query, reads the answer, and fails on a gateway error', async () => {
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let status = 200;
  let answer: unknown = { result: 'match' };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const secret = 'identity-signing-secret-1';
    const p = httpIdentityProvider({ endpoint: `http://127.0.0.1:${port}/verify`, secret, appId: 'pf-test' });
    await expect(p.verify({ name: '肖明', idNumber: '34012119880312101X', mobile: '13900000001' })).resolves.toMatchObject({ match: true });
    const { headers, body } = seen[0];
    expect(JSON.parse(body)).toEqual({ name: '肖明', idNumber: '34012119880312101X', mobile: '13900000001' });
    expect(headers['x-app-id']).toBe('pf-test');
    expect(headers['x-signature']).toBe(createHmac('sha256', secret).update(`${headers['x-timestamp']}.${body}`).digest('hex'));
    answer = { match: false, message: '不一致' };
    await expect(p.verify({ name: '肖明', idNumber: '34012119880312101X', mobile: '13900000009' })).resolves.toEqual({ match: false, detail: '不一致' });
    answer = {};
    await expect(p.verify({ name: 'a', idNumber: 'b', mobile: 'c' })).rejects.toThrow(/no result/);
    status = 502;
    await expect(p.verify({ name: 'a', idNumber: 'b', mobile: 'c' })).rejects.toThrow(/502/);
  } finally {
    server.close();
  }
});

it('is configured by IDENTITY_PROVIDER, and http needs an endpoint and a secret', () => {
  expect(loadConfig({ PF_ENV: 'test' }).identity.provider).toBe('registry');
  expect(() => loadConfig({ PF_ENV: 'test', IDENTITY_PROVIDER: 'http' })).toThrow(/IDENTITY_ENDPOINT/);
  expect(() => loadConfig({ PF_ENV: 'test', IDENTITY_PROVIDER: 'http', IDENTITY_ENDPOINT: 'https://id.example/verify', IDENTITY_SECRET: 'short' })).toThrow(/IDENTITY_SECRET/);
  expect(loadConfig({ PF_ENV: 'test', IDENTITY_PROVIDER: 'http', IDENTITY_ENDPOINT: 'https://id.example/verify', IDENTITY_SECRET: 'long-enough-secret-123' }).identity).toMatchObject({ provider: 'http', appId: 'permitflow' });
});
