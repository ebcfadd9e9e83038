/**
 * GET /api/applications, the case lists' query: conditions (a part of the number, a part of the
 * number / applicant / unit, services, status, submission dates), sorting, pages with the total,
 * the facets of the caller's scope; another unit's cases never counted; bad conditions 400.
 */
import { createApplication, signedInUnit } from '../support/factories';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let unit: Awaited<ReturnType<typeof signedInUnit>>;
const tag = `L${Date.now() % 1_000_000}`;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  unit = await signedInUnit(sys);
  const other = await signedInUnit(sys);
  const mk = async (n: number, processId: string, status: string, day: string, contact?: string) => {
    const app = await createApplication(sys.db, { processId, status, unitId: unit.unit.id, number: `${tag}-${String(n).padStart(3, '0')}`, data: contact ? { contact: { name: contact } } : {} });
    await sys.db('applications').where({ id: app.id }).update({ created_at: `${day}T10:00:00+08:00` });
  };
  for (let i = 1; i <= 25; i++) await mk(i, 'unit-qualification', i % 5 === 0 ? 'approved' : 'submitted', `2026-10-${String(i).padStart(2, '0')}`);
  await mk(26, 'appraisal-review', 'in_review', '2026-11-02', '欧阳清风');
  await mk(27, 'production-licence', 'rejected', '2026-11-03');
  // another unit's case with the same number prefix: never listed, never counted
  await createApplication(sys.db, { processId: 'unit-qualification', unitId: other.unit.id, number: `${tag}-999` });
});
afterAll(async () => {
  await sys?.stop();
});

const list = async (query: string) => unit.client.call('GET', `/api/applications?${query}`);

describe('GET /api/applications: the case lists', () => {
  it('pages the matching cases with their total, newest first by default', async () => {
    const first = await list(`number=${tag}&pageSize=10`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(27);
    expect(first.body.items.map((i: { number: string }) => i.number)).toEqual([27, 26, 25, 24, 23, 22, 21, 20, 19, 18].map((n) => `${tag}-0${n}`));
    const third = await list(`number=${tag}&pageSize=10&page=3`);
    expect(third.body.items.map((i: { number: string }) => i.number)).toEqual([`${tag}-007`, `${tag}-006`, `${tag}-005`, `${tag}-004`, `${tag}-003`, `${tag}-002`, `${tag}-001`]);
    expect(third.body).toMatchObject({ page: 3, pageSize: 10, total: 27 });
  });

  it('filters by services, status and submission dates, and sorts by number', async () => {
    const approved = await list(`number=${tag}&status=approved&sort=number&order=asc`);
    expect(approved.body.items.map((i: { number: string }) => i.number)).toEqual([5, 10, 15, 20, 25].map((n) => `${tag}-${String(n).padStart(3, '0')}`));
    const two = await list(`number=${tag}&processId=appraisal-review,production-licence&sort=number&order=asc`);
    expect(two.body.items.map((i: { processId: string }) => i.processId)).toEqual(['appraisal-review', 'production-licence']);
    // both ends of the range included (dates are the day of submission)
    const october = await list(`number=${tag}&from=2026-10-10&to=2026-10-12&sort=number&order=asc`);
    expect(october.body.items.map((i: { number: string }) => i.number)).toEqual([`${tag}-010`, `${tag}-011`, `${tag}-012`]);
  });

  it('finds by a part of the applicant name; a LIKE wildcard is taken literally', async () => {
    const byName = await list('text=欧阳');
    expect(byName.body.items.map((i: { number: string }) => i.number)).toEqual([`${tag}-026`]);
    expect((await list(`number=${tag}%25`)).body.total).toBe(0);
  });

  it('gives the services and statuses of the caller\'s own cases as facets', async () => {
    const r = await list('facets=true&pageSize=1');
    expect(r.body.facets).toEqual({ processIds: ['appraisal-review', 'production-licence', 'unit-qualification'], statuses: ['approved', 'in_review', 'rejected', 'submitted'] });
    expect(r.body.items).toHaveLength(1);
  });

  it('refuses bad conditions with a message per field', async () => {
    const r = await list('pageSize=5000&from=2026/10/01&sort=unit&processId=A;B');
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['from', 'pageSize', 'processId', 'sort']);
    expect(r.body.error.fields.from).toContain('YYYY-MM-DD');
  });
});
