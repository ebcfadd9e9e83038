/**
 * bench/throughput — prints (never asserts) how many publicity-application cases per second the
 * whole product completes on this machine, against the bare engine's limit for the same BPMN.
 *
 *   node -r ts-node/register/transpile-only bench/throughput.ts [--instances 40] [--concurrency 8]
 *     [--warmup 40] [--idle 5] [--backlog 0] [--bare-only] [--profile]
 *
 * app:  scripted users drive each case through the API (apply → SMS code → upload + code →
 *       reviewer approves), real workers do the service tasks (eligibility, number, PDFs, identity
 *       check, SMS, e-mail, inbox mirror); a case counts when its instance has completed.
 * bare: the same model (every element, listener and message), its job types and messages renamed,
 *       with no-op workers on the SDK and the user task completed straight through the engine's
 *       REST API: what the engine alone allows for this shape here.
 * Job latency: engine activation → worker acknowledged, from workers/runtime.ts's timings channel
 * (app) and the same measure for the no-op workers (bare).
 *
 * Own database (permitflow_bench, recreated), Redis db 14, own engine (26800/8388, .cache/bench-engine),
 * like bench/inbox (do not run the two at once).
 */
import '../test/support/env';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import diagnostics from 'node:diagnostics_channel';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { arg } from './args';
import { benchEnv } from './env';
import { cpuProfile } from './profile';
import { countStatements } from './sql';
import { localEngineAuthorization } from '../core/local-engine-auth';

const ROOT = path.resolve(__dirname, '..');
Object.assign(process.env, {
  ...benchEnv('system'),
  FILE_STORE_DIR: path.join(ROOT, '.cache', 'bench-files'),
});

const INSTANCES = arg('instances', 40);
/** unmeasured cases run through each side first, so that neither is measured on a cold JIT (the engine's JVM, V8, the PDF threads) */
const WARMUP = arg('warmup', 40, 0);
const CONCURRENCY = arg('concurrency', 8);
/** seconds of nothing between the warm-up and the app phase, to show the CPU the product and the engine use at rest */
const IDLE_SECONDS = arg('idle', 5, 0);
/**
 * --backlog N: first leaves N instances waiting in the engine (a 30-day timer each), the way cases
 * wait for people for days; the figures then show what the engine's state size costs each command.
 */
const BACKLOG = arg('backlog', 0, 0);
/** --bare-only: the engine's own figure alone (skips the product's run). */
const BARE_ONLY = process.argv.includes('--bare-only');
/** --profile: writes the main thread's CPU profile of the measured app phase to .cache/bench-throughput-app.cpuprofile (Chrome DevTools opens it) */
const PROFILE = process.argv.includes('--profile');

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

/** A case that waits 30 days: the backlog's shape (a waiting instance, its variable, its timer). */
const BACKLOG_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench-backlog-definitions" targetNamespace="https://permitflow.example/bench">
  <bpmn:process id="bench-backlog" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-wait" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="to-end" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

async function main(): Promise<void> {
  const { loadConfig } = await import('../core/config');
  const { freshDatabaseAndEngine } = await import('./fresh');
  const { stopLocalEngine } = await import('../engine/launcher');
  const { startTestSystem, signIn, createAccount } = await import('../test/support/harness');
  const { hashPassword } = await import('../core/passwords');
  const { freshUscc, PNG } = await import('../test/support/fixtures');
  const { makeIdNumber } = await import('../db/publicity/seed-practitioners');
  const { addQualification, upsertPractitioner } = await import('../db/publicity/practitioners');
  const { addYears, localDate } = await import('../domain/publicity/rules');
  const { jobTimings } = await import('../workers/runtime');

  const config = loadConfig();
  const startedEngine = (await freshDatabaseAndEngine(config, () => undefined)).started;
  const sys = await startTestSystem();

  // ---- set-up (not measured): a unit, a reviewer, one eligible person per case ----
  const uscc = freshUscc();
  const [unit] = await sys.db('units')
    .insert({ uscc, name: '基准测试检验有限公司', legal_representative: '张三', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区建国路 88 号', postcode: '100022', phone: '010-65001234', institution_type: 'inspection', status: 'active', activated_at: sys.db.fn.now() })
    .returning('*');
  await sys.db('accounts').insert({ unit_id: unit.id, login: 'bench-unit', password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '基准联系人', email: 'bench-unit@example.test', mobile: '13812345678', status: 'active' });
  const applicant = await signIn(sys.url as string, 'bench-unit', 'Unit2026!x');
  const rev = await createAccount(sys, { groups: ['publicity-reviewers'] });
  const reviewer = await signIn(sys.url as string, rev.login, rev.password);
  const today = localDate(new Date());
  const persons: Array<{ name: string; idNumber: string; mobile: string }> = [];
  for (let i = 0; i < INSTANCES + WARMUP; i++) {
    const idNumber = makeIdNumber('110105', `19${80 + (i % 15)}0${1 + (i % 9)}1${i % 9}`, 500 + i);
    const name = `基准人员${String.fromCharCode(0x4e00 + (i % 2000))}${String.fromCharCode(0x4e00 + ((i * 7) % 2000))}`;
    const mobile = `139${String(20_000_000 + i * 7919).slice(-8)}`;
    const { row } = await upsertPractitioner(sys.db, { name, idNumber, mobile, gender: '男', workYears: 8 });
    await addQualification(sys.db, { practitionerId: row.id, itemCode: 'Y-GL', grade: 2, certificateNo: `B${i}`, issueDate: '2023-01-01', expiryDate: addYears(today, 3) });
    persons.push({ name, idNumber, mobile });
  }
  const fileIds: string[] = [];
  for (let i = 0; i < INSTANCES + WARMUP; i++) fileIds.push((await applicant.upload('申报单.png', PNG)).body.id);

  // ---- the bare side's model and no-op workers: the same model, job types and messages renamed ----
  const xml = fs
    .readFileSync(path.join(ROOT, 'bpmn', 'publicity-application.bpmn'), 'utf8')
    .replace(/<bpmn:process id="publicity-application"/, '<bpmn:process id="bench-bare-publicity"')
    .replace(/type="([a-z][a-z0-9.-]*)"/g, 'type="bare.$1"')
    .replace(/<bpmn:message id="([^"]+)" name="([^"]+)"/g, '<bpmn:message id="$1" name="bare.$2"');
  await sys.engine.zeebe.deployResource({ process: Buffer.from(xml), name: 'bench-bare-publicity.bpmn' });
  const jobTypes = [...new Set([...xml.matchAll(/type="(bare\.[^"]+)"/g)].map((m) => m[1]))];
  let bareTimings: number[] = [];
  const taskOf = new Map<string, string>(); // process instance key → user task key
  const outputs: Record<string, Record<string, unknown>> = {
    'bare.calendar.due-date': { reviewDueDate: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    'bare.publicity.identity-check': { identityResult: 'passed' },
  };
  const timeout = 60_000;
  const workers = jobTypes.map((taskType) =>
    sys.engine.zeebe.createWorker({
      taskType,
      pollInterval: config.workers.pollIntervalMs,
      maxJobsToActivate: config.workers.maxJobsToActivate,
      timeout,
      loglevel: 'ERROR',
      taskHandler: async (job) => {
        const from = Math.min(Number((job as { deadline?: string }).deadline) - timeout, Date.now());
        if (taskType === 'bare.inbox.sync.creating') taskOf.set(String(job.processInstanceKey), (job.customHeaders as Record<string, string>)['io.camunda.zeebe:userTaskKey']);
        const ack = await job.complete((outputs[taskType] ?? {}) as never);
        bareTimings.push(Date.now() - from);
        return ack;
      },
    }),
  );

  // ---- one case each way ----
  // where an app case's time goes: each scripted step's duration, ms
  let steps: Record<string, number[]> = {};
  const step = (name: string, since: number) => ((steps[name] ??= []).push(performance.now() - since), performance.now());
  const appCase = async (p: (typeof persons)[number], fileId: string): Promise<number> => {
    const c0 = performance.now();
    let at = c0;
    const created = await applicant.call('POST', '/api/publicity/applications', { data: { name: p.name, idNumber: p.idNumber, mobile: p.mobile, commitment1: true, commitment2: true, commitment3: true } });
    if (created.status !== 201) throw new Error(`apply: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    at = step('apply', at);
    // the upload window opens when the engine has reached the waiting step (a moment after the
    // application is created): asked too early, the API answers 409 NOT_IN_WINDOW
    const sent = await until('the upload window', async () => {
      const r = await applicant.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
      if (r.status === 409 && r.body?.error?.code === 'NOT_IN_WINDOW') return undefined;
      return r;
    });
    if (sent.status !== 202) throw new Error(`sms-code: ${sent.status} ${JSON.stringify(sent.body)}`);
    at = step('uploadWindow+smsRequest', at);
    const sms = await until('the SMS code', () => sys.db('sms_outbox').where({ recipient: p.mobile }).orderBy('id', 'desc').first());
    const code = /确认码 (\d{6})/.exec(sms.text)![1];
    at = step('smsArrives', at);
    const ok = await applicant.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: fileId, code });
    if (ok.status !== 202) throw new Error(`confirm: ${ok.status} ${JSON.stringify(ok.body)}`);
    at = step('confirm', at);
    const task = await until('the review task', () => sys.db('tasks').where({ application_id: id, state: 'CREATED', form_key: 'publicity-application-review' }).first());
    at = step('reviewTaskListed', at);
    const done = await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'approve' } });
    if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
    at = step('complete', at);
    const app = await until('approval', async () => {
      const a = await sys.db('applications').where({ id }).first();
      return a.status === 'approved' ? a : undefined;
    });
    at = step('approved', at);
    await until('the instance to complete', async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${app.process_instance_key}`)).body.state === 'COMPLETED');
    step('instanceCompleted', at);
    return performance.now() - c0;
  };
  const bareCase = async (): Promise<number> => {
    const c0 = performance.now();
    const applicationId = randomUUID();
    const pi = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'bench-bare-publicity', variables: { applicationId } });
    const key = String(pi.processInstanceKey);
    for (const name of ['bare.publicity-code-requested', 'bare.publicity-confirmed']) {
      await sys.engine.zeebe.publishMessage({ name, correlationKey: applicationId, variables: {}, timeToLive: 60_000 });
    }
    const userTaskKey = await until('the bare user task', async () => taskOf.get(key));
    await until('the bare task to accept completion', async () => (await sys.engineRest('POST', `/v2/user-tasks/${userTaskKey}/completion`, { variables: { decision: 'approve' } })).status === 204);
    await until('the bare instance to complete', async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${key}`)).body.state === 'COMPLETED');
    return performance.now() - c0;
  };

  // ---- the backlog (not measured): instances that wait, as cases wait for people ----
  if (BACKLOG > 0) {
    const b0 = performance.now();
    await sys.engine.zeebe.deployResource({ process: Buffer.from(BACKLOG_BPMN), name: 'bench-backlog.bpmn' });
    let created = 0;
    await pool(Array.from({ length: BACKLOG }, (_, i) => i), 16, async (i) => {
      await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'bench-backlog', variables: { i } });
      created++;
    });
    console.log(`  backlog: ${created} instances left waiting in ${((performance.now() - b0) / 1000).toFixed(1)} s`);
  }

  // ---- warm-up (not measured): the last WARMUP persons through the app, as many bare cases ----
  const warm = persons.slice(INSTANCES);
  if (!BARE_ONLY) await pool(warm, CONCURRENCY, async (p, i) => void (await appCase(p, fileIds[INSTANCES + i])));
  await pool(warm, CONCURRENCY, async () => void (await bareCase()));
  steps = {};
  bareTimings = [];

  const appTimings: Array<{ type: string; totalMs: number; queuedMs: number }> = [];
  const onJob = (m: unknown) => appTimings.push(m as { type: string; totalMs: number; queuedMs: number });
  // peak resident memory of this process (API + workers) and of the engine's JVM, both phases
  const { samplePeakRss, cpuSeconds } = await import('./memory');
  const memory = samplePeakRss(config.engine.dataDir);
  // the local engine's own figures (log written, fsyncs shared by group commit, memory); undefined elsewhere
  const engineStatus = () =>
    fetch(`${config.engine.restAddress}/permitflow/engine`, { headers: { authorization: localEngineAuthorization(config.engine.dataDir) } }).then((r) => (r.ok ? r.json() : undefined), () => undefined) as Promise<
      | { log: { bytes: number; appendedBytesSinceStart: number; fsyncsSinceStart: number; lastPosition: number }; snapshots: { count: number }; stateEntries: number; memory: { heapUsedBytes: number; rssBytes: number } }
      | undefined
    >;
  // records the engine appends per case in each phase (its log position), and the fsyncs they took
  // (group commit shares one among the appends of a short window: fewer, larger ones under a burst)
  const engineLog = async (): Promise<{ position: number; fsyncs: number } | null> => {
    const s = await engineStatus();
    return s ? { position: s.log.lastPosition, fsyncs: s.log.fsyncsSinceStart } : null;
  };

  // ---- idle (not a phase of the ratio): what the connected product costs with no case running ----
  const idle0 = cpuSeconds(config.engine.dataDir);
  await sleep(IDLE_SECONDS * 1000);
  const idle1 = cpuSeconds(config.engine.dataDir);

  // ---- app: the product, driven by scripted users ----
  const documentsBefore = Number((await sys.db('documents').count().first())?.count);
  const emailsBefore = Number((await sys.db('notifications').where({ channel: 'email' }).count().first())?.count);
  diagnostics.subscribe(jobTimings.name, onJob);
  const cpu0 = cpuSeconds(config.engine.dataDir);
  const pos0 = await engineLog();
  const appCases: number[] = [];
  const profile = await cpuProfile(PROFILE, path.join(ROOT, '.cache', 'bench-throughput-app.cpuprofile'));
  // SQL statements per case in the app phase (and, with --profile, which)
  const counting = countStatements(sys.db, PROFILE);
  const { engineContract } = await import('../core/engine-client');
  const restBefore = Object.fromEntries(Object.entries(engineContract.calls).map(([k, v]) => [k, v.sent]));
  const t0 = performance.now();
  if (!BARE_ONLY) await pool(persons.slice(0, INSTANCES), CONCURRENCY, async (p, i) => void appCases.push(await appCase(p, fileIds[i])));
  const appSeconds = (performance.now() - t0) / 1000;
  await profile.stop();
  const statements = counting.stop();
  // the product's own REST calls to the engine per case, by operation (the bench's polling is apart)
  const restPerCase = Object.fromEntries(
    Object.entries(engineContract.calls).map(([k, v]) => [k, +((v.sent - (restBefore[k] ?? 0)) / INSTANCES).toFixed(2)] as const).filter(([, n]) => n > 0),
  );
  const cpu1 = cpuSeconds(config.engine.dataDir);
  const pos1 = await engineLog();
  diagnostics.unsubscribe(jobTimings.name, onJob);
  const appJobs = appTimings.filter((t) => t.type !== '');
  const appEmails = Number((await sys.db('notifications').where({ channel: 'email' }).count().first())?.count) - emailsBefore;
  const appDocs = Number((await sys.db('documents').count().first())?.count) - documentsBefore;

  // ---- bare: the same model, no-op workers, straight to the engine ----
  const bareCases: number[] = [];
  const b0 = performance.now();
  await pool(persons.slice(0, INSTANCES), CONCURRENCY, async () => void bareCases.push(await bareCase()));
  const bareSeconds = (performance.now() - b0) / 1000;
  const cpu2 = cpuSeconds(config.engine.dataDir);
  const pos2 = await engineLog();
  type EngineLog = Awaited<ReturnType<typeof engineLog>>;
  const logPerCase = (a: EngineLog, b: EngineLog, k: 'position' | 'fsyncs') => (a && b ? Math.round((b[k] - a[k]) / INSTANCES) : null);
  const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : +(b - a).toFixed(2));
  const cpuOf = (a: typeof cpu0, b: typeof cpu0) => ({ nodeSeconds: +(b.self - a.self).toFixed(2), engineSeconds: delta(a.engine, b.engine), postgresSeconds: delta(a.postgres, b.postgres), redisSeconds: delta(a.redis, b.redis) });
  await Promise.all(workers.map((w) => w.close(2000).catch(() => undefined)));

  const peakRss = await memory.stop();
  const appRate = BARE_ONLY ? NaN : INSTANCES / appSeconds;
  const bareRate = INSTANCES / bareSeconds;
  const appLat = appJobs.map((t) => t.totalMs);
  const result = {
    instances: INSTANCES,
    warmup: WARMUP,
    backlog: BACKLOG,
    concurrency: CONCURRENCY,
    cpus: os.cpus().length,
    app: {
      instancesPerSecond: +appRate.toFixed(2), seconds: +appSeconds.toFixed(1), caseMsP50: Math.round(pct(appCases, 50)), caseMsP99: Math.round(pct(appCases, 99)),
      jobs: appJobs.length, jobMsP50: Math.round(pct(appLat, 50)), jobMsP99: Math.round(pct(appLat, 99)), emails: appEmails, documents: appDocs,
    },
    bare: {
      instancesPerSecond: +bareRate.toFixed(2), seconds: +bareSeconds.toFixed(1), caseMsP50: Math.round(pct(bareCases, 50)), caseMsP99: Math.round(pct(bareCases, 99)),
      jobs: bareTimings.length, jobMsP50: Math.round(pct(bareTimings, 50)), jobMsP99: Math.round(pct(bareTimings, 99)),
    },
    ratioAppToBare: +(appRate / bareRate).toFixed(3),
    cpu: { app: cpuOf(cpu0, cpu1), bare: cpuOf(cpu1, cpu2), idle: { seconds: IDLE_SECONDS, ...cpuOf(idle0, idle1) } },
    engineRecordsPerCase: { app: logPerCase(pos0, pos1, 'position'), bare: logPerCase(pos1, pos2, 'position') },
    engineFsyncsPerCase: { app: logPerCase(pos0, pos1, 'fsyncs'), bare: logPerCase(pos1, pos2, 'fsyncs') },
    sqlStatementsPerCase: Math.round(statements.total / INSTANCES),
    engineRestCallsPerCase: restPerCase,
    caseStepsMsP50: Object.fromEntries(Object.entries(steps).map(([k, xs]) => [k, Math.round(pct(xs, 50))])),
    peakRss,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };
  const slowest = Object.entries(
    appJobs.reduce<Record<string, Array<{ totalMs: number; queuedMs: number }>>>((acc, t) => ((acc[t.type] ??= []).push(t), acc), {}),
  ).map(([type, ts]) => {
    const xs = ts.map((t) => t.totalMs);
    return { type, n: xs.length, p50: Math.round(pct(xs, 50)), p99: Math.round(pct(xs, 99)), queuedP50: Math.round(pct(ts.map((t) => t.queuedMs), 50)) };
  }).sort((a, b) => b.p50 - a.p50).slice(0, 8);

  console.log(`bench/throughput: ${INSTANCES} publicity-application cases, ${CONCURRENCY} at a time, ${result.cpus} CPUs, after ${WARMUP} unmeasured cases each way${BACKLOG ? `, ${BACKLOG} instances waiting in the engine` : ''}`);
  console.log(`  app  ${result.app.instancesPerSecond} cases/s (${result.app.seconds} s) · case p50 ${result.app.caseMsP50} ms p99 ${result.app.caseMsP99} ms · ${result.app.jobs} jobs: activation→ack p50 ${result.app.jobMsP50} ms p99 ${result.app.jobMsP99} ms · ${result.app.emails} e-mails, ${result.app.documents} PDFs`);
  console.log(`  bare ${result.bare.instancesPerSecond} cases/s (${result.bare.seconds} s) · case p50 ${result.bare.caseMsP50} ms p99 ${result.bare.caseMsP99} ms · ${result.bare.jobs} jobs: activation→ack p50 ${result.bare.jobMsP50} ms p99 ${result.bare.jobMsP99} ms`);
  console.log(`  ratio app / bare ${result.ratioAppToBare}`);
  const cpuLine = (c: typeof result.cpu.app) => `node ${c.nodeSeconds} + engine ${c.engineSeconds} + PostgreSQL ${c.postgresSeconds} + Redis ${c.redisSeconds}`;
  console.log(`  CPU seconds: app phase ${cpuLine(result.cpu.app)} · bare phase ${cpuLine(result.cpu.bare)} · ${IDLE_SECONDS} s idle before them ${cpuLine(result.cpu.idle)} · engine records per case: app ${result.engineRecordsPerCase.app}, bare ${result.engineRecordsPerCase.bare} (fsyncs per case: app ${result.engineFsyncsPerCase.app}, bare ${result.engineFsyncsPerCase.bare})`);
  console.log(`  SQL statements per app case: ${result.sqlStatementsPerCase} (this process's pool; the scripted users' polling included)`);
  console.log(`  the product's engine REST calls per app case: ${Object.entries(restPerCase).map(([k, n]) => `${k} ${n}`).join(' · ') || 'none'}`);
  if (PROFILE) for (const [sql, n] of statements.top(40)) console.log(`    ${(n / INSTANCES).toFixed(1).padStart(5)}/case  ${sql}`);
  console.log(`  app case steps p50 (ms): ${Object.entries(result.caseStepsMsP50).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  console.log(`  peak RSS: API + workers ${peakRss.apiWorkersPeakMiB ?? '?'} MiB · engine JVM ${peakRss.engineJvmPeakMiB ?? '?'} MiB · load average at the end ${result.loadAverage.join(' ')}`);
  console.log(`  slowest job types (app, p50/p99 ms): ${slowest.map((s) => `${s.type} ${s.p50}/${s.p99} (${s.n}, queued p50 ${s.queuedP50})`).join(' · ')}`);
  const engineFigures = await engineStatus();
  if (engineFigures) {
    const mib = (n: number) => (n / 1048576).toFixed(1);
    console.log(
      `  engine: log ${mib(engineFigures.log.bytes)} MiB (${engineFigures.log.lastPosition} records), ${mib(engineFigures.log.appendedBytesSinceStart)} MiB appended in ${engineFigures.log.fsyncsSinceStart} fsyncs since its start, ` +
        `${engineFigures.snapshots.count} snapshots, ${engineFigures.stateEntries} state entries, heap ${mib(engineFigures.memory.heapUsedBytes)} MiB, RSS ${mib(engineFigures.memory.rssBytes)} MiB`,
    );
  }
  console.log(JSON.stringify({ bench: 'throughput', ...result, slowest, engine: engineFigures && { log: engineFigures.log, stateEntries: engineFigures.stateEntries, memory: engineFigures.memory } }));

  await sys.stop();
  if (startedEngine) await stopLocalEngine(config.engine.dataDir);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
