/**
 * bench/inbox — prints (never asserts) the inbox list latency at 100,000 open tasks and the time
 * from an action to its effect in the inbox. Uses its own database (permitflow_bench) and engine
 * (ports 26800/8388, data in .cache/bench-engine).   npm run bench:inbox [-- --tasks 100000]
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import '../test/support/env';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg('tasks', 100_000);
const REQUESTS = arg('requests', 300);
const CASES = arg('cases', 20);

Object.assign(process.env, {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/permitflow_bench',
  REDIS_URL: 'redis://127.0.0.1:6379/14',
  PF_ENGINE_GRPC_PORT: '26800',
  PF_ENGINE_REST_PORT: '8388',
  PF_ENGINE_DATA_DIR: path.resolve(__dirname, '..', '.cache', 'bench-engine'),
  LOG_LEVEL: 'error',
});

function pct(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  const r = (n: number) => Math.round(n * 10) / 10;
  return { p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]) };
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../core/config');
  const { ensureDatabase, createDb, migrate } = await import('../core/db');
  const { startLocalEngine, stopLocalEngine } = await import('../engine/launcher');
  const { startTestSystem, createAccount, signIn, eventually } = await import('../test/support/harness');
  const { registrationBody } = await import('../test/support/fixtures');
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl, { recreate: true });
  const setupDb = createDb(config.databaseUrl);
  await migrate(setupDb);
  await setupDb.destroy();
  // A fresh engine for a fresh database (instances left from an earlier run would fail their jobs).
  const { topology } = await import('../engine/launcher');
  if (!(await topology(config.engine.restAddress)).healthy) (await import('node:fs')).rmSync(config.engine.dataDir, { recursive: true, force: true });
  const engine = await startLocalEngine({ ...config.engine });
  const sys = await startTestSystem();
  const figures: Record<string, unknown> = { tasks: TASKS, requestsPerScenario: REQUESTS };
  try {
    // 1. seed
    const t0 = Date.now();
    const groups = ['bench-a', 'bench-b', 'bench-c'];
    for (let i = 0; i < TASKS; i += 5000) {
      const apps: object[] = [];
      const tasks: object[] = [];
      for (let j = i; j < Math.min(TASKS, i + 5000); j++) {
        const id = randomUUID();
        apps.push({ id, number: `BEN${String(j).padStart(7, '0')}`, process_id: 'bench', status: 'in_review', data: JSON.stringify({ contact: { name: `申请人${j}` }, unit: { name: `单位${j % 997}` } }) });
        tasks.push({
          user_task_key: String(7_000_000_000_000 + j), process_instance_key: String(6_000_000_000_000 + j), process_definition_id: 'bench', element_id: 'review',
          application_id: id, form_key: 'unit-registration-review', candidate_groups: [groups[j % 3]], assignee: j % 9 === 0 ? 'someone' : null,
          due_date: j % 6 === 0 ? null : new Date(Date.now() + ((j * 7919) % 40000 - 8000) * 60_000), state: 'CREATED', last_event: 'creating',
        });
      }
      await sys.db('applications').insert(apps);
      await sys.db('tasks').insert(tasks);
    }
    await sys.db.raw('ANALYZE tasks; ANALYZE applications;');
    figures.seedSeconds = (Date.now() - t0) / 1000;

    // 2. list latency
    const reviewer = await createAccount(sys, { groups: [...groups, 'registration-reviewers'] });
    const client = await signIn(sys.url, reviewer.login, reviewer.password);
    const time = async (url: string) => {
      const s = process.hrtime.bigint();
      const r = await client.call('GET', url);
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      return { ms: Number(process.hrtime.bigint() - s) / 1e6, body: r.body };
    };
    const scenarios: Record<string, string> = {
      'first page (sort=due, 50)': '/api/tasks?limit=50&sort=due',
      'group filter': '/api/tasks?limit=50&candidateGroup=bench-b',
      'overdue filter': '/api/tasks?limit=50&overdue=true',
      'text search (applicant)': '/api/tasks?limit=50&text=%E7%94%B3%E8%AF%B7%E4%BA%BA4242',
    };
    const latency: Record<string, unknown> = {};
    for (const [name, url] of Object.entries(scenarios)) {
      for (let i = 0; i < 20; i++) await time(url); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) samples.push((await time(url)).ms);
      latency[name] = pct(samples);
    }
    const pageSamples: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: { ms: number; body: { nextCursor: string | null } } = await time(`/api/tasks?limit=50&sort=due${cursor ? `&cursor=${cursor}` : ''}`);
      pageSamples.push(r.ms);
      cursor = r.body.nextCursor;
    }
    latency['walking 20 pages with the cursor'] = pct(pageSamples);
    figures.listLatencyMs = latency;

    // 3. action → effect
    const toInbox: number[] = [];
    const toApproved: number[] = [];
    for (let i = 0; i < CASES; i++) {
      const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrationBody()) });
      const created = (await res.json()) as { id: string; number: string };
      const s = Date.now();
      // poll the inbox as a browser would (10 ms apart), by process, newest first
      let task: { id: string } | undefined;
      while (!task && Date.now() - s < 20000) {
        const r = await client.call('GET', '/api/tasks?processId=unit-registration&assignee=none&sort=created&limit=200');
        task = (r.body.items as Array<{ id: string; applicationNumber: string }>).find((t) => t.applicationNumber === created.number);
        if (!task) await new Promise((res) => setTimeout(res, 10));
      }
      if (!task) throw new Error('the task did not appear');
      toInbox.push(Date.now() - s);
      await client.call('POST', `/api/tasks/${task.id}/claim`);
      const c = Date.now();
      const done = await client.call('POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'approve' } });
      if (done.status !== 200) throw new Error(`complete: ${done.status}`);
      await eventually(async () => (await sys.db('applications').where({ id: created.id, status: 'approved' }).first()) ?? undefined, 20000, 'approved');
      toApproved.push(Date.now() - c);
    }
    figures.submitToTaskInInboxMs = pct(toInbox);
    figures.completeToApprovedMs = pct(toApproved);
  } finally {
    await sys.stop();
    if (engine.started) await stopLocalEngine(config.engine.dataDir);
  }
  console.log('\n== bench/inbox ==');
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${JSON.stringify(v)}`);
  console.log(JSON.stringify({ bench: 'inbox', ...figures }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
