/**
 * Many unit-registration cases at once, for the fault tests: submit them, approve them, wait for
 * every one to end, and check that each e-mail and SMS went out once. Fast polling throughout.
 */
import { registrationBody } from './fixtures';
import type { TestSystem } from './harness';

export interface FaultCase {
  id: string;
  number: string;
  processInstanceKey: string;
  email: string;
  mobile: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mobileSeq = 0;
/** A mobile number no other case of this run uses (so each SMS can be counted by recipient). */
function freshMobile(): string {
  mobileSeq++;
  return `139${String((Date.now() % 100000) * 100 + (mobileSeq % 100)).padStart(8, '0').slice(-8)}`;
}

/** Runs fn over items, at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** POST /api/registrations n times (10 at a time). */
export async function submitCases(url: string, n: number): Promise<FaultCase[]> {
  const used = new Set<string>();
  return pool(Array.from({ length: n }), 10, async () => {
    let mobile = freshMobile();
    while (used.has(mobile)) mobile = freshMobile();
    used.add(mobile);
    const body = registrationBody({ contact: { mobile } });
    const res = await fetch(`${url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = (await res.json()) as { id: string; number: string; processInstanceKey: string };
    if (res.status !== 201) throw new Error(`POST /api/registrations: ${res.status} ${JSON.stringify(created)}`);
    return { ...created, email: body.contact.email, mobile };
  });
}

/** Polls fn every `everyMs` until it returns a truthy value. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`);
}

export async function countStatus(sys: TestSystem, cases: FaultCase[], status: string): Promise<number> {
  const r = await sys.db('applications').whereIn('id', cases.map((c) => c.id)).where({ status }).count('* as n');
  return Number(r[0].n);
}

type EngineTask = { userTaskKey: string; processInstanceKey: string; state: string };

/** The open review task of every case, from the engine. */
export async function reviewTasks(sys: TestSystem, cases: FaultCase[], timeoutMs: number): Promise<Map<string, string>> {
  const keys = new Set(cases.map((c) => c.processInstanceKey));
  return until(async () => {
    const r = await sys.engineRest<{ items: EngineTask[] }>('POST', '/v2/user-tasks/search', {
      filter: { processDefinitionId: 'unit-registration', state: 'CREATED' },
      page: { limit: 100000 },
    });
    const found = new Map(r.body.items.filter((t) => keys.has(String(t.processInstanceKey))).map((t) => [String(t.processInstanceKey), String(t.userTaskKey)]));
    return found.size === keys.size ? found : undefined;
  }, timeoutMs, `review tasks of ${keys.size} cases`, 200);
}

/**
 * Approves one review task through the engine, tolerating a worker that dies meanwhile: the
 * completion waits for the `completing` listener job, which another worker picks up after the job
 * timeout; a call that timed out is checked and, if the task is still open, sent again.
 */
export async function approve(sys: TestSystem, userTaskKey: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sys.engineRest('POST', `/v2/user-tasks/${userTaskKey}/completion`, { variables: { decision: 'approve' } });
    if (r.status === 204) return;
    const t = await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${userTaskKey}`);
    if (t.body?.state === 'COMPLETED') return;
    if (Date.now() > deadline) throw new Error(`could not complete ${userTaskKey}: ${r.status} ${JSON.stringify(r.body)}`);
    await sleep(t.body?.state === 'COMPLETING' ? 500 : 200);
  }
}

/** Every case's process instance COMPLETED in the engine. */
export async function allCompleted(sys: TestSystem, cases: FaultCase[], timeoutMs: number): Promise<void> {
  const keys = new Set(cases.map((c) => c.processInstanceKey));
  await until(async () => {
    const r = await sys.engineRest<{ items: Array<{ processInstanceKey: string }> }>('POST', '/v2/process-instances/search', {
      filter: { processDefinitionId: 'unit-registration', state: 'COMPLETED' },
      page: { limit: 100000 },
    });
    const done = r.body.items.filter((i) => keys.has(String(i.processInstanceKey))).length;
    return done === keys.size || undefined;
  }, timeoutMs, `${keys.size} completed process instances`, 200);
}

/** Active incidents of these cases (engine REST). */
export async function activeIncidents(sys: TestSystem, cases: FaultCase[]): Promise<Array<Record<string, unknown>>> {
  const keys = new Set(cases.map((c) => c.processInstanceKey));
  const r = await sys.engineRest<{ items: Array<Record<string, unknown>> }>('POST', '/v2/incidents/search', { filter: { state: 'ACTIVE' }, page: { limit: 100000 } });
  return r.body.items.filter((i) => keys.has(String(i.processInstanceKey)));
}

/**
 * What each case received: approval e-mails in the SMTP sink (raw count and distinct Message-IDs),
 * SMS rows in sms_outbox, and notifications rows.
 */
export async function deliveries(sys: TestSystem, cases: FaultCase[]) {
  const sms = await sys.db('sms_outbox').whereIn('recipient', cases.map((c) => c.mobile)).select('recipient');
  const notes = await sys.db('notifications').whereIn('application_id', cases.map((c) => c.id)).select('application_id', 'channel', 'sent_at', 'idempotency_key');
  return cases.map((c) => {
    const mails = sys.sink.messages.filter((m) => m.to.includes(c.email));
    return {
      c,
      mails: mails.length,
      messageIds: [...new Set(mails.map((m) => m.messageId))],
      sms: sms.filter((s) => s.recipient === c.mobile).length,
      notes: notes.filter((n) => n.application_id === c.id),
    };
  });
}

/**
 * After a fault: approves every case, waits until all completed, and checks each was approved with
 * no incident left and one e-mail and one SMS. Returns what was delivered, for the report.
 */
export async function approveAllAndCheckOnce(sys: TestSystem, cases: FaultCase[], timeoutMs = 90_000) {
  const tasks = await reviewTasks(sys, cases, timeoutMs);
  expect(tasks.size).toBe(cases.length);
  await pool(cases, 10, (c) => approve(sys, tasks.get(c.processInstanceKey)!));
  await allCompleted(sys, cases, timeoutMs);
  expect(await countStatus(sys, cases, 'approved')).toBe(cases.length);
  expect(await activeIncidents(sys, cases)).toEqual([]);
  const got = await deliveries(sys, cases);
  expect(got.filter((d) => d.mails !== 1 || d.sms !== 1).map((d) => `${d.c.number}: ${d.mails} e-mails, ${d.sms} SMS`)).toEqual([]);
  return got;
}
