/**
 * GET /api/openapi.json — OpenAPI 3.1 of the public API, generated from the route declarations
 * (api/routes/*.ts): paths, parameters and body schemas are the ones the validation middleware
 * checks, `x-allow` is who may call the operation. Three operations are served outside the
 * declarations and listed here: /health, this document, and the inbox event stream.
 */
import type { Schema } from '../domain/schema';
import { Allow, anyone, Reply, RouteDef, signedIn } from './route';
import { declaredRoutes } from './routes';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } },
    },
  },
};

const errorResponse = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** Our schema keyword `message` (a field's Chinese message) is shown as x-message. */
function documented(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(documented);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k === 'message' ? 'x-message' : k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, documented(s)])) : documented(v)]));
}

const response = (r: Reply) => (typeof r === 'string' ? { description: r, content: { 'application/json': { schema: { type: 'object' } } } } : r);

type Operation = Record<string, unknown>;

function operationOf(def: Pick<RouteDef, 'summary' | 'allow' | 'params' | 'query' | 'queryRequired' | 'body' | 'rawBody' | 'responses' | 'errors' | 'scope'>): Operation {
  const parameters = [
    ...Object.entries(def.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: documented(schema) })),
    ...Object.entries(def.query ?? {}).map(([name, schema]) => ({ name, in: 'query', ...(def.queryRequired?.includes(name) ? { required: true } : {}), schema: documented(schema), ...((schema as { description?: string }).description ? { description: (schema as { description?: string }).description } : {}) })),
  ];
  return {
    summary: def.summary,
    ...(def.allow.includes(anyone) ? { security: [] } : {}),
    'x-allow': def.allow.map((a: Allow) => a.name),
    ...(def.scope ? { 'x-scope': def.scope } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(def.body ? { requestBody: { required: true, content: { 'application/json': { schema: documented(def.body) } } } } : {}),
    ...(def.rawBody ? { requestBody: documented(def.rawBody) } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(def.responses).map(([status, r]) => [status, response(r)])),
      ...Object.fromEntries((def.errors ?? []).map((s) => [String(s), errorResponse])),
    },
  };
}

/** Served outside the declarations (health by the engine's status, the document, the event stream). */
const SERVED_ELSEWHERE: Array<{ method: string; path: string; op: Operation }> = [
  { method: 'get', path: '/health', op: operationOf({ summary: 'Up or down; engine, PostgreSQL and Redis details for admins only', allow: [anyone], responses: { 200: 'all up', 503: 'something down' } }) },
  { method: 'get', path: '/api/openapi.json', op: operationOf({ summary: 'This document', allow: [anyone], responses: { 200: 'OpenAPI 3.1' } }) },
  { method: 'get', path: '/api/tasks/stream', op: operationOf({ summary: 'Server-Sent Events of inbox changes', allow: [signedIn], responses: { 200: { description: 'text/event-stream' } } }) },
];

/** The OpenAPI document of a set of declared routes. */
export function openapiOf(routes: readonly RouteDef[]) {
  const paths: Record<string, Record<string, Operation>> = {};
  const add = (method: string, path: string, op: Operation) => {
    if (paths[path]?.[method]) throw new Error(`${method.toUpperCase()} ${path} is declared twice`);
    (paths[path] ??= {})[method] = op;
  };
  for (const s of SERVED_ELSEWHERE) add(s.method, s.path, s.op);
  for (const r of routes) if (!r.hidden) add(r.method, r.path, operationOf(r));
  return {
    openapi: '3.1.0',
    info: { title: 'PermitFlow API', version: '0.1.0', description: 'Regulatory e-services as BPMN processes. Errors: { error: { code, message, fields } }.' },
    components: {
      schemas: { Error: error } as Record<string, Schema>,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'pf_sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'required on POST/PUT/PATCH/DELETE with a session' },
      },
    },
    security: [{ session: [], csrf: [] }],
    paths,
  };
}

export const openapi = openapiOf(declaredRoutes());
