/**
 * Fault: the worker process is killed with SIGKILL twice in the middle of 100 running
 * unit-registration cases (once while they are validated, once while they are activated and
 * notified) and started again. Every case completes; each approval e-mail and SMS goes out once.
 *
 * E-mail over SMTP cannot be exactly-once across a crash: a worker killed after the sink accepted
 * a mail and before it recorded that (notifications.sent_at) sends it again on the retry, with the
 * same Message-ID (so a receiving system drops the copy). The test stops the process (SIGSTOP)
 * just before killing it to see exactly which mails were in that window, and allows a second copy
 * for those only.
 */
import { startTestSystem, TestSystem } from '../support/harness';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';
import { activeIncidents, allCompleted, approve, countStatus, deliveries, pool, reviewTasks, submitCases, until } from '../support/fault-cases';

const CASES = 100;
let sys: TestSystem;
let workers: WorkerProcess | undefined;
const env = () => ({ SMTP_PORT: String(sys.config.smtp.port), WORKER_JOB_TIMEOUT_MS: '5000', LOG_LEVEL: 'error' });

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await workers?.stop();
  await sys?.stop();
});

/** SIGSTOP, note the mails the sink has but the database does not record as sent, SIGKILL. */
/**
 * Freezes and kills the worker process; returns the crash window: the e-mails whose notification
 * was not yet marked sent. Those the frozen worker had already handed to SMTP (the sink may finish
 * receiving them after the freeze) are sent again by its successor, once.
 */
async function freezeAndKill(w: WorkerProcess): Promise<Set<string>> {
  process.kill(w.pid, 'SIGSTOP');
  const unsent = await sys.db('notifications').whereNull('sent_at').where({ channel: 'email' }).pluck('idempotency_key');
  const window = new Set(unsent.map((k: string) => `<${k}@permitflow.local>`));
  await w.kill('SIGKILL');
  return window;
}

it(`${CASES} cases survive two SIGKILLs of the worker process; each e-mail and SMS once`, async () => {
  const t0 = Date.now();
  workers = await startWorkerProcess(env());

  // 1. killed while the cases are validated and their review tasks created
  const since = new Date(Date.now() - 1000);
  const submitting = submitCases(sys.url, CASES);
  const validated = async () => Number((await sys.db('applications').where('created_at', '>=', since).where({ process_id: 'unit-registration', status: 'in_review' }).count('* as n'))[0].n);
  await until(async () => (await validated()) >= 20, 60_000, '20 validated cases', 20);
  const killed1 = await freezeAndKill(workers);
  const validatedAtKill1 = await validated();
  workers = await startWorkerProcess(env());
  const cases = await submitting;
  const tasks = await reviewTasks(sys, cases, 180_000);
  expect(tasks.size).toBe(CASES);

  // 2. killed while approvals are activated, e-mailed and texted
  const completions = pool(cases, 10, (c) => approve(sys, tasks.get(c.processInstanceKey)!));
  await until(async () => Number((await sys.db('notifications').whereIn('application_id', cases.map((c) => c.id)).whereNotNull('sent_at').count('* as n'))[0].n) >= 30, 60_000, '30 notifications sent', 20);
  const killed2 = await freezeAndKill(workers);
  const notesAtKill2 = Number((await sys.db('notifications').whereIn('application_id', cases.map((c) => c.id)).whereNotNull('sent_at').count('* as n'))[0].n);
  workers = await startWorkerProcess(env());
  await completions;

  await allCompleted(sys, cases, 180_000);
  expect(await countStatus(sys, cases, 'approved')).toBe(CASES);
  expect(await activeIncidents(sys, cases)).toEqual([]);

  const inWindow = new Set([...killed1, ...killed2]);
  const got = await deliveries(sys, cases);
  const problems: string[] = [];
  for (const d of got) {
    if (d.messageIds.length !== 1) problems.push(`${d.c.number}: ${d.messageIds.length} distinct approval e-mails`);
    const allowed = d.messageIds.some((id) => inWindow.has(id!)) ? 2 : 1;
    if (d.mails < 1 || d.mails > allowed) problems.push(`${d.c.number}: ${d.mails} e-mails`);
    if (d.sms !== 1) problems.push(`${d.c.number}: ${d.sms} SMS`);
    const channels = d.notes.map((n) => n.channel).sort();
    if (channels.join() !== 'email,sms' || d.notes.some((n) => !n.sent_at)) problems.push(`${d.c.number}: notifications ${JSON.stringify(d.notes)}`);
  }
  const mails = got.reduce((s, d) => s + d.mails, 0);
  const sms = got.reduce((s, d) => s + d.sms, 0);
  process.stdout.write(
    `\nfault/worker-kill: ${CASES} cases, 2 × SIGKILL (1st with ${validatedAtKill1} cases validated, 2nd with ${notesAtKill2}/${2 * CASES} notifications sent); ` +
      `all completed, ${mails} e-mails (${mails - CASES} resent from the crash window, ${inWindow.size} unsent when killed), ${sms} SMS, 0 incidents, ${Math.round((Date.now() - t0) / 1000)} s\n`,
  );
  expect(problems).toEqual([]);
}, 480_000);
