/**
 * Practitioner publicity 执业公示, the unit's side as services the routes call
 * (api/routes/publicity.ts): an application and its case (the eligibility worker decides), the SMS
 * code with the three-element check before it, the upload + code that starts the review, and a
 * manual identity verification requested on its own. A case the engine does not start leaves no
 * row behind (api/start-process.ts).
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import { smsCodesLeft } from '../../core/codes';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import type { SmsProvider } from '../../core/sms';
import { type ApplicationRow, audit, getApplication } from '../../db/applications';
import { ownBranch } from '../../db/branches';
import { checkConfirmationCode, issueConfirmationCode } from '../../db/publicity/codes';
import { addPublicityApplicationRow, createIdentityVerification, findPractitionerByIdNumber, nextCounter, publicityRowsOf, searchPractitioner, updatePublicityRow } from '../../db/publicity/practitioners';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { COMMITMENTS, isItemCode, localDate, localYear, type PublicityItem, UPLOAD_WINDOW } from '../../domain/publicity/rules';
import { APPLICATION_STATUS, FORM, IDENTITY_STATUS, MESSAGE, NUMBER_PREFIX, PROCESS, PUBLICITY_TYPE_LABEL, VAR } from '../../domain/registry';
import { isValidIdNumber, isValidMobile, maskIdNumber, maskMobile, MESSAGES } from '../../domain/validators';
import { hasNumber, PROVISIONAL_NUMBER_PREFIX } from '../../workers/publicity/application';
import type { SessionUser } from '../auth';
import { ApiError, tooManyCodes, validationFailed } from '../errors';
import { unitCaller, validated } from '../route';
import { Code6, Uuid } from '../../domain/schema';
import { startProcessOrRollBack } from '../start-process';

const WINDOW_MS = Number(UPLOAD_WINDOW.replace(/\D/g, '')) * 86400_000;
export const NO_APPLICATION = '没有这个申报单 / No such application';
export const NOT_FOUND_PERSON = '查无此人或身份证和姓名不匹配 / No such person, or the name does not match the ID number';
const RESEND_SECONDS = 60;
export const ITEMS_FORMAT = '资质项目格式不正确 / Items must be [{ itemCode, grade }]';

/** The signed, stamped form (a file id from POST /api/files) and the SMS code. */
export const ConfirmBody = {
  type: 'object',
  required: ['formFileId', 'code'],
  properties: { formFileId: { ...Uuid, message: '请上传签字盖章后的申报单图片 / Upload the signed and stamped form' }, code: Code6 },
} as const;

export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function present(app: ApplicationRow, row: { type: string; mobile: string | null; identity_status: string; mobile_corrections: number } | undefined, person?: { name: string; id_number: string }) {
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
    branch: app.branch_unit_id ? { id: app.branch_unit_id, name: (app as { branch_name?: string }).branch_name ?? null } : null,
  };
}

/** The application with the name of the secondary unit it is made for (branch_name), when it has one. */
async function withBranchName(db: Db, app: ApplicationRow): Promise<ApplicationRow> {
  const branch = app.branch_unit_id ? await db('units').where({ id: app.branch_unit_id }).first('name') : undefined;
  return branch ? { ...app, branch_name: branch.name as string } as ApplicationRow : app;
}

/**
 * The secondary unit a publicity application is made for (000 §3.2.3 申请新单位公示): a
 * sub-account that belongs to a secondary unit applies for it, always; the main account (or a
 * sub-account of the unit itself) may name one of the unit's secondary units, or none.
 */
export async function applicationBranch(db: Db, caller: { unitId: string; accountId: string }, requested: string | undefined): Promise<{ ok: true; id: string | null } | { ok: false; message: string }> {
  const account = await db('accounts').where({ id: caller.accountId }).first('branch_unit_id');
  const own: string | null = account?.branch_unit_id ?? null;
  if (!requested) return { ok: true, id: own };
  if (own && requested !== own) return { ok: false, message: '子帐号只能为其所属的二级单位申报 / A sub-account applies for its own secondary unit only' };
  if (!(await ownBranch(db, caller.unitId, requested))) return { ok: false, message: '所属单位应为本单位的二级单位 / One of the unit\'s secondary units' };
  return { ok: true, id: requested };
}

/** What a route answers: its status and body. */
export type Answer = { status: number; body: Record<string, unknown> };

export type PublicityDeps = { db: Db; engine: Engine; log: Logger; redis: Redis; sms: SmsProvider };

export function publicityService(deps: PublicityDeps) {
  async function ownApplication(user: SessionUser, id: string) {
    const app = await getApplication(deps.db, id);
    if (!app || app.unit_id !== user.unitId || app.process_id !== PROCESS.publicityApplication) throw new ApiError(404, 'NOT_FOUND', NO_APPLICATION);
    const [row] = await publicityRowsOf(deps.db, app.id);
    return { app: await withBranchName(deps.db, app), row };
  }

  /** A publicity application (initial / change / renewal) and its case; the eligibility worker decides, and the answer has its outcome when it is quick. */
  async function createApplication(user: SessionUser, body: { data?: unknown; requestedItems?: unknown; branchUnitId?: string }): Promise<Answer> {
    const { unitId } = unitCaller(user);
    const branch = await applicationBranch(deps.db, { unitId, accountId: user.accountId }, body.branchUnitId);
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
    if (!branch.ok) checked.errors.branchUnitId = branch.message;
    if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
    const person = await searchPractitioner(deps.db, v.name!, v.idNumber!);
    if (!person) throw new ApiError(422, 'PERSON_NOT_FOUND', NOT_FOUND_PERSON, { name: NOT_FOUND_PERSON });

    const app = await deps.db.transaction(async (trx) => {
      const [row] = await trx('applications')
        .insert({
          number: `${PROVISIONAL_NUMBER_PREFIX}${randomBytes(6).toString('hex')}`, process_id: PROCESS.publicityApplication, status: APPLICATION_STATUS.submitted, unit_id: unitId,
          branch_unit_id: branch.ok ? branch.id : null, subject_key: person.id_number,
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
    await startProcessOrRollBack(deps, app, PROCESS.publicityApplication, {}, (trx) => trx('publicity_applications').where({ application_id: app.id }).delete());
    // the eligibility worker decides; the applicant sees the outcome at once when it is quick
    const decided = await until(async () => {
      const a = await getApplication(deps.db, app.id);
      return a && a.status !== APPLICATION_STATUS.submitted ? a : undefined;
    });
    const now = await withBranchName(deps.db, decided ?? (await getApplication(deps.db, app.id))!);
    const [row] = await publicityRowsOf(deps.db, app.id);
    const out = present(now, row, person);
    if (now.status === APPLICATION_STATUS.ineligible) {
      const failures = out.failures as Array<{ rule: string; reason: string }>;
      return { status: 422, body: {
        error: { code: 'NOT_ELIGIBLE', message: '该人员不符合执业公示申报条件 / The person does not meet the conditions', fields: Object.fromEntries(failures.map((f) => [f.rule, f.reason])) },
        application: out,
      } };
    }
    return { status: 201, body: out };
  }

  /** 获取短信验证码: the three-element check first; on a mismatch the mobile may be corrected once, a second mismatch opens a manual verification. */
  async function requestCode(user: SessionUser, id: string, mobile: unknown): Promise<Record<string, unknown>> {
    const { app, row } = await ownApplication(user, id);
    if (app.status === APPLICATION_STATUS.identityPending) throw new ApiError(409, 'IDENTITY_MANUAL_PENDING', '实名验证转人工核验中，请等待结果 / The identity is being verified manually; wait for the result');
    if (app.status !== APPLICATION_STATUS.awaitingUpload || !row) throw new ApiError(409, 'NOT_IN_WINDOW', '申报单不在上传确认阶段 / The application is not waiting for the upload');
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
      if (!sent.sent) throw tooManyCodes();
      return { identity: 'passed', sent: true, mobile: maskMobile(row.mobile!), expiresInSeconds: sent.expiresInSeconds };
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
    // the code is sent after the check, by the process: a mobile with no codes left today is refused here
    if ((await smsCodesLeft(deps.redis, nextMobile, localDate(new Date()))) === 0) throw tooManyCodes();
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
      return { identity: 'checking', sent: false };
    }
    if (after.identity_status === IDENTITY_STATUS.passed) {
      return { identity: 'passed', sent: true, mobile: maskMobile(after.mobile!), expiresInSeconds: 24 * 3600 };
    } else if (after.identity_status === IDENTITY_STATUS.mismatch) {
      const person = await deps.db('practitioners').where({ id: row.practitioner_id }).first();
      throw new ApiError(422, 'IDENTITY_MISMATCH', `实名三要素验证失败，请确认并输入 ${person?.name ?? ''} 正确的手机号，修改机会仅此一次 / The name, ID number and mobile do not match; enter the right mobile (one correction only)`, {
        mobile: '实名三要素验证失败 / Three-element check failed',
      });
    } else {
      throw new ApiError(422, 'IDENTITY_MANUAL', '实名三要素再次验证失败，已转人工验证，请等待核验结果 / The check failed again; a manual verification has been opened', { mobile: '已转人工验证 / Manual verification' });
    }
  }

  /** 上传申报单 + 短信验证码: the signed, stamped form and the code start the review. */
  async function confirm(user: SessionUser, id: string, body: unknown): Promise<Record<string, unknown>> {
    const { app, row } = await ownApplication(user, id);
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
    return { id: app.id, number: app.number, status: reviewed ? APPLICATION_STATUS.inReview : app.status };
  }

  /** 公示人员实名验证: a manual identity verification requested on its own, and its case. */
  async function requestIdentityVerification(user: SessionUser, body: unknown): Promise<Record<string, unknown>> {
    const { unitId } = unitCaller(user);
    const form = await deps.db('forms').where({ key: FORM.identityManualVerification }).first();
    if (!form) throw new ApiError(500, 'FORM_MISSING', `form ${FORM.identityManualVerification} is not deployed`);
    const checked = validateSubmission(form.schema as FormDefinition, (body as { data?: unknown }).data ?? {});
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
    await startProcessOrRollBack(deps, created.app, PROCESS.identityManualVerification, { [VAR.verificationId]: created.verificationId }, (trx) => trx('identity_verifications').where({ id: created.verificationId }).delete());
    return { id: created.app.id, number: created.app.number, verificationId: created.verificationId, status: 'pending' };
  }

  return { ownApplication, createApplication, requestCode, confirm, requestIdentityVerification };
}
