/**
 * A test slot made ready for a run: a fresh database, an empty Redis database and its engine
 * (started unless one already answers on the slot's ports, in which case it is reused and left
 * running, its clock reset). Lane 0 is made ready by globalSetup, every other lane by its worker
 * before its first test file (a run of one file never starts a second engine); globalTeardown
 * stops the engines the run started.
 */
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from '../../core/config';
import { createDb, ensureDatabase, migrate } from '../../core/db';
import { ensurePostgres } from '../../core/postgres';
import { ensureRedis } from '../../core/redis';
import { startLocalEngine, stopLocalEngine, topology } from '../../engine/launcher';
import { localEngineAuthorization } from '../../core/local-engine-auth';
import { TEST_SLOT } from './env';
import { mark, Mark, MARKS, slotReady } from './lane-marks';

const log = (m: string) => process.stdout.write(`\n[slot ${TEST_SLOT}] ${m}\n`);

/** Makes this process's slot ready for the run `run` (once per run). */
export async function prepareSlot(run: string): Promise<void> {
  if (slotReady(run)) return;
  const config = loadConfig();
  await ensurePostgres(config.databaseUrl, (m) => log(`postgres: ${m}`));
  await ensureDatabase(config.databaseUrl, { recreate: true });
  const db = createDb(config.databaseUrl);
  await migrate(db);
  await db.destroy();
  await ensureRedis(config.redisUrl);
  // the slot's own Redis database starts empty (sessions, rate limits, lockouts)
  const redis = new Redis(config.redisUrl);
  await redis.flushdb();
  redis.disconnect();
  let engineStarted = false;
  if (config.engine.local) {
    const running = (await topology(config.engine)).healthy;
    if (!running) fs.rmSync(config.engine.dataDir, { recursive: true, force: true });
    const r = await startLocalEngine({ ...config.engine, log: (m) => log(`engine: ${m}`) });
    engineStarted = r.started;
    log(r.started ? `engine started in ${r.millis} ms` : 'reused the running test engine');
    // a run stopped while the clock was pinned leaves it pinned (the engine replays the PIN): reset it
    if (config.engine.controlledClock) await fetch(`${config.engine.restAddress}/v2/clock/reset`, { method: 'POST', headers: { authorization: localEngineAuthorization(config.engine.dataDir) } }).catch(() => undefined);
  }
  fs.mkdirSync(MARKS, { recursive: true });
  fs.writeFileSync(mark(TEST_SLOT), JSON.stringify({ run, engineStarted, dataDir: config.engine.dataDir } satisfies Mark));
}

/** Stops the engines that the run `run` started, in every lane. */
export async function releaseSlots(run: string): Promise<void> {
  if (!fs.existsSync(MARKS)) return;
  for (const f of fs.readdirSync(MARKS)) {
    let m: Mark;
    try {
      m = JSON.parse(fs.readFileSync(path.join(MARKS, f), 'utf8')) as Mark;
    } catch {
      continue;
    }
    if (m.run !== run) continue;
    if (m.engineStarted) await stopLocalEngine(m.dataDir);
    fs.rmSync(path.join(MARKS, f), { force: true });
  }
}
