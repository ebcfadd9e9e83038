/**
 * Property-based bad input over the JSON endpoints: random and malformed bodies never give a 5xx
 * and never store anything. Prints how many inputs it sent.
 */
import fc from 'fast-check';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let admin: Client;
let sent = 0;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'admin' });
  admin = await signIn(sys.url, a.login, a.password);
});
afterAll(async () => {
  process.stdout.write(`\nfuzz: ${sent} bodies sent\n`);
  await sys?.stop();
});

const counts = async () =>
  Object.fromEntries(
    await Promise.all(['applications', 'units', 'accounts', 'files', 'drafts', 'sms_outbox'].map(async (t) => [t, Number((await sys.db(t).count())[0].count)])),
  );

const PUBLIC = ['/api/registrations', '/api/appeals', '/api/password-reset/code', '/api/password-reset', '/api/auth/login', '/api/password-set'];
const SIGNED_IN = ['/api/applications', '/api/unit/accounts', '/api/admin/deployments'];

/** JSON values, and strings that are not JSON at all. */
const bodies = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.record({ unit: fc.anything({ maxDepth: 2 }), contact: fc.anything({ maxDepth: 2 }), certification: fc.anything({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
);

it.each(PUBLIC)('%s: never 5xx, never stores', async (path) => {
  const before = await counts();
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      sent++;
      const r = await fetch(`${sys.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return r.status < 500 && r.status >= 400;
    }),
    { numRuns: 60 },
  );
  expect(await counts()).toEqual(before);
}, 60_000);

it.each(SIGNED_IN)('%s (signed in as admin): never 5xx, never stores', async (path) => {
  const before = await counts();
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
      sent++;
      const r = await admin.call('POST', path, value);
      return r.status < 500 && r.status >= 400;
    }),
    { numRuns: 40 },
  );
  expect(await counts()).toEqual(before);
}, 120_000);
