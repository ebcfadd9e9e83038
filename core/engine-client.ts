/**
 * The product's one client for the engine's REST API (Camunda 8.8 orchestration cluster API, /v2):
 * user task assignment and completion, the searches, incidents, topology and the clock.
 * It is Camunda's own typed client, @camunda8/orchestration-cluster-api 8.8.x (its major.minor
 * follows the cluster's 8.n: 8.8.x is generated from the 8.8 OpenAPI document). Job workers stay on
 * @camunda8/sdk (gRPC), see core/camunda.ts.
 *
 * CAMUNDA_SDK_VALIDATION (none | warn | strict | req:<mode>,res:<mode>) checks every request and
 * answer against the published schema; the contract tests (test/contract) run it strict.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { EngineConfig } from './config';
import { localEngineSdkAuth } from './local-engine-auth';

/** The API's types with its branded keys (UserTaskKey, ProcessInstanceKey, …) as the plain strings we store. */
type Unbranded<T> = T extends string & { readonly __brand: unknown }
  ? string
  : T extends ReadonlyArray<infer U>
    ? Unbranded<U>[]
    : T extends object
      ? { [K in keyof T]: Unbranded<T[K]> }
      : T;
type Api = CamundaClient;
/** The request type of one operation of the published API. */
export type RequestOf<K extends keyof Api> = Api[K] extends (input: infer I, ...rest: never[]) => unknown ? Unbranded<I> : never;
/** The answer type of one operation of the published API. */
export type AnswerOf<K extends keyof Api> = Api[K] extends (...args: never[]) => PromiseLike<infer R> ? Unbranded<R> : never;

export type Topology = AnswerOf<'getTopology'>;
export type UserTask = AnswerOf<'getUserTask'>;
export type ProcessInstance = AnswerOf<'getProcessInstance'>;
export type ProcessDefinition = AnswerOf<'getProcessDefinition'>;
export type UserTaskSearch = AnswerOf<'searchUserTasks'>;
export type ProcessInstanceSearch = AnswerOf<'searchProcessInstances'>;
export type ElementInstanceSearch = AnswerOf<'searchElementInstances'>;
export type IncidentSearch = AnswerOf<'searchIncidents'>;
export type VariableSearch = AnswerOf<'searchVariables'>;

/**
 * An answer of the engine other than 2xx: the RFC 9457 problem detail's fields, with the HTTP
 * status as `status` and `statusCode` (the call sites read statusCode).
 */
export class EngineApiError extends Error {
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    readonly title: string | undefined,
    readonly detail: string | undefined,
    readonly cause?: unknown,
  ) {
    super(`${operation}: ${statusCode ?? 'no answer'} ${title ?? ''}${detail ? ` (${detail})` : ''}`.trim());
    this.name = 'EngineApiError';
  }
  get status(): number | undefined {
    return this.statusCode;
  }
}

export interface EngineClient {
  getTopology(): Promise<Topology>;
  getUserTask(userTaskKey: string): Promise<UserTask>;
  searchUserTasks(query: RequestOf<'searchUserTasks'>): Promise<UserTaskSearch>;
  assignUserTask(input: RequestOf<'assignUserTask'>): Promise<void>;
  unassignUserTask(input: RequestOf<'unassignUserTask'>): Promise<void>;
  completeUserTask(input: RequestOf<'completeUserTask'>): Promise<void>;
  updateUserTask(input: RequestOf<'updateUserTask'>): Promise<void>;
  getProcessInstance(processInstanceKey: string): Promise<ProcessInstance>;
  getProcessDefinition(processDefinitionKey: string): Promise<ProcessDefinition>;
  searchProcessInstances(query: RequestOf<'searchProcessInstances'>): Promise<ProcessInstanceSearch>;
  searchElementInstances(query: RequestOf<'searchElementInstances'>): Promise<ElementInstanceSearch>;
  searchIncidents(query: RequestOf<'searchIncidents'>): Promise<IncidentSearch>;
  resolveIncident(incidentKey: string): Promise<void>;
  searchVariables(query: RequestOf<'searchVariables'>): Promise<VariableSearch>;
  pinClock(timestamp: number): Promise<void>;
  resetClock(): Promise<void>;
}

export interface EngineClientOptions {
  /** Overrides CAMUNDA_SDK_VALIDATION, e.g. 'req:strict,res:strict'. */
  validation?: string;
  /** A fetch of one's own (the contract tests count the calls). */
  fetch?: typeof fetch;
}

/** The client's settings from ours: the local engine's own credentials; a cluster takes the standard variables. */
export function engineClientSettings(engine: EngineConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {
    CAMUNDA_SDK_LOG_LEVEL: env.CAMUNDA_SDK_LOG_LEVEL ?? 'error',
    CAMUNDA_SDK_VALIDATION: env.CAMUNDA_SDK_VALIDATION ?? 'none',
  };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && /^CAMUNDA_(SDK_|MTLS_|OAUTH_|BASIC_AUTH_)/.test(k)) out[k] = v;
  if (engine.local) return { ...out, CAMUNDA_REST_ADDRESS: engine.restAddress, ...localEngineSdkAuth(engine.dataDir) };
  const e = engine.sdkEnv;
  const saas = e.CAMUNDA_CLUSTER_ID && e.CAMUNDA_CLUSTER_REGION ? `https://${e.CAMUNDA_CLUSTER_REGION}.zeebe.camunda.io/${e.CAMUNDA_CLUSTER_ID}` : undefined;
  const set = (k: string, v: string | undefined) => v !== undefined && v !== '' && (out[k] = v);
  set('CAMUNDA_REST_ADDRESS', env.CAMUNDA_REST_ADDRESS ?? e.ZEEBE_REST_ADDRESS ?? saas);
  set('CAMUNDA_AUTH_STRATEGY', e.CAMUNDA_AUTH_STRATEGY ?? (e.ZEEBE_CLIENT_ID ? 'OAUTH' : 'NONE'));
  set('CAMUNDA_CLIENT_ID', env.CAMUNDA_CLIENT_ID ?? e.ZEEBE_CLIENT_ID);
  set('CAMUNDA_CLIENT_SECRET', env.CAMUNDA_CLIENT_SECRET ?? e.ZEEBE_CLIENT_SECRET);
  set('CAMUNDA_OAUTH_URL', e.CAMUNDA_OAUTH_URL ?? (saas ? 'https://login.cloud.camunda.io/oauth/token' : undefined));
  set('CAMUNDA_TOKEN_AUDIENCE', e.CAMUNDA_TOKEN_AUDIENCE ?? (saas ? 'zeebe.camunda.io' : undefined));
  set('CAMUNDA_DEFAULT_TENANT_ID', e.CAMUNDA_TENANT_ID);
  return out;
}

/** A request or answer that does not match the published schema, with the fields named. */
export interface ContractViolation {
  operation: string;
  /** The HTTP request, e.g. "POST /v2/element-instances/search". */
  request?: string;
  side: 'request' | 'response';
  issues: string[];
}

/**
 * Every call of this process's engine clients, by operation, and the schema mismatches seen
 * (each also fails its call under strict validation). Read by the contract tests.
 */
export const engineContract = {
  calls: {} as Record<string, { sent: number; answered: number; problems: number }>,
  violations: [] as ContractViolation[],
};

/** Fields of `given` missing from `sent`: what the schema does not know is dropped by strict request validation. */
function droppedFields(given: unknown, sent: unknown, at = ''): string[] {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    const here = at ? `${at}.${k}` : k;
    const other = sent && typeof sent === 'object' ? (sent as Record<string, unknown>)[k] : undefined;
    if (other === undefined) out.push(here);
    else out.push(...droppedFields(v, other, here));
  }
  return out;
}

/** Searches answer from secondary storage; the product polls where it waits, so no wait here. */
const NOW = { consistency: { waitUpToMs: 0 } };

export function createEngineClient(engine: EngineConfig, opts: EngineClientOptions = {}): EngineClient {
  const settings = engineClientSettings(engine);
  if (opts.validation) settings.CAMUNDA_SDK_VALIDATION = opts.validation;
  const strictRequests = /^strict$|req:strict/.test(settings.CAMUNDA_SDK_VALIDATION);
  // Which call a request belongs to matters only to validation (its messages name the request).
  // Without validation no call is tracked: a used AsyncLocalStorage makes Node 20 run a hook on
  // every promise the process creates, whatever created it.
  const tracked = /warn|strict/.test(settings.CAMUNDA_SDK_VALIDATION);
  const current = new AsyncLocalStorage<{ operation: string; input: unknown; request?: string }>();
  const violation = (v: ContractViolation) => {
    engineContract.violations.push(v);
    return Object.assign(new Error(`Invalid ${v.operation} ${v.side}: ${v.issues.join('; ')}`), { name: 'CamundaValidationError', ...v });
  };
  // Strict request validation drops the fields the schema does not know (a misspelt filter would
  // widen a search silently): with it on, a dropped field fails the call instead.
  const send: typeof fetch = async (input, init) => {
    const call = current.getStore();
    if (call) call.request = `${(input instanceof Request ? input.method : init?.method) ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`;
    if (strictRequests && call && call.input && typeof call.input === 'object') {
      const body = input instanceof Request ? await input.clone().text() : typeof init?.body === 'string' ? init.body : '';
      const url = input instanceof Request ? input.url : String(input);
      const given = Object.fromEntries(Object.entries(call.input).filter(([, v]) => !(typeof v === 'string' && url.includes(`/${encodeURIComponent(v)}`))));
      const dropped = droppedFields(given, body ? JSON.parse(body) : {});
      if (dropped.length) throw violation({ operation: call.operation, request: call.request, side: 'request', issues: dropped.map((f) => `${f}: not in the published request schema`) });
    }
    return (opts.fetch ?? fetch)(input, init);
  };
  const api = createCamundaClient({ env: settings, config: settings as never, fetch: send });
  // the keys are strings on both sides of the wire; only the brands differ
  const call = async <T>(operation: string, fn: () => PromiseLike<unknown>, input?: unknown): Promise<T> => {
    const count = (engineContract.calls[operation] ??= { sent: 0, answered: 0, problems: 0 });
    count.sent++;
    const context: { operation: string; input: unknown; request?: string } = { operation, input };
    try {
      const answer = (await (tracked ? current.run(context, fn) : fn())) as T;
      count.answered++;
      return answer;
    } catch (err) {
      const e = err as { name?: string; message?: string; status?: number; title?: string; detail?: string; side?: 'request' | 'response'; issues?: string[] };
      if (e?.name === 'HttpSdkError') {
        count.problems++;
        throw new EngineApiError(operation, e.status, e.title, e.detail, err);
      }
      // the SDK's schema failures (CamundaValidationError, or its ValidationSdkError wrapper) carry the issues
      if (Array.isArray(e?.issues) && !engineContract.violations.some((v) => v.issues === e.issues)) {
        engineContract.violations.push({ operation, request: context.request, side: e.side ?? (/ response\b/.test(e.message ?? '') ? 'response' : 'request'), issues: e.issues });
      }
      throw err;
    }
  };
  const done = async (p: Promise<unknown>) => void (await p);
  return {
    getTopology: () => call('getTopology', () => api.getTopology()),
    getUserTask: (userTaskKey) => call('getUserTask', () => api.getUserTask({ userTaskKey } as never, NOW)),
    searchUserTasks: (query) => call('searchUserTasks', () => api.searchUserTasks(query as never, NOW), query),
    assignUserTask: (input) => done(call('assignUserTask', () => api.assignUserTask(input as never), input)),
    unassignUserTask: (input) => done(call('unassignUserTask', () => api.unassignUserTask(input as never), input)),
    completeUserTask: (input) => done(call('completeUserTask', () => api.completeUserTask(input as never), input)),
    updateUserTask: (input) => done(call('updateUserTask', () => api.updateUserTask(input as never), input)),
    getProcessInstance: (processInstanceKey) => call('getProcessInstance', () => api.getProcessInstance({ processInstanceKey } as never, NOW)),
    getProcessDefinition: (processDefinitionKey) => call('getProcessDefinition', () => api.getProcessDefinition({ processDefinitionKey } as never, NOW)),
    searchProcessInstances: (query) => call('searchProcessInstances', () => api.searchProcessInstances(query as never, NOW), query),
    searchElementInstances: (query) => call('searchElementInstances', () => api.searchElementInstances(query as never, NOW), query),
    searchIncidents: (query) => call('searchIncidents', () => api.searchIncidents(query as never, NOW), query),
    resolveIncident: (incidentKey) => done(call('resolveIncident', () => api.resolveIncident({ incidentKey } as never))),
    searchVariables: (query) => call('searchVariables', () => api.searchVariables(query as never, NOW), query),
    pinClock: (timestamp) => done(call('pinClock', () => api.pinClock({ timestamp }), { timestamp })),
    resetClock: () => done(call('resetClock', () => api.resetClock())),
  };
}

/** The oldest Camunda 8 the product runs on: the user task listeners and the /v2 API of 8.8. */
export const MIN_CLUSTER_VERSION = '8.8';

const minor = (v: string) => {
  const m = /^(\d+)\.(\d+)/.exec(v.trim());
  return m ? Number(m[1]) * 1000 + Number(m[2]) : NaN;
};

/**
 * Reads the cluster's topology at start and refuses a gateway or broker older than 8.8 (or one
 * whose version cannot be read), with a message that says which version it found.
 */
export async function requireSupportedCluster(rest: Pick<EngineClient, 'getTopology'>): Promise<Topology> {
  const topology = await rest.getTopology();
  const versions = [topology.gatewayVersion, ...topology.brokers.map((b) => b.version)];
  const old = versions.find((v) => !(minor(v) >= minor(MIN_CLUSTER_VERSION)));
  if (old !== undefined) {
    throw new Error(
      `Camunda 集群版本 ${old} 过低，需要 ${MIN_CLUSTER_VERSION} 或更高 / The Camunda cluster reports version ${old}; PermitFlow needs ${MIN_CLUSTER_VERSION} or later (user task listeners, /v2 REST API)`,
    );
  }
  return topology;
}
