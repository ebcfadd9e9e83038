/** GET /health: engine topology, PostgreSQL and Redis, each up or down with a reason. */
import type { Router } from 'express';
import express from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';

type Check = { status: 'up' | 'down'; detail?: string; latencyMs?: number };

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
    const up = [engine, postgres, redis].every((c) => c.status === 'up');
    res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', components: { engine, postgres, redis } });
  });
  return router;
}
