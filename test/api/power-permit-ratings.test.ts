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

  const post = (path: string, body: unknown) => fetch(`${sys.url}/api/public/ratings/${link.body.token}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** the code the rater's mobile was sent (the SMS outbox) */
  const codeFor = async (mobile: string) => {
    expect((await post('/sms-code', { mobile })).status).toBe(202);
    return /验证码 (\d{6})/.exec((await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first()).text)![1];
  };
  /** a rating from the mobile, confirmed by the code sent to it */
  const rate = async (body: { mobile: string; stars: number; comment?: string }) => post('', { ...body, code: await codeFor(body.mobile) });
  expect((await fetch(`${sys.url}/api/public/ratings/${link.body.token}`)).status).toBe(200);
  expect((await post('', { mobile: '123', stars: 9, code: '12' })).status).toBe(400);
  // the mobile must be confirmed: no code, a wrong code, a code sent to another mobile are each refused on the code, nothing stored
  const before = await sys.db('ratings').where({ application_id: done.id }).count('* as n');
  const noCode = await post('', { mobile: '13566667777', stars: 5 });
  expect(noCode.status).toBe(400);
  expect(Object.keys(((await noCode.json()) as { error: { fields: object } }).error.fields)).toEqual(['code']);
  const right = await codeFor('13566667777');
  const wrong = await post('', { mobile: '13566667777', stars: 5, code: right === '000000' ? '111111' : '000000' });
  expect(wrong.status).toBe(400);
  expect(((await wrong.json()) as { error: { fields: { code: string } } }).error.fields.code).toMatch(/还可尝试 4 次/);
  expect((await post('', { mobile: '13566669999', stars: 5, code: right })).status).toBe(400);
  expect(await sys.db('ratings').where({ application_id: done.id }).count('* as n')).toEqual(before);
  // a right code is used up once
  expect((await post('', { mobile: '13566667777', stars: 5, comment: '办理很快', code: right })).status).toBe(201);
  expect((await post('', { mobile: '13566667777', stars: 5, code: right })).status).toBe(400);

  sys.clock.offsetMs = 4 * 86_400_000; // four days later: still inside the window
  const rated = await sys.db('ratings').where({ application_id: done.id }).count('* as n');
  const tooSoon = await rate({ mobile: '13566667777', stars: 4 });
  expect(tooSoon.status).toBe(429);
  const refusal = ((await tooSoon.json()) as { error: { code: string; message: string } }).error;
  expect(refusal.code).toBe('RATING_TOO_SOON');
  // the reason names the rule and the day the mobile may rate again; nothing is written
  expect(refusal.message).toMatch(/同一手机号 5 天内只能评价一次，请于 \d{4}-\d{2}-\d{2} 后再评/);
  expect(await sys.db('ratings').where({ application_id: done.id }).count('* as n')).toEqual(rated);
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
