/**
 * bench/api — requests per second and latency under load for the reviewer's inbox list and the
 * task detail, with 100,000 open tasks seeded (bench/seed-inbox.ts, as bench/inbox). The load
 * generator is autocannon, run as a child process (its own event loop) against the API on
 * loopback. Prints its figures, never asserts. See bench/README.md.
 *
 *   npm run bench:api -- [--tasks 100000] [--connections 10] [--duration 15] [--warmup 3] [--batch 2500]
 *
 * Own database (permitflow_bench_api, recreated), Redis db 3 (test slots use 15 and 13–5), own engine (gRPC 26820, REST 8408,
 * data in .cache/bench-api-engine): it runs beside a development system, a test run and bench/inbox.
 */
import '../test/support/env';
import { spawn } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { arg } from './args';
import { benchEnv } from './env';
import { cpuProfile } from './profile';
import { countStatements } from './sql';

Object.assign(process.env, {
  ...benchEnv('api'),
});


const TASKS = arg('tasks', 100_000);
const CONNECTIONS = arg('connections', 10);
const DURATION = arg('duration', 15);
const WARMUP = arg('warmup', 3, 0);
const BATCH = Math.min(arg('batch', 2500), 4000);
/** --profile: writes the API's CPU profile of each measured endpoint to .cache/bench-api-<endpoint>.cpuprofile (Chrome DevTools opens it) */
const PROFILE = process.argv.includes('--profile');
const say = (msg: string) => console.log(`[bench] ${msg}`);

interface Result {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Runs the autocannon CLI (node_modules/autocannon) and returns its JSON result. */
function autocannon(url: string, cookie: string, seconds: number, connections: number): Promise<Result> {
  const cli = require.resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '-j', '-c', String(connections), '-d', String(seconds), '-H', `cookie=${cookie}`, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as Result);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 500)} ${err.slice(0, 500)}`));
      }
    });
  });
}

async function main(): Promise<number> {
  const { loadConfig } = await import('../core/config');
  const { stopLocalEngine } = await import('../engine/launcher');
  const { startTestSystem, createAccount, signIn } = await import('../test/support/harness');
  const { seedInboxTasks, FIRST_TASK_KEY } = await import('./seed-inbox');

  const config = loadConfig();
  const figures: Record<string, unknown> = {
    bench: 'api',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    tasks: TASKS,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  };

  const { freshDatabaseAndEngine } = await import('./fresh');
  const engine = await freshDatabaseAndEngine(config, say);
  let sys: Awaited<ReturnType<typeof startTestSystem>> | undefined;
  const results: Record<string, Result> = {};
  const cpuMsPerRequest: Record<string, number> = {};
  const statementsPerRequest: Record<string, number> = {};
  try {
    // workers off: nothing else runs in this process while the load is on
    sys = await startTestSystem({ workers: false });
    say(`system up at ${sys.url}`);
    const account = await createAccount(sys, { groups: ['bench-a', 'bench-b', 'registration-reviewers'] });
    const t0 = performance.now();
    await seedInboxTasks(sys.db, { tasks: TASKS, batch: BATCH, reviewerLogin: account.login, say });
    await sys.db.raw('ANALYZE tasks');
    await sys.db.raw('ANALYZE applications');
    figures.seedSeconds = Math.round((performance.now() - t0) / 10) / 100;
    say(`seeded ${TASKS} tasks in ${figures.seedSeconds} s`);

    const client = await signIn(sys.url, account.login, account.password);
    const login = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: account.login, password: account.password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    // task 1 is in bench-b (visible to the reviewer), unassigned, in the middle of the due dates
    const taskKey = String(FIRST_TASK_KEY + 1);
    const endpoints: Record<string, string> = {
      inboxList: '/api/tasks?limit=50&sort=due',
      taskDetail: `/api/tasks/${taskKey}`,
    };
    for (const [name, p] of Object.entries(endpoints)) {
      const check = await client.call('GET', p);
      if (check.status !== 200) throw new Error(`GET ${p}: ${check.status} ${JSON.stringify(check.body).slice(0, 300)}`);
      if (name === 'inboxList' && check.body.items.length !== 50) throw new Error(`the inbox list gave ${check.body.items.length} items, not 50`);
      say(`${name}: warm-up ${WARMUP} s`);
      await autocannon(`${sys.url}${p}`, cookie, WARMUP, CONNECTIONS);
      say(`${name}: ${CONNECTIONS} connections for ${DURATION} s`);
      const profile = await cpuProfile(PROFILE, path.join(__dirname, '..', '.cache', `bench-api-${name}.cpuprofile`));
      // SQL statements per request (and, with --profile, which)
      const counting = countStatements(sys.db, PROFILE);
      const cpu0 = process.cpuUsage();
      results[name] = await autocannon(`${sys.url}${p}`, cookie, DURATION, CONNECTIONS);
      const cpu = process.cpuUsage(cpu0);
      const statements = counting.stop();
      statementsPerRequest[name] = Math.round((statements.total / Math.max(1, results[name].requests.total)) * 10) / 10;
      if (PROFILE) for (const [sql, n] of statements.top(20)) say(`  ${(n / Math.max(1, results[name].requests.total)).toFixed(2)}/request  ${sql}`);
      await profile.stop();
      const r = results[name];
      // CPU the API process spent per request (user + system): what the code costs, far less
      // moved by the machine's load than requests per second are
      cpuMsPerRequest[name] = Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, r.requests.total)) * 100) / 100;
      say(`${name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms (${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`);
    }
  } finally {
    if (sys) await sys.stop().catch((err) => console.error('[bench] stopping the system:', err));
    if (engine.started) await stopLocalEngine(config.engine.dataDir).catch((err) => console.error('[bench] stopping the engine:', err));
  }

  figures.endpoints = Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { requestsPerSecond: Math.round(r.requests.average * 10) / 10, apiCpuMsPerRequest: cpuMsPerRequest[name], sqlStatementsPerRequest: statementsPerRequest[name], total: r.requests.total, latencyMs: { avg: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max }, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts },
    ]),
  );
  console.log('');
  console.log('==================== bench/api summary ====================');
  console.log(`machine: ${os.cpus().length} CPUs, node ${process.version}, load average at start ${(figures.machine as { loadAverage: number[] }).loadAverage.join(' ')}`);
  console.log(`${TASKS} open tasks seeded in ${figures.seedSeconds} s; autocannon ${CONNECTIONS} connections × ${DURATION} s per endpoint (after ${WARMUP} s warm-up), loopback`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(12)} ${String(Math.round(r.requests.average)).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(5)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   max ${String(r.latency.max).padStart(5)} ms   API CPU ${cpuMsPerRequest[name]} ms/request   ${statementsPerRequest[name]} SQL/request   non-2xx ${r.non2xx}`);
  }
  console.log('============================================================');
  console.log(JSON.stringify(figures));
  return Object.values(results).some((r) => r.non2xx > 0 || r.errors > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  },
);
