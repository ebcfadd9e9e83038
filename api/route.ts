/**
 * Declared routes: each route states its method and path, its params / query / body schemas
 * (ajv, compiled once, at the route's first request), who may call it (`allow`) and its handler. One
 * middleware checks the caller and the schemas before the handler runs: 401 / 403 for the caller,
 * 404 for a path parameter that names nothing, 400 VALIDATION_FAILED with every field's message
 * for the query and the body. The OpenAPI document (api/openapi.ts) is generated from the same
 * declarations, and the access-matrix test reads `allow`.
 */
import express, { NextFunction, Request, Response, Router } from 'express';
import type { ValidateFunction } from 'ajv';
import { GROUP, UnitArea } from '../domain/registry';
import { createAjv, fieldErrorsOf, FieldErrors, Schema } from '../domain/schema';
import type { SessionUser } from './auth';
import { ApiError, validationFailed } from './errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paging of every list: page (from 1) and pageSize (1–1,000; pageOf's default 200). */
export const PAGING = {
  page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
  pageSize: { type: 'integer', minimum: 1, maximum: 1000, message: '每页 1 到 1000 条 / 1 to 1000 per page' },
} as const;

// ---- who may call a route ----
/** The part of a session the access rules read (the access-matrix test builds it from GET /api/me). */
export type Caller = Pick<SessionUser, 'kind' | 'unitId' | 'permissions' | 'groups'>;
export interface Allow {
  /** as the OpenAPI document shows it (x-allow): anyone, signed-in, admin, unit, unit-main, unit:<area>, staff */
  readonly name: string;
  /** the caller is admitted; an undefined caller is anonymous */
  admits(user: Caller | undefined): boolean;
  /** why not (403), for a signed-in caller */
  refusal(user: Caller): ApiError;
}

const notAdmin = () => new ApiError(403, 'NOT_ADMIN', '需要流程管理员权限 / Process admins only');

/** Anyone, signed in or not (public operations). */
export const anyone: Allow = { name: 'anyone', admits: () => true, refusal: () => notAdmin() };
/** Any signed-in account; what it may see is the service's scope (others' objects: 404). */
export const signedIn: Allow = { name: 'signed-in', admits: (u) => !!u, refusal: () => notAdmin() };
/** Process admins. */
export const admin: Allow = { name: 'admin', admits: (u) => u?.kind === 'admin', refusal: () => notAdmin() };
/** Staff: reviewers and admins. */
export const staff: Allow = {
  name: 'staff',
  admits: (u) => u?.kind === 'reviewer' || u?.kind === 'admin',
  refusal: () => new ApiError(403, 'STAFF_ONLY', '只有工作人员可以办理 / Staff only'),
};

/** The association's appraisal office (and admins). */
export const appraisalOffice: Allow = {
  name: `group:${GROUP.appraisalOffice}`,
  admits: (u) => u?.kind === 'admin' || (u?.groups ?? []).includes(GROUP.appraisalOffice),
  refusal: () => new ApiError(403, 'NOT_OFFICE', '只有协会办公室可以发布文件 / Only the association office can publish documents'),
};

const AREA_NAMES: Record<UnitArea, [string, string]> = {
  qualification: ['资质业务', 'qualifications'],
  publicity: ['执业公示', 'practitioner publicity'],
  appraisal: ['鉴定评审', 'appraisal'],
  licensing: ['许可业务', 'licensing'],
  'unit-info': ['单位信息变更', 'unit information changes'],
};
const isUnitAccount = (u: Caller | undefined): u is Caller & { unitId: string } => !!u?.unitId && (u.kind === 'unit-main' || u.kind === 'unit-sub');

/**
 * A unit's accounts: its main account, and sub-accounts holding one of `areas` (any sub-account
 * when none are named). `main: true` admits the main account only.
 */
export function unit(opts: { areas?: readonly UnitArea[]; main?: boolean; what?: [string, string] } = {}): Allow {
  const areas = opts.areas ?? [];
  const what = opts.what ?? (areas.length ? AREA_NAMES[areas[0]] : ['此业务', 'this']);
  return {
    name: opts.main ? 'unit-main' : areas.length ? areas.map((a) => `unit:${a}`).join('|') : 'unit',
    admits: (u) => isUnitAccount(u) && (u.kind === 'unit-main' || (!opts.main && (areas.length === 0 || areas.some((a) => (u.permissions ?? []).includes(a))))),
    refusal: (u) => {
      if (!isUnitAccount(u)) return new ApiError(403, 'NO_UNIT', `只有单位帐号可以办理${what[0]} / Only unit accounts can do ${what[1]}`);
      if (opts.main) return new ApiError(403, 'NOT_MAIN_ACCOUNT', `只有单位主帐号可以办理${what[0]} / Only the unit main account can do ${what[1]}`);
      return new ApiError(403, 'NO_PERMISSION', `您的子帐号没有${what[0]}的权限 / Your sub-account has no permission for ${what[1]}`);
    },
  };
}

/** A caller a unit rule admitted: its unit is known. */
export type UnitCaller = SessionUser & { unitId: string };
export function unitCaller(user: SessionUser): UnitCaller {
  if (!user.unitId) throw unit().refusal(user);
  return user as UnitCaller;
}

/** 401 for an anonymous caller a route does not admit, 403 for a signed-in one, else undefined. */
export function gate(allow: readonly Allow[], user: Caller | undefined): ApiError | undefined {
  if (allow.some((a) => a.admits(user))) return undefined;
  if (!user) return new ApiError(401, 'UNAUTHENTICATED', '请先登录 / Please sign in');
  return allow[0].refusal(user);
}

// ---- the declaration ----
export interface RouteCtx<P = Record<string, string>, Q = Record<string, string | undefined>, B = Record<string, unknown>> {
  req: Request;
  res: Response;
  next: NextFunction;
  /** the caller (undefined only on routes that admit anyone) */
  user: SessionUser;
  params: P;
  query: Q;
  body: B;
}

/** An OpenAPI response: a description (JSON), or a whole response object (files, streams). */
export type Reply = string | { description: string; content?: Record<string, unknown> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface RouteDef<P = any, Q = any, B = any> {
  method: Method;
  /** OpenAPI style: /api/tasks/{id} */
  path: string;
  summary: string;
  allow: readonly Allow[];
  /** what the caller's scope is when the service narrows it (shown in the document) */
  scope?: string;
  /** path parameter schemas; a value that fails one names nothing: 404 with `notFound` */
  params?: Record<string, Schema>;
  notFound?: string;
  /** query parameter schemas (each optional unless listed in queryRequired); failures: 400 */
  query?: Record<string, Schema>;
  queryRequired?: string[];
  /** the JSON body's schema; failures: 400 with every field */
  body?: Schema;
  /** rules across fields of a body that passed its schema (same 400, all fields at once) */
  check?: (body: Record<string, unknown>) => FieldErrors;
  /** a non-JSON request body, documented only (uploads); the handler reads it */
  rawBody?: Record<string, unknown>;
  /** status → response; error statuses (the one error shape) in `errors` */
  responses: Record<number, Reply>;
  errors?: number[];
  /** the status of a returned value (default 200) */
  status?: number;
  /** left out of the generated document (the SPA's helpers) */
  hidden?: boolean;
  handler(ctx: RouteCtx<P, Q, B>): Promise<unknown>;
}

/** Declares a route (types its handler's params, query and body). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const declare = <P = Record<string, string>, Q = Record<string, string | undefined>, B = any>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> => def;

// ---- the one middleware ----
const bodyAjv = createAjv();
const queryAjv = createAjv({ coerceTypes: true });

export interface Compiled {
  params: Array<[string, ValidateFunction]>;
  query?: ValidateFunction;
  body?: ValidateFunction;
}

/** The route's schemas compiled (every route's are compiled by the route-schemas unit test). */
export function compile(def: RouteDef): Compiled {
  return {
    params: Object.entries(def.params ?? {}).map(([k, s]) => [k, bodyAjv.compile(s)]),
    query: def.query ? queryAjv.compile({ type: 'object', properties: def.query, ...(def.queryRequired ? { required: def.queryRequired } : {}) }) : undefined,
    body: def.body ? bodyAjv.compile(def.body) : undefined,
  };
}

const late = new WeakMap<Schema, ValidateFunction>();
/**
 * For a handler that must look at its object before the body (e.g. 409 for a step not open,
 * whatever the body): the same schema check and field errors as the middleware's.
 */
export function validated<T>(schema: Schema, value: unknown): T {
  let v = late.get(schema);
  if (!v) late.set(schema, (v = bodyAjv.compile(schema)));
  if (!v(value)) throw validationFailed(fieldErrorsOf(v.errors));
  return value as T;
}

const expressPath = (p: string) => p.replace(/\{([^}]+)\}/g, ':$1');

/** An Express router serving the declared routes. */
export function serve(defs: readonly RouteDef[]): Router {
  const router = express.Router();
  for (const def of defs) {
    // compiled at the first request: the app starts without compiling its 150 routes' schemas (about
    // 0.3 s of CPU at every start, most of it for routes a process never serves)
    let compiled: Compiled | undefined;
    router[def.method](expressPath(def.path), (req, res, next) => {
      (async () => {
        const c = (compiled ??= compile(def));
        const refused = gate(def.allow, req.user);
        if (refused) throw refused;
        for (const [k, v] of c.params) if (!v(req.params[k])) throw new ApiError(404, 'NOT_FOUND', def.notFound ?? '没有这个对象 / Not found');
        const query = { ...(req.query as Record<string, unknown>) };
        if (c.query && !c.query(query)) throw validationFailed(fieldErrorsOf(c.query.errors));
        const body = req.body ?? {};
        if (c.body) {
          const fields = c.body(body) ? {} : fieldErrorsOf(c.body.errors);
          if (def.check && body && typeof body === 'object' && !Array.isArray(body)) for (const [k, m] of Object.entries(def.check(body))) fields[k] ??= m;
          if (Object.keys(fields).length) throw validationFailed(fields);
        }
        const out = await def.handler({ req, res, next, user: req.user as SessionUser, params: req.params, query, body });
        if (out !== undefined && !res.headersSent) res.status(def.status ?? 200).json(out);
      })().catch(next);
    });
  }
  return router;
}
