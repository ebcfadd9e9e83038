/**
 * Fault: PostgreSQL unreachable for 10 seconds while 100 unit-registration cases are being
 * validated. The machine's PostgreSQL is shared, so it is never stopped: the worker process talks
 * to it through a TCP proxy (test/support/tcp-proxy.ts) that the test cuts — open connections
 * destroyed, new ones refused — and restores. Jobs fail and are retried with the production
 * back-off (WORKER_BACKOFF_MS 1000: 2 s, 4 s, 8 s, 16 s), every case completes, no incident is left.
 */
import { startTestSystem, TestSystem } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';
import { approveAllAndCheckOnce, submitCases, until } from '../support/fault-cases';

const CASES = 100;
const OUTAGE_MS = 10_000;
let sys: TestSystem;
let proxy: TcpProxy;
let workers: WorkerProcess | undefined;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const u = new URL(sys.config.databaseUrl);
  proxy = new TcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
  await proxy.start();
});
afterAll(async () => {
  await workers?.stop();
  await proxy?.stop();
  await sys?.stop();
});

it(`${CASES} cases complete after PostgreSQL was unreachable for ${OUTAGE_MS / 1000} s; no incident left`, async () => {
  const t0 = Date.now();
  workers = await startWorkerProcess({
    SMTP_PORT: String(sys.config.smtp.port),
    DATABASE_URL: proxy.url(sys.config.databaseUrl),
    WORKER_BACKOFF_MS: '1000',
    WORKER_JOB_TIMEOUT_MS: '20000',
    LOG_LEVEL: 'error',
  });
  const since = new Date(Date.now() - 1000);
  const submitting = submitCases(sys.url, CASES);
  const validated = async () => Number((await sys.db('applications').where('created_at', '>=', since).where({ process_id: 'unit-registration', status: 'in_review' }).count('* as n'))[0].n);
  await until(async () => (await validated()) >= 10, 60_000, '10 validated cases', 20);

  await proxy.cut();
  const cutAt = Date.now();
  const validatedAtCut = await validated();
  // the API (its own pool, straight to PostgreSQL) keeps taking registrations meanwhile
  const cases = await submitting;
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
  const validatedAtRestore = await validated();
  const failedDuringOutage = (workers.output().match(/job failed/g) ?? []).length;
  await proxy.restore();

  await approveAllAndCheckOnce(sys, cases);

  const failed = (workers.output().match(/job failed/g) ?? []).length;
  process.stdout.write(
    `\nfault/postgres-outage: ${CASES} cases; proxy cut for ${OUTAGE_MS / 1000} s with ${validatedAtCut} validated (${validatedAtRestore} at restore); ` +
      `${failed} failed job attempts retried with back-off (${failedDuringOutage} during the outage); all completed, 0 incidents, ${Math.round((Date.now() - t0) / 1000)} s\n`,
  );
  // the outage really hit running jobs
  expect(failedDuringOutage).toBeGreaterThan(0);
  expect(validatedAtRestore).toBeLessThan(CASES);
}, 240_000);
