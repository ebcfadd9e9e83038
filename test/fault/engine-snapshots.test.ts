/**
 * The local engine over time, on an engine of this file's own (small log segments, a snapshot
 * every 1,000 records, so snapshots and compaction happen within the test):
 *  - idle job workers append nothing to the log (their requests are held by long polling);
 *  - SIGKILL of the engine during a burst of commands, after snapshots and compaction: every
 *    acknowledged process instance and task completion is there after the restart, and the product
 *    carries on (every case approved, one e-mail and one SMS each, no incident);
 *  - a clean restart loads the newest snapshot and replays only the records after it (the count
 *    the engine reports), and the compacted segments are gone from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import { sdkConfiguration } from '../../core/camunda';
import { loadConfig } from '../../core/config';
import { startLocalEngine, stopLocalEngine } from '../../engine/launcher';
import { startTestSystem, TestSystem } from '../support/harness';
import { allCompleted, approveAllAndCheckOnce, deliveries, FaultCase, pool, reviewTasks, submitCases, until } from '../support/fault-cases';
import { localEngineAuthorization } from '../../core/local-engine-auth';
import { TEST_SLOT as slot } from '../support/env';

const own = {
  PF_ENGINE_GRPC_PORT: String(26600 + 10 * slot + 5),
  PF_ENGINE_REST_PORT: String(8188 + 10 * slot + 5),
  PF_ENGINE_DATA_DIR: path.resolve(__dirname, '..', '..', '.cache', `test-engine-snapshots-${slot}`),
  PF_ENGINE_LOG_SEGMENT_MB: '0.0625',
  PF_ENGINE_SNAPSHOT_EVERY_RECORDS: '300',
  // jobs whose completion was lost with the engine are handed out again after 5 s, not 60
  WORKER_JOB_TIMEOUT_MS: '5000',
};
const saved: Record<string, string | undefined> = {};
const maybe = loadConfig().engine.local ? it : it.skip;

interface Figures {
  log: { bytes: number; segments: number; firstPosition: number; lastPosition: number; appendedBytesSinceStart: number };
  snapshots: { count: number; lastPosition: number | null };
  lastStart: { fromSnapshotPosition: number | null; logEndPosition: number; replayedRecords: number; replayMillis: number };
  longPolling: { heldRequests: number; activationsWritten: number; heldAnsweredEmpty: number };
}

let sys: TestSystem;
let config: ReturnType<typeof loadConfig>;
const figures = async (): Promise<Figures> => (await sys.engineRest<Figures>('GET', '/permitflow/engine')).body;
const segmentFiles = () => fs.readdirSync(path.join(own.PF_ENGINE_DATA_DIR, 'log')).filter((f) => f.startsWith('segment-')).sort();
const snapshotFiles = () => fs.readdirSync(path.join(own.PF_ENGINE_DATA_DIR, 'snapshots')).filter((f) => f.endsWith('.state')).sort().reverse();
const enginePid = () => Number(fs.readFileSync(path.join(own.PF_ENGINE_DATA_DIR, 'engine.pid'), 'utf8'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  for (const [k, v] of Object.entries(own)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  config = loadConfig();
  if (!config.engine.local) return;
  await stopLocalEngine(own.PF_ENGINE_DATA_DIR);
  fs.rmSync(own.PF_ENGINE_DATA_DIR, { recursive: true, force: true });
  expect((await startLocalEngine({ ...config.engine })).started).toBe(true);
  sys = await startTestSystem();
}, 180_000);

afterAll(async () => {
  await sys?.stop();
  if (config?.engine.local) await stopLocalEngine(own.PF_ENGINE_DATA_DIR);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

maybe('idle job workers append nothing to the log: their requests are held, answered empty at their timeout, and asked again', async () => {
  const types = sys.workers!.types.length;
  // every product worker's request is held (each type's first activation found nothing)
  await until(async () => ((await figures()).longPolling.heldRequests >= types) || undefined, 60_000, `${types} held job requests`, 100);
  // five more workers whose requests are held 1 s only (the product's wait 50 s), polling again 50 ms after each answer
  const probes = new Camunda8({ ...sdkConfiguration(config.engine), zeebeGrpcSettings: { ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1 } } as never).getZeebeGrpcApiClient();
  try {
    const base = await figures();
    for (let i = 0; i < 5; i++) {
      probes.createWorker({ taskType: `idle-probe-${i}`, pollInterval: 50, loglevel: 'NONE', taskHandler: async (job) => job.complete() });
    }
    // their first request each (one activation written per new type), then held and answered empty once
    const settled = await until(async () => {
      const f = await figures();
      return f.longPolling.heldAnsweredEmpty >= base.longPolling.heldAnsweredEmpty + 5 && f.longPolling.heldRequests >= types ? f : undefined;
    }, 60_000, 'the probes held once', 50);
    expect(settled.longPolling.activationsWritten - base.longPolling.activationsWritten).toBeLessThanOrEqual(5);
    // two more rounds: every probe asks again twice, and nothing reaches the log
    const after = await until(async () => {
      const f = await figures();
      return f.longPolling.heldAnsweredEmpty >= settled.longPolling.heldAnsweredEmpty + 10 ? f : undefined;
    }, 60_000, 'two more rounds of held requests', 50);
    expect(after.longPolling.activationsWritten).toBe(settled.longPolling.activationsWritten);
    expect(after.log.appendedBytesSinceStart).toBe(settled.log.appendedBytesSinceStart);
    expect(after.log.bytes).toBe(settled.log.bytes);
    expect(after.log.lastPosition).toBe(settled.log.lastPosition);
  } finally {
    await probes.close(2000).catch(() => undefined);
  }
}, 180_000);

maybe('SIGKILL during a burst of commands after snapshots and compaction: every acknowledged instance and completion survives; the product carries on', async () => {
  // 1. enough cases for snapshots and the deletion of old segments
  const first = await submitCases(sys.url, 8);
  const firstTasks = await reviewTasks(sys, first, 120_000);
  const compacted = await until(async () => {
    const f = await figures();
    return f.snapshots.count >= 1 && f.log.firstPosition > 1 ? f : undefined;
  }, 60_000, 'a snapshot and a compacted log', 200);
  expect(segmentFiles()[0]).not.toBe('segment-00000000000000000001.log');

  // 2. a burst: 16 more registrations and the approval of the first 8, SIGKILL in the middle
  const acknowledged: FaultCase[] = [];
  const completed: string[] = [];
  let killed = false;
  const registrations = pool(Array.from({ length: 16 }), 8, async () => {
    if (killed) return;
    const made = await submitCases(sys.url, 1).catch(() => undefined);
    if (made) acknowledged.push(...made);
  });
  const approvals = pool(first, 4, async (c) => {
    if (killed) return;
    const key = firstTasks.get(c.processInstanceKey)!;
    const r = await fetch(`${config.engine.restAddress}/v2/user-tasks/${key}/completion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: localEngineAuthorization(config.engine.dataDir) },
      body: JSON.stringify({ variables: { decision: 'approve' } }),
    }).catch(() => undefined);
    if (r?.status === 204) completed.push(key);
  });
  await until(async () => (acknowledged.length >= 4 && completed.length >= 1) || undefined, 180_000, '4 acknowledged registrations and a completion in the burst', 10);
  const pid = enginePid();
  process.kill(pid, 'SIGKILL');
  killed = true;
  await until(async () => !alive(pid) || undefined, 10_000, 'the killed engine to be gone', 20);
  const ackedAtKill = acknowledged.length;
  const completedAtKill = completed.length;

  // 3. restart (the registrations in flight wait for the engine: the SDK retries): from a
  //    snapshot, with every acknowledged command in place
  const restarted = await startLocalEngine({ ...config.engine });
  expect(restarted.started).toBe(true);
  await Promise.all([registrations, approvals]);
  const f = await figures();
  expect(f.lastStart.fromSnapshotPosition).toBeGreaterThanOrEqual(compacted.snapshots.lastPosition!);
  for (const c of acknowledged) {
    const r = await sys.engineRest<{ processInstanceKey: string }>('GET', `/v2/process-instances/${c.processInstanceKey}`);
    expect([c.number, r.status]).toEqual([c.number, 200]);
  }
  for (const key of completed) {
    const t = await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${key}`);
    expect([key, t.body.state]).toEqual([key, 'COMPLETED']);
  }

  // 4. the product carries on: the first 8 (approved before the kill or now) and the
  //    acknowledged burst all end approved, one e-mail and one SMS each, no incident
  const state = async (c: FaultCase) => (await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${firstTasks.get(c.processInstanceKey)}`)).body.state;
  // a completion in flight at the kill may still run its listener job (COMPLETING): let it finish
  const states = await until(async () => {
    const all = await Promise.all(first.map(state));
    return all.every((x) => x === 'CREATED' || x === 'COMPLETED') ? all : undefined;
  }, 120_000, 'the first review tasks open or completed', 200);
  const approvedBefore = first.filter((_, i) => states[i] === 'COMPLETED');
  const rest = [...first.filter((c) => !approvedBefore.includes(c)), ...acknowledged];
  await reviewTasks(sys, rest, 180_000).catch(async (err) => {
    // which cases have no open review task, and where each one stands
    const where = await Promise.all(rest.map(async (c) => {
      const els = await sys.engineRest<{ items: Array<{ elementId: string; state: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: c.processInstanceKey } });
      const app = await sys.db('applications').where({ id: c.id }).first();
      return `${c.number} ${app?.status}: ${els.body.items.filter((e) => e.state === 'ACTIVE').map((e) => e.elementId).join(',')}`;
    }));
    throw new Error(`${(err as Error).message}\n${where.join('\n')}`);
  });
  const got = await approveAllAndCheckOnce(sys, rest, 180_000);
  await allCompleted(sys, approvedBefore, 180_000);
  const earlier = await deliveries(sys, approvedBefore);
  expect(earlier.filter((d) => d.mails !== 1 || d.sms !== 1).map((d) => `${d.c.number}: ${d.mails} e-mails, ${d.sms} SMS`)).toEqual([]);
  const done = earlier;
  process.stdout.write(
    `\nfault/engine-snapshots: SIGKILL with ${ackedAtKill} burst registrations and ${completedAtKill} completions acknowledged ` +
      `(${acknowledged.length} and ${completed.length} by the end); restarted from snapshot ${f.lastStart.fromSnapshotPosition}, ` +
      `${f.lastStart.replayedRecords} records replayed in ${f.lastStart.replayMillis} ms; ${got.length + done.length} cases completed\n`,
  );
}, 900_000);

maybe('a clean restart replays only the records after the newest snapshot; compacted segments stay gone', async () => {
  const before = await figures();
  expect(await stopLocalEngine(own.PF_ENGINE_DATA_DIR)).toBe(true);
  const newest = snapshotFiles()[0];
  const position = Number(/^snapshot-(\d+)-/.exec(newest)![1]);
  const segments = segmentFiles();
  expect(segments[0]).not.toBe('segment-00000000000000000001.log');

  const restarted = await startLocalEngine({ ...config.engine });
  expect(restarted.started).toBe(true);
  const f = await figures();
  expect(f.lastStart.fromSnapshotPosition).toBe(position);
  expect(f.lastStart.replayedRecords).toBe(f.lastStart.logEndPosition - position);
  expect(f.lastStart.replayedRecords).toBeLessThan(f.lastStart.logEndPosition - before.log.firstPosition);
  expect(restarted.ready?.replayedRecords).toBe(f.lastStart.replayedRecords);
  const log = fs.readFileSync(path.join(own.PF_ENGINE_DATA_DIR, 'engine.log'), 'utf8');
  expect(log).toContain(`replayed ${f.lastStart.replayedRecords} records after snapshot ${newest}`);
  // the segments deleted before the stop are still gone, and the log starts where it did
  expect(segmentFiles()[0] >= segments[0]).toBe(true);
  expect(f.log.firstPosition).toBeGreaterThanOrEqual(before.log.firstPosition);

  // and the product goes on
  const [c] = await submitCases(sys.url, 1);
  await approveAllAndCheckOnce(sys, [c], 120_000);
}, 300_000);
