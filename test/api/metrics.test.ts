/**
 * GET /metrics: Prometheus text for admins or the scrape token only, with the figures it promises.
 * GET /health: up or down for everyone, its parts only for an admin's session.
 */
import { metricValue } from '../../api/metrics';
import { jobTimings, JobTiming } from '../../workers/runtime';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

const TOKEN = `scrape-${Date.now()}`;
let sys: TestSystem;
let admin: Client;
let reviewer: Client;

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'admin' });
  admin = await signIn(sys.url!, a.login, a.password);
  const r = await createAccount(sys, { groups: ['metrics-group'] });
  reviewer = await signIn(sys.url!, r.login, r.password);
});

afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await sys?.db('tasks').where({ process_definition_id: 'metrics-fixture' }).delete();
  await sys?.stop();
});

/** The value of one series, e.g. value(text, 'permitflow_dependency_up{dependency="redis"}') */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('answers 401 without a session or token, 403 to a non-admin, and to a wrong token', async () => {
    expect((await fetch(`${sys.url}/metrics`)).status).toBe(401);
    expect((await reviewer.call('GET', '/metrics')).status).toBe(403);
    const wrong = await fetch(`${sys.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('gives job durations and failures per type, jobs in flight, open tasks per group, HTTP latency per route and reachability', async () => {
    await sys.db('tasks').insert(
      [1, 2, 3].map((i) => ({
        user_task_key: String(9_200_000_000_000 + i),
        process_instance_key: String(9_200_000_000_000 + i),
        process_definition_id: 'metrics-fixture',
        element_id: 'review',
        candidate_groups: ['metrics-group'],
        state: 'CREATED',
        last_event: 'creating',
      })),
    );
    const type = `metrics-test-${Date.now()}`;
    jobTimings.publish({ type, outcome: 'completed', queuedMs: 5, totalMs: 40 } satisfies JobTiming);
    jobTimings.publish({ type, outcome: 'failed', queuedMs: 5, totalMs: 900 } satisfies JobTiming);
    expect((await reviewer.call('GET', '/api/tasks?limit=5')).status).toBe(200);

    const res = await fetch(`${sys.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(value(text, `permitflow_job_duration_seconds_count{type="${type}",outcome="completed"}`)).toBe(1);
    expect(value(text, `permitflow_job_duration_seconds_bucket{le="0.05",type="${type}",outcome="completed"}`)).toBe(1);
    expect(value(text, `permitflow_job_duration_seconds_bucket{le="0.5",type="${type}",outcome="failed"}`)).toBe(0);
    expect(value(text, `permitflow_job_failures_total{type="${type}"}`)).toBe(1);
    expect(value(text, 'permitflow_jobs_in_flight')).toBe(0);
    expect(value(text, 'permitflow_inbox_open_tasks{group="metrics-group"}')).toBe(3);
    expect(value(text, 'permitflow_http_request_duration_seconds_count{method="GET",route="/api/tasks",status="200"}')).toBeGreaterThanOrEqual(1);
    for (const d of ['engine', 'postgres', 'redis']) expect(value(text, `permitflow_dependency_up{dependency="${d}"}`)).toBe(1);
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // an admin's session works too, and a URL with an id is counted under its route's pattern
    await admin.call('GET', '/api/tasks/9200000000001');
    const byAdmin = await admin.call('GET', '/metrics');
    expect(byAdmin.status).toBe(200);
    expect(value(String(byAdmin.body), 'permitflow_http_request_duration_seconds_count{method="GET",route="/api/tasks/:id",status="200"}')).toBe(1);
    expect(String(byAdmin.body)).not.toContain('route="/api/tasks/9200000000001"');
  });

  it('reads one gauge in-process, as the benches do, and nothing for a name it does not have', async () => {
    const rss = await metricValue('process_resident_memory_bytes');
    expect(rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs(rss! - process.memoryUsage.rss())).toBeLessThan(256 * 1024 * 1024);
    expect(await metricValue('permitflow_no_such_metric')).toBeUndefined();
  });
});

describe('GET /health', () => {
  it('tells anonymous callers and non-admins only up or down, with no versions or internal figures', async () => {
    const anonymous = await fetch(`${sys.url}/health`);
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual({ status: 200, body: { status: 'up' } });
    const byReviewer = await reviewer.call('GET', '/health');
    expect({ status: byReviewer.status, body: byReviewer.body }).toEqual({ status: 200, body: { status: 'up' } });
    // a cookie that names no session changes nothing
    const stale = await fetch(`${sys.url}/health`, { headers: { cookie: `pf_sid=${'x'.repeat(43)}` } });
    expect(await stale.json()).toEqual({ status: 'up' });
  });

  it("gives an admin's session the engine, PostgreSQL and Redis parts", async () => {
    const r = await admin.call('GET', '/health');
    expect(r.status).toBe(200);
    const body = r.body as { status: string; components: Record<string, { status: string; detail?: string; latencyMs?: number }> };
    expect(body.status).toBe('up');
    expect(Object.fromEntries(Object.entries(body.components).map(([k, c]) => [k, c.status]))).toEqual({ engine: 'up', postgres: 'up', redis: 'up' });
    expect(body.components.engine.detail).toMatch(/broker\(s\).*version/);
    expect(typeof body.components.postgres.latencyMs).toBe('number');
  });
});
