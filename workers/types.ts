/**
 * A worker handler is a plain async function of (variables, job context, deps) that returns the
 * variables to set, or throws a BpmnError for a business outcome the model catches. Everything
 * else it throws is a technical failure: the job is failed with a retry back-off, ending in an
 * incident when retries run out. workers/runtime.ts is the thin wrapper that registers handlers.
 */
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import type { Mailer } from '../core/mailer';
import type { SmsProvider } from '../core/sms';
import type Redis from 'ioredis';
import type { IdentityProvider } from '../core/identity';
import type { InboxSyncJobType, JobType } from '../domain/registry';

export interface JobContext {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  elementId: string;
  /** Stable across retries of the same element instance: the key for idempotent side effects. */
  elementInstanceKey: string;
  headers: Record<string, string>;
  retries: number;
}

/** A change to the inbox, published for every API process (Redis pub/sub) to push to browsers. */
export interface InboxChange {
  event: string;
  key: string;
  state: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
}

export interface Deps {
  db: Db;
  mailer: Mailer;
  sms: SmsProvider;
  log: Logger;
  now: () => Date;
  publicUrl: string;
  /** Publicity: SMS confirmation codes (24 h keys) and the three-element check. */
  redis?: Redis;
  identity?: IdentityProvider;
  /** where uploaded files and generated documents lie */
  fileStoreDir: string;
  /** Tells the inbox streams about a change; never fails the job. */
  publishInbox?: (change: InboxChange) => Promise<void>;
}

export type Variables = Record<string, unknown>;

export type Handler<In extends Variables = Variables, Out extends Variables = Variables> = (
  variables: In,
  job: JobContext,
  deps: Deps,
) => Promise<Out>;

export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Variables = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

/**
 * A job type (or several) and its handler, as the runtime registers it. Made by defineJob, which
 * ties the fetched variables to the handler's input; `run` hands the engine's variables over.
 */
export interface JobDefinition {
  readonly types: readonly string[];
  /** Variables the job fetches; undefined = all. Keep instances' variables small. */
  readonly fetch?: readonly string[];
  run(variables: Variables, job: JobContext, deps: Deps): Promise<Variables>;
}

/**
 * Declares a job next to its handler: `fetch` lists keys of the handler's input (a misspelt or
 * unknown variable is a type error), `type` is a declared job type (domain/registry JOB), or the
 * inbox listener's types.
 */
export function defineJob<In extends Variables, Out extends Variables>(def: {
  type: JobType | readonly InboxSyncJobType[];
  fetch?: ReadonlyArray<NoInfer<keyof In & string>>;
  handler: Handler<In, Out>;
}): JobDefinition {
  return {
    types: typeof def.type === 'string' ? [def.type] : [...def.type],
    fetch: def.fetch,
    // the engine's variables are untyped: the fetch list above is what makes them In
    run: (variables, job, deps) => def.handler(variables as In, job, deps),
  };
}
