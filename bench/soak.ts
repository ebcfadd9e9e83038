/**
 * bench/soak — prints (never asserts) how the whole system behaves over time: idle, under a steady
 * load, and across a restart of the engine.
 *
 *   npm run bench:soak -- [--idle-minutes 30] [--load-minutes 30] [--cases-per-minute 20] [--sample-seconds 15]
 *                         [--history-instances 200]
 *
 * 1. idle: the API and every job worker running, no user: the engine's log must not grow.
 * 2. load: unit-registration cases at a steady pace through the API (submitted as the public form
 *    does, approved by a reviewer through the task API); log size and heap sampled throughout.
 * 3. restart: the engine stopped (SIGTERM: a snapshot at the stop) and started again; the time it
 *    took and the records it replayed; then every case started is checked to have completed.
 * Each stage prints the log size and segment count, snapshots, the engine's heap (after a GC) and
 * resident memory, and this process's resident memory (the API and the workers).
 *
 * The engine's read side keeps open instances plus the most recent finished ones (its history
 * bound, 2,000 by default). Flat memory can only show once that bound is full, so the soak runs the
 * engine with a smaller bound (--history-instances, printed) that the load fills in its first half.
 *
 * Own database (permitflow_soak, recreated), Redis db 14, own engine (26900/8488, .cache/soak-engine).
 */
import '../test/support/env';
import path from 'node:path';
import { arg } from './args';
import { localEngineAuthorization } from '../core/local-engine-auth';

const ROOT = path.resolve(__dirname, '..');
Object.assign(process.env, {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/permitflow_soak',
  REDIS_URL: 'redis://127.0.0.1:6379/14',
  PF_ENGINE_GRPC_PORT: '26900',
  PF_ENGINE_REST_PORT: '8488',
  PF_ENGINE_DATA_DIR: path.join(ROOT, '.cache', 'soak-engine'),
  FILE_STORE_DIR: path.join(ROOT, '.cache', 'soak-files'),
  PF_ENGINE_CLOCK_CONTROLLED: 'false',
  // the product's own polling settings, not the test suite's fast ones
  WORKER_POLL_MS: process.env.SOAK_WORKER_POLL_MS ?? '100',
});

const IDLE_MIN = arg('idle-minutes', 30);
const LOAD_MIN = arg('load-minutes', 30);
const PER_MIN = arg('cases-per-minute', 20);
const SAMPLE_S = arg('sample-seconds', 15);
const HISTORY = arg('history-instances', 200);
process.env.PF_ENGINE_HISTORY_INSTANCES = String(HISTORY);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (n: number) => +(n / 1048576).toFixed(1);

interface Figures {
  log: { bytes: number; segments: number; firstPosition: number; lastPosition: number; appendedBytesSinceStart: number };
  snapshots: { count: number; lastPosition: number | null; lastAgeSeconds: number | null };
  lastStart: { replayedRecords: number; replayMillis: number; fromSnapshotPosition: number | null };
  longPolling: { heldRequests: number; activationsWritten: number };
  readModel: { processInstances: number; finishedKept: number; finishedDropped: number };
  memory: { heapUsedBytes: number; rssBytes: number };
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../core/config');
  const { freshDatabaseAndEngine } = await import('./fresh');
  const { startLocalEngine, stopLocalEngine } = await import('../engine/launcher');
  const { startTestSystem, signIn, createAccount } = await import('../test/support/harness');
  const { registrationBody } = await import('../test/support/fixtures');

  const config = loadConfig();
  const first = await freshDatabaseAndEngine(config, () => undefined, { restartEngine: true });
  const sys = await startTestSystem();
  const rev = await createAccount(sys, { groups: ['registration-reviewers'] });
  const reviewer = await signIn(sys.url as string, rev.login, rev.password);

  const engine = async (gc = true): Promise<Figures> => {
    const r = await fetch(`${config.engine.restAddress}/permitflow/engine${gc ? '?gc=1' : ''}`, { headers: { authorization: localEngineAuthorization(config.engine.dataDir) } });
    return (await r.json()) as Figures;
  };
  type Row = { stage: string; minute: number; logMiB: number; segments: number; snapshots: number; heapMiB: number; engineRssMiB: number; productRssMiB: number; cases: number; openInstances: number };
  const rows: Row[] = [];
  const t0 = Date.now();
  let casesStarted = 0;
  const sample = async (stage: string): Promise<Row> => {
    const f = await engine();
    const row: Row = {
      stage,
      minute: +((Date.now() - t0) / 60_000).toFixed(1),
      logMiB: mib(f.log.bytes),
      segments: f.log.segments,
      snapshots: f.snapshots.count,
      heapMiB: mib(f.memory.heapUsedBytes),
      engineRssMiB: mib(f.memory.rssBytes),
      productRssMiB: mib(process.memoryUsage().rss),
      cases: casesStarted,
      openInstances: f.readModel.processInstances - f.readModel.finishedKept,
    };
    rows.push(row);
    console.log(`  ${row.stage.padEnd(5)} ${String(row.minute).padStart(5)} min · log ${row.logMiB} MiB in ${row.segments} segments · ${row.snapshots} snapshots · engine heap ${row.heapMiB} MiB, RSS ${row.engineRssMiB} MiB · product RSS ${row.productRssMiB} MiB · ${row.cases} cases, ${row.openInstances} open`);
    return row;
  };

  console.log(`bench/soak: idle ${IDLE_MIN} min, load ${LOAD_MIN} min at ${PER_MIN} cases/min, samples every ${SAMPLE_S} s, engine history bound ${HISTORY} finished instances; engine started in ${first.millis} ms`);

  // ---- 1. idle ----
  await sleep(5_000); // the workers' first requests (one activation per job type) settle
  const idleFrom = await engine(false);
  await sample('idle');
  const idleEnd = Date.now() + IDLE_MIN * 60_000;
  while (Date.now() < idleEnd) {
    await sleep(Math.min(SAMPLE_S * 1000, Math.max(0, idleEnd - Date.now())));
    await sample('idle');
  }
  const idleTo = await engine(false);
  const idleAppended = idleTo.log.appendedBytesSinceStart - idleFrom.log.appendedBytesSinceStart;

  // ---- 2. steady load ----
  const started: Array<{ id: string; processInstanceKey: string }> = [];
  const failures: string[] = [];
  const runCase = async () => {
    const body = registrationBody();
    const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = (await res.json()) as { id: string; processInstanceKey: string };
    if (res.status !== 201) throw new Error(`POST /api/registrations: ${res.status} ${JSON.stringify(created)}`);
    started.push(created);
    casesStarted++;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const task = await sys.db('tasks').where({ application_id: created.id, state: 'CREATED' }).first();
      if (task) {
        const done = await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'approve' } });
        if (done.status === 200) return;
      }
      if (Date.now() > deadline) throw new Error(`no review task for ${created.id}`);
      await sleep(200);
    }
  };
  const loadStart = Date.now();
  const loadEnd = loadStart + LOAD_MIN * 60_000;
  const inFlight = new Set<Promise<void>>();
  let nextSample = Date.now() + SAMPLE_S * 1000;
  for (let i = 0; Date.now() < loadEnd; i++) {
    const due = loadStart + (i * 60_000) / PER_MIN;
    if (due > Date.now()) await sleep(due - Date.now());
    const p: Promise<void> = runCase().catch((e) => void failures.push(String(e))).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (Date.now() >= nextSample) {
      nextSample += SAMPLE_S * 1000;
      await sample('load');
    }
  }
  await Promise.all(inFlight);
  await sample('load');

  // ---- 3. restart ----
  const beforeStop = await engine(false);
  await stopLocalEngine(config.engine.dataDir);
  const restarted = await startLocalEngine({ ...config.engine });
  const afterStart = await engine(false);
  await sample('after');

  // every case started completed?
  const deadline = Date.now() + 300_000;
  let completed = 0;
  for (;;) {
    completed = 0;
    for (const c of started) {
      const r = await fetch(`${config.engine.restAddress}/v2/process-instances/${c.processInstanceKey}`, { headers: { authorization: localEngineAuthorization(config.engine.dataDir) } });
      if (r.ok && ((await r.json()) as { state: string }).state === 'COMPLETED') completed++;
      else if (r.status === 404) {
        // dropped from the read model's bounded history: it had finished
        const app = await sys.db('applications').where({ id: c.id }).first();
        if (app?.status === 'approved') completed++;
      }
    }
    if (completed === started.length || Date.now() > deadline) break;
    await sleep(2000);
  }

  const half = rows.filter((r) => r.stage === 'load').slice(-Math.max(2, Math.ceil(rows.filter((r) => r.stage === 'load').length / 2)));
  const spread = (xs: number[]) => (xs.length && Math.min(...xs) > 0 ? +((Math.max(...xs) / Math.min(...xs) - 1) * 100).toFixed(1) : NaN);
  // A compacted log is a saw-tooth (it grows to the next snapshot, then its old segments go), so
  // max/min between two samples says little about growth: the drift compares the mean of the
  // second half's first and last thirds (a log or heap that grows shows it here).
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const drift = (xs: number[]) => {
    const n = Math.floor(xs.length / 3);
    return n && mean(xs.slice(0, n)) > 0 ? +((mean(xs.slice(-n)) / mean(xs.slice(0, n)) - 1) * 100).toFixed(1) : NaN;
  };
  const result = {
    idleMinutes: IDLE_MIN,
    historyInstances: HISTORY,
    idleAppendedBytes: idleAppended,
    idleActivationsWritten: idleTo.longPolling.activationsWritten - idleFrom.longPolling.activationsWritten,
    loadMinutes: LOAD_MIN,
    casesStarted: started.length,
    casesCompleted: completed,
    failures: failures.length,
    secondHalfLogSpreadPct: spread(half.map((r) => r.logMiB)),
    secondHalfHeapSpreadPct: spread(half.map((r) => r.heapMiB)),
    secondHalfLogDriftPct: drift(half.map((r) => r.logMiB)),
    secondHalfHeapDriftPct: drift(half.map((r) => r.heapMiB)),
    logMiBBeforeRestart: mib(beforeStop.log.bytes),
    restartMillis: restarted.millis,
    restartReplayedRecords: afterStart.lastStart.replayedRecords,
    restartReplayMillis: afterStart.lastStart.replayMillis,
    restartFromSnapshot: afterStart.lastStart.fromSnapshotPosition,
  };
  console.log(`  idle: ${idleAppended} bytes appended to the log in ${IDLE_MIN} min (${result.idleActivationsWritten} job activations written)`);
  console.log(`  load: ${started.length} cases started, ${completed} completed, ${failures.length} failures; second half spread (max/min): log ${result.secondHalfLogSpreadPct} %, heap ${result.secondHalfHeapSpreadPct} %; drift (last third against first third): log ${result.secondHalfLogDriftPct} %, heap ${result.secondHalfHeapDriftPct} %`);
  console.log(`  restart: ${restarted.millis} ms (log ${result.logMiBBeforeRestart} MiB; replayed ${result.restartReplayedRecords} records in ${result.restartReplayMillis} ms after snapshot ${result.restartFromSnapshot})`);
  if (failures.length) console.log(`  first failures: ${failures.slice(0, 3).join(' | ')}`);
  console.log(JSON.stringify({ bench: 'soak', ...result, samples: rows }));

  await sys.stop();
  await stopLocalEngine(config.engine.dataDir);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
