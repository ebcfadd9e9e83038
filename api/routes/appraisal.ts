/**
 * Appraisal review 鉴定评审: create a project (saved as a draft with its number; the process starts
 * at once and its first task is the unit's "fill in and submit"), the project's temporary files
 * 临时性文件 (every letter and upload with its step), its rating, and the association's published
 * appraisal documents 鉴定评审文件 (public list; the office publishes).
 */
import { canReadCase } from '../../db/case-scope';
import { storedFileHeaders } from '../security-headers';
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { APPLICATION_STATUS, APPRAISAL_NUMBER_PREFIX, GROUP, PROCESS, unitTaskGroup, VAR } from '../../domain/registry';
import { loadModels } from '../../domain/models';
import { audit, nextApplicationNumber } from '../../db/applications';
import type { SessionUser } from '../auth';
import { isUuid, Uuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, anyone, signedIn, unit, appraisalOffice, unitCaller, PAGING } from '../route';
import { listProjects, type ProjectConditions } from '../../db/appraisal';
import { startProcessOrRollBack } from '../start-process';

const NO_PROJECT = '没有这个评审项目 / No such appraisal project';
const MAX_DRAFT_BYTES = 256 * 1024;
/** The steps a project waits at (its user tasks), in the model's order: the list's 阶段. */
const STAGES = new Map((loadModels().find((m) => m.id === PROCESS.appraisalReview)?.userTasks ?? []).map((t) => [t.elementId, t.name]));
/** The names of its steps in the temporary files: the user tasks and the letters the workers issue. */
const STEP_NAMES = new Map(STAGES);
STEP_NAMES.set('negotiation-letter', '生成商洽函 Issue the negotiation letter');
STEP_NAMES.set('review-notice', '生成评审通知函 Issue the review notice');

const isStaff = (u: SessionUser) => u.kind === 'reviewer' || u.kind === 'admin';

/** The project, if the user may see it: its unit's accounts (sub-accounts with appraisal), and staff in its scope. */
async function projectFor(db: Db, user: SessionUser, id: string) {
  const app = await db('applications').where({ id, process_id: PROCESS.appraisalReview }).first();
  const unitMember = !!user.unitId && app?.unit_id === user.unitId && (user.kind === 'unit-main' || (user.permissions ?? []).includes('appraisal'));
  if (!app || !((isStaff(user) && (await canReadCase(db, user, app.id))) || unitMember)) throw new ApiError(404, 'NOT_FOUND', NO_PROJECT);
  return app;
}

export function appraisalRoutes(deps: { db: Db; engine: Engine; log: Logger; fileStoreDir: string }): RouteDef[] {
  const routes: RouteDef[] = [];

  routes.push(declare<unknown, ProjectConditions>({
    method: 'get',
    path: '/api/appraisals',
    summary: "The unit's appraisal projects (002 §3) as the manual lists them: number, province, unit, USCC, contact and phone, status, the step the project waits at (stage) and its deadline; conditions number (a part), province, status, stage (a step of the review), dueBefore (a deadline on or before that day); newest first, paged",
    allow: [unit({ areas: ['appraisal'] })],
    query: {
      number: { type: 'string', maxLength: 40, message: '项目编号最多 40 个字符 / At most 40 characters' },
      province: { type: 'string', maxLength: 20, message: '省份有误 / Unknown province' },
      status: { type: 'string', enum: Object.values(APPLICATION_STATUS), message: '状态有误 / Unknown status' },
      stage: { type: 'string', enum: [...STAGES.keys()], message: '没有这个阶段 / No such stage' },
      dueBefore: { type: 'string', format: 'date', message: '日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD' },
      ...PAGING,
    },
    responses: { 200: '{ items: [{ id, number, province, unitName, uscc, contactName, contactPhone, status, stage, stageName, dueDate, submittedAt }], total, page, pageSize, stages: [{ id, name }] }' },
    errors: [400, 401, 403],
    handler: async ({ user, query }) => {
      const { items, ...paging } = await listProjects(deps.db, unitCaller(user).unitId, query);
      return {
        items: items.map((r) => ({
          id: r.id, number: r.number, province: r.data.province ?? null, unitName: r.unit_name, uscc: r.data.uscc ?? null,
          contactName: r.data.contactName ?? null, contactPhone: r.data.contactPhone ?? r.data.contactMobile ?? null, status: r.status,
          stage: r.stage, stageName: r.stage ? STAGES.get(r.stage) ?? r.stage : null, dueDate: r.due_date, submittedAt: r.created_at,
        })),
        ...paging,
        stages: [...STAGES].map(([id, name]) => ({ id, name })),
      };
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/appraisals',
    summary: "Create an appraisal project (unit account): saved as a draft with its project number; the process starts with the \"fill in and submit\" task",
    allow: [unit({ areas: ['appraisal'] })],
    responses: { 201: {description: "created", content: {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}, "number": {"type": "string"}, "status": {"type": "string"}, "processInstanceKey": {"type": "string"}}}}}} },
    errors: [400, 401, 403, 413, 503],
    // { data: { … } }: the draft's values, an object (empty for a blank project); anything else is refused
    body: { type: 'object', required: ['data'], properties: { data: { type: 'object', message: '项目内容应为对象 / The project must be an object' } } },
    handler: async ({ res, user, body: { data } }) => {
      if (Buffer.byteLength(JSON.stringify(data)) > MAX_DRAFT_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', '内容过大 / Too large');
      const unit = await deps.db('units').where({ id: user.unitId }).first('uscc', 'legal_representative', 'address', 'postcode');
      // the draft starts from what the unit's profile already says
      const draft = { uscc: unit?.uscc, legalRepresentative: unit?.legal_representative, address: unit?.address, postcode: unit?.postcode ?? undefined, ...data };
      const app = await deps.db.transaction(async (trx) => {
        const number = await nextApplicationNumber(trx, APPRAISAL_NUMBER_PREFIX);
        const [row] = await trx('applications')
          .insert({ number, process_id: PROCESS.appraisalReview, status: APPLICATION_STATUS.draft, unit_id: user.unitId, data: JSON.stringify(draft) })
          .returning(['id', 'number']);
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'create', to: APPLICATION_STATUS.draft });
        return row as { id: string; number: string };
      });
      const processInstanceKey = await startProcessOrRollBack(deps, app, PROCESS.appraisalReview, { [VAR.applicantGroup]: unitTaskGroup(unitCaller(user).unitId) });
      res.status(201).json({ id: app.id, number: app.number, status: APPLICATION_STATUS.draft, processInstanceKey });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/appraisals/{id}/discard',
    params: { id: Uuid },
    notFound: NO_PROJECT,
    summary: 'Delete a draft appraisal project (never submitted) after the unit confirms: its case is cancelled and the project marked discarded; 409 once submitted',
    allow: [unit({ areas: ['appraisal'] })],
    responses: { 200: 'discarded' },
    errors: [401, 403, 404, 409, 503],
    handler: async ({ user, params }) => {
      await projectFor(deps.db, user, params.id);
      const app = await deps.db.transaction(async (trx) => {
        // locked: the submission of the same draft waits for this and then finds it discarded
        const row = await trx('applications').where({ id: params.id }).forUpdate().first();
        if (row.status !== APPLICATION_STATUS.draft) {
          throw new ApiError(409, 'NOT_DRAFT', '项目已提交，不能删除 / The project was submitted and cannot be deleted');
        }
        await trx('applications').where({ id: row.id }).update({ status: APPLICATION_STATUS.discarded, decided_at: trx.fn.now(), updated_at: trx.fn.now() });
        await audit(trx, { applicationId: String(row.id), actor: user.login, action: 'discard', from: APPLICATION_STATUS.draft, to: APPLICATION_STATUS.discarded });
        // the draft's case waits for it to be filled in: it ends with the deletion (or nothing is written)
        if (row.process_instance_key) {
          try {
            await deps.engine.zeebe.cancelProcessInstance(String(row.process_instance_key));
          } catch (err) {
            if (!/NOT_FOUND|not found/i.test((err as Error).message ?? '')) {
              deps.log.error('could not cancel the deleted project', { error: err as Error, applicationId: row.id });
              throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
            }
          }
        }
        return row as { id: string; number: string };
      });
      return { id: app.id, number: app.number, status: APPLICATION_STATUS.discarded };
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/appraisals/{id}/files',
    params: { id: Uuid },
    notFound: NO_PROJECT,
    summary: "The project's temporary files 临时性文件: every letter issued and file uploaded, with its step (the unit, staff)",
    allow: [signedIn],
    responses: { 200: "list" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const app = await projectFor(deps.db, user, req.params.id);
      const rows = await deps.db('appraisal_files').where({ application_id: app.id }).orderBy('id');
      res.json({
        number: app.number,
        items: rows.map((r) => ({
          id: String(r.id), step: r.step, stepName: STEP_NAMES.get(r.step) ?? r.step, kind: r.kind, title: r.title, actor: r.actor, createdAt: r.created_at,
          url: r.document_id ? `/api/documents/${r.document_id}` : `/api/appraisals/${app.id}/files/${r.file_id}`,
        })),
      });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/appraisals/{id}/files/{fileId}',
    params: { id: Uuid },
    notFound: NO_PROJECT,
    summary: "Download one of the project's uploaded files (the unit, staff)",
    allow: [signedIn],
    responses: { 200: {description: "the file"} },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const app = await projectFor(deps.db, user, req.params.id);
      if (!isUuid(req.params.fileId)) throw new ApiError(404, 'NOT_FOUND', '没有这个文件 / No such file');
      const listed = await deps.db('appraisal_files').where({ application_id: app.id, file_id: req.params.fileId }).first();
      const file = listed ? await deps.db('files').where({ id: req.params.fileId }).first() : undefined;
      if (!file) throw new ApiError(404, 'NOT_FOUND', '没有这个文件 / No such file');
      storedFileHeaders(res, { mime: file.mime_type, name: file.original_name });
      fs.createReadStream(path.join(deps.fileStoreDir, file.id)).pipe(res);
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/appraisals/{id}/rating',
    params: { id: Uuid },
    notFound: NO_PROJECT,
    summary: "The unit's rating of the review team 评审评价",
    allow: [signedIn],
    responses: { 200: "scores and comment" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const app = await projectFor(deps.db, user, req.params.id);
      const r = await deps.db('appraisal_ratings').where({ application_id: app.id }).first();
      if (!r) throw new ApiError(404, 'NOT_FOUND', '尚未评价 / Not rated yet');
      res.json({
        teamLeader: r.team_leader, comment: r.comment, ratedAt: r.created_at,
        scores: { professionalism: r.score_professionalism, attitude: r.score_attitude, discipline: r.score_discipline, efficiency: r.score_efficiency, overall: r.score_overall },
      });
    },
  }));

  // published appraisal documents: readable without signing in (the units' list 鉴定评审文件)
  routes.push(declare({
    method: 'get',
    path: '/api/public/appraisal-documents',
    summary: "The association's published appraisal documents 鉴定评审文件 (no login needed)",
    allow: [anyone],
    responses: { 200: "list" },
    handler: async ({ res }) => {
      const rows = await deps.db('appraisal_publications').orderBy('published_at', 'desc').limit(200);
      res.json({
        items: rows.map((r) => ({ id: r.id, title: r.title, docNumber: r.doc_number, category: r.category, summary: r.summary, publishedAt: r.published_at, url: r.file_id ? `/api/public/appraisal-documents/${r.id}/file` : null })),
      });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/public/appraisal-documents/{id}/file',
    summary: "The file of a published appraisal document",
    allow: [anyone],
    responses: { 200: {description: "the file"} },
    errors: [404],
    params: { id: Uuid },
    notFound: '没有这个文件 / No such file',
    handler: async ({ req, res }) => {
      const pub = await deps.db('appraisal_publications').where({ id: req.params.id }).first();
      const file = pub?.file_id ? await deps.db('files').where({ id: pub.file_id }).first() : undefined;
      if (!file) throw new ApiError(404, 'NOT_FOUND', '没有这个文件 / No such file');
      storedFileHeaders(res, { mime: file.mime_type, name: file.original_name });
      fs.createReadStream(path.join(deps.fileStoreDir, file.id)).pipe(res);
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/appraisal-documents',
    summary: "Publish an appraisal document (association office)",
    allow: [appraisalOffice],
    responses: { 201: "published" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user }) => {
      if (user.kind !== 'admin' && !user.groups.includes(GROUP.appraisalOffice)) throw new ApiError(403, 'NOT_OFFICE', '只有协会办公室可以发布文件 / Only the association office can publish documents');
      const b = (req.body ?? {}) as Record<string, unknown>;
      const errors: Record<string, string> = {};
      if (typeof b.title !== 'string' || !b.title.trim() || b.title.length > 255) errors.title = '请填写标题（最多 255 字）/ Enter a title (at most 255 characters)';
      const optionalText = (k: string, max: number) => {
        if (b[k] !== undefined && b[k] !== null && (typeof b[k] !== 'string' || (b[k] as string).length > max)) errors[k] = `应为最多 ${max} 字的文本 / Text of at most ${max} characters`;
      };
      optionalText('docNumber', 100);
      optionalText('category', 50);
      optionalText('summary', 5000);
      if (b.fileId !== undefined && (typeof b.fileId !== 'string' || !isUuid(b.fileId) || !(await deps.db('files').where({ id: b.fileId, owner_account_id: user.accountId }).first()))) {
        errors.fileId = '文件不存在或不属于您 / The file does not exist or is not yours';
      }
      if (Object.keys(errors).length) throw validationFailed(errors);
      const [row] = await deps.db('appraisal_publications')
        .insert({ title: String(b.title).trim(), doc_number: typeof b.docNumber === 'string' ? b.docNumber : null, category: typeof b.category === 'string' && b.category ? b.category : 'notice', summary: typeof b.summary === 'string' ? b.summary : null, file_id: b.fileId ?? null, published_by: user.login })
        .returning('*');
      res.status(201).json({ id: row.id, title: row.title, publishedAt: row.published_at });
    },
  }));
  return routes;
}
