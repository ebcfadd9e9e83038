/**
 * GET /health: engine topology, PostgreSQL and Redis, each up or down with a reason. With the
 * local engine, its own figures too (log size, last snapshot position and age, replay at its last
 * start, heap), from its GET /permitflow/engine.
 */
import type { Router } from 'express';
import express from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import { loadConfig } from '../core/config';

type Check = { status: 'up' | 'down'; detail?: string; latencyMs?: number; local?: unknown };

/** The local engine's log, snapshot, replay and memory figures; undefined for a remote cluster or no answer. */
async function localEngineFigures(restAddress: string): Promise<unknown> {
  try {
    const res = await fetch(`${restAddress}/permitflow/engine`, { signal: AbortSignal.timeout(1000) });
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
  router.get('/health', async (_req, res) => {
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
    if (engineConfig.local && engine.status === 'up') engine.local = await localEngineFigures(engineConfig.restAddress);
    const up = [engine, postgres, redis].every((c) => c.status === 'up');
    res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', components: { engine, postgres, redis } });
  });
  return router;
}
