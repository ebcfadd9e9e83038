/**
 * Practitioner publicity 执业公示 (PROCESSES.md §B, manual 000 §3.3.1 and §4), the unit's side:
 * person search with the eligibility table, creating an application (publicity-application
 * process), the list (in progress / rejected …), the SMS code with the three-element check before
 * it, and the upload + code that starts the review. Manual identity verification requests. The
 * routes parse and answer; the work of the unit's side is api/services/publicity.ts.
 */
import { canReadCase } from '../../db/case-scope';
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import { containsPattern, pageOf, type Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import type { SmsProvider } from '../../core/sms';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, type ApplicationStatus, DOCUMENT_KIND, DOCUMENT_STATUS, FORM, MESSAGE, NUMBER_PREFIX, PROCESS, PUBLICITY_TYPE_LABEL, VAR } from '../../domain/registry';
import { addDays, COMMITMENTS, itemLabel, localDate, localYear, PUBLICITY_OPS, publicityApplicationNumber } from '../../domain/publicity/rules';
import { isValidIdNumber, maskIdNumber, maskMobile, MESSAGES } from '../../domain/validators';
import { type ApplicationRow, audit, getApplication, transition } from '../../db/applications';
import { addPublicityApplicationRow, checkEligibility, getPractitioner, nextCounter, publicityRowsOf, searchPractitioner } from '../../db/publicity/practitioners';
import type { SessionUser } from '../auth';
import { AnyObject, IdNumber, isUuid, NonBlank, Uuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { anyone, declare, RouteDef, signedIn, unit, unitCaller } from '../route';
import { limitPerAccount } from '../rate-limit';
import { ConfirmBody, ITEMS_FORMAT, NO_APPLICATION, NOT_FOUND_PERSON, present, publicityService } from '../services/publicity';
import type { Knex } from 'knex';
import { CancelData, isQueryName, isQueryUnit, publicityCancelNumber, publicPerson } from '../../domain/publicity/ops';
import { addCandidates, publicByPerson, publicByUnit, registeredPersons, renewalCandidates } from '../../db/publicity/ops';

type Deps = { db: Db; engine: Engine; log: Logger; redis: Redis; sms: SmsProvider };

const publicity = unit({ areas: ['publicity'] });

export function publicityRoutes(deps: Deps): RouteDef[] {
  const routes: RouteDef[] = [];
  const service = publicityService(deps);
  const ownApplication = service.ownApplication;

  // 人员检索: the person, the type the registry gives, and every rule with its outcome. Each
  // account may search so many times an hour, and each search is audited (who, which unit, the
  // name and the masked ID number, found or not): the search tells whether a name and an ID
  // number belong together.
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/candidates',
    summary: "人员检索: a person by name + ID number, the type from the registry and every eligibility rule with its outcome (unit accounts; rate-limited per account, audited)",
    allow: [publicity],
    responses: { 200: "person, type, rules, failures" },
    query: { name: NonBlank, idNumber: IdNumber },
    queryRequired: ['name', 'idNumber'],
    errors: [400, 401, 403, 404, 429],
    handler: async ({ res, user, query }) => {
      const { unitId } = unitCaller(user);
      await limitPerAccount(deps.redis, res, { what: 'publicity-candidates', accountId: user.accountId, max: PUBLICITY_OPS.candidateLookupsPerHour, windowS: 3600 });
      const name = String(query.name).trim();
      const idNumber = String(query.idNumber).trim().toUpperCase();
      const person = await searchPractitioner(deps.db, name, idNumber);
      await audit(deps.db, { applicationId: null, actor: user.login, action: 'publicity-candidate-lookup', details: { unitId, name, idNumber: maskIdNumber(idNumber), found: !!person } });
      if (!person) throw new ApiError(404, 'PERSON_NOT_FOUND', NOT_FOUND_PERSON);
      const r = (await checkEligibility(deps.db, { practitionerId: person.id, unitId, today: localDate(new Date()) }))!;
      const previous = r.previousUnitId ? await deps.db('units').where({ id: r.previousUnitId }).first('name') : undefined;
      res.json({
        person: { name: person.name, idNumber: maskIdNumber(person.id_number), mobile: person.mobile ? maskMobile(person.mobile) : null, gender: person.gender, workYears: person.work_years },
        registered: !!r.snapshot.activeRecord,
        currentUnit: r.snapshot.activeRecord ? (previous?.name ?? null) : null,
        type: r.type,
        typeLabel: r.type ? PUBLICITY_TYPE_LABEL[r.type] : null,
        items: r.items,
        eligible: r.eligible,
        rules: r.rules,
        failures: r.failures,
        needsResignationCertificate: r.needsResignationCertificate,
        previousUnit: previous?.name ?? null,
        commitments: COMMITMENTS,
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/applications',
    summary: "Create a publicity application (initial / change / renewal): form data (name, idNumber, resignationCertificate, commitments), optional requestedItems, optional branchUnitId (one of the unit's secondary units it is made for; a sub-account of a secondary unit always applies for its own); the eligibility worker decides",
    allow: [publicity],
    responses: { 201: "application with its number, waiting for the upload", 422: "NOT_ELIGIBLE: every failed rule in fields; or PERSON_NOT_FOUND" },
    errors: [400, 401, 403, 503],
    body: {
      type: 'object',
      properties: {
        data: AnyObject,
        requestedItems: { type: 'array', message: ITEMS_FORMAT, items: { type: 'object', properties: { itemCode: { type: 'string' }, grade: { type: 'integer' } } } },
        branchUnitId: { type: 'string', pattern: '^([0-9a-f-]{36})?$', message: '所属单位有误 / Unknown unit' },
      },
    },
    handler: async ({ res, user, body }) => {
      const { status, body: answer } = await service.createApplication(user, body);
      res.status(status).json(answer);
    },
  }));

  // 执业公示申报单 / 已驳回申报单: ?status=rejected etc.
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/applications',
    summary: "The unit's publicity applications (申报单; status=rejected for 已驳回申报单) with the manual's conditions: number (a part), name (a part), idNumber (the whole number), status, branchUnitId (made for that secondary unit); newest first, in pages with the total; person ID masked; each with the secondary unit it was made for (branch)",
    query: {
      branchUnitId: { ...Uuid, message: '所属单位有误 / Unknown unit' },
      number: { type: 'string', maxLength: 40, message: '编号最多 40 个字符 / At most 40 characters' },
      name: { type: 'string', maxLength: 50, message: '姓名最多 50 个字符 / At most 50 characters' },
      idNumber: IdNumber,
      status: { type: 'string', pattern: '^[a-z_]{1,32}$', message: '状态有误 / Unknown status' },
      page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
      pageSize: { type: 'integer', minimum: 1, maximum: 1000, message: '每页 1 到 1000 条 / 1 to 1000 per page' },
    },
    allow: [publicity],
    responses: { 200: "{ items, total, page, pageSize }" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      // (the query was checked; its values are still the strings of the URL)
      const c = req.query as Record<string, string | undefined>;
      const filtered = () => {
        const q = deps.db('applications as a')
          .join('publicity_applications as pa', 'pa.application_id', 'a.id')
          .join('practitioners as p', 'p.id', 'pa.practitioner_id')
          .where({ 'a.unit_id': unitId, 'a.process_id': PROCESS.publicityApplication });
        if (c.number?.trim()) q.whereRaw('a.number ilike ?', [containsPattern(c.number.trim())]);
        if (c.name?.trim()) q.whereRaw('p.name ilike ?', [containsPattern(c.name.trim())]);
        if (c.idNumber) q.where('p.id_number', c.idNumber.trim().toUpperCase());
        if (c.status) q.where('a.status', c.status);
        if (c.branchUnitId) q.where('a.branch_unit_id', c.branchUnitId);
        return q;
      };
      type Listed = ApplicationRow & { type: string; mobile: string | null; identity_status: string; mobile_corrections: number; person_name: string; person_id_number: string };
      const { items, ...paging } = await pageOf<Listed>(filtered, c, (q) =>
        q.leftJoin('units as b', 'b.id', 'a.branch_unit_id').orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
          .select('a.*', 'b.name as branch_name', 'pa.type', 'pa.mobile', 'pa.identity_status', 'pa.mobile_corrections', 'p.name as person_name', 'p.id_number as person_id_number'));
      res.json({ items: items.map((r) => present(r, r, { name: r.person_name, id_number: r.person_id_number })), ...paging });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/applications/{id}',
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "One publicity application with its documents",
    allow: [publicity],
    responses: { 200: "application" },
    errors: [401, 403, 404],
    handler: async ({ req, res, user }) => {
      const { app, row } = await ownApplication(user, req.params.id);
      const person = row ? await deps.db('practitioners').where({ id: row.practitioner_id }).first() : undefined;
      const documents = await deps.db('documents').where({ application_id: app.id }).orderBy('created_at').select('id', 'kind', 'title', 'number', 'code', 'status', 'created_at');
      res.json({ ...present(app, row, person), documents: documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, number: d.number, code: d.code, status: d.status, issuedAt: d.created_at })) });
    },
  }));

  // 获取短信验证码: the three-element check first; on a mismatch the mobile may be corrected once.
  routes.push(declare({
    method: 'post',
    path: '/api/publicity/applications/{id}/sms-code',
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "Ask for the SMS confirmation code (24 h): three-element check first; after a mismatch send { mobile } once to correct it; a second mismatch opens a manual verification",
    allow: [publicity],
    responses: { 202: "code sent (or the check still running)", 422: "IDENTITY_MISMATCH / IDENTITY_MANUAL" },
    errors: [400, 401, 403, 404, 409, 429, 503],
    handler: async ({ req, res, user }) => {
      res.status(202).json(await service.requestCode(user, req.params.id, (req.body ?? {}).mobile));
    },
  }));

  // 上传申报单 + 短信验证码 → review
  routes.push(declare({
    method: 'post',
    path: '/api/publicity/applications/{id}/confirm',
    rawBody: { required: true, content: { 'application/json': { schema: ConfirmBody } } },
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "Upload the signed, stamped form (file id from POST /api/files) with the SMS code: starts the review; wrong or expired codes are refused",
    allow: [publicity],
    responses: { 202: "in review" },
    errors: [400, 401, 403, 404, 409, 429],
    handler: async ({ req, res, user, body }) => {
      res.status(202).json(await service.confirm(user, req.params.id, body));
    },
  }));

  // 公示人员实名验证: a manual check requested on its own (not from an application).
  routes.push(declare({
    method: 'post',
    path: '/api/publicity/identity-verifications',
    summary: "Request a manual identity verification (name, ID number, mobile, proof)",
    allow: [publicity],
    responses: { 201: "started" },
    errors: [400, 401, 403, 503],
    handler: async ({ req, res, user }) => {
      res.status(201).json(await service.requestIdentityVerification(user, req.body ?? {}));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/identity-verifications',
    summary: "公示人员实名验证: the unit's manual identity verifications (pending / passed / failed)",
    allow: [publicity],
    responses: { 200: "list" },
    errors: [401, 403],
    handler: async ({ res, user }) => {
      const { unitId } = unitCaller(user);
      // the unit's own: those its publicity applications needed, and those it requested on their own
      // (linked by the request's submit audit row; the person's ID number alone would also bring in
      // another unit's verifications of the same person)
      const requested = deps.db('applications as s')
        .join('audit as au', 'au.application_id', 's.id')
        .where({ 's.process_id': PROCESS.identityManualVerification, 's.unit_id': unitId, 'au.action': 'submit' })
        .whereRaw("au.details->>'verificationId' is not null")
        .select(deps.db.raw("(au.details->>'verificationId')::uuid"));
      const rows = await deps.db('identity_verifications as v')
        .leftJoin('applications as a', 'a.id', 'v.source_application_id')
        .where((w) => w.where('a.unit_id', unitId).orWhereIn('v.id', requested))
        .distinct('v.id', 'v.name', 'v.id_number', 'v.mobile', 'v.status', 'v.system_result', 'v.reason', 'v.created_at', 'v.decided_at')
        .orderBy('v.created_at', 'desc')
        .limit(200);
      res.json({
        items: rows.map((r) => ({ id: r.id, name: r.name, idNumber: maskIdNumber(r.id_number), mobile: maskMobile(r.mobile), status: r.status, systemResult: r.system_result, reason: r.reason, createdAt: r.created_at, decidedAt: r.decided_at })),
      });
    },
  }));
  return routes;
}

/**
 * Practitioner publicity for a unit, batch add and cancellation (manual §3.3.2–3.3.4):
 * - the persons with pending items (待追加人员), the batch with the consent "N persons, M items";
 * - the persons due for renewal, offered after an addition (and any time);
 * - the registered persons to cancel, the cancellation with a reason each, the stamped form upload.
 */

async function formSchema(db: Db, key: string): Promise<FormDefinition> {
  const row = await db('forms').where({ key }).first();
  if (!row) throw new ApiError(500, 'FORM_MISSING', `form ${key} is not deployed`);
  return row.schema as FormDefinition;
}

/** The selected person ids, once each, in the order given; a repeated or malformed id is a field error. */
function personIds(rows: Array<{ personId?: unknown }>, errors: Record<string, string>): string[] {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const id = String(r.personId ?? '');
    if (!isUuid(id)) errors[`persons.${i}.personId`] = '人员编号无效 / Not a person id';
    else if (seen.has(id)) errors[`persons.${i}.personId`] = '人员重复 / The person is listed twice';
    else seen.add(id);
  });
  return [...seen];
}

/**
 * Stores the application (and takes its number from the per-year counter), then starts its
 * process. If the engine refuses, the application stays with status "failed" and the 503 says so:
 * the number is used by a visible failed case rather than leaving a gap, and the persons are free
 * for a new application (a failed one is finished).
 */
async function createAndStart(
  deps: { db: Db; engine: Engine; log: Logger },
  processId: string,
  write: (trx: Knex.Transaction) => Promise<{ id: string; number: string }>,
): Promise<{ id: string; number: string; processInstanceKey: string }> {
  const app = await deps.db.transaction(write);
  try {
    const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { [VAR.applicationId]: app.id } });
    const processInstanceKey = String(started.processInstanceKey);
    await deps.db('applications').where({ id: app.id }).update({ process_instance_key: processInstanceKey });
    return { ...app, processInstanceKey };
  } catch (err) {
    deps.log.error('could not start the process; the application is marked failed', { error: err as Error, processId, applicationId: app.id });
    await deps.db.transaction(async (trx) => {
      await trx('applications').where({ id: app.id }).update({ status: 'failed', decision_reason: 'engine unavailable', updated_at: trx.fn.now() });
      await audit(trx, { applicationId: app.id, actor: 'system', action: 'start-failed', from: APPLICATION_STATUS.submitted, to: 'failed' });
    });
    throw new ApiError(503, 'ENGINE_UNAVAILABLE', `流程引擎暂不可用，申请 ${app.number} 未能提交，请稍后重新申请 / The process engine is unavailable; ${app.number} was not started, apply again later`);
  }
}

const NO_CANCELLATION = '没有这个注销申请 / No such cancellation';
/** A request not yet handed in (待提交): pending, or submitted for one made before that status existed. */
const NOT_HANDED_IN: ApplicationStatus[] = [APPLICATION_STATUS.pending, APPLICATION_STATUS.submitted];
const COURIER_EDITABLE: ApplicationStatus[] = [...NOT_HANDED_IN, APPLICATION_STATUS.inReview];
const CANCEL_LIST_STATUSES = [APPLICATION_STATUS.pending, APPLICATION_STATUS.inReview, APPLICATION_STATUS.approved, APPLICATION_STATUS.rejected];
/** a courier's tracking number: 6 to 40 letters, digits and hyphens, at least 6 of them digits (SF1234567890, YT-0000123456) */
const COURIER_PATTERN = '^\\s*(?=(?:[^0-9]*[0-9]){6})[A-Za-z0-9-]{6,40}\\s*$';
const COURIER_MESSAGE = '快递单号应为 6–40 位字母、数字或连字符，至少含 6 位数字 / The courier number has 6 to 40 letters, digits or hyphens, at least 6 of them digits';
const isCourierNumber = (v: unknown): v is string => typeof v === 'string' && new RegExp(COURIER_PATTERN).test(v);

export function publicityOpsRoutes(deps: { db: Db; engine: Engine; log: Logger }): RouteDef[] {
  const routes: RouteDef[] = [];
  const today = () => localDate(new Date());

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/add/candidates',
    summary: "The unit's registered persons with items still to add (待追加人员), with totals",
    allow: [publicity],
    responses: { 200: "items and totals { persons, items }" },
    errors: [401, 403],
    handler: async ({ res, user: caller }) => {
      const user = unitCaller(caller);
      const items = await addCandidates(deps.db, user.unitId, today());
      res.json({
        items: items.map((c) => ({ ...c, pendingLabels: c.pending.map(itemLabel), itemLabels: c.items.map(itemLabel) })),
        totals: { persons: items.length, items: items.reduce((n, c) => n + c.pending.length, 0) },
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/add',
    summary: "Add items for many persons in one batch (starts publicity-add); the consent counts must equal the selection",
    allow: [publicity],
    responses: { 201: "started: id, number, persons, items" },
    errors: [400, 401, 403, 409, 422, 503],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const checked = validateSubmission(await formSchema(deps.db, FORM.publicityAdd), (req.body ?? {}).data ?? {});
      const v = checked.values as { persons?: Array<{ personId?: string }>; consentPersons?: number; consentItems?: number; consent?: boolean };
      const ids = personIds(v.persons ?? [], checked.errors);
      if (ids.length > PUBLICITY_OPS.maxBatch) checked.errors.persons = `一次最多 ${PUBLICITY_OPS.maxBatch} 人 / At most ${PUBLICITY_OPS.maxBatch} persons at once`;
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const day = today();
      const candidates = new Map((await addCandidates(deps.db, user.unitId, day)).map((c) => [c.personId, c]));
      const fields: Record<string, string> = {};
      ids.forEach((id, i) => {
        if (!candidates.has(id)) fields[`persons.${i}.personId`] = '该人员不在本单位待追加人员中 / Not one of the unit’s persons with items to add';
      });
      if (Object.keys(fields).length) throw new ApiError(422, 'NOT_ELIGIBLE', '所选人员中有不符合追加条件的 / Some selected persons cannot add items', fields);
      const items = ids.reduce((n, id) => n + candidates.get(id)!.pending.length, 0);
      if (v.consentPersons !== ids.length || v.consentItems !== items) {
        throw new ApiError(409, 'CONSENT_MISMATCH', `确认的人数或项目数与所选不一致（应为 ${ids.length} 人、${items} 个项目），请重新确认 / The confirmed counts differ from the selection (${ids.length} persons, ${items} items); confirm again`, {
          consentPersons: String(ids.length), consentItems: String(items),
        });
      }
      const now = new Date();
      const created = await createAndStart(deps, PROCESS.publicityAdd, async (trx) => {
        const number = publicityApplicationNumber(localYear(now), await nextCounter(trx, NUMBER_PREFIX.publicityApplication, localYear(now)));
        const persons = ids.map((id) => {
          const c = candidates.get(id)!;
          return { personId: id, name: c.name, idNumber: c.idNumber, items: c.pending.map(itemLabel) };
        });
        const [row] = await trx('applications')
          .insert({
            number, process_id: PROCESS.publicityAdd, status: APPLICATION_STATUS.submitted, unit_id: user.unitId,
            data: JSON.stringify({ type: 'add', persons, consent: { persons: ids.length, items, confirmedBy: user.login, at: now.toISOString() } }),
          })
          .returning(['id', 'number']);
        for (const id of ids) {
          await addPublicityApplicationRow(trx, { applicationId: row.id, practitionerId: id, unitId: user.unitId, type: 'add', items: candidates.get(id)!.pending });
        }
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: { persons: ids.length, items } });
        return row;
      });
      res.status(201).json({ ...created, status: APPLICATION_STATUS.submitted, persons: ids.length, items });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/renewals',
    summary: "The unit's persons whose publicity ends within `days` (default 90): offered for renewal",
    allow: [publicity],
    responses: { 200: "days and items" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const raw = req.query.days;
      const days = raw === undefined ? PUBLICITY_OPS.renewalWindowDays : Number(raw);
      if (!Number.isInteger(days) || days < 0 || days > 366) throw validationFailed({ days: '应为 0–366 的整数 / Must be a whole number from 0 to 366' });
      res.json({ days, items: await renewalCandidates(deps.db, user.unitId, today(), days) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/cancel/candidates',
    summary: "The unit's registered persons (ID numbers masked), with any application in progress",
    allow: [publicity],
    responses: { 200: "items" },
    errors: [401, 403],
    handler: async ({ res, user: caller }) => {
      const user = unitCaller(caller);
      const items = await registeredPersons(deps.db, user.unitId);
      res.json({ items: items.map((p) => ({ ...p, itemLabels: p.items.map(itemLabel) })) });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/cancellations',
    summary: "Request the cancellation of persons, a reason each (starts publicity-cancel; the request PDF follows). The request is 待提交 (pending) until the stamped form is handed in",
    allow: [publicity],
    responses: { 201: "started: id, number, persons" },
    errors: [400, 401, 403, 422, 503],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const checked = validateSubmission(await formSchema(deps.db, FORM.publicityCancel), (req.body ?? {}).data ?? {});
      const v = checked.values as { contactName?: string; contactPhone?: string; persons?: Array<{ personId?: string; reason?: string }> };
      const ids = personIds(v.persons ?? [], checked.errors);
      if (ids.length > PUBLICITY_OPS.maxBatch) checked.errors.persons = `一次最多 ${PUBLICITY_OPS.maxBatch} 人 / At most ${PUBLICITY_OPS.maxBatch} persons at once`;
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const registered = new Map((await registeredPersons(deps.db, user.unitId)).map((p) => [p.personId, p]));
      const fields: Record<string, string> = {};
      ids.forEach((id, i) => {
        const p = registered.get(id);
        if (!p) fields[`persons.${i}.personId`] = '该人员未在本单位执业公示 / The person is not registered at this unit';
        else if (p.inProgress) fields[`persons.${i}.personId`] = `该人员有办理中的申请 ${p.inProgress} / The person has an application in progress (${p.inProgress})`;
      });
      if (Object.keys(fields).length) throw new ApiError(422, 'NOT_ELIGIBLE', '所选人员中有不能注销的 / Some selected persons cannot be cancelled', fields);
      const reasons = new Map((v.persons ?? []).map((p) => [String(p.personId), String(p.reason).trim()]));
      const now = new Date();
      const created = await createAndStart(deps, PROCESS.publicityCancel, async (trx) => {
        const number = publicityCancelNumber(localYear(now), await nextCounter(trx, NUMBER_PREFIX.publicityCancel, localYear(now)));
        const data: CancelData = {
          contactName: v.contactName!.trim(),
          contactPhone: v.contactPhone!.trim(),
          persons: ids.map((id) => {
            const p = registered.get(id)!;
            return { personId: id, name: p.name, idNumber: p.idNumber, reason: reasons.get(id)!, items: p.items.map(itemLabel) };
          }),
        };
        // 待提交 until the stamped form is handed in (manual §3.3.4)
        const [row] = await trx('applications')
          .insert({ number, process_id: PROCESS.publicityCancel, status: APPLICATION_STATUS.pending, unit_id: user.unitId, data: JSON.stringify({ type: 'cancel', ...data }) })
          .returning(['id', 'number']);
        for (const id of ids) {
          await addPublicityApplicationRow(trx, { applicationId: row.id, practitionerId: id, unitId: user.unitId, type: 'cancel', items: registered.get(id)!.items, previousRecordId: registered.get(id)!.recordId, reason: reasons.get(id)! });
        }
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'create', to: APPLICATION_STATUS.pending, details: { persons: ids.length } });
        return row;
      });
      res.status(201).json({ ...created, status: APPLICATION_STATUS.pending, persons: ids.length });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/cancellations/{id}',
    summary: "A cancellation: contact, persons with reasons, documents, stamped form (its unit; staff)",
    allow: [signedIn],
    responses: { 200: "cancellation" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const staff = user.kind === 'reviewer' || user.kind === 'admin';
      // the unit's accounts that act in publicity (as for the upload), and staff
      if (!staff && !publicity.admits(user)) throw publicity.refusal(user);
      const app = isUuid(req.params.id) ? await getApplication(deps.db, req.params.id) : undefined;
      if (!app || app.process_id !== PROCESS.publicityCancel || (staff ? !(await canReadCase(deps.db, user, app.id)) : app.unit_id !== user.unitId)) throw new ApiError(404, 'NOT_FOUND', '没有这个注销申请 / No such cancellation');
      const rows = await publicityRowsOf(deps.db, app.id);
      const persons = await Promise.all(rows.map(async (r) => {
        const p = await getPractitioner(deps.db, r.practitioner_id);
        return { personId: r.practitioner_id, name: p?.name ?? '', idNumber: p ? maskIdNumber(p.id_number) : '', reason: r.reason, items: r.items.map(itemLabel) };
      }));
      const documents = await deps.db('documents').where({ application_id: app.id }).orderBy('created_at').select('id', 'kind', 'code', 'title', 'number', 'status');
      const data = app.data as { contactName?: string; contactPhone?: string; stampedForm?: { id: string; name: string }; courierNumber?: string };
      res.json({
        id: app.id, number: app.number, status: app.status, reason: app.decision_reason, submittedAt: app.created_at,
        contactName: data.contactName, contactPhone: data.contactPhone, courierNumber: data.courierNumber ?? null, count: persons.length, persons, stampedForm: data.stampedForm ?? null, documents,
        deletable: NOT_HANDED_IN.includes(app.status), courierEditable: COURIER_EDITABLE.includes(app.status),
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/cancellations/{id}/stamped-form',
    summary: "Hand in the stamped request form (a file uploaded with POST /api/files); the review starts",
    allow: [publicity],
    responses: { 202: "in review" },
    errors: [400, 401, 403, 404, 409],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const app = isUuid(req.params.id) ? await getApplication(deps.db, req.params.id) : undefined;
      if (!app || app.process_id !== PROCESS.publicityCancel || app.unit_id !== user.unitId) throw new ApiError(404, 'NOT_FOUND', '没有这个注销申请 / No such cancellation');
      if (app.status === APPLICATION_STATUS.deleted) throw new ApiError(409, 'DELETED', '该注销申请已删除 / The request was deleted');
      if (!NOT_HANDED_IN.includes(app.status)) throw new ApiError(409, 'ALREADY_UPLOADED', '申请表已上传，正在审核或已办结 / The form was uploaded already; the case is in review or finished');
      const b = (req.body ?? {}) as { file?: { id?: unknown }; fileId?: unknown; courierNumber?: unknown };
      const fileId = String((b.file ?? {}).id ?? b.fileId ?? '');
      const file = isUuid(fileId) ? await deps.db('files').where({ id: fileId, owner_account_id: user.accountId }).first() : undefined;
      const fields: Record<string, string> = {};
      if (!file) fields.file = '请先上传盖章后的申请表（jpg/png/pdf）/ Upload the stamped form first (jpg/png/pdf)';
      if (b.courierNumber !== undefined && b.courierNumber !== '' && !isCourierNumber(b.courierNumber)) fields.courierNumber = COURIER_MESSAGE;
      if (Object.keys(fields).length || !file) throw validationFailed(fields);
      const stampedForm = { id: file.id as string, name: file.original_name as string };
      const courierNumber = typeof b.courierNumber === 'string' && b.courierNumber ? b.courierNumber.trim() : (app.data as { courierNumber?: string }).courierNumber;
      await deps.db.transaction(async (trx) => {
        const now = await trx('applications').where({ id: app.id }).forUpdate().first('status');
        if (!NOT_HANDED_IN.includes(now.status)) throw new ApiError(409, 'ALREADY_UPLOADED', '申请表已上传或申请已删除 / The form was uploaded already, or the request was deleted');
        await trx('applications').where({ id: app.id }).update({ data: JSON.stringify({ ...app.data, stampedForm, ...(courierNumber ? { courierNumber } : {}) }) });
        await trx('files').where({ id: file.id }).update({ attached_application_id: app.id });
        await transition(trx, app.id, APPLICATION_STATUS.inReview, { from: NOT_HANDED_IN, actor: user.login, action: 'stamped-form-uploaded', details: { file: stampedForm, courierNumber: courierNumber ?? null } });
        // buffered by the engine until the case waits for it (the request PDF may still be in the making);
        // published before the commit, so a refused message changes nothing; the message id makes a
        // repeat after a failed commit a no-op
        try {
          await deps.engine.zeebe.publishMessage({ name: MESSAGE.publicityCancelUploaded, correlationKey: app.id, messageId: `stamped:${app.id}`, variables: {} as never, timeToLive: 24 * 3600_000 });
        } catch (err) {
          if (!/ALREADY_EXISTS/.test(String((err as Error).message))) {
            deps.log.error('could not publish the upload message', { error: err as Error, applicationId: app.id });
            throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
          }
        }
      });
      res.status(202).json({ id: app.id, number: app.number, status: APPLICATION_STATUS.inReview, stampedForm });
    },
  }));

  // 注销申请列表 (manual §3.3.4): the unit's requests with the manual's conditions, in pages
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/cancellations',
    summary: "The unit's cancellation requests (注销申请) with the manual's conditions: a person's name (a part) or ID number (whole), the number (a part), the request date (from, to), the status (pending 待提交 · in_review · approved · rejected); newest first, in pages with the total. Deleted requests are not listed",
    allow: [publicity],
    query: {
      name: { type: 'string', maxLength: 50, message: '姓名最多 50 个字符 / At most 50 characters' },
      idNumber: IdNumber,
      number: { type: 'string', maxLength: 40, message: '申请单号最多 40 个字符 / At most 40 characters' },
      dateFrom: { type: 'string', format: 'date', message: '申请日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD' },
      dateTo: { type: 'string', format: 'date', message: '申请日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD' },
      status: { type: 'string', enum: CANCEL_LIST_STATUSES, message: '审核状态应为待提交、审核中、已通过或已驳回 / Status: pending, in review, approved or rejected' },
      page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
      pageSize: { type: 'integer', minimum: 1, maximum: 1000, message: '每页 1 到 1000 条 / 1 to 1000 per page' },
    },
    responses: { 200: "{ items: [{ id, number, contactName, contactPhone, persons, submittedAt, courierNumber, status, reason, requestDocumentId, deletable }], total, page, pageSize }" },
    errors: [400, 401, 403],
    handler: async ({ req, user: caller }) => {
      const user = unitCaller(caller);
      const c = req.query as Record<string, string | undefined>;
      if (c.dateFrom && c.dateTo && c.dateFrom > c.dateTo) throw validationFailed({ dateTo: '结束日期不能早于开始日期 / The end date is before the start date' });
      const filtered = () => {
        const q = deps.db('applications as a').where({ 'a.unit_id': user.unitId, 'a.process_id': PROCESS.publicityCancel }).whereNot('a.status', APPLICATION_STATUS.deleted);
        if (c.number?.trim()) q.whereRaw('a.number ilike ?', [containsPattern(c.number.trim())]);
        if (c.status) q.whereIn('a.status', c.status === APPLICATION_STATUS.pending ? NOT_HANDED_IN : [c.status]);
        // the day in China: from its first moment to the next day's
        if (c.dateFrom) q.where('a.created_at', '>=', `${c.dateFrom}T00:00:00+08:00`);
        if (c.dateTo) q.where('a.created_at', '<', `${addDays(c.dateTo, 1)}T00:00:00+08:00`);
        if (c.name?.trim() || c.idNumber) {
          q.whereExists(function persons() {
            this.select(deps.db.raw('1')).from('publicity_applications as pa').join('practitioners as p', 'p.id', 'pa.practitioner_id').whereRaw('pa.application_id = a.id');
            if (c.name?.trim()) this.whereRaw('p.name ilike ?', [containsPattern(c.name.trim())]);
            if (c.idNumber) this.where('p.id_number', c.idNumber.trim().toUpperCase());
          });
        }
        return q;
      };
      type Listed = ApplicationRow & { persons: string; request_document_id: string | null };
      const { items, ...paging } = await pageOf<Listed>(filtered, c, (q) =>
        q.orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }]).select(
          'a.*',
          deps.db.raw('(select count(*) from publicity_applications pa where pa.application_id = a.id) as persons'),
          deps.db.raw("(select d.id from documents d where d.application_id = a.id and d.kind = ? and d.status = ? order by d.created_at desc limit 1) as request_document_id", [DOCUMENT_KIND.publicityCancellationRequest, DOCUMENT_STATUS.valid]),
        ));
      return {
        items: items.map((a) => {
          const d = a.data as { contactName?: string; contactPhone?: string; courierNumber?: string };
          return {
            id: a.id, number: a.number, contactName: d.contactName ?? '', contactPhone: d.contactPhone ?? '', persons: Number(a.persons), submittedAt: a.created_at,
            courierNumber: d.courierNumber ?? null, status: NOT_HANDED_IN.includes(a.status) ? APPLICATION_STATUS.pending : a.status, reason: a.decision_reason,
            requestDocumentId: a.request_document_id, deletable: NOT_HANDED_IN.includes(a.status), courierEditable: COURIER_EDITABLE.includes(a.status),
          };
        }),
        ...paging,
      };
    },
  }));

  const ownCancellation = async (user: SessionUser, id: string) => {
    const app = await getApplication(deps.db, id);
    if (!app || app.process_id !== PROCESS.publicityCancel || app.unit_id !== user.unitId || app.status === APPLICATION_STATUS.deleted) throw new ApiError(404, 'NOT_FOUND', NO_CANCELLATION);
    return app;
  };

  // 快递单号: the paper form goes by courier; its number is kept until the review ends
  routes.push(declare<{ id: string }, unknown, { courierNumber: string }>({
    method: 'patch',
    path: '/api/publicity/cancellations/{id}',
    params: { id: Uuid },
    notFound: NO_CANCELLATION,
    summary: "Set the courier number (快递单号) of the mailed request form, while the request is pending or in review",
    allow: [publicity],
    body: { type: 'object', required: ['courierNumber'], additionalProperties: false, properties: { courierNumber: { type: 'string', pattern: COURIER_PATTERN, message: COURIER_MESSAGE } } },
    responses: { 200: "id, courierNumber" },
    errors: [400, 401, 403, 404, 409],
    handler: async ({ user, params, body }) => {
      const app = await ownCancellation(user, params.id);
      if (!COURIER_EDITABLE.includes(app.status)) throw new ApiError(409, 'FINISHED', '注销申请已办结，不能再修改快递单号 / The request is finished; the courier number cannot change');
      const courierNumber = body.courierNumber.trim();
      await deps.db.transaction(async (trx) => {
        await trx('applications').where({ id: app.id }).update({ data: trx.raw("data || jsonb_build_object('courierNumber', ?::text)", [courierNumber]), updated_at: trx.fn.now() });
        await audit(trx, { applicationId: app.id, actor: user.login, action: 'courier-number', details: { courierNumber } });
      });
      return { id: app.id, courierNumber };
    },
  }));

  // 删除申请: only before the stamped form is handed in; the case ends and its request form is void
  routes.push(declare<{ id: string }>({
    method: 'delete',
    path: '/api/publicity/cancellations/{id}',
    params: { id: Uuid },
    notFound: NO_CANCELLATION,
    summary: "Delete a cancellation request that is still 待提交 (the stamped form not handed in): its process ends, its request form is revoked, the persons are free again; after the hand-in 409",
    allow: [publicity],
    status: 204,
    responses: { 204: "deleted" },
    errors: [401, 403, 404, 409, 503],
    handler: async ({ res, user, params }) => {
      const app = await ownCancellation(user, params.id);
      if (!NOT_HANDED_IN.includes(app.status)) throw new ApiError(409, 'ALREADY_SUBMITTED', '申请已提交（已上传盖章申请表），不能删除 / The request was handed in and cannot be deleted');
      await deps.db.transaction(async (trx) => {
        const now = await trx('applications').where({ id: app.id }).forUpdate().first('status');
        if (!NOT_HANDED_IN.includes(now.status)) throw new ApiError(409, 'ALREADY_SUBMITTED', '申请已提交（已上传盖章申请表），不能删除 / The request was handed in and cannot be deleted');
        await transition(trx, app.id, APPLICATION_STATUS.deleted, { from: NOT_HANDED_IN, actor: user.login, action: 'delete', set: { decided_at: trx.fn.now() } });
        await trx('documents').where({ application_id: app.id, status: DOCUMENT_STATUS.valid }).update({ status: DOCUMENT_STATUS.revoked, revoked_reason: '注销申请已删除 / The request was deleted', revoked_at: trx.fn.now() });
        // the case ends in the engine before the commit: a refusal leaves the request as it was
        if (app.process_instance_key) {
          try {
            await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
          } catch (err) {
            if (!/NOT_FOUND|not found/i.test(String((err as Error).message))) {
              deps.log.error('could not cancel the cancellation request\'s process', { error: err as Error, applicationId: app.id });
              throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
            }
          }
        }
      });
      res.status(204).end();
    },
  }));
  return routes;
}

/**
 * The public practitioner query (GET /api/public/publicity):
 * anonymous, by name + ID number or by unit (a part of its name, or its USCC). Only publicity
 * records valid today are shown; ID numbers are masked and mobiles never shown. Rate-limited per
 * IP in Redis, since anyone may call it.
 */
const UNIT_LIMIT = 200;
const WINDOW_S = 60;

export function publicPublicityRoutes(deps: { db: Db; redis: Redis; publicQueryPerMinute?: number }): RouteDef[] {
  const routes: RouteDef[] = [];
  const perMinute = () => deps.publicQueryPerMinute ?? PUBLICITY_OPS.publicQueryPerMinute;

  routes.push(declare({
    method: 'get',
    path: '/api/public/publicity',
    summary: "Public practitioner query (no login; rate-limited per IP): by name + ID number, or by unit name / USCC. Valid publicity only; ID numbers masked",
    allow: [anyone],
    responses: { 200: "items: name, masked idNumber, unit, items, startDate, validUntil" },
    errors: [400, 404, 429],
    handler: async ({ req, res }) => {
      const key = `rl:public-publicity:${req.ip}`;
      const count = await deps.redis.incr(key);
      if (count === 1) await deps.redis.expire(key, WINDOW_S);
      if (count > perMinute()) {
        const ttl = await deps.redis.ttl(key);
        res.setHeader('Retry-After', String(ttl > 0 ? ttl : WINDOW_S));
        throw new ApiError(429, 'RATE_LIMITED', '查询过于频繁，请稍后再试 / Too many queries; try again in a minute');
      }
      const q = req.query as Record<string, unknown>;
      const name = q.name;
      const idNumber = q.idNumber;
      const unit = q.unit;
      const today = localDate(new Date());
      if (unit !== undefined && (name !== undefined || idNumber !== undefined)) {
        throw validationFailed({ unit: '请按姓名 + 身份证号或按单位查询，二选一 / Search by name + ID number, or by unit, not both' });
      }
      if (unit !== undefined) {
        if (!isQueryUnit(unit)) throw validationFailed({ unit: '单位名称或统一社会信用代码应为 2–100 个字符 / Unit name or USCC: 2 to 100 characters' });
        const rows = await publicByUnit(deps.db, unit, today, UNIT_LIMIT);
        if (!rows.length) throw new ApiError(404, 'NOT_FOUND', '未找到该单位的有效执业公示 / No valid publicity found for this unit');
        res.setHeader('Cache-Control', 'no-store');
        res.json({ query: { unit: unit.trim() }, date: today, count: rows.length, truncated: rows.length === UNIT_LIMIT, items: rows.map(publicPerson) });
        return;
      }
      const fields: Record<string, string> = {};
      if (!isQueryName(name)) fields.name = '请输入姓名（1–50 个字符）/ Enter the name (1 to 50 characters)';
      if (typeof idNumber !== 'string' || !idNumber.trim()) fields.idNumber = MESSAGES.required;
      else if (!isValidIdNumber(idNumber.trim())) fields.idNumber = MESSAGES.idNumber;
      if (Object.keys(fields).length) throw validationFailed(fields);
      const rows = await publicByPerson(deps.db, name as string, idNumber as string, today);
      // the manual's wording: no such person, or the name and ID number do not match
      if (!rows.length) throw new ApiError(404, 'NOT_FOUND', '查无此人或身份证和姓名不匹配，或无有效执业公示 / No valid publicity for this name and ID number');
      res.setHeader('Cache-Control', 'no-store');
      res.json({ query: { name: (name as string).trim(), idNumber: maskIdNumber((idNumber as string).trim().toUpperCase()) }, date: today, count: rows.length, truncated: false, items: rows.map(publicPerson) });
    },
  }));
  return routes;
}
