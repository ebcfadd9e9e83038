/**
 * GET /health: up (200) or down (503) for everyone; the parts (engine topology, PostgreSQL and
 * Redis, each up or down with a reason, versions, latencies, and with the local engine its own
 * figures: log size, last snapshot position and age, replay at its last start, heap) only for an
 * admin's session. The session is read here, before the session middleware, so that a Redis or
 * session failure still gives the public status (the caller is then taken as anonymous).
 */
import type { Router } from 'express';
import express from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import { loadConfig } from '../core/config';
import { localEngineAuthorization } from '../core/local-engine-auth';
import { sessions } from './auth';
import { admin } from './route';

type Check = { status: 'up' | 'down'; detail?: string; latencyMs?: number; local?: unknown };

/** The local engine's log, snapshot, replay and memory figures; undefined for a remote cluster or no answer. */
async function localEngineFigures(engine: { restAddress: string; dataDir: string }): Promise<unknown> {
  try {
    const res = await fetch(`${engine.restAddress}/permitflow/engine`, {
      headers: { authorization: localEngineAuthorization(engine.dataDir) },
      signal: AbortSignal.timeout(1000),
    });
    if (!res.ok) return undefined;
    const f = (await res.json()) as {
      log: { bytes: number; segments: number; appendedBytesSinceStart: number };
      snapshots: { count: number; lastPosition: number | null; lastAgeSeconds: number | null };
      lastStart: { replayedRecords: number; replayMillis: number; fromSnapshotPosition: number | null };
      memory: { heapUsedBytes: number; rssBytes: number };
    };
    return {
      logBytes: f.log.bytes, logSegments: f.log.segments, appendedBytesSinceStart: f.log.appendedBytesSinceStart,
      snapshots: f.snapshots.count, lastSnapshotPosition: f.snapshots.lastPosition, lastSnapshotAgeSeconds: f.snapshots.lastAgeSeconds,
      replayedRecordsAtStart: f.lastStart.replayedRecords, replayMillisAtStart: f.lastStart.replayMillis,
      heapUsedBytes: f.memory.heapUsedBytes, rssBytes: f.memory.rssBytes,
    };
  } catch {
    return undefined;
  }
}

async function timed(fn: () => Promise<string | undefined>, timeoutMs = 2000): Promise<Check> {
  const t0 = Date.now();
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { status: 'up', ...(detail ? { detail } : {}), latencyMs: Date.now() - t0 };
  } catch (err) {
    return { status: 'down', detail: (err as Error).message, latencyMs: Date.now() - t0 };
  }
}

export function healthRouter(deps: { db: Db; redis: Redis; engine: Engine }): Router {
  const router = express.Router();
  const engineConfig = loadConfig().engine;
  const readSession = sessions(deps.redis, deps.db);
  /** a session that cannot be read (Redis down, a stale cookie) leaves the caller anonymous */
  const optionalSession: express.RequestHandler = (req, res, next) => {
    void readSession(req, res, (err?: unknown) => {
      if (err) {
        req.user = undefined;
        req.sessionId = undefined;
      }
      next();
    });
  };
  router.get('/health', optionalSession, async (req, res) => {
    const [engine, postgres, redis] = await Promise.all([
      timed(async () => {
        const t = await deps.engine.zeebe.topology();
        const partitions = t.brokers.flatMap((b) => b.partitions);
        const unhealthy = partitions.filter((p) => String(p.health).toUpperCase() !== 'HEALTHY');
        if (partitions.length === 0 || unhealthy.length > 0) throw new Error(`${unhealthy.length} of ${partitions.length} partitions unhealthy`);
        return `${t.brokers.length} broker(s), ${partitions.length} partition(s), version ${(t.brokers[0] as { version?: string } | undefined)?.version ?? '?'}`;
      }),
      timed(async () => {
        await deps.db.raw('select 1');
        return undefined;
      }),
      timed(async () => {
        const pong = await deps.redis.ping();
        if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
        return undefined;
      }),
    ]);
    const up = [engine, postgres, redis].every((c) => c.status === 'up');
    res.setHeader('cache-control', 'no-store');
    if (!admin.admits(req.user)) {
      res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down' });
      return;
    }
    if (engineConfig.local && engine.status === 'up') engine.local = await localEngineFigures(engineConfig);
    res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', components: { engine, postgres, redis } });
  });
  return router;
}
