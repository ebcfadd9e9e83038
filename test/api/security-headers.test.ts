/** The headers of the HTML page, an API answer and a stored file's download. */
import { PNG } from '../support/fixtures';
import { createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

function expectPageHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  // plain http here: HSTS only behind TLS
  expect(res.headers.get('strict-transport-security')).toBeNull();
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  it('the HTML page carries the CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    const res = await fetch(`${sys.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expectPageHeaders(res);
  });

  it('an API answer, including an error, carries them too', async () => {
    expectPageHeaders(await fetch(`${sys.url}/api/me`));
    const missing = await fetch(`${sys.url}/api/no-such-thing`);
    expect(missing.status).toBe(404);
    expectPageHeaders(missing);
  });

  it('an API answer carries no ETag (no hash of every body); the web page keeps its own', async () => {
    const reviewer = await createAccount(sys, { groups: ['registration-reviewers'] });
    const client = await signIn(sys.url, reviewer.login, reviewer.password);
    const inbox = await client.raw('/api/tasks');
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('etag')).toBeNull();
    expect((await fetch(`${sys.url}/api/me`)).headers.get('etag')).toBeNull();
    const page = await fetch(`${sys.url}/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('etag')).toBeTruthy();
  });

  it('a stored file is served with its own type, nosniff, a sandboxed CSP and a safe disposition', async () => {
    const reviewer = await createAccount(sys, { groups: ['registration-reviewers'] });
    const client = await signIn(sys.url, reviewer.login, reviewer.password);
    const up = await client.upload('证件 照片.png', PNG);
    expect(up.status).toBe(201);
    const res = await client.raw(`/api/files/${up.body.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('证件 照片.png')}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});
