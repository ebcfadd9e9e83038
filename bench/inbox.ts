/**
 * bench/inbox — prints (never asserts) how fast the reviewer inbox answers with 100,000 open tasks,
 * and how long an action takes to show in it. See bench/README.md.
 *
 *   node -r ts-node/register/transpile-only bench/inbox.ts [--tasks 100000] [--requests 300] [--cases 20] [--batch 2500] [--renders 10]
 *
 * Own database (permitflow_bench, recreated), Redis db 14, own engine (gRPC 26800, REST 8388, data
 * in .cache/bench-engine): it runs next to a development system and a test run.
 */
import '../test/support/env';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { arg } from './args';
import { benchEnv } from './env';
import type { InboxRow } from '../db/tasks';


// The test environment, moved out of the way of the test suite's database, Redis db and engine.
// Set before anything reads the configuration (every project module is imported dynamically below).
Object.assign(process.env, {
  ...benchEnv('system'),
});


const TASKS = arg('tasks', 100_000);
const REQUESTS = arg('requests', 300);
const WARMUP = arg('warmup', 20, 0);
const CASES = arg('cases', 20);
// PostgreSQL takes at most 65,535 bind parameters per statement: a task row has 15 columns.
const BATCH = Math.min(arg('batch', 2500), 4000);
const PAGES = 20;
/** Loads of the inbox page in Debian's chromium, timed to its first task row (0: skip). */
const RENDERS = arg('renders', 10, 0);
const POLL_MS = 20;

type Stats = { n: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles, in ms with one decimal. */
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (msg: string) => console.log(`[bench] ${msg}`);
const fmt = (name: string, s: Stats) =>
  `${name.padEnd(34)} p50 ${s.p50.toFixed(1).padStart(8)}  p95 ${s.p95.toFixed(1).padStart(8)}  p99 ${s.p99.toFixed(1).padStart(8)}  max ${s.max.toFixed(1).padStart(8)}  (n=${s.n})`;

async function main(): Promise<number> {
  const { loadConfig } = await import('../core/config');
  const { stopLocalEngine } = await import('../engine/launcher');
  const { startTestSystem, createAccount, signIn } = await import('../test/support/harness');
  const { registrationBody } = await import('../test/support/fixtures');

  const config = loadConfig();
  const figures: Record<string, unknown> = {
    bench: 'inbox',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, workerPollMs: config.workers.pollIntervalMs },
    tasks: TASKS,
    requestsPerScenario: REQUESTS,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };

  // 1. a fresh database, a fresh engine, the system in-process
  const { freshDatabaseAndEngine } = await import('./fresh');
  const engine = await freshDatabaseAndEngine(config, say);
  figures.engineStartMs = engine.millis;
  let sys: Awaited<ReturnType<typeof startTestSystem>> | undefined;
  try {
    sys = await startTestSystem();
    say(`system up at ${sys.url}`);
    const db = sys.db;

    // 2. the reviewer, then 100,000 open tasks (and their applications) in the inbox mirror
    const account = await createAccount(sys, { groups: ['bench-a', 'bench-b', 'registration-reviewers'] });
    const t0 = performance.now();
    const { seedInboxTasks } = await import('./seed-inbox');
    await seedInboxTasks(db, { tasks: TASKS, batch: BATCH, reviewerLogin: account.login, say });
    figures.seedSeconds = Math.round((performance.now() - t0) / 10) / 100;
    const a0 = performance.now();
    await db.raw('ANALYZE tasks');
    await db.raw('ANALYZE applications');
    figures.analyzeSeconds = Math.round((performance.now() - a0) / 10) / 100;
    const visible = Number(
      (
        await db('tasks')
          .where({ state: 'CREATED' })
          .andWhere((w) => w.where('assignee', account.login).orWhereRaw('candidate_groups && ?::text[]', [['bench-a', 'bench-b', 'registration-reviewers']]))
          .count('* as n')
      )[0].n,
    );
    figures.visibleToReviewer = visible;
    say(`seeded ${TASKS} tasks in ${figures.seedSeconds} s (${BATCH} a batch; ANALYZE ${figures.analyzeSeconds} s); the reviewer sees ${visible}`);

    // the plan of each scenario's one query, as the API runs it (the database alone, no HTTP)
    const { encodeCursor, listTasksQuery, sortValue } = await import('../db/tasks');
    const viewer = { login: account.login, groups: ['bench-a', 'bench-b', 'registration-reviewers'], all: false };
    const firstRows = await listTasksQuery(db, viewer, { sort: 'due', limit: 50 });
    const last = firstRows[49] as InboxRow;
    const plans: Record<string, { ms: number; plan: string[] }> = {};
    for (const [name, filter] of Object.entries({
      firstPage: { sort: 'due' as const, limit: 50 },
      groupFilter: { sort: 'due' as const, limit: 50, candidateGroup: 'bench-b' },
      cursorPage: { sort: 'due' as const, limit: 50, cursor: encodeCursor(sortValue(last, 'due'), last.user_task_key) },
      textSearchName: { sort: 'due' as const, limit: 50, text: '欧阳' },
      textSearchNumber: { sort: 'due' as const, limit: 50, text: 'BEN0012345' },
    })) {
      const sql = listTasksQuery(db, viewer, filter).toString();
      const rows = (await db.raw(`explain (analyze, costs off, timing off, summary on) ${sql}`)).rows as Array<{ 'QUERY PLAN': string }>;
      const lines = rows.map((r) => r['QUERY PLAN']);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
      plans[name] = { ms, plan: lines.filter((l) => /Scan|Join|Nested|Limit|Sort|Index Cond|Filter/.test(l)).slice(0, 14) };
      say(`plan ${name} (${ms} ms in PostgreSQL):\n    ${plans[name].plan.join('\n    ')}`);
    }
    figures.queryMs = Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, v.ms]));

    // 3. list latency, measured in the client: HTTP, session, query, JSON
    const client = await signIn(sys.url, account.login, account.password);
    const get = async (url: string): Promise<{ ms: number; body: { items: Array<Record<string, unknown>>; nextCursor: string | null } }> => {
      const s = performance.now();
      const r = await client.call('GET', url);
      const ms = performance.now() - s;
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return { ms, body: r.body };
    };
    const scenarios: Array<{ name: string; url: () => string; check: (items: Array<Record<string, unknown>>) => boolean }> = [
      { name: 'firstPage', url: () => '/api/tasks?limit=50&sort=due', check: (it) => it.length === 50 },
      {
        name: 'groupFilter',
        url: () => '/api/tasks?limit=50&sort=due&candidateGroup=bench-b',
        check: (it) => it.length === 50 && it.every((t) => (t.candidateGroups as string[]).includes('bench-b')),
      },
      {
        name: 'textSearchName',
        url: () => `/api/tasks?limit=50&sort=due&text=${encodeURIComponent('欧阳')}`,
        check: (it) => it.length === 50 && it.every((t) => String(t.applicantName).startsWith('欧阳')),
      },
      {
        name: 'textSearchNumber',
        // a different application each time: one task, or none when it is in the group the reviewer cannot see
        url: () => `/api/tasks?limit=50&sort=due&text=BEN${String(Math.floor(Math.random() * TASKS)).padStart(7, '0')}`,
        check: (it) => it.length <= 1,
      },
    ];
    const latency: Record<string, Stats> = {};
    for (const sc of scenarios) {
      for (let i = 0; i < WARMUP; i++) await get(sc.url());
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const r = await get(sc.url());
        if (i === 0 && !sc.check(r.body.items)) throw new Error(`${sc.name}: unexpected answer (${r.body.items.length} items)`);
        samples.push(r.ms);
      }
      latency[sc.name] = stats(samples);
      say(fmt(sc.name, latency[sc.name]));
    }
    // walking 20 pages with the cursor, as many walks as make REQUESTS pages
    const pageMs: number[] = [];
    const walkMs: number[] = [];
    const walk = async (record: boolean) => {
      let cursor: string | null = null;
      let total = 0;
      const seen = new Set<unknown>();
      for (let p = 0; p < PAGES; p++) {
        const r = await get(`/api/tasks?limit=50&sort=due${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        r.body.items.forEach((t) => seen.add(t.id));
        if (record) pageMs.push(r.ms);
        total += r.ms;
        cursor = r.body.nextCursor;
        if (!cursor) throw new Error(`the cursor ran out after ${p + 1} pages`);
      }
      if (seen.size !== PAGES * 50) throw new Error(`the walk saw ${seen.size} distinct tasks, not ${PAGES * 50}`);
      if (record) walkMs.push(total);
    };
    await walk(false);
    for (let i = 0; i < Math.max(1, Math.round(REQUESTS / PAGES)); i++) await walk(true);
    latency.cursorPage = stats(pageMs);
    latency.cursorWalk20Pages = stats(walkMs);
    say(fmt('cursorPage', latency.cursorPage));
    say(fmt('cursorWalk20Pages (whole walk)', latency.cursorWalk20Pages));
    figures.listLatencyMs = latency;

    // 3b. the inbox page in the browser: a fresh load (the bundle from cache, as a returning
    // reviewer's) until the first task row is drawn
    if (RENDERS > 0) {
      const { launchBrowser, signInPage } = await import('../test/support/browser');
      const browser = await launchBrowser();
      try {
        const page = await signInPage(browser, sys.url, account.login, account.password);
        const firstRender: number[] = [];
        for (let i = 0; i <= RENDERS; i++) {
          await page.goto('about:blank');
          const s = performance.now();
          await page.goto(`${sys.url}/#/inbox`);
          await page.locator('#inbox-page .el-table__row').first().waitFor({ timeout: 30_000 });
          if (i > 0) firstRender.push(performance.now() - s); // the first load fills the cache
        }
        figures.inboxFirstRenderMs = stats(firstRender);
        say(fmt('inbox page, load → first row', figures.inboxFirstRenderMs as Stats));
      } finally {
        await browser.close();
      }
    }

    // 4. action → effect: submit → review task in the inbox; complete → application approved
    const toInbox: number[] = [];
    const toApproved: number[] = [];
    const completeHttp: number[] = [];
    const toRow: number[] = [];
    const pollMs: number[] = [];
    const oneCase = async (record: boolean) => {
      const res = await fetch(`${sys!.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrationBody()) });
      const created = (await res.json()) as { id: string; number: string };
      const s = performance.now();
      const wall = Date.now();
      if (res.status !== 201) throw new Error(`POST /api/registrations: ${res.status} ${JSON.stringify(created)}`);
      let task: Record<string, unknown> | undefined;
      while (!task) {
        const p = performance.now();
        const r = await client.call('GET', `/api/tasks?processId=unit-registration&text=${encodeURIComponent(created.number)}&limit=50`);
        if (record) pollMs.push(performance.now() - p);
        if (r.status !== 200) throw new Error(`inbox poll: ${r.status}`);
        task = (r.body.items as Array<Record<string, unknown>>).find((t) => t.applicationNumber === created.number);
        if (!task) {
          if (performance.now() - s > 30_000) throw new Error(`the review task of ${created.number} did not appear within 30 s`);
          await sleep(POLL_MS);
        }
      }
      const inboxMs = performance.now() - s;
      // when the creating listener wrote the mirror row (its created_at is this process's clock)
      const row = await db('tasks').where({ user_task_key: String(task.id) }).first('created_at');
      const rowMs = new Date(row.created_at).getTime() - wall;
      const claim = await client.call('POST', `/api/tasks/${task.id}/claim`);
      if (claim.status !== 200) throw new Error(`claim: ${claim.status} ${JSON.stringify(claim.body)}`);
      const c = performance.now();
      const done = await client.call('POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'approve' } });
      const httpMs = performance.now() - c;
      if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
      while (!(await db('applications').where({ id: created.id, status: 'approved' }).first('id'))) {
        if (performance.now() - c > 30_000) throw new Error(`${created.number} was not approved within 30 s`);
        await sleep(POLL_MS);
      }
      if (record) {
        toInbox.push(inboxMs);
        toRow.push(rowMs);
        completeHttp.push(httpMs);
        toApproved.push(performance.now() - c);
      }
    };
    await oneCase(false); // warm-up: first job activations, first REST calls
    for (let i = 0; i < CASES; i++) await oneCase(true);
    figures.submitToTaskInInboxMs = stats(toInbox);
    figures.submitToMirrorRowMs = stats(toRow);
    figures.inboxPollRequestMs = stats(pollMs);
    figures.completeRequestMs = stats(completeHttp);
    figures.completeToApprovedMs = stats(toApproved);
    for (const k of ['submitToTaskInInbox', 'submitToMirrorRow', 'inboxPollRequest', 'completeRequest', 'completeToApproved']) say(fmt(k, figures[`${k}Ms`] as Stats));
  } finally {
    if (sys) await sys.stop().catch((err) => console.error('[bench] stopping the system:', err));
    if (engine.started) await stopLocalEngine(config.engine.dataDir).catch((err) => console.error('[bench] stopping the engine:', err));
  }

  const lat = figures.listLatencyMs as Record<string, Stats>;
  console.log('');
  console.log('==================== bench/inbox summary ====================');
  console.log(`machine: ${os.cpus().length} CPUs, node ${process.version}; WORKER_POLL_MS ${config.workers.pollIntervalMs}; load average at the start ${(figures.loadAverage as number[]).join(' ')}`);
  console.log(`one query in PostgreSQL (EXPLAIN ANALYZE), ms: ${JSON.stringify(figures.queryMs)}`);
  console.log(`seeded ${TASKS} open tasks in ${figures.seedSeconds} s (+ ANALYZE ${figures.analyzeSeconds} s); the reviewer sees ${figures.visibleToReviewer}`);
  console.log(`GET /api/tasks, ms (${REQUESTS} sequential requests each, after ${WARMUP} warm-up):`);
  for (const [k, v] of Object.entries(lat)) console.log('  ' + fmt(k, v));
  if (figures.inboxFirstRenderMs) console.log(`browser (chromium, ${RENDERS} loads): ${fmt('inbox page, load → first row', figures.inboxFirstRenderMs as Stats)}`);
  console.log(`action → effect, ms (${CASES} cases, polled every ${POLL_MS} ms):`);
  for (const k of ['submitToTaskInInbox', 'submitToMirrorRow', 'inboxPollRequest', 'completeRequest', 'completeToApproved']) console.log('  ' + fmt(k, figures[`${k}Ms`] as Stats));
  console.log('==============================================================');
  console.log(JSON.stringify(figures));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  },
);
