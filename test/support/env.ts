/**
 * The test environment: its own database, its own engine (ports, data directory, controlled
 * clock) next to a development system on the defaults. Loaded by globalSetup and by every test file.
 */
import path from 'node:path';

/**
 * PF_TEST_SLOT=N (0–9) runs a second test run beside the first on one machine (two checkouts,
 * say): its own database, Redis database and engine ports.
 *
 * A run's test files are shared out over lanes (Jest's workers, PF_TEST_LANES, see jest.config.js): each
 * lane is a slot of its own, N, N+1, …, with its own database, Redis database and engine, shared by
 * every file of that lane. Lanes never see each other's jobs, clock or e-mails; the files of one
 * lane run one after another as a run of one lane would.
 */
export const BASE_SLOT = Number(process.env.PF_TEST_SLOT ?? 0);
if (!Number.isInteger(BASE_SLOT) || BASE_SLOT < 0 || BASE_SLOT > 9) throw new Error(`PF_TEST_SLOT must be 0–9, not "${process.env.PF_TEST_SLOT}"`);
/** This process's lane: Jest's worker id less one (0 in globalSetup and in a run in band). */
export const LANE = Math.max(0, Number(process.env.JEST_WORKER_ID ?? 1) - 1);
export const TEST_SLOT = BASE_SLOT + LANE;
if (TEST_SLOT > 9) throw new Error(`lane ${LANE} of slot ${BASE_SLOT} would be slot ${TEST_SLOT}: use fewer lanes (PF_TEST_LANES) or a lower PF_TEST_SLOT`);

/** The variables of one slot's test environment. */
export function testEnv(slot: number): Record<string, string> {
  const suffix = slot === 0 ? '' : `_${slot}`;
  return {
    PF_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/permitflow_test${suffix}`,
    // db 15 for the first run, 13 down to 5 for the others (14 is the benchmarks'; 0 development)
    REDIS_URL: `redis://127.0.0.1:6379/${slot === 0 ? 15 : 14 - slot}`,
    PF_ENGINE_HOST: '127.0.0.1',
    PF_ENGINE_GRPC_PORT: String(26600 + 10 * slot),
    PF_ENGINE_REST_PORT: String(8188 + 10 * slot),
    PF_ENGINE_DATA_DIR: path.resolve(__dirname, '..', '..', '.cache', `test-engine${suffix}`),
    PF_ENGINE_CLOCK_CONTROLLED: 'true',
    // A test engine lives for one run and mostly waits: the JVM's first-tier compiler only and the
    // serial collector. Its CPU over four process test files went from 25.2 to 13.7 s (the optimising
    // compiler's work never paid back). Benches keep the defaults (bench/env.ts).
    PF_ENGINE_JAVA_OPTIONS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC',
    SMTP_SINK: 'false',
    PORT: '0',
    WORKER_POLL_MS: '50',
    WORKER_BACKOFF_MS: '20',
    // no warm-up document at each system start (dozens per run); benches warm as production does
    PDF_RENDER_WARM: '0',
    FILE_STORE_DIR: path.resolve(__dirname, '..', '..', '.cache', `test-files${suffix}`),
    // the fault tests stop the engine on purpose: the SDK would log every refused poll
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    // every test client signs in from 127.0.0.1
    LOGIN_IP_PER_MINUTE: '10000',
    ANON_IP_PER_MINUTE: '10000',
    // registrations in many suites upload anonymously from 127.0.0.1 within the hour
    ANON_UPLOADS_PER_HOUR: '10000',
    // hundreds of accounts are made and signed in per run: new hashes at the floor, 2^10 (2 ms here,
    // 2^14 took 45 ms; production 2^17, and sign-in rehashes older ones)
    PASSWORD_SCRYPT_LOG_N: '10',
  };
}

/** The variables of this process's slot (its lane's). */
export const TEST_ENV = testEnv(TEST_SLOT);

/**
 * Sets each test variable unless the caller set it (CI may point tests elsewhere). A lane's worker
 * inherits the variables globalSetup set for lane 0: those (listed in PF_TEST_ENV_SET) are its own
 * to replace, the caller's are not.
 */
export function applyTestEnv(): void {
  const ours = new Set((process.env.PF_TEST_ENV_SET ?? '').split(',').filter(Boolean));
  for (const [k, v] of Object.entries(TEST_ENV)) {
    if (process.env[k] === undefined || ours.has(k)) {
      process.env[k] = v;
      ours.add(k);
    }
  }
  process.env.PF_TEST_ENV_SET = [...ours].join(',');
}

applyTestEnv();
