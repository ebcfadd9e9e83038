/**
 * GET /metrics — this process's figures in the Prometheus text format (prom-client), for an
 * admin's session or a scraper sending `Authorization: Bearer <METRICS_TOKEN>`:
 *
 * - permitflow_job_duration_seconds{type,outcome}: engine activation → acknowledgement, from the
 *   `permitflow:job` diagnostics channel workers/runtime.ts publishes to;
 *   permitflow_job_failures_total{type}; permitflow_jobs_in_flight
 * - permitflow_inbox_open_tasks{group}: from inbox_group_counts (kept by triggers, db/tasks.ts)
 * - permitflow_http_request_duration_seconds{method,route,status}: per route pattern, not per URL
 * - permitflow_dependency_up{dependency=engine|postgres|redis} and the probe's seconds
 * - process_* and nodejs_*: prom-client's defaults (resident memory, heap, event-loop lag)
 *
 * One registry per process (Prometheus scrapes each process of a scale-out on its own).
 */
import { timingSafeEqual } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import express, { NextFunction, Request, Response, Router } from 'express';
import type Redis from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import { openTasksPerGroup } from '../db/tasks';
import { renderPoolStats } from '../documents/pool';
import { jobsInFlight, JobTiming } from '../workers/runtime';
import { requireUser } from './auth';
import { admin } from './route';

export interface MetricsDeps {
  db: Db;
  redis: Redis;
  engine: Engine;
}

const PROBE_TIMEOUT_MS = 1000;

/** The deps of the latest app mounted in this process: the gauges read through them on a scrape. */
let current: MetricsDeps | undefined;
let registry: Registry | undefined;
let httpDuration: Histogram<'method' | 'route' | 'status'> | undefined;

async function probe(fn: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function theRegistry(): Registry {
  if (registry) return registry;
  const reg = new Registry();
  collectDefaultMetrics({ register: reg });
  const jobDuration = new Histogram({
    name: 'permitflow_job_duration_seconds',
    help: 'Job time from the engine activating it to the worker acknowledging it, per job type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [reg],
  });
  const jobFailures = new Counter({ name: 'permitflow_job_failures_total', help: 'Jobs failed (technical failures, retried by the engine), per job type', labelNames: ['type'] as const, registers: [reg] });
  diagnostics.subscribe('permitflow:job', (message) => {
    const t = message as JobTiming;
    jobDuration.observe({ type: t.type, outcome: t.outcome }, t.totalMs / 1000);
    if (t.outcome === 'failed') jobFailures.inc({ type: t.type });
  });
  new Gauge({ name: 'permitflow_jobs_in_flight', help: 'Jobs this process is working on now', registers: [reg], collect() {
    this.set(jobsInFlight());
  } });
  new Gauge({ name: 'permitflow_pdf_render_threads', help: 'Threads of the PDF rendering pool', registers: [reg], collect() {
    this.set(renderPoolStats().threads);
  } });
  new Gauge({
    name: 'permitflow_inbox_open_tasks',
    help: 'Open tasks in the inbox per candidate group',
    labelNames: ['group'] as const,
    registers: [reg],
    async collect() {
      if (!current) return;
      this.reset();
      for (const r of await openTasksPerGroup(current.db).catch(() => [])) this.set({ group: r.grp }, r.open);
    },
  });
  const probeSeconds = new Gauge({ name: 'permitflow_dependency_probe_seconds', help: 'How long the reachability probe took', labelNames: ['dependency'] as const, registers: [reg] });
  new Gauge({
    name: 'permitflow_dependency_up',
    help: '1 when the dependency answered its probe within 1 s (engine topology, PostgreSQL select 1, Redis ping)',
    labelNames: ['dependency'] as const,
    registers: [reg],
    async collect() {
      const deps = current;
      if (!deps) return;
      const probes: Record<string, () => Promise<unknown>> = {
        engine: () => deps.engine.zeebe.topology(),
        postgres: () => deps.db.raw('select 1'),
        redis: () => deps.redis.ping(),
      };
      await Promise.all(
        Object.entries(probes).map(async ([dependency, fn]) => {
          const t0 = performance.now();
          this.set({ dependency }, (await probe(fn)) ? 1 : 0);
          probeSeconds.set({ dependency }, (performance.now() - t0) / 1000);
        }),
      );
    },
  });
  httpDuration = new Histogram({
    name: 'permitflow_http_request_duration_seconds',
    help: 'HTTP request time per route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [reg],
  });
  registry = reg;
  return reg;
}

/** One unlabelled metric's value as a scrape would read it (for the benches, in-process), without running the other collectors (the probes, the inbox counts). */
export async function metricValue(name: string): Promise<number | undefined> {
  const metric = theRegistry().getSingleMetric(name);
  return metric ? (await metric.get()).values[0]?.value : undefined;
}

/**
 * Times every request (mount before the routes) and serves GET /metrics. The route label is the
 * route's pattern (`/api/tasks/:id`), `static` for files and `unmatched` for the rest, so the
 * number of series stays bounded whatever URLs are asked for.
 */
export function metricsRouter(deps: MetricsDeps & { token?: string }): Router {
  current = deps;
  const reg = theRegistry();
  const token = deps.token ?? process.env.METRICS_TOKEN ?? '';
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const t0 = performance.now();
    res.on('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route = pattern ? `${req.baseUrl}${pattern}` : req.path.startsWith('/api/') ? 'unmatched' : 'static';
      httpDuration!.observe({ method: req.method, route, status: String(res.statusCode) }, (performance.now() - t0) / 1000);
    });
    next();
  });
  router.get('/metrics', async (req, res, next) => {
    try {
      const bearer = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
      const byToken = token !== '' && bearer.length === Buffer.byteLength(token) && timingSafeEqual(bearer, Buffer.from(token));
      if (!byToken) {
        const user = requireUser(req);
        if (!admin.admits(user)) throw admin.refusal(user);
      }
      res.type(reg.contentType).send(await reg.metrics());
    } catch (err) {
      next(err);
    }
  });
  return router;
}
