/** npm start: the whole system in one process (engine as a child process when local). */
import { loadConfigOrExit } from '../core/config';
import { createLogger } from '../core/logger';
import { startSystem, stopOnSignals } from './system';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, { explicit: true });
  const log = createLogger(config.logLevel, { service: 'permitflow' });
  const system = await startSystem(config, { log });
  stopOnSignals(system, log);
  console.log(`\nPermitFlow is up: ${system.url}  (health: ${system.url}/health)\n`);
}

main().catch((err) => {
  console.error('PermitFlow could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
