/** Starts the system in-process against the shared test engine, with an SMTP sink of its own. */
import './env';
import { loadConfig } from '../../core/config';
import { SmtpSink } from '../../core/smtp-sink';
import { startSystem, System } from '../../api/system';
import { localEngineAuthorization } from '../../core/local-engine-auth';
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface TestSystem extends System {
  sink: SmtpSink;
  url: string;
  /** Camunda REST (v2) call against the engine, JSON in and out. */
  engineRest<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function startTestSystem(opts: { workers?: boolean } = {}): Promise<TestSystem> {
  const sink = new SmtpSink();
  const port = await sink.start(0);
  const config = loadConfig({ ...process.env, SMTP_PORT: String(port) });
  const system = await startSystem(config, { workers: opts.workers, startEngine: false });
  const stop = system.stop;
  const engineRest = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${config.engine.restAddress}${path}`, {
      method,
      headers: { authorization: localEngineAuthorization(config.engine.dataDir), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return Object.assign(system, {
    sink,
    url: system.url!,
    engineRest,
    stop: async () => {
      await stop();
      await sink.stop();
    },
  });
}

/** Polls fn until it returns a truthy value, or fails after timeoutMs with the last value seen. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** An account created for one test, and an HTTP client signed in as it (cookie + CSRF token). */
export interface Client {
  login: string;
  call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** POST /api/files with this session. */
  upload(name: string, content: Buffer): Promise<{ status: number; body: any }>;
  /** A request with this session, answered as it comes (binary downloads). */
  raw(path: string, init?: RequestInit): Promise<Response>;
}

export async function createAccount(sys: System, opts: { kind?: string; groups?: string[]; email?: string } = {}): Promise<{ login: string; password: string; id: string }> {
  const { hashPassword } = await import('../../core/passwords');
  const login = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const password = 'Passw0rd!x';
  const [row] = await sys.db('accounts')
    .insert({ login, password_hash: await hashPassword(password), kind: opts.kind ?? 'reviewer', display_name: `测试 ${login}`, groups: opts.groups ?? [], email: opts.email ?? `${login}@example.test`, status: 'active' })
    .returning('id');
  return { login, password, id: row.id };
}

export async function signIn(url: string, login: string, password: string): Promise<Client> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    login,
    async call(method, path, body) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const isJson = (r.headers.get('content-type') ?? '').includes('json');
      const text = await r.text();
      return { status: r.status, body: text && isJson ? JSON.parse(text) : text || undefined };
    },
    raw(path, init = {}) {
      return fetch(`${url}${path}`, { ...init, headers: { cookie, 'x-csrf-token': csrfToken, ...((init.headers as Record<string, string>) ?? {}) } });
    },
    async upload(name, content) {
      const fd = new FormData();
      fd.append('file', new Blob([content]), name);
      const r = await fetch(`${url}/api/files`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: fd });
      return { status: r.status, body: await r.json() };
    },
  };
}

/**
 * Pins the engine clock (a CLOCK PIN command, as on a Camunda cluster), runs fn, then resets it.
 * The clock may move backwards and forwards again: the engine's due-date checkers compare against
 * the pinned time on every check, so nothing stays scheduled at the time the clock came from.
 */
export async function withEngineClock<T>(sys: TestSystem, timestamp: number, fn: () => Promise<T>): Promise<T> {
  await pinEngineClock(sys, timestamp);
  try {
    return await fn();
  } finally {
    await sys.engineRest('POST', '/v2/clock/reset');
  }
}

/** Moves the pinned engine clock (inside withEngineClock) to another instant, earlier or later. */
export async function pinEngineClock(sys: TestSystem, timestamp: number): Promise<void> {
  const pinned = await sys.engineRest('PUT', '/v2/clock', { timestamp });
  if (pinned.status !== 204) throw new Error(`could not pin the engine clock: ${pinned.status} ${JSON.stringify(pinned.body)}`);
}
