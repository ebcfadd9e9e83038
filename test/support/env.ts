/**
 * The test environment: its own database, its own engine (ports, data directory, controlled
 * clock) next to a development system on the defaults. Loaded by globalSetup and by every test file.
 */
import path from 'node:path';

/**
 * PF_TEST_SLOT=N (0–9) runs a second test run beside the first on one machine (two checkouts,
 * say): its own database, Redis database and engine ports.
 */
const slot = Number(process.env.PF_TEST_SLOT ?? 0);
if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error(`PF_TEST_SLOT must be 0–9, not "${process.env.PF_TEST_SLOT}"`);
const suffix = slot === 0 ? '' : `_${slot}`;

export const TEST_ENV: Record<string, string> = {
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
  SMTP_SINK: 'false',
  PORT: '0',
  WORKER_POLL_MS: '50',
  WORKER_BACKOFF_MS: '20',
  FILE_STORE_DIR: path.resolve(__dirname, '..', '..', '.cache', `test-files${suffix}`),
  // the fault tests stop the engine on purpose: the SDK would log every refused poll
  ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
  // every test client signs in from 127.0.0.1
  LOGIN_IP_PER_MINUTE: '10000',
  ANON_IP_PER_MINUTE: '10000',
  // registrations in many suites upload anonymously from 127.0.0.1 within the hour
  ANON_UPLOADS_PER_HOUR: '10000',
  // many accounts are made per run: new hashes at 2^14 (production 2^17; sign-in rehashes older ones)
  PASSWORD_SCRYPT_LOG_N: '14',
};

/** Sets each test variable unless the caller set it (CI may point tests elsewhere). */
export function applyTestEnv(): void {
  for (const [k, v] of Object.entries(TEST_ENV)) {
    if (process.env[k] === undefined) process.env[k] = v;
  }
}

applyTestEnv();
