/**
 * The admin workbench's other routes (admins): the form editor (a form's versions, saving a new
 * version after the form lint, 422 with field errors; GET /api/forms/:key keeps serving the
 * newest version from the forms table), the element templates the modeler offers, and the
 * cases of a process version for the case list.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { userTaskTemplate } from '../../domain/element-templates';
import { lintForm } from '../../domain/form-lint';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, admin } from '../route';
import { adminAudit } from './admin';

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
    path: '/api/admin/processes/{id}/cases',
    summary: "The cases of a process, newest first, with their application number (admins); ?version=N, ?state=ACTIVE|COMPLETED|TERMINATED|INCIDENT",
    allow: [admin],
    responses: { 200: "cases" },
    errors: [401, 403],
    handler: async ({ req, res }) => {
      const filter: Record<string, unknown> = { processDefinitionId: req.params.id };
      if (req.query.version !== undefined && req.query.version !== '') {
        if (typeof req.query.version !== 'string' || !/^[1-9][0-9]{0,8}$/.test(req.query.version)) throw validationFailed({ version: '版本应为正整数 / The version is a positive whole number' });
        filter.processDefinitionVersion = Number(req.query.version);
      }
      const state = String(req.query.state ?? '');
      if (['ACTIVE', 'COMPLETED', 'TERMINATED'].includes(state)) filter.state = state;
      if (state === 'INCIDENT') filter.hasIncident = true;
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
