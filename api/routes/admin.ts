/**
 * The process admin's API: lint-gated deployment, process versions with who deployed them,
 * running-case counts, incidents and their retry. Admin accounts only; every action is audited.
 */
import path from 'node:path';
import type { Engine } from '../../core/camunda';
import { containsPattern, type Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { lintBpmn } from '../../domain/lint';
import { describeElements, diffBpmn } from '../../domain/bpmn-diff';
import { formFiles, parseBpmn } from '../../domain/models';
import { JOBS } from '../../workers';
import { trimmedText, Uuid } from '../../domain/schema';
import { NOTICE_KIND, NOTICE_STATUS, type NoticeKind } from '../../domain/registry';
import { getNotice, listNotices, listPublished, presentNotice } from '../../db/notices';
import { ApiError, validationFailed } from '../errors';
import { admin, declare, RouteDef, signedIn } from '../route';
import { createHash } from 'node:crypto';
import { maskIdNumber, maskMobile } from '../../domain/validators';
import { audit } from '../../db/applications';
import fs from 'node:fs';
import { ROOT } from '../../core/config';
import { userTaskTemplate } from '../../domain/element-templates';
import { lintForm } from '../../domain/form-lint';

/** A process id as a deployment's resource name takes it (anything else is no such process). */
const PROCESS_ID = /^[A-Za-z0-9_.-]{1,200}$/;
const BpmnXml = { type: 'string', pattern: '\\S', message: '缺少 BPMN / The BPMN XML is missing' } as const;

export async function adminAudit(db: Db, actor: string, action: string, details: unknown): Promise<void> {
  await db('admin_audit').insert({ actor, action, details: JSON.stringify(details) });
}

export function adminRoutes(deps: { db: Db; engine: Engine; log: Logger }): RouteDef[] {
  const routes: RouteDef[] = [];

  const lintContext = async () => ({
    formKeys: new Set([...formFiles().map((f) => path.basename(f, '.json')), ...(await deps.db('forms').pluck('key'))]),
    jobTypes: new Set(JOBS.flatMap((w) => w.types)),
  });

  routes.push(declare({
    method: 'post',
    path: '/api/admin/lint',
    summary: "Lint a BPMN model without deploying it (admins)",
    allow: [admin],
    responses: { 200: "issues" },
    body: { type: 'object', required: ['xml'], properties: { xml: BpmnXml } },
    errors: [400, 401, 403],
    handler: async ({ res, body: { xml } }) => {
      res.json({ issues: await lintBpmn(xml, await lintContext()) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/forms',
    summary: "The form registry (admins)",
    allow: [admin],
    responses: { 200: "forms" },
    errors: [401, 403],
    handler: async ({ res }) => {
      const rows = await deps.db('forms').orderBy('key').select('key', 'version', deps.db.raw("schema->>'title' as title"));
      res.json({ items: rows });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/admin/deployments',
    summary: "Lint and deploy a BPMN model (admins)",
    allow: [admin],
    responses: { 201: "deployed version", 422: "lint issues with element ids" },
    body: {
      type: 'object',
      required: ['resourceName', 'xml'],
      properties: { resourceName: { type: 'string', pattern: '^[a-z0-9-]{1,64}\\.bpmn$', message: '文件名应为 <流程编号>.bpmn / Name it <process-id>.bpmn' }, xml: BpmnXml },
    },
    errors: [400, 401, 403],
    handler: async ({ res, user, body: { resourceName, xml } }) => {
      const issues = await lintBpmn(xml!, await lintContext());
      if (issues.length) {
        res.status(422).json({ error: { code: 'LINT_FAILED', message: '模型检查未通过，不能部署 / The model has errors; it was not deployed', issues } });
        return;
      }
      const [model] = parseBpmn(xml!, resourceName);
      const result = await deps.engine.zeebe.deployResource({ process: Buffer.from(xml!), name: resourceName! });
      const proc = result.deployments.map((d) => ('process' in d ? d.process : undefined)).find(Boolean) as { version: number; processDefinitionKey: string; bpmnProcessId: string };
      const sha = createHash('sha256').update(xml!).digest('hex');
      await deps.db('deployments')
        .insert({ resource_name: resourceName, kind: 'bpmn', sha256: sha, engine_key: String(proc.processDefinitionKey), version: proc.version, deployed_by: user.login, content: xml })
        .onConflict(['resource_name', 'sha256'])
        .ignore();
      await adminAudit(deps.db, user.login, 'deploy', { resourceName, processId: model?.id, version: proc.version, processDefinitionKey: String(proc.processDefinitionKey) });
      res.status(201).json({ processId: proc.bpmnProcessId, version: proc.version, processDefinitionKey: String(proc.processDefinitionKey) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/processes',
    summary: "Process versions, who deployed them, and instance counts (admins)",
    allow: [admin],
    responses: { 200: "versions" },
    errors: [401, 403],
    handler: async ({ res }) => {
      const rows = await deps.db('deployments').where({ kind: 'bpmn' }).orderBy([{ column: 'resource_name' }, { column: 'version', order: 'desc' }]);
      const search = (await deps.engine.rest.searchProcessInstances({ page: { from: 0, limit: 10000 } }).catch(() => ({ items: [] }))) as unknown as {
        items: Array<{ processDefinitionId: string; processDefinitionVersion: number; state: string; hasIncident: boolean }>;
      };
      const counts = new Map<string, { active: number; completed: number; terminated: number; incidents: number }>();
      for (const i of search.items) {
        const k = `${i.processDefinitionId}@${i.processDefinitionVersion}`;
        const c = counts.get(k) ?? { active: 0, completed: 0, terminated: 0, incidents: 0 };
        if (i.state === 'ACTIVE') c.active++;
        else if (i.state === 'COMPLETED') c.completed++;
        else c.terminated++;
        if (i.hasIncident) c.incidents++;
        counts.set(k, c);
      }
      res.json({
        items: rows.map((r) => {
          const processId = r.resource_name.replace(/\.bpmn$/, '');
          return {
            processId, version: r.version, processDefinitionKey: r.engine_key, deployedBy: r.deployed_by ?? 'system', deployedAt: r.deployed_at,
            instances: counts.get(`${processId}@${r.version}`) ?? { active: 0, completed: 0, terminated: 0, incidents: 0 },
          };
        }),
      });
    },
  }));

  const versionXml = async (processId: string, version: string): Promise<string> => {
    // not a process id or not a version number: no such version (never a database error)
    if (!PROCESS_ID.test(processId) || !/^[0-9]{1,9}$/.test(version)) throw new ApiError(404, 'NOT_FOUND', '没有这个版本 / No such version');
    const row = await deps.db('deployments').where({ kind: 'bpmn', resource_name: `${processId}.bpmn`, version: Number(version) }).whereNotNull('content').first();
    if (!row) throw new ApiError(404, 'NOT_FOUND', '没有这个版本 / No such version');
    return row.content as string;
  };

  routes.push(declare({
    method: 'get',
    path: '/api/admin/processes/{id}/versions/{version}/xml',
    summary: "Download a deployed version (admins)",
    allow: [admin],
    responses: { 200: {description: "BPMN XML"} },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      const xml = await versionXml(req.params.id, req.params.version);
      res.setHeader('Content-Disposition', `attachment; filename="${req.params.id}-v${Number(req.params.version)}.bpmn"`);
      res.type('application/xml').send(xml);
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/admin/processes/{id}/diff',
    summary: "Elements a draft adds, removes and changes against the newest deployed version (admins), before it is deployed",
    allow: [admin],
    responses: { 200: "diff against the newest version (from: null when none is deployed)" },
    body: { type: 'object', required: ['xml'], properties: { xml: BpmnXml } },
    errors: [400, 401, 403],
    handler: async ({ req, res, body: { xml } }) => {
      const id = req.params.id;
      try {
        if (!parseBpmn(xml!, 'draft').length) throw new Error('no process');
      } catch {
        throw validationFailed({ xml: '不是含流程的 BPMN 模型 / Not a BPMN model with a process' });
      }
      const newest = PROCESS_ID.test(id)
        ? await deps.db('deployments').where({ kind: 'bpmn', resource_name: `${id}.bpmn` }).whereNotNull('content').orderBy('version', 'desc').first()
        : undefined;
      const before = newest ? (newest.content as string) : '<definitions/>';
      const diff = diffBpmn(before, xml!);
      const elements = describeElements(before, xml!, [...diff.added, ...diff.changed, ...diff.removed]);
      res.json({ from: newest ? (newest.version as number) : null, ...diff, elements });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/processes/{id}/diff/{from}/{to}',
    summary: "Elements added, removed and changed between two versions (admins)",
    allow: [admin],
    responses: { 200: "diff" },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      res.json(diffBpmn(await versionXml(req.params.id, req.params.from), await versionXml(req.params.id, req.params.to)));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/incidents',
    summary: "Active incidents (admins), each with its case's application number and id (a called process's incident: the calling case's) and the process's name",
    allow: [admin],
    responses: { 200: "incidents: the engine's fields, applicationId, applicationNumber, processName" },
    errors: [401, 403],
    handler: async ({ res }) => {
      const r = (await deps.engine.rest.searchIncidents({ filter: { state: 'ACTIVE' }, page: { from: 0, limit: 500 } })) as unknown as { items: EngineIncident[] };
      res.json({ items: await withCases(r.items) });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/admin/incidents/{key}/retry',
    summary: "Give the failed job another try and resolve the incident (admins)",
    allow: [admin],
    responses: { 200: "retried" },
    errors: [401, 403, 404, 409],
    handler: async ({ req, res, user }) => {
      const found = (await deps.engine.rest.searchIncidents({ filter: { incidentKey: req.params.key } })) as unknown as {
        items: Array<{ incidentKey: string; jobKey: string | null; state: string; processInstanceKey: string; errorMessage: string }>;
      };
      const incident = found.items[0];
      if (!incident) throw new ApiError(404, 'NOT_FOUND', '没有这个异常 / No such incident');
      if (incident.state !== 'ACTIVE') throw new ApiError(409, 'NOT_ACTIVE', '该异常已处理 / The incident is resolved already');
      if (incident.jobKey) await deps.engine.zeebe.updateJobRetries({ jobKey: incident.jobKey, retries: 1 });
      await deps.engine.rest.resolveIncident(incident.incidentKey);
      await adminAudit(deps.db, user.login, 'incident-retry', { incidentKey: incident.incidentKey, processInstanceKey: incident.processInstanceKey, errorMessage: incident.errorMessage });
      res.json({ retried: true });
    },
  }));
  /**
   * Incidents as people know their cases: the application's number and id (an incident in a called
   * process, e.g. a power permit's review, belongs to the case that called it) and the process's name.
   */
  async function withCases(items: EngineIncident[]) {
    const keys = [...new Set(items.map((i) => String(i.processInstanceKey)))];
    const instances = new Map(
      await Promise.all(
        keys.map(async (k) => {
          const pi = (await deps.engine.rest.getProcessInstance(k).catch(() => undefined)) as { parentProcessInstanceKey?: string | null; processDefinitionName?: string | null } | undefined;
          return [k, { caseKey: pi?.parentProcessInstanceKey ? String(pi.parentProcessInstanceKey) : k, name: pi?.processDefinitionName ?? null }] as const;
        }),
      ),
    );
    const caseKeys = [...new Set([...instances.values()].map((i) => i.caseKey))];
    const apps = caseKeys.length ? await deps.db('applications').whereIn('process_instance_key', caseKeys).select('id', 'number', 'process_instance_key') : [];
    const byKey = new Map(apps.map((a) => [String(a.process_instance_key), a]));
    return items.map((i) => {
      const instance = instances.get(String(i.processInstanceKey));
      const app = instance ? byKey.get(instance.caseKey) : undefined;
      return { ...i, applicationId: app?.id ?? null, applicationNumber: app?.number ?? null, processName: instance?.name ?? null };
    });
  }
  return routes;
}

interface EngineIncident {
  incidentKey: string;
  processInstanceKey: string;
  [field: string]: unknown;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Masks ID numbers and mobiles anywhere in a case's data (admins see the case, not the personal data). */
export function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonal(v)]));
  if (typeof value === 'string') {
    if (/^[1-9][0-9]{16}[0-9Xx]$/.test(value)) return maskIdNumber(value);
    if (/^1[3-9][0-9]{9}$/.test(value)) return maskMobile(value);
  }
  return value;
}

export function adminCasesRoutes(deps: { db: Db; engine: Engine; log: Logger }): RouteDef[] {
  const routes: RouteDef[] = [];

  routes.push(declare({
    method: 'get',
    path: '/api/admin/cases/{processInstanceKey}',
    summary: "A case: instance, current and finished elements, incidents, application data (personal data masked), history (admins)",
    allow: [admin],
    responses: { 200: "case" },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      const key = req.params.processInstanceKey;
      if (!/^\d{1,20}$/.test(key)) throw new ApiError(404, 'NOT_FOUND', '没有这个案件 / No such case');
      const [instances, elements, incidents, variables] = await Promise.all([
        deps.engine.rest.searchProcessInstances({ filter: { processInstanceKey: key } }),
        deps.engine.rest.searchElementInstances({ filter: { processInstanceKey: key }, page: { from: 0, limit: 500 } }),
        deps.engine.rest.searchIncidents({ filter: { processInstanceKey: key } }),
        deps.engine.rest.searchVariables({ filter: { processInstanceKey: key }, page: { from: 0, limit: 500 } }).catch(() => ({ items: [] })),
      ]);
      const instance = (instances as unknown as { items: Array<Record<string, unknown>> }).items[0];
      if (!instance) throw new ApiError(404, 'NOT_FOUND', '没有这个案件 / No such case');
      const app = await deps.db('applications').where({ process_instance_key: key }).first();
      const items = (elements as unknown as { items: Array<{ elementId: string; elementInstanceKey: string; state: string }> }).items;
      const elementOf = new Map(items.map((i) => [String(i.elementInstanceKey), i.elementId]));
      res.json({
        instance,
        active: [...new Set(items.filter((i) => i.state === 'ACTIVE').map((i) => i.elementId))],
        completed: [...new Set(items.filter((i) => i.state === 'COMPLETED').map((i) => i.elementId))],
        incidents: (incidents as unknown as { items: unknown[] }).items,
        // the process variables (ids and decisions by convention), personal data masked; scope: the case ('process') or the element id
        variables: (variables as unknown as { items: Array<{ name: string; value: string; scopeKey: string }> }).items.map((v) => ({
          name: v.name, scope: v.scopeKey === key ? 'process' : elementOf.get(String(v.scopeKey)) ?? v.scopeKey, value: maskPersonal(parseJson(v.value)),
        })),
        application: app ? { id: app.id, number: app.number, status: app.status, data: maskPersonal(app.data) } : null,
        history: app ? await deps.db('audit').where({ application_id: app.id }).orderBy('id').select('actor', 'action', 'from_status', 'to_status', 'at') : [],
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/admin/cases/{processInstanceKey}/cancel',
    summary: "Cancel a running case with a reason (admins)",
    allow: [admin],
    body: { type: 'object', required: ['reason'], properties: { reason: trimmedText(2, '请说明取消原因 / Give the reason for cancelling') } },
    responses: { 200: "cancelled" },
    errors: [400, 401, 403, 409],
    handler: async ({ req, res, user, body }) => {
      const key = req.params.processInstanceKey;
      const reason = body.reason.trim();
      try {
        await deps.engine.zeebe.cancelProcessInstance(key);
      } catch (err) {
        throw new ApiError(409, 'NOT_ACTIVE', `案件不在运行中 / The case is not running (${(err as Error).message.slice(0, 120)})`);
      }
      const app = await deps.db('applications').where({ process_instance_key: key }).first();
      if (app) await audit(deps.db, { applicationId: app.id, actor: user.login, action: 'cancel', from: app.status, details: { reason } });
      await adminAudit(deps.db, user.login, 'case-cancel', { processInstanceKey: key, reason });
      res.json({ cancelled: true });
    },
  }));
  return routes;
}

/**
 * The admin workbench's other routes (admins): the form editor (a form's versions, saving a new
 * version after the form lint, 422 with field errors; GET /api/forms/:key keeps serving the
 * newest version from the forms table), the element templates the modeler offers, and the
 * cases of a process version for the case list.
 */
const FORM_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const TEMPLATES_DIR = path.join(ROOT, 'bpmn', 'templates');

export function adminWorkbenchRoutes(deps: { db: Db; engine: Engine; log: Logger }): RouteDef[] {
  const routes: RouteDef[] = [];

  routes.push(declare({
    method: 'get',
    path: '/api/admin/forms/{key}',
    summary: "A form: its newest schema and all its versions (admins)",
    allow: [admin],
    responses: { 200: "form and versions" },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      const current = await deps.db('forms').where({ key: req.params.key }).first();
      if (!current) throw new ApiError(404, 'NOT_FOUND', '没有这个表单 / No such form');
      const versions = await deps.db('form_versions').where({ key: req.params.key }).orderBy('version', 'desc').select('version', 'source', 'saved_by as savedBy', 'saved_at as savedAt');
      res.json({ key: current.key, version: current.version, schema: current.schema, versions });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/forms/{key}/versions/{version}',
    summary: "One saved version of a form (admins)",
    allow: [admin],
    responses: { 200: "form version" },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      // a version is a positive whole number in the integer column's range; anything else is no version
      const row = /^[1-9][0-9]{0,8}$/.test(req.params.version) ? await deps.db('form_versions').where({ key: req.params.key, version: Number(req.params.version) }).first() : undefined;
      if (!row) throw new ApiError(404, 'NOT_FOUND', '没有这个版本 / No such version');
      res.json({ key: row.key, version: row.version, source: row.source, savedBy: row.saved_by, savedAt: row.saved_at, schema: row.schema });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/admin/forms/{key}/versions',
    summary: "Save a form as its new version after the form lint (keys unique, required fields labelled in Chinese and English); a new key registers a new form (admins)",
    allow: [admin],
    body: { type: 'object', required: ['schema'], properties: { schema: { type: 'object', message: '缺少表单定义 / The form definition is missing' } } },
    responses: { 200: "unchanged: the newest version already has this content", 201: "saved version", 422: "form lint errors by component key" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user, body }) => {
      const key = req.params.key;
      if (!FORM_KEY.test(key)) throw validationFailed({ key: '表单键只能含小写字母、数字和 - / A form key holds lower-case letters, digits and - only' });
      const schema = body.schema as { components?: unknown };
      const fields = lintForm(schema);
      if (Object.keys(fields).length) throw new ApiError(422, 'FORM_LINT_FAILED', '表单检查未通过，未保存 / The form has errors; it was not saved', fields);
      const text = JSON.stringify(schema);
      const hash = createHash('sha256').update(text).digest('hex');
      const saved = await deps.db.transaction(async (trx) => {
        const current = await trx('forms').where({ key }).forUpdate().first();
        if (current && current.sha256 === hash) return { version: current.version as number, created: false };
        const version = (current?.version ?? 0) + 1;
        await trx('forms').insert({ key, version, sha256: hash, schema: text, updated_at: trx.fn.now() }).onConflict('key').merge();
        await trx('form_versions').insert({ key, version, sha256: hash, schema: text, source: 'editor', saved_by: user.login });
        return { version, created: true };
      });
      if (saved.created) await adminAudit(deps.db, user.login, 'form-save', { key, version: saved.version });
      res.status(saved.created ? 201 : 200).json({ key, version: saved.version, created: saved.created });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/element-templates',
    summary: "The Camunda 8 element templates: bpmn/templates/ (one per job type) and the PermitFlow user task with the current form registry (admins)",
    allow: [admin],
    responses: { 200: "templates" },
    errors: [401, 403],
    handler: async ({ res }) => {
      const files = fs.existsSync(TEMPLATES_DIR) ? fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort() : [];
      const forms = await deps.db('forms').orderBy('key').select('key', deps.db.raw("schema->>'title' as title"));
      res.json([...files.map((f) => JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, f), 'utf8'))), userTaskTemplate(forms)]);
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/processes/{id}/element-counts',
    summary: "Where a version's running cases are: the active element instances per element (admins); ?version=N",
    allow: [admin],
    query: { version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$', message: '版本应为正整数 / The version is a positive whole number' } },
    responses: { 200: "counts per element id" },
    errors: [400, 401, 403, 404],
    handler: async ({ req, res }) => {
      const id = req.params.id;
      const version = Number((req.query as { version?: string }).version);
      const row = PROCESS_ID.test(id) && version ? await deps.db('deployments').where({ kind: 'bpmn', resource_name: `${id}.bpmn`, version }).whereNotNull('engine_key').first() : undefined;
      if (!row) throw new ApiError(404, 'NOT_FOUND', '没有这个版本 / No such version');
      const found = (await deps.engine.rest.searchElementInstances({ filter: { processDefinitionKey: String(row.engine_key), state: 'ACTIVE' }, page: { from: 0, limit: 10000 } })) as unknown as {
        items: Array<{ elementId: string; type: string }>;
      };
      const counts: Record<string, number> = {};
      // a sub-process is where its inner elements are: count those, not the container
      for (const e of found.items) if (e.type !== 'SUB_PROCESS' && e.type !== 'EVENT_SUB_PROCESS') counts[e.elementId] = (counts[e.elementId] ?? 0) + 1;
      res.json({ version, counts });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/processes/{id}/cases',
    summary: "The cases of a process, newest first, with their application number (admins); ?version=N, ?state=ACTIVE|COMPLETED|TERMINATED|INCIDENT, ?number= (part of the application number), ?from=&to= (started, Shanghai dates)",
    allow: [admin],
    query: {
      version: { type: 'string', pattern: '^([1-9][0-9]{0,8})?$', message: '版本应为正整数 / The version is a positive whole number' },
      state: { type: 'string', enum: ['', 'ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT'], message: '状态有误 / Unknown state' },
      number: { type: 'string', maxLength: 40, message: '编号最多 40 个字符 / At most 40 characters' },
      from: { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2})?$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' },
      to: { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2})?$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' },
    },
    responses: { 200: "cases" },
    errors: [400, 401, 403],
    handler: async ({ req, res }) => {
      const q = req.query as Record<string, string | undefined>;
      const filter: Record<string, unknown> = { processDefinitionId: req.params.id };
      if (q.version) filter.processDefinitionVersion = Number(q.version);
      if (q.state === 'INCIDENT') filter.hasIncident = true;
      else if (q.state) filter.state = q.state;
      // the started date as Shanghai days: from its first to the next day's first instant
      const started: Record<string, string> = {};
      if (q.from) started.$gte = new Date(`${q.from}T00:00:00+08:00`).toISOString();
      if (q.to) started.$lt = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000).toISOString();
      if (Object.keys(started).length) filter.startDate = started;
      // the application number is the case's business key: its cases by number first
      if (q.number?.trim()) {
        const keys = await deps.db('applications')
          .whereILike('number', containsPattern(q.number.trim()))
          .whereNotNull('process_instance_key')
          .limit(200)
          .pluck('process_instance_key');
        if (!keys.length) return void res.json({ items: [] });
        filter.processInstanceKey = { $in: keys.map(String) };
      }
      const found = (await deps.engine.rest.searchProcessInstances({ filter, page: { from: 0, limit: 200 } })) as unknown as {
        items: Array<{ processInstanceKey: string; processDefinitionVersion: number; state: string; hasIncident: boolean; startDate: string; endDate: string | null }>;
      };
      const items = [...found.items].sort((a, b) => String(b.startDate).localeCompare(String(a.startDate)));
      const apps = items.length ? await deps.db('applications').whereIn('process_instance_key', items.map((i) => i.processInstanceKey)).select('process_instance_key', 'number', 'status') : [];
      const byKey = new Map(apps.map((a) => [String(a.process_instance_key), a]));
      res.json({
        items: items.map((i) => ({
          processInstanceKey: i.processInstanceKey, version: i.processDefinitionVersion, state: i.state, hasIncident: i.hasIncident, startDate: i.startDate, endDate: i.endDate ?? null,
          applicationNumber: byKey.get(i.processInstanceKey)?.number ?? null, applicationStatus: byKey.get(i.processInstanceKey)?.status ?? null,
        })),
      });
    },
  }));
  return routes;
}

// ---- notices (公示通知 / 会员通知): admins write and publish them, units read them on their home page ----
const NO_NOTICE = '没有这个通知 / No such notice';
const NoticeKindSchema = { type: 'string', enum: Object.values(NOTICE_KIND), message: '请选择通知类别：公示通知或会员通知 / Choose the kind: publicity or member notice' } as const;
const NoticeBody = {
  type: 'object',
  required: ['kind', 'title', 'body'],
  additionalProperties: false,
  properties: {
    kind: NoticeKindSchema,
    title: { ...trimmedText(2, '请填写标题（2–200 个字）/ Enter a title (2 to 200 characters)'), maxLength: 200 },
    body: { type: 'string', pattern: '\\S', maxLength: 20000, message: '请填写通知内容（最多 20000 个字）/ Enter the text (at most 20,000 characters)' },
    publish: { type: 'boolean', message: '是否发布应为是或否 / Publish must be true or false' },
  },
} as const;
type NoticeInput = { kind: NoticeKind; title: string; body: string; publish?: boolean };
const PAGE_QUERY = {
  page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
  pageSize: { type: 'integer', minimum: 1, maximum: 100, message: '每页 1 到 100 条 / 1 to 100 per page' },
} as const;

export function noticesRoutes(deps: { db: Db }): RouteDef[] {
  const routes: RouteDef[] = [];
  const found = async (id: string) => {
    const n = await getNotice(deps.db, id);
    if (!n) throw new ApiError(404, 'NOT_FOUND', NO_NOTICE);
    return n;
  };

  routes.push(declare({
    method: 'get',
    path: '/api/admin/notices',
    summary: "Every notice, published or not (admins): a part of the title, kind (publicity | member), status (published | unpublished); newest first, in pages with the total",
    allow: [admin],
    query: {
      title: { type: 'string', maxLength: 200, message: '标题最多 200 个字 / At most 200 characters' },
      kind: NoticeKindSchema,
      status: { type: 'string', enum: Object.values(NOTICE_STATUS), message: '状态应为已发布或已撤回 / Status: published or unpublished' },
      ...PAGE_QUERY,
    },
    responses: { 200: "{ items, total, page, pageSize }" },
    errors: [400, 401, 403],
    handler: async ({ req }) => {
      const { items, ...paging } = await listNotices(deps.db, req.query as Record<string, string>);
      return { items: items.map(presentNotice), ...paging };
    },
  }));

  routes.push(declare<unknown, unknown, NoticeInput>({
    method: 'post',
    path: '/api/admin/notices',
    summary: "Write a notice (kind, title, body); published at once unless publish is false (admins; audited)",
    allow: [admin],
    body: NoticeBody,
    status: 201,
    responses: { 201: "the notice" },
    errors: [400, 401, 403],
    handler: async ({ user, body }) => {
      const publish = body.publish !== false;
      const [row] = await deps.db('notices')
        .insert({ kind: body.kind, title: body.title.trim(), body: body.body.trim(), status: publish ? NOTICE_STATUS.published : NOTICE_STATUS.unpublished, published_at: publish ? deps.db.fn.now() : null, created_by: user.login })
        .returning('*');
      await adminAudit(deps.db, user.login, 'notice-create', { id: row.id, kind: row.kind, title: row.title, status: row.status });
      return presentNotice(row);
    },
  }));

  routes.push(declare<{ id: string }, unknown, NoticeInput>({
    method: 'put',
    path: '/api/admin/notices/{id}',
    params: { id: Uuid },
    notFound: NO_NOTICE,
    summary: "Change a notice's kind, title and text (admins; audited); publish true/false publishes or withdraws it as well",
    allow: [admin],
    body: NoticeBody,
    responses: { 200: "the notice" },
    errors: [400, 401, 403, 404],
    handler: async ({ user, params, body }) => {
      const before = await found(params.id);
      const status = body.publish === undefined ? before.status : body.publish ? NOTICE_STATUS.published : NOTICE_STATUS.unpublished;
      const publishedAt = status === NOTICE_STATUS.published ? (before.status === NOTICE_STATUS.published ? before.published_at : deps.db.fn.now()) : before.published_at;
      const [row] = await deps.db('notices')
        .where({ id: params.id })
        .update({ kind: body.kind, title: body.title.trim(), body: body.body.trim(), status, published_at: publishedAt, updated_by: user.login, updated_at: deps.db.fn.now() })
        .returning('*');
      await adminAudit(deps.db, user.login, 'notice-update', { id: row.id, kind: row.kind, title: row.title, status: row.status, before: { kind: before.kind, title: before.title, status: before.status } });
      return presentNotice(row);
    },
  }));

  for (const [verb, status, summary] of [
    ['publish', NOTICE_STATUS.published, 'Publish a notice: units see it (admins; audited)'],
    ['unpublish', NOTICE_STATUS.unpublished, 'Withdraw a published notice: units no longer see it (admins; audited)'],
  ] as const) {
    routes.push(declare<{ id: string }>({
      method: 'post',
      path: `/api/admin/notices/{id}/${verb}`,
      params: { id: Uuid },
      notFound: NO_NOTICE,
      summary,
      allow: [admin],
      responses: { 200: "the notice" },
      errors: [401, 403, 404, 409],
      handler: async ({ user, params }) => {
        const before = await found(params.id);
        if (before.status === status) {
          throw new ApiError(409, status === NOTICE_STATUS.published ? 'ALREADY_PUBLISHED' : 'NOT_PUBLISHED', status === NOTICE_STATUS.published ? '该通知已发布 / The notice is published already' : '该通知未发布或已撤回 / The notice is not published');
        }
        const [row] = await deps.db('notices')
          .where({ id: params.id, status: before.status })
          .update({ status, ...(status === NOTICE_STATUS.published ? { published_at: deps.db.fn.now() } : {}), updated_by: user.login, updated_at: deps.db.fn.now() })
          .returning('*');
        if (!row) throw new ApiError(409, 'CHANGED', '通知刚被他人修改，请刷新 / The notice was just changed; reload');
        await adminAudit(deps.db, user.login, `notice-${verb}`, { id: row.id, title: row.title });
        return presentNotice(row);
      },
    }));
  }

  routes.push(declare<{ id: string }>({
    method: 'delete',
    path: '/api/admin/notices/{id}',
    params: { id: Uuid },
    notFound: NO_NOTICE,
    summary: "Delete a notice (admins; audited with its title and text)",
    allow: [admin],
    status: 204,
    responses: { 204: "deleted" },
    errors: [401, 403, 404],
    handler: async ({ res, user, params }) => {
      const before = await found(params.id);
      await deps.db.transaction(async (trx) => {
        await trx('notices').where({ id: params.id }).delete();
        await trx('admin_audit').insert({ actor: user.login, action: 'notice-delete', details: JSON.stringify({ id: before.id, kind: before.kind, title: before.title, body: before.body, status: before.status }) });
      });
      res.status(204).end();
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/notices',
    summary: "The published notices (公示通知 / 会员通知) for signed-in accounts: kind (publicity | member), latest first, in pages with the total",
    allow: [signedIn],
    query: { kind: NoticeKindSchema, ...PAGE_QUERY },
    responses: { 200: "{ items, total, page, pageSize }" },
    errors: [400, 401],
    handler: async ({ req }) => {
      const { items, ...paging } = await listPublished(deps.db, req.query as Record<string, string>);
      return { items: items.map(presentNotice), ...paging };
    },
  }));

  routes.push(declare<{ id: string }>({
    method: 'get',
    path: '/api/notices/{id}',
    params: { id: Uuid },
    notFound: NO_NOTICE,
    summary: "One published notice (signed-in accounts); a withdrawn one is not found",
    allow: [signedIn],
    responses: { 200: "the notice" },
    errors: [401, 404],
    handler: async ({ params }) => {
      const n = await getNotice(deps.db, params.id);
      if (!n || n.status !== NOTICE_STATUS.published) throw new ApiError(404, 'NOT_FOUND', NO_NOTICE);
      return presentNotice(n);
    },
  }));
  return routes;
}
