/** Service rating (好差评): link + QR per finished case, one rating per mobile per 5 days (API clock moved), results for admins. */
import { createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { enterprise } from '../support/power-permit';
import { createApplication } from '../support/factories';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  await sys.redis.del('rating:mobile:13566667777', 'rating:mobile:13566668888');
});
afterAll(async () => {
  sys.clock.offsetMs = 0;
  await sys?.stop();
});

it('rates a finished case once per mobile per 5 days; admins see the results', async () => {
  const e = await enterprise(sys);
  const open = await createApplication(sys.db, { number: `RT${Date.now()}a`, processId: 'power-permit-new', unitId: e.unit.id });
  const done = await createApplication(sys.db, { number: `RT${Date.now()}b`, processId: 'power-permit-new', status: 'approved', unitId: e.unit.id });
  expect((await e.client.call('GET', `/api/applications/${open.id}/rating-link`)).status).toBe(409);
  const other = await enterprise(sys);
  expect((await other.client.call('GET', `/api/applications/${done.id}/rating-link`)).status).toBe(404);

  const link = await e.client.call('GET', `/api/applications/${done.id}/rating-link`);
  expect(link.status).toBe(200);
  expect(link.body.url).toMatch(/#\/rate\/[A-Za-z0-9_-]+$/);
  expect(link.body.qr).toMatch(/^data:image\/png;base64,/);
  expect((await e.client.call('GET', `/api/applications/${done.id}/rating-link`)).body.token).toBe(link.body.token); // one link per case

  const rate = (body: unknown) => fetch(`${sys.url}/api/public/ratings/${link.body.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await fetch(`${sys.url}/api/public/ratings/${link.body.token}`)).status).toBe(200);
  expect((await rate({ mobile: '123', stars: 9 })).status).toBe(400);
  expect((await rate({ mobile: '13566667777', stars: 5, comment: '办理很快' })).status).toBe(201);

  sys.clock.offsetMs = 4 * 86_400_000; // four days later: still inside the window
  const tooSoon = await rate({ mobile: '13566667777', stars: 4 });
  expect(tooSoon.status).toBe(429);
  expect(((await tooSoon.json()) as { error: { code: string } }).error.code).toBe('RATING_TOO_SOON');
  expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await rate({ mobile: '13566668888', stars: 2, comment: '等待时间长' })).status).toBe(201); // another mobile

  sys.clock.offsetMs = 5 * 86_400_000 + 60_000; // past the window
  expect((await rate({ mobile: '13566667777', stars: 4 })).status).toBe(201);

  const a = await createAccount(sys, { kind: 'admin' });
  const admin = await signIn(sys.url, a.login, a.password);
  const results = await admin.call('GET', '/api/admin/ratings');
  expect(results.status).toBe(200);
  const ours = results.body.items.filter((i: { applicationNumber: string }) => i.applicationNumber.startsWith('RT'));
  expect(ours.map((i: { stars: number }) => i.stars)).toEqual([4, 2, 5]);
  expect(ours[0].mobile).toBe('135****7777');
  expect(results.body.summary.count).toBeGreaterThanOrEqual(3);
  expect((await e.client.call('GET', '/api/admin/ratings')).status).toBe(403);
});
