/** npm run engine:start | engine:stop — the local engine on its own. */
import { loadConfig } from '../core/config';
import { startLocalEngine, stopLocalEngine, topology } from './launcher';

async function main(): Promise<void> {
  const config = loadConfig();
  const command = process.argv[2] ?? 'status';
  if (!config.engine.local) {
    console.log(`Camunda env vars point at ${config.engine.restAddress || config.engine.grpcAddress || 'a remote cluster'}; nothing local to ${command}.`);
    return;
  }
  if (command === 'start') {
    const r = await startLocalEngine({ ...config.engine, log: (m) => console.log(m) });
    console.log(r.started ? `engine started in ${r.millis} ms (pid ${r.pid})` : 'engine already running');
  } else if (command === 'stop') {
    console.log((await stopLocalEngine(config.engine.dataDir)) ? 'engine stopped' : 'no engine was running from ' + config.engine.dataDir);
  } else {
    console.log(JSON.stringify(await topology(config.engine), null, 2));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
