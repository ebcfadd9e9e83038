/**
 * The start of a bench run: its database recreated and migrated, and its engine started afresh (or
 * one already answering on its ports reused, with a warning). Imported dynamically, after the bench
 * has set its environment.
 */
import fs from 'node:fs';
import type { loadConfig } from '../core/config';
import { createDb, ensureDatabase, migrate } from '../core/db';
import { startLocalEngine, topology } from '../engine/launcher';

export async function freshDatabaseAndEngine(config: ReturnType<typeof loadConfig>, say: (msg: string) => void) {
  say(`recreating ${new URL(config.databaseUrl).pathname.slice(1)} and migrating`);
  await ensureDatabase(config.databaseUrl, { recreate: true });
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
  if ((await topology(config.engine)).healthy) say(`WARNING: an engine already answers at ${config.engine.restAddress}; reusing it`);
  // the partition log of an earlier run holds instances whose rows the recreated database no longer has
  else fs.rmSync(config.engine.dataDir, { recursive: true, force: true });
  say(`starting the engine (${config.engine.grpcAddress}, ${config.engine.restAddress})`);
  return startLocalEngine({ ...config.engine, log: say });
}
