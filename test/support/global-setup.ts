/**
 * Once per test run: a fresh test database, and the engine (started here unless one already
 * answers on the test ports, in which case it is reused and left running).
 */
import fs from 'node:fs';
import './env';
import { loadConfig } from '../../core/config';
import { createDb, ensureDatabase, migrate } from '../../core/db';
import { ensurePostgres } from '../../core/postgres';
import Redis from 'ioredis';
import { ensureRedis } from '../../core/redis';
import { startLocalEngine, topology } from '../../engine/launcher';
import { localEngineAuthorization } from '../../core/local-engine-auth';

// the admin modeler bundle (web/build/, git-ignored) that the browser tests load
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script, also run by node alone
const { buildWeb } = require('../../scripts/build-web') as { buildWeb(): Promise<void> };

export default async function globalSetup(): Promise<void> {
  await buildWeb();
  const config = loadConfig();
  await ensurePostgres(config.databaseUrl, (m) => process.stdout.write(`\n[postgres] ${m}\n`));
  await ensureDatabase(config.databaseUrl, { recreate: true });
  const db = createDb(config.databaseUrl);
  await migrate(db);
  await db.destroy();
  await ensureRedis(config.redisUrl);
  // the test run's own Redis database starts empty (sessions, rate limits, lockouts)
  const redis = new Redis(config.redisUrl);
  await redis.flushdb();
  redis.disconnect();
  if (config.engine.local) {
    const running = (await topology(config.engine)).healthy;
    if (!running) fs.rmSync(config.engine.dataDir, { recursive: true, force: true });
    const r = await startLocalEngine({ ...config.engine, log: (m) => process.stdout.write(`\n[engine] ${m}\n`) });
    (globalThis as { __ENGINE_STARTED__?: boolean }).__ENGINE_STARTED__ = r.started;
    process.stdout.write(`\n[engine] ${r.started ? `started in ${r.millis} ms` : 'reused the running test engine'}\n`);
    // a run stopped while the clock was pinned leaves it pinned (the engine replays the PIN): reset it
    if (config.engine.controlledClock) await fetch(`${config.engine.restAddress}/v2/clock/reset`, { method: 'POST', headers: { authorization: localEngineAuthorization(config.engine.dataDir) } }).catch(() => undefined);
  }
}
