/**
 * Practitioner publicity 执业公示 (PROCESSES.md §B, manual 000 §3.3.1 and §4), the unit's side:
 * person search with the eligibility table, creating an application (publicity-application
 * process), the list (in progress / rejected …), the SMS code with the three-element check before
 * it, and the upload + code that starts the review. Manual identity verification requests.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import type { SmsProvider } from '../../core/sms';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, FORM, IDENTITY_STATUS, MESSAGE, NUMBER_PREFIX, PROCESS, PUBLICITY_TYPE_LABEL, VAR } from '../../domain/names';
import { COMMITMENTS, isItemCode, localDate, localYear, UPLOAD_WINDOW, type PublicityItem } from '../../domain/publicity';
import { isValidIdNumber, isValidMobile, maskIdNumber, maskMobile, MESSAGES } from '../../domain/validators';
import { audit, getApplication, type ApplicationRow } from '../../db/applications';
import {
  addPublicityApplicationRow, checkEligibility, createIdentityVerification, findPractitionerByIdNumber, nextCounter, publicityRowsOf, searchPractitioner, updatePublicityRow,
} from '../../db/practitioners';
import { checkConfirmationCode, issueConfirmationCode } from '../../db/publicity-codes';
import { PROVISIONAL_NUMBER_PREFIX, hasNumber } from '../../workers/publicity';
import type { SessionUser } from '../auth';
import { AnyObject, Code6, IdNumber, NonBlank, Uuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, unit, unitCaller, validated } from '../route';

const WINDOW_MS = Number(UPLOAD_WINDOW.replace(/\D/g, '')) * 86400_000;
const NOT_FOUND_PERSON = '查无此人或身份证和姓名不匹配 / No such person, or the name does not match the ID number';
const RESEND_SECONDS = 60;
const ITEMS_FORMAT = '资质项目格式不正确 / Items must be [{ itemCode, grade }]';

type Deps = { db: Db; engine: Engine; log: Logger; redis: Redis; sms: SmsProvider };

const publicity = unit({ areas: ['publicity'] });
const NO_APPLICATION = '没有这个申报单 / No such application';
/** The signed, stamped form (a file id from POST /api/files) and the SMS code. */
const ConfirmBody = {
  type: 'object',
  required: ['formFileId', 'code'],
  properties: { formFileId: { ...Uuid, message: '请上传签字盖章后的申报单图片 / Upload the signed and stamped form' }, code: Code6 },
} as const;

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function present(app: ApplicationRow, row: { type: string; mobile: string | null; identity_status: string; mobile_corrections: number } | undefined, person?: { name: string; id_number: string }) {
  const data = app.data as { eligibility?: { rules?: unknown; failures?: unknown }; items?: PublicityItem[]; certificateNo?: string; validUntil?: string; formFileId?: string };
  const opened = app.status === APPLICATION_STATUS.awaitingUpload ? (app.data as { openedAt?: string }).openedAt : undefined;
  return {
    id: app.id,
    number: hasNumber(app) ? app.number : null,
    status: app.status,
    type: row?.type ?? null,
    typeLabel: row ? PUBLICITY_TYPE_LABEL[row.type as keyof typeof PUBLICITY_TYPE_LABEL] : null,
    person: person ? { name: person.name, idNumber: maskIdNumber(person.id_number) } : null,
    mobile: row?.mobile ? maskMobile(row.mobile) : null,
    identityStatus: row?.identity_status ?? null,
    mobileCorrectionsLeft: row ? Math.max(0, 1 - row.mobile_corrections) : 0,
    items: data.items ?? [],
    failures: data.eligibility?.failures ?? [],
    rules: data.eligibility?.rules ?? [],
    reason: app.decision_reason,
    certificateNo: data.certificateNo ?? null,
    validUntil: data.validUntil ?? null,
    uploadDeadline: opened ? new Date(new Date(opened).getTime() + WINDOW_MS).toISOString() : null,
    submittedAt: app.created_at,
    decidedAt: app.decided_at,
  };
}

export function publicityRoutes(deps: Deps): RouteDef[] {
  const routes: RouteDef[] = [];

  async function ownApplication(user: SessionUser, id: string) {
    const app = await getApplication(deps.db, id);
    if (!app || app.unit_id !== user.unitId || app.process_id !== PROCESS.publicityApplication) throw new ApiError(404, 'NOT_FOUND', NO_APPLICATION);
    const [row] = await publicityRowsOf(deps.db, app.id);
    return { app, row };
  }

  // 人员检索: the person, the type the registry gives, and every rule with its outcome.
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/candidates',
    summary: "人员检索: a person by name + ID number, the type from the registry and every eligibility rule with its outcome (unit accounts)",
    allow: [publicity],
    responses: { 200: "person, type, rules, failures" },
    query: { name: NonBlank, idNumber: IdNumber },
    queryRequired: ['name', 'idNumber'],
    errors: [400, 401, 403, 404],
    handler: async ({ res, user, query }) => {
      const { unitId } = unitCaller(user);
      const name = String(query.name).trim();
      const idNumber = String(query.idNumber).trim().toUpperCase();
      const person = await searchPractitioner(deps.db, name, idNumber);
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
    summary: "Create a publicity application (initial / change / renewal): form data (name, idNumber, resignationCertificate, commitments), optional requestedItems; the eligibility worker decides",
    allow: [publicity],
    responses: { 201: "application with its number, waiting for the upload", 422: "NOT_ELIGIBLE: every failed rule in fields; or PERSON_NOT_FOUND" },
    errors: [400, 401, 403, 503],
    body: { type: 'object', properties: { data: AnyObject, requestedItems: { type: 'array', message: ITEMS_FORMAT, items: { type: 'object', properties: { itemCode: { type: 'string' }, grade: { type: 'integer' } } } } } },
    handler: async ({ res, user, body }) => {
      const { unitId } = unitCaller(user);
      const form = await deps.db('forms').where({ key: FORM.publicityApplication }).first();
      if (!form) throw new ApiError(500, 'FORM_MISSING', `form ${FORM.publicityApplication} is not deployed`);
      const checked = validateSubmission(form.schema as FormDefinition, body.data ?? {});
      const v = checked.values as { name?: string; idNumber?: string; mobile?: string; resignationCertificate?: Array<{ id: string }> };
      if (v.idNumber && !isValidIdNumber(v.idNumber.toUpperCase())) checked.errors.idNumber ??= MESSAGES.idNumber;
      let requestedItems: PublicityItem[] | undefined;
      if (body.requestedItems !== undefined) {
        const ok = Array.isArray(body.requestedItems) && body.requestedItems.every((i: unknown) => i && isItemCode((i as PublicityItem).itemCode) && [1, 2, 3].includes((i as PublicityItem).grade));
        if (!ok) checked.errors.requestedItems = ITEMS_FORMAT;
        else requestedItems = body.requestedItems as PublicityItem[];
      }
      const resignationFileId = v.resignationCertificate?.[0]?.id ?? null;
      if (resignationFileId && !(await deps.db('files').where({ id: resignationFileId, owner_account_id: user.accountId }).first())) {
        checked.errors.resignationCertificate = '文件不存在或不属于您 / The file does not exist or is not yours';
      }
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const person = await searchPractitioner(deps.db, v.name!, v.idNumber!);
      if (!person) throw new ApiError(422, 'PERSON_NOT_FOUND', NOT_FOUND_PERSON, { name: NOT_FOUND_PERSON });

      const app = await deps.db.transaction(async (trx) => {
        const [row] = await trx('applications')
          .insert({
            number: `${PROVISIONAL_NUMBER_PREFIX}${randomBytes(6).toString('hex')}`, process_id: PROCESS.publicityApplication, status: APPLICATION_STATUS.submitted, unit_id: unitId,
            subject_key: person.id_number,
            data: JSON.stringify({
              practitionerId: person.id, name: person.name, idNumber: maskIdNumber(person.id_number), requestedItems: requestedItems ?? null, commitments: COMMITMENTS,
              resignationCertificate: v.resignationCertificate ?? [],
            }),
          })
          .returning(['id', 'number']);
        await addPublicityApplicationRow(trx, { applicationId: row.id, practitionerId: person.id, unitId, type: 'initial', resignationFileId, mobile: v.mobile ?? person.mobile });
        if (resignationFileId) await trx('files').where({ id: resignationFileId }).update({ attached_application_id: row.id });
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted });
        return row as { id: string; number: string };
      });
      try {
        const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: PROCESS.publicityApplication, variables: { [VAR.applicationId]: app.id } });
        await deps.db('applications').where({ id: app.id }).update({ process_instance_key: String(started.processInstanceKey) });
      } catch (err) {
        deps.log.error('could not start publicity-application; removing the application', { error: err as Error, applicationId: app.id });
        await deps.db.transaction(async (trx) => {
          await trx('files').where({ attached_application_id: app.id }).update({ attached_application_id: null });
          await trx('publicity_applications').where({ application_id: app.id }).delete();
          await trx('audit').where({ application_id: app.id }).delete();
          await trx('applications').where({ id: app.id }).delete();
        });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
      // the eligibility worker decides; the applicant sees the outcome at once when it is quick
      const decided = await until(async () => {
        const a = await getApplication(deps.db, app.id);
        return a && a.status !== APPLICATION_STATUS.submitted ? a : undefined;
      });
      const now = decided ?? (await getApplication(deps.db, app.id))!;
      const [row] = await publicityRowsOf(deps.db, app.id);
      const out = present(now, row, person);
      if (now.status === APPLICATION_STATUS.ineligible) {
        const failures = out.failures as Array<{ rule: string; reason: string }>;
        res.status(422).json({
          error: { code: 'NOT_ELIGIBLE', message: '该人员不符合执业公示申报条件 / The person does not meet the conditions', fields: Object.fromEntries(failures.map((f) => [f.rule, f.reason])) },
          application: out,
        });
        return;
      }
      res.status(201).json(out);
    },
  }));

  // 执业公示申报单 / 已驳回申报单: ?status=rejected etc.
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/applications',
    summary: "The unit's publicity applications (?status=rejected for 已驳回申报单), person ID masked",
    allow: [publicity],
    responses: { 200: "list" },
    errors: [401, 403],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      const q = deps.db('applications as a')
        .join('publicity_applications as pa', 'pa.application_id', 'a.id')
        .join('practitioners as p', 'p.id', 'pa.practitioner_id')
        .where({ 'a.unit_id': unitId, 'a.process_id': PROCESS.publicityApplication })
        .orderBy('a.created_at', 'desc')
        .limit(200)
        .select('a.*', 'pa.type', 'pa.mobile', 'pa.identity_status', 'pa.mobile_corrections', 'p.name as person_name', 'p.id_number as person_id_number');
      if (typeof req.query.status === 'string' && req.query.status) q.where('a.status', req.query.status);
      const rows = await q;
      res.json({ items: rows.map((r) => present(r, r, { name: r.person_name, id_number: r.person_id_number })) });
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
      const { app, row } = await ownApplication(user, req.params.id);
      if (app.status === APPLICATION_STATUS.identityPending) throw new ApiError(409, 'IDENTITY_MANUAL_PENDING', '实名验证转人工核验中，请等待结果 / The identity is being verified manually; wait for the result');
      if (app.status !== APPLICATION_STATUS.awaitingUpload || !row) throw new ApiError(409, 'NOT_IN_WINDOW', '申报单不在上传确认阶段 / The application is not waiting for the upload');
      const mobile = (req.body ?? {}).mobile as unknown;
      const s = row.identity_status;
      if (s === IDENTITY_STATUS.checking) throw new ApiError(409, 'CHECK_IN_PROGRESS', '正在进行实名验证，请稍候 / The identity check is running; wait a moment');
      if (s === IDENTITY_STATUS.passed || s === IDENTITY_STATUS.manualPassed) {
        // resend: the identity is verified already
        if (mobile !== undefined && mobile !== row.mobile) throw new ApiError(409, 'MOBILE_FIXED', '手机号已通过实名验证，不能再修改 / The mobile is verified and cannot be changed');
        if (!(await deps.redis.set(`publicity:resend:${app.id}`, '1', 'EX', RESEND_SECONDS, 'NX'))) {
          throw new ApiError(429, 'TOO_SOON', `请 ${RESEND_SECONDS} 秒后再获取 / Wait ${RESEND_SECONDS} seconds before asking again`);
        }
        const unit = await deps.db('units').where({ id: row.unit_id }).first();
        const sent = await issueConfirmationCode(deps.redis, deps.sms, { applicationId: app.id, applicationNumber: app.number, unitName: unit?.name ?? '', mobile: row.mobile!, issueKey: `resend:${app.id}:${Date.now()}` });
        res.status(202).json({ identity: 'passed', sent: true, mobile: maskMobile(row.mobile!), expiresInSeconds: sent.expiresInSeconds });
        return;
      }
      if (s !== IDENTITY_STATUS.unchecked && s !== IDENTITY_STATUS.mismatch) throw new ApiError(409, 'NOT_POSSIBLE', '当前状态不能获取验证码 / A code cannot be sent now');
      let nextMobile = row.mobile;
      if (s === IDENTITY_STATUS.mismatch) {
        if (row.mobile_corrections >= 1) throw new ApiError(409, 'NO_CORRECTION_LEFT', '手机号已修改过一次 / The mobile was corrected once already');
        if (typeof mobile !== 'string' || !isValidMobile(mobile)) throw validationFailed({ mobile: '实名三要素验证失败，请输入正确的手机号（修改机会仅此一次）/ Enter the right mobile (one correction only)' });
        nextMobile = mobile;
      } else if (mobile !== undefined && mobile !== row.mobile) {
        throw new ApiError(409, 'MOBILE_FIXED', '手机号只能在实名验证失败后修改一次 / The mobile can be corrected once, after a failed check');
      }
      if (!nextMobile) throw validationFailed({ mobile: '人员未登记手机号，请输入 / The person has no registered mobile; enter one' });
      const claimed = await deps.db('publicity_applications')
        .where({ id: row.id, identity_status: s })
        .update({ identity_status: IDENTITY_STATUS.checking, mobile: nextMobile, mobile_corrections: s === IDENTITY_STATUS.mismatch ? 1 : row.mobile_corrections, updated_at: deps.db.fn.now() });
      if (!claimed) throw new ApiError(409, 'CHECK_IN_PROGRESS', '正在进行实名验证，请稍候 / The identity check is running; wait a moment');
      try {
        await deps.engine.zeebe.publishMessage({ name: MESSAGE.publicityCodeRequested, correlationKey: app.id, variables: {} as never, timeToLive: 60_000 });
      } catch (err) {
        await updatePublicityRow(deps.db, row.id, { identity_status: s, mobile: row.mobile, mobile_corrections: row.mobile_corrections });
        deps.log.error('could not publish the code request', { error: err as Error, applicationId: app.id });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
      const after = await until(async () => {
        const [r] = await publicityRowsOf(deps.db, app.id);
        return r && r.identity_status !== IDENTITY_STATUS.checking ? r : undefined;
      });
      if (!after) {
        res.status(202).json({ identity: 'checking', sent: false });
        return;
      }
      if (after.identity_status === IDENTITY_STATUS.passed) {
        res.status(202).json({ identity: 'passed', sent: true, mobile: maskMobile(after.mobile!), expiresInSeconds: 24 * 3600 });
      } else if (after.identity_status === IDENTITY_STATUS.mismatch) {
        const person = await deps.db('practitioners').where({ id: row.practitioner_id }).first();
        throw new ApiError(422, 'IDENTITY_MISMATCH', `实名三要素验证失败，请确认并输入 ${person?.name ?? ''} 正确的手机号，修改机会仅此一次 / The name, ID number and mobile do not match; enter the right mobile (one correction only)`, {
          mobile: '实名三要素验证失败 / Three-element check failed',
        });
      } else {
        throw new ApiError(422, 'IDENTITY_MANUAL', '实名三要素再次验证失败，已转人工验证，请等待核验结果 / The check failed again; a manual verification has been opened', { mobile: '已转人工验证 / Manual verification' });
      }
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
      const { app, row } = await ownApplication(user, req.params.id);
      if (app.status !== APPLICATION_STATUS.awaitingUpload || !row) throw new ApiError(409, 'NOT_IN_WINDOW', '申报单不在上传确认阶段 / The application is not waiting for the upload');
      if (row.identity_status !== IDENTITY_STATUS.passed && row.identity_status !== IDENTITY_STATUS.manualPassed) {
        throw new ApiError(409, 'NO_CODE', '请先获取短信验证码 / Ask for the SMS code first');
      }
      // the body once the application is waiting for it (a 409 says so whatever was sent)
      const { formFileId, code } = validated<{ formFileId: string; code: string }>(ConfirmBody, body);
      const file = await deps.db('files').where({ id: formFileId, owner_account_id: user.accountId }).first();
      if (!file) throw validationFailed({ formFileId: '文件不存在或不属于您 / The file does not exist or is not yours' });
      const result = await checkConfirmationCode(deps.redis, app.id, String(code));
      if (result === 'expired') throw new ApiError(400, 'CODE_EXPIRED', '验证码已过期（24 小时有效）或未获取，请重新获取 / The code has expired (valid 24 hours) or was not requested; ask for a new one', { code: '验证码已过期 / Expired' });
      if (result === 'too-many') throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; ask for a new one', { code: '请重新获取 / Ask again' });
      if (result === 'wrong') throw new ApiError(400, 'CODE_WRONG', '验证码错误 / The code is wrong', { code: '验证码错误 / The code is wrong' });
      await deps.engine.zeebe.publishMessage({ name: MESSAGE.publicityConfirmed, correlationKey: app.id, variables: { [VAR.formFileId]: formFileId } as never, timeToLive: 60_000 });
      await audit(deps.db, { applicationId: app.id, actor: user.login, action: 'publicity-upload', details: { formFileId } });
      const reviewed = await until(async () => ((await getApplication(deps.db, app.id))?.status === APPLICATION_STATUS.inReview ? true : undefined));
      res.status(202).json({ id: app.id, number: app.number, status: reviewed ? APPLICATION_STATUS.inReview : app.status });
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
      const { unitId } = unitCaller(user);
      const form = await deps.db('forms').where({ key: FORM.identityManualVerification }).first();
      if (!form) throw new ApiError(500, 'FORM_MISSING', `form ${FORM.identityManualVerification} is not deployed`);
      const checked = validateSubmission(form.schema as FormDefinition, (req.body ?? {}).data ?? {});
      const v = checked.values as { name?: string; idNumber?: string; mobile?: string; proof?: Array<{ id: string }> };
      if (v.idNumber && !isValidIdNumber(v.idNumber.toUpperCase())) checked.errors.idNumber ??= MESSAGES.idNumber;
      if (v.mobile && !isValidMobile(v.mobile)) checked.errors.mobile ??= MESSAGES.mobile;
      const proofId = v.proof?.[0]?.id ?? null;
      if (proofId && !(await deps.db('files').where({ id: proofId, owner_account_id: user.accountId }).first())) checked.errors.proof = '文件不存在或不属于您 / The file does not exist or is not yours';
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const person = await findPractitionerByIdNumber(deps.db, v.idNumber!);
      const created = await deps.db.transaction(async (trx) => {
        const year = localYear(new Date());
        const number = `V${year}${String(await nextCounter(trx, NUMBER_PREFIX.identityVerification, year)).padStart(6, '0')}`;
        const [app] = await trx('applications')
          .insert({ number, process_id: PROCESS.identityManualVerification, status: APPLICATION_STATUS.submitted, unit_id: unitId, subject_key: v.idNumber!.toUpperCase(), data: JSON.stringify({ name: v.name, mobile: v.mobile }) })
          .returning(['id', 'number']);
        const ver = await createIdentityVerification(trx, { practitionerId: person?.id ?? null, name: v.name!, idNumber: v.idNumber!, mobile: v.mobile!, proofFileId: proofId, systemResult: null });
        await audit(trx, { applicationId: app.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: { verificationId: ver.id } });
        return { app: app as { id: string; number: string }, verificationId: ver.id };
      });
      try {
        const started = await deps.engine.zeebe.createProcessInstance({
          bpmnProcessId: PROCESS.identityManualVerification, variables: { [VAR.applicationId]: created.app.id, [VAR.verificationId]: created.verificationId },
        });
        await deps.db('applications').where({ id: created.app.id }).update({ process_instance_key: String(started.processInstanceKey) });
      } catch (err) {
        deps.log.error('could not start identity-manual-verification', { error: err as Error });
        await deps.db.transaction(async (trx) => {
          await trx('identity_verifications').where({ id: created.verificationId }).delete();
          await trx('audit').where({ application_id: created.app.id }).delete();
          await trx('applications').where({ id: created.app.id }).delete();
        });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
      res.status(201).json({ id: created.app.id, number: created.app.number, verificationId: created.verificationId, status: 'pending' });
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
