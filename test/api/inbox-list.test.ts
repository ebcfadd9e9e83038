/** Inbox filters and keyset pagination return exactly the expected rows on 10,000 seeded tasks. */
import { randomUUID } from 'node:crypto';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let viewer: Client;
const PROCESS = `inbox-fixture-${Date.now()}`;
const N = 10_000;
const now = Date.now();
type Seeded = { key: string; group: string; assignee: string | null; due: Date | null; created: Date; number: string; applicant: string };
const seeded: Seeded[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const v = await createAccount(sys, { groups: ['fx-a', 'fx-b'] });
  viewer = await signIn(sys.url, v.login, v.password);
  const apps: Array<Record<string, unknown>> = [];
  const tasks: Array<Record<string, unknown>> = [];
  for (let i = 0; i < N; i++) {
    const id = randomUUID();
    const group = ['fx-a', 'fx-b', 'fx-c'][i % 3];
    const assignee = i % 7 === 0 ? v.login : i % 11 === 0 ? 'someone-else' : null;
    const due = i % 5 === 0 ? null : new Date(now + ((i * 7919) % 20000 - 5000) * 60_000); // some overdue, some not, ties possible
    const created = new Date(now - (N - i) * 1000);
    const number = `FX${String(i).padStart(6, '0')}`;
    const applicant = i % 100 === 0 ? `欧阳${i}` : `申请人${i}`;
    apps.push({ id, number, process_id: PROCESS, status: 'in_review', data: JSON.stringify({ contact: { name: applicant }, unit: { name: `单位${i}` } }) });
    tasks.push({
      user_task_key: String(9_000_000_000_000 + i), process_instance_key: String(8_000_000_000_000 + i), process_definition_id: PROCESS,
      element_id: 'review', application_id: id, form_key: 'unit-registration-review', candidate_groups: [group], candidate_users: [],
      assignee, due_date: due, state: 'CREATED', last_event: 'creating', created_at: created, updated_at: created,
    });
    seeded.push({ key: String(9_000_000_000_000 + i), group, assignee, due, created, number, applicant });
  }
  for (let i = 0; i < N; i += 1000) {
    await sys.db('applications').insert(apps.slice(i, i + 1000));
    await sys.db('tasks').insert(tasks.slice(i, i + 1000));
  }
}, 120_000);

afterAll(async () => {
  await sys.db('tasks').where({ process_definition_id: PROCESS }).delete();
  await sys.db('applications').where({ process_id: PROCESS }).delete();
  await sys?.stop();
});

const visible = (s: Seeded) => s.group !== 'fx-c' || s.assignee === viewer.login;
const byDue = (a: Seeded, b: Seeded) => {
  const da = a.due ? a.due.getTime() : Infinity;
  const db = b.due ? b.due.getTime() : Infinity;
  return da !== db ? da - db : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
};

async function all(query: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const r: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await viewer.call(
      'GET',
      `/api/tasks?processId=${PROCESS}&limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(r.status).toBe(200);
    out.push(...r.body.items.map((t) => t.id));
    cursor = r.body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

describe('GET /api/tasks on 10,000 tasks', () => {
  it('pages through every visible task by due date, each once, in order', async () => {
    const expected = seeded.filter(visible).sort(byDue).map((s) => s.key);
    const got = await all('sort=due');
    expect(got.length).toBe(expected.length);
    expect(got).toEqual(expected);
  });

  it("shows each task with its case's number, applicant and unit, and what the list needs of the task", async () => {
    const r = await viewer.call('GET', `/api/tasks?processId=${PROCESS}&limit=50&sort=due`);
    expect(r.body.items).toHaveLength(50);
    for (const item of r.body.items as Array<Record<string, unknown>>) {
      const s = seeded.find((x) => x.key === item.id)!;
      const i = Number(s.number.slice(2));
      expect(item).toMatchObject({ applicationNumber: s.number, applicantName: s.applicant, unitName: `单位${i}`, processId: PROCESS, elementId: 'review', formKey: 'unit-registration-review', state: 'CREATED', statutoryAlert: null });
      expect(item.assignee).toBe(s.assignee);
      expect(item.dueDate).toBe(s.due ? s.due.toISOString() : null);
      expect(item.createdAt).toBe(s.created.toISOString());
      expect(item).toMatchObject({ followUpDate: null, completedAt: null });
      expect(typeof item.workingDaysLeft).toBe(s.due ? 'number' : 'object');
    }
  });

  it('writes each instant in UTC to the millisecond, as the Date read from the row would (PostgreSQL keeps microseconds)', async () => {
    const process = `${PROCESS}-instants`;
    const key = String(9_100_000_000_000 + (Date.now() % 1_000_000));
    const at = (text: string) => sys.db.raw('?::timestamptz', [text]);
    await sys.db('tasks').insert({
      user_task_key: key, process_instance_key: key, process_definition_id: process, element_id: 'review', candidate_groups: ['fx-a'], candidate_users: [],
      due_date: at('2031-05-06 07:08:09.999999+08'), follow_up_date: at('2031-05-01 00:00:00.0005+00'), state: 'CREATED', last_event: 'creating',
      created_at: sys.db.fn.now(), updated_at: sys.db.fn.now(),
    });
    try {
      const row = await sys.db('tasks').where({ user_task_key: key }).first();
      const r = await viewer.call('GET', `/api/tasks?processId=${process}`);
      expect(r.body.items).toHaveLength(1);
      expect(r.body.items[0]).toMatchObject({
        dueDate: '2031-05-05T23:08:09.999Z',
        followUpDate: '2031-05-01T00:00:00.000Z',
        createdAt: (row.created_at as Date).toISOString(),
        completedAt: null,
        overdue: false,
      });
    } finally {
      await sys.db('tasks').where({ user_task_key: key }).delete();
    }
  });

  it('filters by candidate group, sorted by creation', async () => {
    const expected = seeded.filter((s) => s.group === 'fx-b').sort((a, b) => a.created.getTime() - b.created.getTime()).map((s) => s.key);
    expect(await all('candidateGroup=fx-b&sort=created')).toEqual(expected);
  });

  it('filters assignee=me, overdue, dueBefore and text', async () => {
    expect(await all('assignee=me')).toEqual(seeded.filter((s) => s.assignee === viewer.login).sort(byDue).map((s) => s.key));
    expect(await all('overdue=true')).toEqual(seeded.filter((s) => visible(s) && s.due && s.due.getTime() < Date.now()).sort(byDue).map((s) => s.key));
    const before = new Date(now + 60 * 60_000);
    expect(await all(`dueBefore=${encodeURIComponent(before.toISOString())}`)).toEqual(
      seeded.filter((s) => visible(s) && s.due && s.due < before).sort(byDue).map((s) => s.key),
    );
    expect(await all(`text=${encodeURIComponent('欧阳')}`)).toEqual(seeded.filter((s) => visible(s) && s.applicant.startsWith('欧阳')).sort(byDue).map((s) => s.key));
    expect(await all('text=FX000123')).toEqual(seeded.filter((s) => s.number === 'FX000123' && visible(s)).map((s) => s.key));
  });

  it('finds two-character and longer Chinese text through the bigram index, the same rows as a scan would', async () => {
    const having = (part: string) => seeded.filter((s) => visible(s) && s.applicant.includes(part)).sort(byDue).map((s) => s.key);
    expect(having('阳1').length).toBeGreaterThan(5);
    expect(await all(`text=${encodeURIComponent('阳1')}`)).toEqual(having('阳1'));
    expect(await all(`text=${encodeURIComponent('人12')}`)).toEqual(having('人12'));
    expect(await all(`text=${encodeURIComponent('阳x')}`)).toEqual([]);
    await sys.db.raw('ANALYZE applications'); // as autovacuum would after the load
    const plan = (
      await sys.db.raw(`explain select id from applications where pf_application_bigrams(number, data) @> pf_bigrams(?)`, ['欧阳'])
    ).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('applications_search_bigrams');
  });

  it('counts open tasks per group from the maintained counts, following every change to the mirror', async () => {
    const counts = async () => (await viewer.call('GET', '/api/tasks/counts')).body.byGroup as Record<string, number>;
    const per = (g: string) => seeded.filter((s) => s.group === g).length;
    expect(await counts()).toEqual({ 'fx-a': per('fx-a'), 'fx-b': per('fx-b') });
    const [a, b] = [seeded.find((s) => s.group === 'fx-a')!, seeded.find((s) => s.group === 'fx-b')!];
    // completed, reopened, moved to another group, a task in two groups added and removed
    await sys.db('tasks').where({ user_task_key: a.key }).update({ state: 'COMPLETED' });
    expect(await counts()).toEqual({ 'fx-a': per('fx-a') - 1, 'fx-b': per('fx-b') });
    await sys.db('tasks').where({ user_task_key: a.key }).update({ state: 'CREATED' });
    await sys.db('tasks').where({ user_task_key: b.key }).update({ candidate_groups: ['fx-c'] });
    expect(await counts()).toEqual({ 'fx-a': per('fx-a'), 'fx-b': per('fx-b') - 1 });
    await sys.db('tasks').where({ user_task_key: b.key }).update({ candidate_groups: ['fx-b'] });
    const extra = { user_task_key: '9100000000001', process_instance_key: '9100000000001', process_definition_id: PROCESS, element_id: 'review', candidate_groups: ['fx-a', 'fx-b'], state: 'CREATED', last_event: 'creating' };
    await sys.db('tasks').insert(extra);
    expect(await counts()).toEqual({ 'fx-a': per('fx-a') + 1, 'fx-b': per('fx-b') + 1 });
    await sys.db('tasks').where({ user_task_key: extra.user_task_key }).delete();
    expect(await counts()).toEqual({ 'fx-a': per('fx-a'), 'fx-b': per('fx-b') });
    // the maintained counts agree with a count over the mirror, for every group
    const recount = await sys.db.raw(`select g as grp, count(*)::int as open from tasks, unnest(candidate_groups) g where state = 'CREATED' group by g`);
    const kept = await sys.db('inbox_group_counts').where('open', '>', 0).select('grp', 'open');
    const byGrp = (rows: Array<{ grp: string; open: number }>) => Object.fromEntries(rows.map((r) => [r.grp, r.open]));
    expect(byGrp(kept)).toEqual(byGrp(recount.rows));
  });

  it('refuses bad filters with field messages', async () => {
    const r = await viewer.call('GET', '/api/tasks?sort=sideways&limit=5000&cursor=nonsense&dueBefore=tomorrow');
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['dueBefore', 'limit', 'sort']);
    const c = await viewer.call('GET', '/api/tasks?cursor=nonsense');
    expect(c.status).toBe(400);
    expect(Object.keys(c.body.error.fields)).toEqual(['cursor']);
  });

  it('needs a session', async () => {
    const r = await fetch(`${sys.url}/api/tasks`);
    expect(r.status).toBe(401);
  });
});
