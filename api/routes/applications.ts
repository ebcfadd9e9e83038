/**
 * The applicant's side: forms, drafts, starting an application from a start form, "my cases",
 * and one case with its history and where it stands in its BPMN diagram (the progress view).
 */
import fs from 'node:fs';
import { containsPattern, pageOf, type Db } from '../../core/db';
import { loadModels } from '../../domain/models';
import { PROCESS } from '../../domain/registry';
import { ApplicationRow, audit } from '../../db/applications';
import { caseHistory } from '../../db/case-history';
import { matchingApplications } from '../../db/tasks';
import { maskPersonal, scopeCases } from '../../db/case-scope';
import type { SessionUser } from '../auth';
import { AnyObject, Uuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, anyone, signedIn, PAGING } from '../route';
import { applicationsService, NOT_STARTABLE, type ApplicationsDeps } from '../services/applications';
import { licenceSummary } from '../licensing';

/** A publicity application gets its number only once eligible (workers/publicity.ts); before that it has none to show. */
const shownNumber = (n: string): string | null => (n.startsWith('TMP-') ? null : n);

const SCOPE = /^(task:\d{1,20}|start:[a-z0-9-]{1,64}|app:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** A draft's scope: task:<key>, start:<process>, or app:<application id> (a saved or returned application being edited). */
const DraftScope = { type: 'string', pattern: SCOPE.source } as const;
const MAX_DRAFT_BYTES = 256 * 1024;

const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' } as const;
/** The query conditions of "my cases" and the other case lists. */
const CASE_LIST_QUERY = {
  number: { type: 'string', maxLength: 40, message: '编号最多 40 个字符 / At most 40 characters' },
  text: { type: 'string', maxLength: 50, message: '查询内容最多 50 个字符 / At most 50 characters' },
  processId: { type: 'string', pattern: '^[a-z0-9-]{1,64}(,[a-z0-9-]{1,64}){0,19}$', message: '事项有误 / Unknown service' },
  status: { type: 'string', pattern: '^[a-z_]{1,32}$', message: '状态有误 / Unknown status' },
  from: DAY,
  to: DAY,
  sort: { type: 'string', enum: ['number', 'submittedAt'], message: '只能按编号或提交时间排序 / Sort by number or submission time' },
  order: { type: 'string', enum: ['asc', 'desc'], message: '排序方向为 asc 或 desc / Order asc or desc' },
  ...PAGING,
  facets: { type: 'string', enum: ['true', 'false'] },
};

/** The applications a user may read (db/case-scope.ts). */
function mine(db: Db, user: SessionUser) {
  const q = db<ApplicationRow>('applications');
  scopeCases(db, user)(q);
  return q;
}

async function licenceSummaryFields(db: Db, id: string, user: SessionUser, now: Date) {
  const licence = await licenceSummary(db, id, user, now);
  return { licence, statutoryClock: licence?.statutoryClock ?? null };
}

export function applicationsRoutes(deps: ApplicationsDeps): RouteDef[] {
  const routes: RouteDef[] = [];
  const service = applicationsService(deps);

  routes.push(declare({
    method: 'get',
    path: '/api/forms/{key}',
    summary: "A Form.io form",
    allow: [anyone],
    responses: { 200: "form" },
    errors: [404],
    handler: async ({ req, res }) => {
      const form = await deps.db('forms').where({ key: req.params.key }).first();
      if (!form) throw new ApiError(404, 'NOT_FOUND', '没有这个表单 / No such form');
      res.json({ key: form.key, version: form.version, schema: form.schema });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/processes/{id}/diagram',
    summary: "BPMN XML of a process (progress view)",
    allow: [anyone],
    responses: { 200: {description: "BPMN 2.0 XML", content: {"application/xml": {}}} },
    errors: [404],
    handler: async ({ req, res }) => {
      const model = loadModels().find((m) => m.id === req.params.id);
      if (!model) throw new ApiError(404, 'NOT_FOUND', '没有这个流程 / No such process');
      res.type('application/xml').send(fs.readFileSync(model.file, 'utf8'));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/drafts/{scope}',
    summary: "A saved draft (scope task:<key>, start:<process> or app:<application id>)",
    allow: [signedIn],
    responses: { 200: "draft" },
    params: { scope: DraftScope },
    notFound: '没有草稿 / No draft',
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const draft = await deps.db('drafts').where({ account_id: user.accountId, scope: req.params.scope }).first();
      if (!draft) throw new ApiError(404, 'NOT_FOUND', '没有草稿 / No draft');
      res.json({ scope: draft.scope, data: draft.data, updatedAt: draft.updated_at });
    },
  }));

  routes.push(declare({
    method: 'put',
    path: '/api/drafts/{scope}',
    summary: "Save a draft",
    allow: [signedIn],
    responses: { 200: "saved" },
    body: { type: 'object', required: ['data'], properties: { data: { type: 'object', message: '草稿内容应为对象 / The draft must be an object' } } },
    errors: [400, 401, 413],
    handler: async ({ req, res, user, body: { data } }) => {
      if (!SCOPE.test(req.params.scope)) throw validationFailed({ scope: '草稿范围应为 task:<编号>、start:<流程> 或 app:<申请> / Scope must be task:<key>, start:<process> or app:<application id>' });
      if (Buffer.byteLength(JSON.stringify(data)) > MAX_DRAFT_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', '草稿过大 / The draft is too large');
      const [row] = await deps.db('drafts')
        .insert({ account_id: user.accountId, scope: req.params.scope, data: JSON.stringify(data), updated_at: deps.db.fn.now() })
        .onConflict(['account_id', 'scope'])
        .merge()
        .returning(['scope', 'updated_at']);
      res.json({ scope: row.scope, updatedAt: row.updated_at });
    },
  }));

  routes.push(declare({
    method: 'delete',
    path: '/api/drafts/{scope}',
    summary: "Discard a draft",
    allow: [signedIn],
    responses: { 204: {description: "gone"} },
    handler: async ({ req, res, user }) => {
      // a scope no draft can have: nothing to discard
      if (SCOPE.test(req.params.scope)) await deps.db('drafts').where({ account_id: user.accountId, scope: req.params.scope }).delete();
      res.status(204).end();
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/applications',
    summary: "Start a process from its start form",
    body: { type: 'object', required: ['processId'], properties: { processId: { type: 'string', message: NOT_STARTABLE }, data: AnyObject } },
    allow: [signedIn],
    responses: { 201: "started" },
    errors: [400, 401, 403, 503],
    handler: async ({ res, user, body }) => {
      res.status(201).json(await service.start(user, body.processId, body.data));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/applications',
    summary: "The applications the caller may read (a unit's own, a person's own, staff those their groups have or had a task in or their role covers; admins all), filtered, sorted and paged: number (a part of it), text (a part of the number, the applicant's or the unit's name), processId (one or several, comma-separated), status, submitted from / to (dates), sort number | submittedAt, order, page, pageSize (up to 1000; default the newest 200). facets=true adds the services and statuses found in the caller's scope",
    query: CASE_LIST_QUERY,
    allow: [signedIn],
    responses: { 200: "{ items, total, page, pageSize, facets? }" },
    errors: [400, 401],
    handler: async ({ req, res, user }) => {
      // (the query was checked; its values are still the strings of the URL)
      const q = req.query as Record<string, string | undefined>;
      const filtered = () => {
        const b = mine(deps.db, user);
        if (q.number?.trim()) b.whereRaw('applications.number ilike ?', [containsPattern(q.number.trim())]);
        if (q.text?.trim()) b.whereRaw('applications.id in (?)', [matchingApplications(deps.db, q.text.trim())]);
        if (q.processId) b.whereIn('applications.process_id', q.processId.split(','));
        if (q.status) b.where('applications.status', q.status);
        if (q.from) b.where('applications.created_at', '>=', q.from);
        if (q.to) b.whereRaw('applications.created_at < (?::date + 1)', [q.to]);
        return b;
      };
      const column = q.sort === 'number' ? 'number' : 'created_at';
      const order = q.order === 'asc' ? 'asc' : 'desc';
      const { items: rows, ...paging } = await pageOf<ApplicationRow>(filtered, q, (b) =>
        b.orderBy([{ column, order }, { column: 'id', order }]).select('id', 'number', 'process_id', 'status', 'decision_reason', 'created_at', 'updated_at', 'decided_at'));
      const facets = q.facets === 'true'
        ? {
          processIds: (await mine(deps.db, user).distinct('process_id').pluck('process_id')).sort(),
          statuses: (await mine(deps.db, user).distinct('status').pluck('status')).sort(),
        }
        : undefined;
      res.json({
        items: rows.map((r) => ({ id: r.id, number: shownNumber(r.number), processId: r.process_id, status: r.status, reason: r.decision_reason, submittedAt: r.created_at, updatedAt: r.updated_at, decidedAt: r.decided_at })),
        ...paging,
        ...(facets ? { facets } : {}),
      });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/applications/{id}',
    params: { id: Uuid },
    query: { reveal: { type: 'string', enum: ['true', 'false'] } },
    notFound: '没有这个申请 / No such application',
    summary: "One application (admins: personal fields masked unless reveal=true, audited): status, history with step names and opinions, active and completed BPMN elements. A production licence adds `licence` (authority, items, acceptance number, agency, appraisal dates, the negotiation of the dates (each proposal and the agency's answer), corrections, licence number; the review feedback form only for the approving authority) and `statutoryClock` ({ limitWorkingDays, usedWorkingDays, leftWorkingDays, state: counting|paused|stopped, projectedDueDate, dueDate, remindedAt, overdue, overdueAt }, appraisal time excluded; overdue once the limit passed)",
    allow: [signedIn],
    responses: { 200: "case" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const app = await mine(deps.db, user).where({ id: req.params.id }).first();
      if (!app) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
      // admins read personal fields masked unless they open the case deliberately (?reveal=true, audited)
      const reveal = user.kind === 'admin' && String(req.query.reveal) === 'true';
      if (reveal) await audit(deps.db, { applicationId: app.id, actor: user.login, action: 'personal-data-revealed' });
      const data = user.kind === 'admin' && !reveal ? maskPersonal(app.data) : app.data;
      const history = await caseHistory(deps.db, app, user);
      let progress: { state: string | null; active: string[]; completed: string[] } = { state: null, active: [], completed: [] };
      if (app.process_instance_key) {
        const [instance, elements] = await Promise.all([
          deps.engine.rest.searchProcessInstances({ filter: { processInstanceKey: app.process_instance_key } }).catch(() => undefined),
          deps.engine.rest.searchElementInstances({ filter: { processInstanceKey: app.process_instance_key }, page: { from: 0, limit: 500 } }).catch(() => undefined),
        ]);
        const items = ((elements as unknown as { items?: Array<{ elementId: string; state: string }> })?.items ?? []);
        progress = {
          state: ((instance as unknown as { items?: Array<{ state: string }> })?.items ?? [])[0]?.state ?? null,
          active: [...new Set(items.filter((i) => i.state === 'ACTIVE').map((i) => i.elementId))],
          completed: [...new Set(items.filter((i) => i.state === 'COMPLETED').map((i) => i.elementId))],
        };
      }
      res.json({
        id: app.id, number: shownNumber(app.number), processId: app.process_id, status: app.status, reason: app.decision_reason,
        submittedAt: app.created_at, decidedAt: app.decided_at, data, masked: user.kind === 'admin' && !reveal, history, progress,
        // special-equipment licensing: authority, acceptance, appraisal dates, statutory clock
        ...(app.process_id === PROCESS.productionLicence ? await licenceSummaryFields(deps.db, app.id, user, deps.now?.() ?? new Date()) : {}),
      });
    },
  }));
  return routes;
}
