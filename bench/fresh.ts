/**
 * The start of a bench run: its database recreated and migrated, its Redis database emptied, and
 * its engine started afresh (or one already answering on its ports reused, with a warning; or, with
 * `restartEngine`, stopped and started empty). Imported dynamically, after the bench has set its
 * environment.
 */
import fs from 'node:fs';
import type { loadConfig } from '../core/config';
import { createDb, ensureDatabase, migrate } from '../core/db';
import Redis from 'ioredis';
import { startLocalEngine, stopLocalEngine, topology } from '../engine/launcher';

export async function freshDatabaseAndEngine(config: ReturnType<typeof loadConfig>, say: (msg: string) => void, opts: { restartEngine?: boolean } = {}) {
  say(`recreating ${new URL(config.databaseUrl).pathname.slice(1)} and migrating`);
  await ensureDatabase(config.databaseUrl, { recreate: true });
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
  const redis = new Redis(config.redisUrl);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  if (opts.restartEngine) await stopLocalEngine(config.engine.dataDir);
  if ((await topology(config.engine)).healthy) say(`WARNING: an engine already answers at ${config.engine.restAddress}; reusing it`);
  // the partition log of an earlier run holds instances whose rows the recreated database no longer has
  else fs.rmSync(config.engine.dataDir, { recursive: true, force: true });
  say(`starting the engine (${config.engine.grpcAddress}, ${config.engine.restAddress})`);
  return startLocalEngine({ ...config.engine, log: say });
}
