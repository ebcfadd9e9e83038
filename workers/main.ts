/**
 * The job workers alone, without the HTTP API and without starting an engine (it must be running):
 *
 *   node -r ts-node/register/transpile-only workers/main.ts
 *
 * Same configuration as `npm start`. Used to run workers in processes of their own (scaling out, and
 * the fault tests, which kill this process with SIGKILL). Prints "workers ready" when polling.
 */
import { loadConfigOrExit } from '../core/config';
import { createLogger } from '../core/logger';
import { startSystem, stopOnSignals } from '../api/system';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, { explicit: true });
  const log = createLogger(config.logLevel, { service: 'permitflow-workers' });
  const system = await startSystem({ ...config, smtp: { ...config.smtp, startSink: false } }, { log, http: false, workers: true, startEngine: false });
  stopOnSignals(system, log);
  console.log(`workers ready (pid ${process.pid}): ${system.workers?.types.length ?? 0} job types`);
}

main().catch((err) => {
  console.error('PermitFlow workers could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
