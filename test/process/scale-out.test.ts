/**
 * Scale-out: two API + worker processes (api/main.ts, as `npm start` runs them) side by side against
 * one engine, PostgreSQL and Redis. Registrations are submitted and reviewed through either
 * process; every job is done once (of each case's jobs of each type, A and B together complete
 * one, by their "job done" debug log lines; their /metrics count them), every e-mail is sent once,
 * and a reviewer whose inbox stream is on process A sees the changes caused through process B.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { createDb, Db } from '../../core/db';
import { SmtpSink } from '../../core/smtp-sink';
import { registrationBody } from '../support/fixtures';
import { createAccount, eventually } from '../support/harness';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN = `scale-out-${Date.now()}`;
const CASES = 4;

interface Api {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  /** The jobs this process's workers finished (its debug log's "job done" lines). */
  jobs: Array<{ jobType: string; processInstanceKey: string; outcome: string }>;
}

let sink: SmtpSink;
let db: Db;
let a: Api;
let b: Api;

async function startApi(name: string, smtpPort: number): Promise<Api> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'api', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, SMTP_PORT: String(smtpPort), PORT: '0', METRICS_TOKEN: TOKEN, TS_NODE_TRANSPILE_ONLY: 'true', LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let partial = '';
  const jobs: Api['jobs'] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"msg":"job done"')) continue;
      const { jobType, processInstanceKey, outcome } = JSON.parse(line) as { jobType: string; processInstanceKey: string; outcome: string };
      jobs.push({ jobType, processInstanceKey: String(processInstanceKey), outcome });
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 240 s:\n${out}`)), 240_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      const m = /PermitFlow is up: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was up:\n${out}`));
    });
  });
  return { name, url, child, output: () => out, jobs };
}

async function stopApi(api: Api | undefined): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => api.child.once('exit', () => resolve()));
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Jobs completed per job type by one process, from its /metrics. */
async function completedJobs(api: Api): Promise<Record<string, number>> {
  const res = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const out: Record<string, number> = {};
  for (const m of (await res.text()).matchAll(/^permitflow_job_duration_seconds_count\{type="([^"]+)",outcome="completed"\} (\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** One signed-in session (kept in Redis), usable against either process as a load balancer would send it. */
interface Session {
  cookie: string;
  call(api: Api, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function signInOn(api: Api, login: string, password: string): Promise<Session> {
  const res = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    async call(to, method, p, body) {
      const r = await fetch(`${to.url}${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** The inbox stream of one process, as a browser reads it: each `task` event's data. */
function openStream(api: Api, client: Session): { events: Array<{ event: string; key: string; assignee: string | null }>; close(): void } {
  const events: Array<{ event: string; key: string; assignee: string | null }> = [];
  const controller = new AbortController();
  void (async () => {
    const res = await fetch(`${api.url}/api/tasks/stream`, { headers: { cookie: client.cookie }, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (/^event: task$/m.test(block) && data) events.push(JSON.parse(data[1]));
      }
    }
  })().catch(() => undefined);
  return { events, close: () => controller.abort() };
}

beforeAll(async () => {
  sink = new SmtpSink();
  const smtpPort = await sink.start(0);
  db = createDb(loadConfig().databaseUrl);
  [a, b] = await Promise.all([startApi('A', smtpPort), startApi('B', smtpPort)]);
}, 600_000);

afterAll(async () => {
  await Promise.all([stopApi(a), stopApi(b)]);
  await db?.destroy();
  await sink?.stop();
});

describe('two API + worker processes against one engine, PostgreSQL and Redis', () => {
  it('does every job once, sends every e-mail once, and streams changes made through B to a reviewer on A', async () => {
    const before = await Promise.all([completedJobs(a), completedJobs(b)]);
    const account = await createAccount({ db } as never, { groups: ['registration-reviewers'] });
    // one session (in Redis) for both processes, as behind a load balancer without stickiness
    const reviewer = await signInOn(a, account.login, account.password);
    const stream = openStream(a, reviewer);
    try {
      const cases = await Promise.all(
        Array.from({ length: CASES }, async (_, i) => {
          const body = registrationBody();
          const via = i % 2 === 0 ? b : a;
          const res = await fetch(`${via.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect(res.status).toBe(201);
          return { body, created: (await res.json()) as { id: string; number: string; processInstanceKey: string } };
        }),
      );
      for (const [i, c] of cases.entries()) {
        const api = i % 2 === 0 ? b : a;
        const task = await eventually(async () => {
          const r = await reviewer.call(api, 'GET', `/api/tasks?processId=unit-registration&text=${c.created.number}`);
          return (r.body.items as Array<{ id: string; applicationNumber: string }>).find((t) => t.applicationNumber === c.created.number);
        }, 30_000, `the review task of ${c.created.number}`);
        // the task appeared on A's stream, whichever process's worker mirrored it
        await eventually(async () => stream.events.find((e) => e.key === task.id && e.event === 'creating'), 15_000, `A's stream: task ${task.id} created`);
        // claimed through B: A's stream shows the assignment
        expect((await reviewer.call(b, 'POST', `/api/tasks/${task.id}/claim`)).status).toBe(200);
        await eventually(async () => stream.events.find((e) => e.key === task.id && e.assignee === account.login), 15_000, `A's stream: task ${task.id} claimed through B`);
        const done = await reviewer.call(api, 'POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'approve' } });
        expect(done.status).toBe(200);
      }
      for (const c of cases) {
        await eventually(async () => (await db('applications').where({ id: c.created.id, status: 'approved' }).first()) ?? undefined, 30_000, `${c.created.number} approved`);
      }
      // one e-mail per approved registration, never two
      for (const c of cases) {
        const to = c.body.contact.email;
        await sink.waitFor((m) => m.to.includes(to), 30_000);
        const rows = await db('notifications').where({ application_id: c.created.id, channel: 'email' });
        expect(rows).toHaveLength(1);
      }
      for (const c of cases) expect(sink.messages.filter((m) => m.to.includes(c.body.contact.email))).toHaveLength(1);
      // every job once: of each case's jobs of each type, the two processes together completed one
      // (jobs other test files left in this engine may reach A or B too: they are not counted)
      const types = ['registration.validate', 'calendar.due-date', 'inbox.sync.creating', 'inbox.sync.assigning', 'inbox.sync.completing', 'registration.activate'];
      for (const c of cases) {
        const ran = [...a.jobs, ...b.jobs].filter((j) => j.processInstanceKey === c.created.processInstanceKey && j.outcome === 'completed');
        expect(Object.fromEntries(types.map((t) => [t, ran.filter((j) => j.jobType === t).length]))).toEqual(Object.fromEntries(types.map((t) => [t, 1])));
      }
      // and both processes count them in /metrics
      const after = await Promise.all([completedJobs(a), completedJobs(b)]);
      const done = (t: string) => [0, 1].reduce((sum, p) => sum + (after[p][t] ?? 0) - (before[p][t] ?? 0), 0);
      for (const type of types) expect(done(type)).toBeGreaterThanOrEqual(CASES);
    } finally {
      stream.close();
    }
  });
});
