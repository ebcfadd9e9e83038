/** npm run inbox:reconcile — repairs the inbox mirror from the engine and prints what it changed. */
import { createEngineClients } from '../core/camunda';
import { loadConfig } from '../core/config';
import { createDb } from '../core/db';
import { reconcileInbox } from './reconcile';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  const engine = createEngineClients(config.engine);
  try {
    const r = await reconcileInbox(db, engine.rest);
    console.log(JSON.stringify({ engineOpen: r.engineOpen, mirrorOpen: r.mirrorOpen, inserted: r.inserted.length, updated: r.updated.length, closed: r.closed.length }));
  } finally {
    await engine.close();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
