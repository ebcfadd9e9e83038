/**
 * Fault: the engine is stopped and started again while 100 unit-registration cases are being
 * validated (workers in this process, still running across the restart). No case is lost: every
 * one reaches its review task, is approved and ends, each e-mail and SMS once, no incident.
 * (test/process/engine-restart.test.ts covers one task waiting at review across a restart.)
 */
import { loadConfig } from '../../core/config';
import { startLocalEngine, stopLocalEngine } from '../../engine/launcher';
import { startTestSystem, TestSystem } from '../support/harness';
import { approveAllAndCheckOnce, submitCases } from '../support/fault-cases';

const CASES = 100;
const config = loadConfig();
const maybe = config.engine.local ? it : it.skip;
let sys: TestSystem;

beforeAll(async () => {
  // jobs whose completion was lost with the engine are handed out again after 5 s, not 60
  process.env.WORKER_JOB_TIMEOUT_MS = '5000';
  sys = await startTestSystem();
});
afterAll(async () => {
  delete process.env.WORKER_JOB_TIMEOUT_MS;
  await sys?.stop();
});

maybe(`${CASES} cases survive an engine restart in the middle`, async () => {
  const t0 = Date.now();
  const since = new Date(Date.now() - 1000);
  const cases = await submitCases(sys.url, CASES);
  const validated = async () => Number((await sys.db('applications').where('created_at', '>=', since).where({ process_id: 'unit-registration', status: 'in_review' }).count('* as n'))[0].n);
  const atStop = await validated();
  expect(await stopLocalEngine(config.engine.dataDir)).toBe(true);
  const down = await fetch(`${config.engine.restAddress}/v2/topology`).then(() => 'up', () => 'down');
  expect(down).toBe('down');
  const restarted = await startLocalEngine({ ...config.engine });
  expect(restarted.started).toBe(true);

  const got = await approveAllAndCheckOnce(sys, cases);
  process.stdout.write(
    `\nfault/engine-restart: ${CASES} cases, engine restarted (${restarted.millis} ms) with ${atStop}/${CASES} validated; all completed, ` +
      `${got.reduce((s, d) => s + d.mails, 0)} e-mails, ${got.reduce((s, d) => s + d.sms, 0)} SMS, 0 incidents, ${Math.round((Date.now() - t0) / 1000)} s\n`,
  );
}, 240_000);
