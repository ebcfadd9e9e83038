/**
 * Where a bench runs: its own database, Redis db, engine ports and data directory, out of the way
 * of a development system and of test runs. PF_BENCH_SLOT=N (1–9) moves a bench run out of the
 * way of another checkout's bench run on the same machine too (database suffix _b<N>, Redis db 4,
 * engine ports 27000 + 20·N and 9000 + 20·N; the API bench 10 above); 0 or unset: the defaults.
 */
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export function benchEnv(kind: 'system' | 'api'): Record<string, string> {
  const slot = Number(process.env.PF_BENCH_SLOT ?? 0);
  if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error(`PF_BENCH_SLOT must be 0–9, not "${process.env.PF_BENCH_SLOT}"`);
  const api = kind === 'api';
  const db = api ? 'permitflow_bench_api' : 'permitflow_bench';
  const dataDir = api ? 'bench-api-engine' : 'bench-engine';
  // the PDF threads warmed at the start, as in production (the test environment skips it)
  // and the engine's JVM with its default compilers and collector (the tests' quicker JIT aside)
  const common = { PDF_RENDER_WARM: '1', PF_ENGINE_JAVA_OPTIONS: '' };
  if (slot === 0) {
    return {
      ...common,
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
      REDIS_URL: `redis://127.0.0.1:6379/${api ? 3 : 14}`,
      PF_ENGINE_GRPC_PORT: api ? '26820' : '26800',
      PF_ENGINE_REST_PORT: api ? '8408' : '8388',
      PF_ENGINE_DATA_DIR: path.join(ROOT, '.cache', dataDir),
    };
  }
  return {
    ...common,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}_b${slot}`,
    REDIS_URL: 'redis://127.0.0.1:6379/4',
    PF_ENGINE_GRPC_PORT: String(27000 + 20 * slot + (api ? 10 : 0)),
    PF_ENGINE_REST_PORT: String(9000 + 20 * slot + (api ? 10 : 0)),
    PF_ENGINE_DATA_DIR: path.join(ROOT, '.cache', `${dataDir}-b${slot}`),
  };
}
