/**
 * Accounts: unit registration (and its resubmission after a rejection), password reset by SMS,
 * the account appeal and its one-time password link, the unit's sub-accounts, its profile,
 * secondary units and qualifications.
 */
import type { Request } from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import type { SmsProvider } from '../../core/sms';
import { checkCode, countInWindow, randomCode, storeCode, takeSmsCodeAllowance } from '../../core/codes';
import { checkMobileCode, issueMobileCode } from '../../db/mobile-codes';
import { normaliseIdNumber } from '../../db/publicity/practitioners';
import { isValidDivisionPath } from '../../domain/admin-divisions';
import { localDate } from '../../domain/calendar';
import { APPLICATION_STATUS, MESSAGE, PROCESS, PUBLICITY_RECORD_STATUS, QUALIFICATION_STATUS, TASK_STATE, UNIT_AREAS, UNIT_CHANGE_FIELDS, CONTACT_CHANGE_FIELDS, IDENTITY_STATUS, MEMBERSHIP_TYPES, UNIT_NATURES } from '../../domain/registry';
import { RegistrationInput, registrationSchema, validateRegistration } from '../../domain/accounts/registration';
import { Code6, Email, FieldErrors, IdNumber, Login, Mobile, NonBlank, Password, PASSWORDS_DIFFER, Phone, trimmedText, Uscc, Uuid } from '../../domain/schema';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';
import { isValidPassword, isValidUscc, maskIdNumber, MESSAGES } from '../../domain/validators';
import { fileRef } from '../../domain/formio';
import { consumePasswordSetToken } from '../../db/accounts';
import { containsPattern, pageOf } from '../../core/db';
import { audit } from '../../db/applications';
import { fileIdsIn, NOT_YOURS, usableAnonymousFiles } from '../anonymous-uploads';
import { applicationForResubmit, createRegistration, findDuplicates, loginOf, resubmissionFormData, resubmitRegistration } from '../../db/accounts';
import { countOpenTasks } from '../../db/tasks';
import { superiorCandidates, superiorOf, superiorRefusal } from '../../db/superior-units';
import { revokeSessions, taskGroupsOf } from '../auth';
import { ApiError, mobileCodeRefused, mobileCodesUsedUp, validationFailed } from '../errors';
import { type Allow, anyone, declare, RouteDef, unit, PAGING } from '../route';
import { startProcessOrRollBack } from '../start-process';
import { QUALIFICATION_LIST_STATUSES, type QualificationListRow, qualificationList, qualificationListOrder } from '../../db/unit-qualifications';
import { accountsService, type BranchInput, branchesService, NO_BRANCH } from '../services/accounts';

type Deps = { db: Db; engine: Engine; log: Logger; redis: Redis; sms: SmsProvider };

// ---- registration ----
const { $id: _registrationId, ...Registration } = registrationSchema;
const LINK_INVALID = () => new ApiError(404, 'LINK_INVALID', '链接无效或已使用 / The link is invalid or was already used');

/**
 * The business-licence and certificate uploads must be this browser's own anonymous uploads that
 * no application uses (or, in a correction, files the application already holds): reported on
 * their fields, all at once.
 */
async function checkFiles(db: Db, req: Request, input: RegistrationInput, kept: Set<string>): Promise<string[]> {
  const fields: Array<{ field: string; ids: Array<string | undefined> }> = [
    { field: 'certification.businessLicence', ids: (input.certification.businessLicence ?? []).map((f) => fileRef(f)?.id) },
    { field: 'certification.businessLicenceFileId', ids: input.certification.businessLicenceFileId ? [input.certification.businessLicenceFileId] : [] },
    ...(input.qualifications ?? []).map((q, i) => ({ field: `qualifications.${i}.certificate`, ids: (q.certificate ?? []).map((f) => fileRef(f)?.id) })),
  ];
  const wanted = fields.flatMap((f) => f.ids).filter((id): id is string => !!id);
  const usable = await usableAnonymousFiles(db, req, wanted, kept);
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (f.ids.some((id) => !id)) errors[f.field] = '请上传文件 / Upload the file first';
    else if (f.ids.some((id) => !usable.has(id!))) errors[f.field] = NOT_YOURS;
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  return wanted;
}

/** The registration rules (shared with the validation worker: empty form values pruned, cross-field rules), then the licence file and duplicates. */
async function checkedRegistration(db: Db, req: Request, raw: unknown, correcting?: { id: string; data: unknown }): Promise<{ input: RegistrationInput; files: string[] }> {
  const checked = validateRegistration(raw);
  if (!checked.ok) throw validationFailed(checked.fields);
  const input = checked.value;
  const files = await checkFiles(db, req, input, correcting ? fileIdsIn(correcting.data) : new Set());
  const duplicates = await findDuplicates(db, { uscc: input.unit.uscc, login: loginOf(input) }, correcting?.id);
  if (Object.keys(duplicates).length > 0) {
    throw new ApiError(409, 'DUPLICATE', '单位或登录帐号已存在 / The unit or login already exists', duplicates as Record<string, string>);
  }
  return { input, files };
}

/** The uploads an application now uses: no other application may take them. */
const attachFiles = (db: Db, applicationId: string, ids: string[]) =>
  ids.length ? db('files').whereIn('id', ids).whereNull('attached_application_id').update({ attached_application_id: applicationId }) : Promise.resolve(0);

// ---- password reset by SMS (PROCESSES.md §A): USCC + contact name + contact mobile must match
// the unit's main account; a 6-digit code valid 10 minutes; at most 3 codes per mobile per day and
// per account; at most 5 wrong tries per code (counted atomically) and 10 a day per mobile; then a
// new password, and every session of the account ends. The code request answers the same whether
// the details match or not, so it tells nobody which units, contacts or mobiles exist. ----
export const CODE_TTL_S = 600;
export const CODES_PER_DAY = 3;
const MAX_TRIES = 5;
const FAILURES_PER_DAY = 10;
const REQUESTS_PER_IP_HOUR = 20;
const codeKey = (mobile: string) => `pwreset:code:${mobile}`;
/** A new password and its confirmation must match (checked once the password itself is valid). */
const confirmed = (password: string, confirm: string) => (b: Record<string, unknown>): FieldErrors =>
  isValidPassword(b[password]) && b[password] !== b[confirm] ? { [confirm]: PASSWORDS_DIFFER } : {};

// ---- sub-accounts, profile, secondary units ----
const subAccounts = unit({ main: true, what: ['子帐号管理', 'sub-account management'] });
/** A unit's cases waiting for it without a task (the publicity form to upload, a request not yet handed in, a correction). */
const WAITING_FOR_UNIT: string[] = [APPLICATION_STATUS.awaitingUpload, APPLICATION_STATUS.pending, APPLICATION_STATUS.correction];
const unitProfile = unit({ what: ['单位信息', 'the unit profile'] });
const unitProfileChange = unit({ main: true, what: ['单位信息修改', 'unit profile changes'] });
const INVOICE_FIELDS = ['title', 'taxNumber', 'bank', 'bankAccount', 'address', 'phone'] as const;
export const EXPIRING_DAYS = 90;
const Permissions = { type: 'array', items: { type: 'string' } } as const;
const permissionErrors = (value: unknown): FieldErrors =>
  value !== undefined && (!Array.isArray(value) || value.some((p) => !(UNIT_AREAS as readonly string[]).includes(p)))
    ? { permissions: `权限应为 ${UNIT_AREAS.join(', ')} 中的若干项 / Permissions must be some of ${UNIT_AREAS.join(', ')}` }
    : {};
const presentAccount = (a: Record<string, unknown>) => ({
  id: a.id, login: a.login, kind: a.kind, displayName: a.display_name, email: a.email, mobile: a.mobile, permissions: a.permissions, status: a.status,
  unitId: a.branch_unit_id ?? a.unit_id, ...(a.unit_name !== undefined ? { unitName: a.unit_name } : {}),
});
/** a sub-account's secondary unit: one of the unit's own, or '' for the unit itself */
const BranchOrEmpty = { type: 'string', pattern: '^([0-9a-f-]{36})?$', message: '所属单位有误 / Unknown unit' } as const;
async function checkBranch(db: Db, unitId: string, branchId: string | undefined): Promise<void> {
  if (branchId && !(await db('units').where({ id: branchId, parent_unit_id: unitId }).first('id'))) throw validationFailed({ unitId: '所属单位应为本单位或其二级单位 / The unit itself or one of its secondary units' });
}
const branchManagement = unit({ main: true, what: ['二级单位管理', 'secondary units'] });
/** A secondary unit's fields, added or modified: the division a real county of GB/T 2260, the USCC optional. */
const BRANCH_BODY = {
  type: 'object',
  required: ['name', 'address', 'postcode', 'phone'],
  properties: { name: trimmedText(2, MESSAGES.required), uscc: { type: 'string' }, address: trimmedText(5, '至少 5 个字符 / At least 5 characters'), postcode: { type: 'string', format: 'cn-postcode' }, phone: Phone },
} as const;
const branchErrors = (b: Record<string, unknown>): FieldErrors => ({
  ...usccOrEmpty('uscc', b.uscc),
  ...(isValidDivisionPath(String(b.province), String(b.city), String(b.district)) ? {} : { district: MESSAGES.adminDivision }),
});
const profile = (u: Record<string, unknown>) => ({
  id: u.id, name: u.name, uscc: u.uscc, legalRepresentative: u.legal_representative, province: u.province, city: u.city, district: u.district,
  address: u.address, postcode: u.postcode, phone: u.phone, institutionType: u.institution_type, invoice: u.invoice ?? {}, parentUnitId: u.parent_unit_id ?? null,
  level: u.level ?? null, industry: u.industry ?? null, businessLicenceFileId: u.business_licence_file_id ?? null,
  membershipType: u.membership_type ?? null, approvalNumber: u.approval_number ?? null, approvalValidUntil: u.approval_valid_until ? dateOnly(u.approval_valid_until as Date | string) : null,
  unitNature: u.unit_nature ?? null,
});
const dateOnly = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10));
/**
 * The unit information page (000 §3.2.1): the unit's own fields, its authorised contact (the main
 * account's name, mobile, title and e-mail) and its two attachments by name.
 */
async function unitInformation(db: Db, unitId: string) {
  const u = await db('units').where({ id: unitId }).first();
  const contact = await db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first('display_name', 'mobile', 'title', 'email');
  const fileIds = [u.org_code_file_id, u.qualification_proof_file_id].filter(Boolean);
  const files = fileIds.length ? await db('files').whereIn('id', fileIds).select('id', 'original_name') : [];
  const file = (id: string | null) => {
    const f = files.find((x) => x.id === id);
    return f ? { id: f.id, name: f.original_name } : null;
  };
  return {
    ...profile(u),
    superiorUnit: await superiorOf(db, u.superior_unit_id ?? null),
    contact: { name: contact?.display_name ?? null, mobile: contact?.mobile ?? null, title: contact?.title ?? null, email: contact?.email ?? null },
    attachments: { orgCode: file(u.org_code_file_id), qualificationProof: file(u.qualification_proof_file_id) },
  };
}
const DAY_OR_EMPTY = { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2})?$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' } as const;
/** a file id, or '' to take the attachment away */
const FileIdOrEmpty = { type: 'string', pattern: '^([0-9a-f-]{36})?$', message: '文件编号有误 / Not a file id' } as const;
const ATTACHMENT_COLUMNS = { orgCodeFileId: 'org_code_file_id', qualificationProofFileId: 'qualification_proof_file_id' } as const;
const qualificationArea = unit({ areas: ['qualification'] });
const NO_QUALIFICATION = '没有这项资质 / No such qualification';
const NO_INFO_CHANGE = '没有这个变更申请 / No such change request';
const NO_QUALIFICATION_APPLICATION = '没有这个资质申请 / No such qualification application';
/** an application waiting for its review */
const REVIEW_PENDING = [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview] as const;
/** publicity applications still running: they rely on the unit's qualifications */
const OPEN_PUBLICITY: string[] = [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview, APPLICATION_STATUS.awaitingUpload, APPLICATION_STATUS.identityPending];
async function fileNames(db: Db, ids: string[]): Promise<Map<string, { id: string; name: string }>> {
  const rows = ids.length ? await db('files').whereIn('id', [...new Set(ids)]).select('id', 'original_name') : [];
  return new Map(rows.map((f) => [f.id as string, { id: f.id as string, name: f.original_name as string }]));
}
/** a personal account (a practitioner's own) */
const personAccount: Allow = {
  name: 'person',
  admits: (u) => u?.kind === 'person',
  refusal: () => new ApiError(403, 'PERSONS_ONLY', '只有个人帐号可以登记本人手机号 / Only personal accounts can register their own mobile'),
};
const NOT_REGISTERED = '姓名与身份证号未查到登记的执业人员 / No registered practitioner with this name and ID number';
/**
 * The practitioner a personal account acts for: the one it is tied to; else the one of the ID
 * number it registered with (a self-registered account); else (the first time) the registered
 * practitioner with this name and ID number. Never one another account is tied to.
 */
async function practitionerOf(db: Db, accountId: string, b: { name?: string; idNumber?: string }): Promise<{ id: string; name: string; id_number: string }> {
  const account = await db('accounts').where({ id: accountId }).first('practitioner_id', 'id_number');
  if (!account?.practitioner_id && account?.id_number) {
    // a self-registered personal account gave its ID number at sign-up: that is the practitioner
    if (b.idNumber && normaliseIdNumber(b.idNumber) !== account.id_number) throw new ApiError(409, 'OTHER_PRACTITIONER', '身份证号与本帐号注册时不一致 / The ID number differs from the one this account registered with', { idNumber: '身份证号与本帐号注册时不一致 / Not the ID number of this account' });
    const own = await db('practitioners').where({ id_number: account.id_number }).first();
    if (!own) throw new ApiError(422, 'NOT_REGISTERED', NOT_REGISTERED, { idNumber: NOT_REGISTERED });
    if (await db('accounts').where({ practitioner_id: own.id }).whereNot({ id: accountId }).first('id')) {
      throw new ApiError(409, 'PRACTITIONER_TAKEN', '该执业人员已由其他帐号登记手机号 / Another account registers this practitioner’s mobile', { idNumber: '该执业人员已由其他帐号登记 / Another account registers this practitioner' });
    }
    return own;
  }
  if (account?.practitioner_id) {
    const own = await db('practitioners').where({ id: account.practitioner_id }).first();
    if (b.idNumber && normaliseIdNumber(b.idNumber) !== own.id_number) throw new ApiError(409, 'OTHER_PRACTITIONER', '本帐号已登记为其他执业人员 / This account is tied to another practitioner', { idNumber: '本帐号已登记为其他执业人员 / This account is tied to another practitioner' });
    return own;
  }
  const errors: Record<string, string> = {};
  if (!b.name?.trim()) errors.name = MESSAGES.required;
  if (!b.idNumber) errors.idNumber = MESSAGES.required;
  if (Object.keys(errors).length) throw validationFailed(errors);
  const p = await db('practitioners').where({ id_number: normaliseIdNumber(b.idNumber!), name: b.name!.trim() }).first();
  if (!p) throw new ApiError(422, 'NOT_REGISTERED', NOT_REGISTERED, { idNumber: NOT_REGISTERED });
  if (await db('accounts').where({ practitioner_id: p.id }).whereNot({ id: accountId }).first('id')) {
    throw new ApiError(409, 'PRACTITIONER_TAKEN', '该执业人员已由其他帐号登记手机号 / Another account registers this practitioner’s mobile', { idNumber: '该执业人员已由其他帐号登记 / Another account registers this practitioner' });
  }
  return p;
}
const THROUGH_CHANGE = '该项不能直接修改，请提交单位信息变更申请 / This field changes only through a unit information change request';
const text200 = { type: 'string', maxLength: 200, message: '最多 200 个字符 / At most 200 characters' } as const;
/** A moment as the local (Asia/Shanghai) date and time, to the minute. */
const usccOrEmpty = (field: string, value: unknown): FieldErrors => (typeof value === 'string' && value !== '' && !isValidUscc(value) ? { [field]: MESSAGES.uscc } : {});

/** active, expiring (within 90 days) or expired, as of today (Asia/Shanghai). */
export function qualificationStatus(expiry: string, today = new Date()): 'active' | 'expiring' | 'expired' {
  const local = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (expiry < local) return 'expired';
  const soon = new Date(Date.parse(`${local}T00:00:00Z`) + EXPIRING_DAYS * 86_400_000).toISOString().slice(0, 10);
  return expiry <= soon ? 'expiring' : 'active';
}

export function accountsRoutes(deps: Deps): RouteDef[] {
  const accounts = accountsService(deps);
  const branches = branchesService(deps);
  return [
    declare({
      method: 'post',
      path: '/api/registrations',
      summary: 'Register a unit (starts unit-registration); no login needed',
      allow: [anyone],
      rawBody: { required: true, content: { 'application/json': { schema: Registration } } },
      responses: { 201: { description: 'stored and started', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, number: { type: 'string' }, processInstanceKey: { type: 'string' } } } } } } },
      errors: [400, 409, 503],
      status: 201,
      handler: async ({ req, body }) => {
        const { input, files } = await checkedRegistration(deps.db, req, body);
        const app = await createRegistration(deps.db, input, await hashPassword(input.contact.password));
        await attachFiles(deps.db, app.id, files);
        const processInstanceKey = await startProcessOrRollBack(deps, app, PROCESS.unitRegistration);
        deps.log.info('registration submitted', { applicationId: app.id, number: app.number, processInstanceKey });
        return { id: app.id, number: app.number, status: 'submitted', processInstanceKey };
      },
    }),
    /** The stored registration (without the password) to prefill the form: "data kept". */
    declare<{ id: string }, { token?: string }>({
      method: 'get',
      path: '/api/registrations/{id}/resubmission',
      summary: 'A rejected registration to correct (token from the rejection e-mail)',
      allow: [anyone],
      query: { token: { type: 'string' } },
      responses: { 200: 'stored data, no password' },
      errors: [404],
      handler: async ({ params, query }) => {
        const app = await applicationForResubmit(deps.db, params.id, query.token ?? '');
        if (!app) throw LINK_INVALID();
        return { id: app.id, number: app.number, reason: app.decision_reason, data: await resubmissionFormData(deps.db, app.data as Record<string, unknown>) };
      },
    }),
    declare<{ id: string }, unknown, { token?: unknown; registration?: unknown }>({
      method: 'post',
      path: '/api/registrations/{id}/resubmission',
      summary: 'Resubmit a corrected registration (the link works once)',
      allow: [anyone],
      rawBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['token', 'registration'], properties: { token: { type: 'string' }, registration: Registration } } } } },
      responses: { 202: 'back in review' },
      errors: [400, 404, 409],
      status: 202,
      handler: async ({ req, params, body }) => {
        // the link first: a wrong token learns nothing about the data
        const app = await applicationForResubmit(deps.db, params.id, String(body.token ?? ''));
        if (!app) throw LINK_INVALID();
        const { input, files } = await checkedRegistration(deps.db, req, body.registration, app);
        const waiting = await deps.engine.rest
          .searchProcessInstances({ filter: { processInstanceKey: app.process_instance_key } } as never)
          .then((r) => ((r as unknown as { items: Array<{ state: string }> }).items[0]?.state ?? null))
          .catch(() => null);
        if (waiting !== 'ACTIVE') throw new ApiError(409, 'RESUBMISSION_CLOSED', '重新提交期限已过，请重新注册 / The time to resubmit has passed; register again');
        await resubmitRegistration(deps.db, app.id, input, await hashPassword(input.contact.password));
        await attachFiles(deps.db, app.id, files);
        await deps.engine.zeebe.publishMessage({
          name: MESSAGE.registrationResubmitted,
          correlationKey: app.id,
          variables: { decision: null, reason: null, validationErrors: null } as never,
          timeToLive: 60_000,
        });
        deps.log.info('registration resubmitted', { applicationId: app.id, number: app.number });
        return { id: app.id, number: app.number, status: 'submitted' };
      },
    }),

    declare<unknown, unknown, { uscc: string; contactName: string; mobile: string }>({
      method: 'post',
      path: '/api/password-reset/code',
      summary: 'Send a reset code by SMS (USCC + contact name + mobile must match; 3 per mobile per day)',
      allow: [anyone],
      body: { type: 'object', required: ['uscc', 'contactName', 'mobile'], properties: { uscc: Uscc, contactName: NonBlank, mobile: Mobile } },
      responses: { 202: 'code sent' },
      errors: [400, 422, 429],
      status: 202,
      handler: async ({ req, body: { uscc, contactName, mobile } }) => {
        const ip = await countInWindow(deps.redis, `rl:pwreset:ip:${req.ip}`, 3600);
        if (ip > REQUESTS_PER_IP_HOUR) throw new ApiError(429, 'RATE_LIMITED', '尝试过于频繁，请一小时后再试 / Too many requests; try again in an hour');
        const day = localDate(new Date());
        // the mobile's cap counts every request, matching or not: the answer must not tell them apart
        const count = await countInWindow(deps.redis, `pwreset:day:${mobile}:${day}`, 2 * 86400);
        if (count > CODES_PER_DAY) {
          throw new ApiError(429, 'TOO_MANY_CODES', `同一手机号每天最多获取 ${CODES_PER_DAY} 次验证码 / At most ${CODES_PER_DAY} codes per mobile per day`);
        }
        const account = await deps.db('accounts as a')
          .join('units as u', 'u.id', 'a.unit_id')
          .where({ 'u.uscc': uscc, 'a.kind': 'unit-main', 'a.status': 'active', 'a.mobile': mobile, 'a.display_name': contactName.trim() })
          .first('a.id');
        // the mobile's SMS codes of the day are shared with every other code kind
        if (account && (await countInWindow(deps.redis, `pwreset:account:${account.id}:${day}`, 2 * 86400)) <= CODES_PER_DAY && (await takeSmsCodeAllowance(deps.redis, mobile, day))) {
          const code = randomCode();
          await storeCode(deps.redis, codeKey(mobile), code, account.id, CODE_TTL_S);
          await deps.sms.send({ to: mobile, text: renderSms(SMS_TEMPLATE.passwordResetCode, { code, minutes: CODE_TTL_S / 60 }), idempotencyKey: `pwreset:${mobile}:${day}:${count}` });
        } else {
          deps.log.info('password reset code not sent: the details match no account', {});
        }
        return {
          sent: true,
          expiresInSeconds: CODE_TTL_S,
          message: '如信息与登记一致，验证码已发送到该手机 / If the details match our records, a code has been sent to that mobile',
        };
      },
    }),
    declare<unknown, unknown, { mobile: string; code: string; newPassword: string }>({
      method: 'post',
      path: '/api/password-reset',
      summary: 'Set a new password with the code (5 tries)',
      allow: [anyone],
      body: { type: 'object', required: ['mobile', 'code', 'newPassword'], properties: { mobile: Mobile, code: Code6, newPassword: Password, newPasswordConfirm: { type: 'string' } } },
      check: confirmed('newPassword', 'newPasswordConfirm'),
      responses: { 204: { description: 'password changed' } },
      errors: [400, 429],
      handler: async ({ res, body: { mobile, code, newPassword } }) => {
        const check = await checkCode(deps.redis, codeKey(mobile), code, {
          maxTries: MAX_TRIES,
          failures: { key: `pwreset:fail:${mobile}:${localDate(new Date())}`, max: FAILURES_PER_DAY, windowS: 2 * 86400 },
        });
        if (check.result === 'expired') throw new ApiError(400, 'CODE_EXPIRED', '验证码已过期或不存在，请重新获取 / The code has expired or does not exist; request a new one');
        if (check.result === 'too-many') throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; request a new one');
        if (check.result === 'wrong') throw new ApiError(400, 'CODE_WRONG', '验证码错误 / The code is wrong', { code: '验证码错误 / The code is wrong' });
        const [account] = await deps.db('accounts').where({ id: check.subject }).update({ password_hash: await hashPassword(newPassword) }).returning(['id', 'login']);
        await revokeSessions(deps.redis, account.id);
        await deps.redis.del(`fail:login:${String(account.login).toLowerCase()}`);
        deps.log.info('password reset by SMS', { accountId: check.subject });
        res.status(204).end();
      },
    }),

    /**
     * The account appeal (PROCESSES.md §A): no login (the contact lost the phone or left). The
     * unit must exist under that name and USCC; the new contact's ID number is checked (GB 11643);
     * the signed authorisation letter is an upload made for this appeal. The body is the
     * account-appeal form's values, checked by that form's rules.
     */
    declare({
      method: 'post',
      path: '/api/appeals',
      summary: 'Account appeal (no login): unit, new contact with ID number, reason, authorisation letter',
      allow: [anyone],
      body: { type: 'object' },
      responses: { 201: 'started' },
      errors: [400, 422, 503],
      status: 201,
      handler: async ({ req, body }) => accounts.appeal(body, (ids: string[]) => usableAnonymousFiles(deps.db, req, ids)),
    }),
    /** The one-time link sent when an appeal is approved. */
    declare<unknown, unknown, { token?: string; password: string }>({
      method: 'post',
      path: '/api/password-set',
      summary: 'Set a password with the one-time link of an approved appeal',
      allow: [anyone],
      body: { type: 'object', required: ['password'], properties: { token: { type: 'string' }, password: Password, passwordConfirm: { type: 'string' } } },
      check: confirmed('password', 'passwordConfirm'),
      responses: { 200: 'login' },
      errors: [400, 404],
      handler: async ({ body }) => {
        const done = await consumePasswordSetToken(deps.db, body.token ?? '', () => hashPassword(body.password));
        if (!done) throw new ApiError(404, 'LINK_INVALID', '链接无效、已过期或已使用 / The link is invalid, expired or already used');
        // the account changes hands: whoever was signed in with it is signed out
        await revokeSessions(deps.redis, done.id);
        return { login: done.login };
      },
    }),

    // ---- sub-accounts: the unit's main account only, with per-area permissions ----
    declare<unknown, { name?: string; unitId?: string; kind?: string; status?: string; page?: string; pageSize?: string }>({
      method: 'get',
      path: '/api/unit/accounts',
      summary: "The unit's accounts (main account only), filtered and paged on the server (000 §3.2.2): name (a part of the login or the name), unitId (the unit itself or one of its secondary units the account belongs to), kind (unit-main | unit-sub), status; page, pageSize (default 200)",
      allow: [subAccounts],
      query: {
        name: { type: 'string', maxLength: 64, message: '帐号名称最多 64 个字符 / At most 64 characters' },
        unitId: { ...Uuid, message: '所属单位有误 / Unknown unit' },
        kind: { type: 'string', enum: ['unit-main', 'unit-sub'], message: '帐号类型应为主帐号或子帐号 / Main or sub-account' },
        status: { type: 'string', enum: ['active', 'disabled'], message: '状态应为启用或停用 / Active or disabled' },
        ...PAGING,
      },
      responses: { 200: '{ items, total, page, pageSize }' },
      errors: [400, 401, 403],
      handler: async ({ user, query: q }) => {
        const filtered = () => {
          const b = deps.db('accounts as a').leftJoin('units as u', 'u.id', deps.db.raw('coalesce(a.branch_unit_id, a.unit_id)')).where('a.unit_id', user.unitId);
          if (q.name?.trim()) b.where((w) => w.whereRaw('a.login ilike ?', [containsPattern(q.name!.trim())]).orWhereRaw('a.display_name ilike ?', [containsPattern(q.name!.trim())]));
          if (q.unitId) b.whereRaw('coalesce(a.branch_unit_id, a.unit_id) = ?', [q.unitId]);
          if (q.kind) b.where('a.kind', q.kind);
          if (q.status) b.where('a.status', q.status);
          return b;
        };
        const { items, ...paging } = await pageOf<Record<string, unknown>>(filtered, q, (b) => b.orderBy([{ column: 'a.created_at' }, { column: 'a.id' }]).select('a.*', 'u.name as unit_name'));
        return { items: items.map(presentAccount), ...paging };
      },
    }),
    declare<unknown, unknown, { login: string; displayName: string; email: string; mobile: string; password: string; permissions?: string[]; unitId?: string }>({
      method: 'post',
      path: '/api/unit/accounts',
      summary: 'Create a sub-account with per-area permissions (main account only)',
      allow: [subAccounts],
      body: {
        type: 'object',
        required: ['login', 'displayName', 'email', 'mobile', 'password'],
        properties: { login: Login, displayName: trimmedText(2, MESSAGES.required), email: Email, mobile: Mobile, password: Password, permissions: Permissions, unitId: BranchOrEmpty },
      },
      check: (b) => permissionErrors(b.permissions),
      responses: { 201: 'created' },
      errors: [400, 401, 403, 409],
      status: 201,
      handler: async ({ user, body: b }) => {
        await checkBranch(deps.db, user.unitId!, b.unitId);
        if (await deps.db('accounts').whereRaw('lower(login) = lower(?)', [b.login]).first()) {
          throw new ApiError(409, 'DUPLICATE', '登录帐号已被使用 / This login name is taken', { login: '登录帐号已被使用 / This login name is taken' });
        }
        const [row] = await deps.db('accounts')
          .insert({
            unit_id: user.unitId, login: b.login, password_hash: await hashPassword(b.password), kind: 'unit-sub', display_name: b.displayName.trim(),
            email: b.email, mobile: b.mobile, permissions: [...new Set(b.permissions ?? [])], status: 'active', branch_unit_id: b.unitId || null,
          })
          .returning('*');
        return presentAccount(row);
      },
    }),
    declare<{ id: string }, unknown, { permissions?: string[]; status?: 'active' | 'disabled'; unitId?: string }>({
      method: 'patch',
      path: '/api/unit/accounts/{id}',
      summary: "Change a sub-account's permissions, status or secondary unit (unitId: one of the unit's secondary units, '' for the unit itself; main account only)",
      allow: [subAccounts],
      params: { id: Uuid },
      notFound: '没有这个子帐号 / No such sub-account',
      body: { type: 'object', properties: { permissions: Permissions, status: { type: 'string', enum: ['active', 'disabled'], message: '应为 active 或 disabled / Must be active or disabled' }, unitId: BranchOrEmpty } },
      check: (b) => permissionErrors(b.permissions),
      responses: { 200: 'changed' },
      errors: [400, 401, 403, 404],
      handler: async ({ user, params, body: b }) => {
        const account = await deps.db('accounts').where({ id: params.id, unit_id: user.unitId, kind: 'unit-sub' }).first();
        if (!account) throw new ApiError(404, 'NOT_FOUND', '没有这个子帐号 / No such sub-account');
        await checkBranch(deps.db, user.unitId!, b.unitId);
        const change = { ...(b.permissions ? { permissions: [...new Set(b.permissions)] } : {}), ...(b.status ? { status: b.status } : {}), ...(b.unitId !== undefined ? { branch_unit_id: b.unitId || null } : {}) };
        if (!Object.keys(change).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
        const [row] = await deps.db('accounts').where({ id: account.id }).update(change).returning('*');
        // new permissions or a disabled account take effect at once: its sessions end
        await revokeSessions(deps.redis, account.id);
        return presentAccount(row);
      },
    }),

    // ---- the unit's profile (seed 004 §3): phone and invoicing edited directly; the identifying
    // fields (name, USCC, legal representative, address, postcode) only through unit-info-change ----
    declare({
      method: 'get',
      path: '/api/unit/profile',
      summary: "The signed-in unit's information (000 §3.2.1): identifying fields, membership type, approval number and validity, unit nature, phone, the authorised contact (name, mobile, title, e-mail), attachments and invoicing",
      allow: [unitProfile],
      responses: { 200: 'profile' },
      errors: [401, 403],
      handler: async ({ user }) => unitInformation(deps.db, user.unitId!),
    }),
    declare<unknown, unknown, {
      phone?: string; invoice?: Record<string, string>; membershipType?: string; approvalNumber?: string; approvalValidUntil?: string; unitNature?: string;
      contactTitle?: string; contactEmail?: string; orgCodeFileId?: string; qualificationProofFileId?: string; superiorUnitId?: string;
    }>({
      method: 'patch',
      path: '/api/unit/profile',
      summary: "Edit the unit's own information: phone, membership type, approval number and validity, unit nature, the contact's title and e-mail, attachments (file ids of the caller's uploads, '' to remove), invoicing. The identifying fields and the contact's name and mobile: 400, use unit-info-change",
      allow: [unitProfileChange],
      body: {
        type: 'object',
        properties: {
          phone: Phone,
          invoice: { type: 'object', message: '开票信息应为对象 / Invoicing information must be an object', additionalProperties: false, properties: Object.fromEntries(INVOICE_FIELDS.map((k) => [k, text200])) },
          membershipType: { type: 'string', enum: [...MEMBERSHIP_TYPES], message: '请选择会员性质 / Choose a membership type' },
          approvalNumber: { type: 'string', maxLength: 50, message: '核准证号最多 50 个字符 / At most 50 characters' },
          approvalValidUntil: DAY_OR_EMPTY,
          unitNature: { type: 'string', enum: [...UNIT_NATURES], message: '请选择单位性质 / Choose the nature of the unit' },
          contactTitle: { type: 'string', maxLength: 100, message: '联系人职务最多 100 个字符 / At most 100 characters' },
          contactEmail: Email,
          orgCodeFileId: FileIdOrEmpty,
          qualificationProofFileId: FileIdOrEmpty,
          superiorUnitId: { type: 'string', pattern: '^([0-9a-f-]{36})?$', message: '请从查询结果中选择上级企业 / Choose the superior enterprise from the search' },
        },
      },
      check: (b) => ({
        ...Object.fromEntries([...Object.keys(UNIT_CHANGE_FIELDS), ...Object.keys(CONTACT_CHANGE_FIELDS)].filter((k) => k in b).map((k) => [k, THROUGH_CHANGE])),
        ...usccOrEmpty('invoice.taxNumber', (b.invoice as { taxNumber?: unknown } | undefined)?.taxNumber),
      }),
      responses: { 200: 'profile' },
      errors: [400, 401, 403],
      handler: async ({ user, body: b }) => {
        const unitId = user.unitId!;
        const change: Record<string, unknown> = {
          ...('phone' in b ? { phone: b.phone } : {}),
          ...('invoice' in b ? { invoice: JSON.stringify(b.invoice) } : {}),
          ...('membershipType' in b ? { membership_type: b.membershipType } : {}),
          ...('approvalNumber' in b ? { approval_number: b.approvalNumber?.trim() || null } : {}),
          ...('approvalValidUntil' in b ? { approval_valid_until: b.approvalValidUntil || null } : {}),
          ...('unitNature' in b ? { unit_nature: b.unitNature } : {}),
        };
        const contact: Record<string, unknown> = {
          ...('contactTitle' in b ? { title: b.contactTitle?.trim() || null } : {}),
          ...('contactEmail' in b ? { email: b.contactEmail } : {}),
        };
        // an attachment is one of the caller's own uploads, or the one the unit has already
        const current = await deps.db('units').where({ id: unitId }).first();
        const errors: Record<string, string> = {};
        for (const [field, column] of Object.entries(ATTACHMENT_COLUMNS)) {
          if (!(field in b)) continue;
          const id = b[field as keyof typeof ATTACHMENT_COLUMNS] || null;
          if (id && id !== current[column] && !(await deps.db('files').where({ id, owner_account_id: user.accountId }).first())) errors[field] = NOT_YOURS;
          else change[column] = id;
        }
        // 上级企业: another active main unit, not one below this unit ('' takes the association away)
        if ('superiorUnitId' in b) {
          const refused = b.superiorUnitId ? await superiorRefusal(deps.db, unitId, b.superiorUnitId) : undefined;
          if (refused) errors.superiorUnitId = refused;
          else change.superior_unit_id = b.superiorUnitId || null;
        }
        if (Object.keys(errors).length) throw validationFailed(errors);
        if (!Object.keys(change).length && !Object.keys(contact).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
        await deps.db.transaction(async (trx) => {
          if (Object.keys(change).length) await trx('units').where({ id: unitId }).update(change);
          if (Object.keys(contact).length) await trx('accounts').where({ unit_id: unitId, kind: 'unit-main' }).update(contact);
        });
        return unitInformation(deps.db, unitId);
      },
    }),
    declare<unknown, { name: string }>({
      method: 'get',
      path: '/api/unit/superior-candidates',
      summary: "选择上级企业 (004 §2): registered, active enterprises whose name contains `name` (2 characters at least), 20 at most, the unit itself left out",
      allow: [unitProfileChange],
      query: { name: { type: 'string', minLength: 2, maxLength: 50, pattern: '\\S', message: '请输入至少 2 个字的机构名称 / Enter at least 2 characters of the name' } },
      queryRequired: ['name'],
      responses: { 200: '{ items: [{ id, name }] }' },
      errors: [400, 401, 403],
      handler: async ({ user, query }) => ({ items: await superiorCandidates(deps.db, user.unitId!, query.name) }),
    }),
    /**
     * The SMS code that confirms a new authorised contact (000 §3.2.4) before the information
     * change is requested: sent to the requested mobile; past the mobile's codes of the day, 429
     * with the time it can have one again.
     */
    declare<unknown, unknown, { mobile: string }>({
      method: 'post',
      path: '/api/unit/info-change/contact-code',
      summary: "Send the SMS code confirming a new authorised contact's mobile (10 minutes; 3 a day per mobile): its value goes with the unit-info-change request as contactCode",
      allow: [unitProfileChange],
      body: { type: 'object', required: ['mobile'], properties: { mobile: Mobile } },
      responses: { 202: '{ sent, mobile (masked), expiresInSeconds }', 429: 'TOO_MANY_CODES with retryAt' },
      errors: [400, 401, 403, 429],
      status: 202,
      handler: async ({ user, body: { mobile } }) => {
        const unitRow = await deps.db('units').where({ id: user.unitId }).first('name');
        const r = await issueMobileCode(deps.redis, deps.sms, { purpose: 'unit-contact', subject: user.unitId!, unitName: unitRow?.name ?? '', mobile, now: new Date() });
        if (!r.sent) throw mobileCodesUsedUp(r.retryAt, 'contactMobile');
        return { sent: true, mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, expiresInSeconds: r.expiresInSeconds };
      },
    }),
    declare<unknown, { name?: string; uscc?: string; page?: string; pageSize?: string }>({
      method: 'get',
      path: '/api/unit/branches',
      summary: 'Secondary units (000 §3.2.3), filtered and paged on the server: name (a part of it), uscc (a part of the code); page, pageSize (default 200)',
      allow: [unitProfile],
      query: {
        name: { type: 'string', maxLength: 100, message: '单位名称最多 100 个字符 / At most 100 characters' },
        uscc: { type: 'string', maxLength: 18, message: '机构代码最多 18 个字符 / At most 18 characters' },
        ...PAGING,
      },
      responses: { 200: '{ items, total, page, pageSize }' },
      errors: [400, 401, 403],
      handler: async ({ user, query: q }) => {
        const filtered = () => {
          const b = deps.db('units').where({ parent_unit_id: user.unitId });
          if (q.name?.trim()) b.whereRaw('name ilike ?', [containsPattern(q.name.trim())]);
          if (q.uscc?.trim()) b.whereRaw('uscc ilike ?', [containsPattern(q.uscc.trim())]);
          return b;
        };
        const { items, ...paging } = await pageOf<Record<string, unknown>>(filtered, q, (b) => b.orderBy([{ column: 'created_at' }, { column: 'id' }]).select('*'));
        return { items: items.map(profile), ...paging };
      },
    }),
    declare<unknown, unknown, BranchInput>({
      method: 'post',
      path: '/api/unit/branches',
      summary: 'Add a secondary unit (main account)',
      allow: [branchManagement],
      body: BRANCH_BODY,
      check: branchErrors,
      responses: { 201: 'created' },
      errors: [400, 401, 403, 409],
      status: 201,
      handler: async ({ user, body: b }) => {
        if (b.uscc && (await deps.db('units').where({ uscc: b.uscc }).first())) throw new ApiError(409, 'DUPLICATE', '该统一社会信用代码已注册 / This USCC is registered', { uscc: '该统一社会信用代码已注册 / This USCC is registered' });
        const parent = await deps.db('units').where({ id: user.unitId }).first();
        const [row] = await deps.db('units')
          .insert({
            uscc: b.uscc || null, name: b.name.trim(), legal_representative: parent.legal_representative, province: b.province, city: b.city, district: b.district,
            address: b.address.trim(), postcode: b.postcode, phone: b.phone, institution_type: parent.institution_type, status: 'active', parent_unit_id: user.unitId, activated_at: deps.db.fn.now(),
          })
          .returning('*');
        return profile(row);
      },
    }),
    declare<{ id: string }, unknown, BranchInput>({
      method: 'put',
      path: '/api/unit/branches/{id}',
      summary: "Modify one of the unit's secondary units (000 §3.2.3 修改二级单位; main account): the same fields as adding one, checked field by field; another unit's: 404; a USCC another unit holds: 409",
      allow: [branchManagement],
      params: { id: Uuid },
      notFound: NO_BRANCH,
      body: BRANCH_BODY,
      check: branchErrors,
      responses: { 200: 'the secondary unit' },
      errors: [400, 401, 403, 404, 409],
      handler: async ({ user, params, body }) => profile(await branches.update(user.unitId!, params.id, body)),
    }),
    declare<{ id: string }>({
      method: 'delete',
      path: '/api/unit/branches/{id}',
      summary: "Delete one of the unit's secondary units (000 §3.2.3 删除二级单位; main account). While sub-accounts belong to it or applications were made for it: 409 BRANCH_IN_USE naming them (use: { subAccounts, applications }); another unit's: 404",
      allow: [branchManagement],
      params: { id: Uuid },
      notFound: NO_BRANCH,
      responses: { 204: 'deleted', 409: 'BRANCH_IN_USE' },
      errors: [401, 403, 404, 409],
      status: 204,
      handler: async ({ res, user, params }) => {
        await branches.remove(user.unitId!, params.id);
        res.status(204).end();
      },
    }),
    declare<unknown, { status?: string; type?: string; certificateNo?: string; sort?: string; order?: 'asc' | 'desc'; page?: string; pageSize?: string }>({
      method: 'get',
      path: '/api/unit/qualifications',
      summary: "The unit's qualifications (000 §3.2.5): its records with their expiry status (active / expiring within 90 days / expired), and its qualification applications still pending or rejected (status pending | rejected, with the reason); filtered and paged on the server: status, type, certificateNo (a part); open applications first, then the records by expiry (order=desc: latest first); page, pageSize (default 200)",
      allow: [unitProfile],
      query: {
        status: { type: 'string', enum: [...QUALIFICATION_LIST_STATUSES], message: '状态应为待审核、已驳回、有效、即将到期或已过期 / Pending, rejected, active, expiring or expired' },
        type: { type: 'string', maxLength: 50, message: '资质类型最多 50 个字符 / At most 50 characters' },
        certificateNo: { type: 'string', maxLength: 60, message: '证书编号最多 60 个字符 / At most 60 characters' },
        sort: { type: 'string', enum: ['expiryDate'], message: '只能按有效期排序 / Sorted by expiry only' },
        order: { type: 'string', enum: ['asc', 'desc'], message: '排序应为 asc 或 desc / asc or desc' },
        ...PAGING,
      },
      responses: { 200: '{ items, total, page, pageSize }' },
      errors: [400, 401, 403],
      handler: async ({ user, query: q }) => {
        const local = localDate(new Date());
        const days = { today: local, soon: new Date(Date.parse(`${local}T00:00:00Z`) + EXPIRING_DAYS * 86_400_000).toISOString().slice(0, 10) };
        const { items, ...paging } = await pageOf<QualificationListRow>(() => qualificationList(deps.db, user.unitId!, days, q), q, (b) => qualificationListOrder(b, q.order));
        const files = await fileNames(deps.db, items.flatMap((r) => r.file_ids ?? []));
        return {
          items: items.map((r) => ({
            id: r.id, type: r.type, certificateNo: r.certificate_no, issuer: r.issuer ?? null, issueDate: r.issue_date ?? null, expiryDate: r.expiry_date, status: r.status,
            applicationId: r.application_id, applicationNumber: r.application_number ?? null, fromRegistration: r.from_registration,
            certificate: (r.file_ids ?? []).map((id) => files.get(id)).filter(Boolean),
            ...(r.id ? {} : { reason: r.reason ?? null, submittedAt: r.submitted_at }),
          })),
          ...paging,
        };
      },
    }),
    /**
     * 补录证书信息 (000 §3.2.5): a recorded qualification's certificate details added afterwards
     * (certificate number, issuer, the certificate's images: the caller's uploads). The type and
     * the dates were reviewed and change only through a new qualification application.
     */
    declare<{ id: string }, unknown, { certificateNo?: string; issuer?: string; certificateFileIds?: string[] }>({
      method: 'patch',
      path: '/api/unit/qualifications/{id}',
      summary: "Add certificate details to a recorded qualification (补录证书信息): certificate number, issuer, certificate images (file ids of the caller's uploads, replacing the list)",
      allow: [qualificationArea],
      params: { id: Uuid },
      notFound: NO_QUALIFICATION,
      body: {
        type: 'object',
        properties: {
          certificateNo: { type: 'string', pattern: '^[A-Za-z0-9-]{4,40}$', message: '证书编号为 4–40 位字母、数字或连字符 / 4–40 letters, digits or hyphens' },
          issuer: { type: 'string', maxLength: 100, message: '发证机关最多 100 个字符 / At most 100 characters' },
          certificateFileIds: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[0-9a-f-]{36}$' }, message: '证书图片应为已上传文件 / Upload the certificate images first' },
        },
      },
      check: (b) => Object.fromEntries(['qualificationType', 'issueDate', 'expiryDate'].filter((k) => k in b).map((k) => [k, '资质类别和有效期只能通过新的资质申请变更 / The type and dates change only through a new qualification application'])),
      responses: { 200: 'the record' },
      errors: [400, 401, 403, 404],
      handler: async ({ user, params, body: b }) => {
        const q = await deps.db('unit_qualifications').where({ id: params.id, unit_id: user.unitId }).first();
        if (!q) throw new ApiError(404, 'NOT_FOUND', NO_QUALIFICATION);
        const change: Record<string, unknown> = {
          ...(b.certificateNo !== undefined ? { certificate_no: b.certificateNo } : {}),
          ...(b.issuer !== undefined ? { issuer: b.issuer.trim() || null } : {}),
        };
        if (b.certificateFileIds) {
          const wanted = [...new Set(b.certificateFileIds)];
          const kept = new Set<string>(q.file_ids ?? []);
          const owned = new Set<string>(wanted.length ? await deps.db('files').whereIn('id', wanted).where({ owner_account_id: user.accountId }).pluck('id') : []);
          if (wanted.some((id) => !kept.has(id) && !owned.has(id))) throw validationFailed({ certificateFileIds: NOT_YOURS });
          change.file_ids = wanted;
        }
        if (!Object.keys(change).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
        await deps.db.transaction(async (trx) => {
          await trx('unit_qualifications').where({ id: q.id }).update(change);
          await audit(trx, { applicationId: q.application_id, actor: user.login, action: 'qualification-details', details: { qualificationId: q.id, before: { certificate_no: q.certificate_no, issuer: q.issuer, file_ids: q.file_ids }, after: change } });
        });
        return { id: q.id, updated: Object.keys(change) };
      },
    }),
    /**
     * A recorded qualification deleted (000 §3.2.5 删除): refused (409) while an open publicity
     * application of the unit relies on it (no other valid record of its type). Its expiry watch
     * (the qualification's process) ends with it.
     */
    declare<{ id: string }>({
      method: 'delete',
      path: '/api/unit/qualifications/{id}',
      summary: 'Delete a recorded qualification; 409 while an open publicity application of the unit relies on it',
      allow: [qualificationArea],
      params: { id: Uuid },
      notFound: NO_QUALIFICATION,
      responses: { 204: { description: 'deleted' } },
      errors: [401, 403, 404, 409],
      handler: async ({ res, user, params }) => {
        const today = localDate(new Date());
        const q = await deps.db.transaction(async (trx) => {
          const row = await trx('unit_qualifications').where({ id: params.id, unit_id: user.unitId }).forUpdate().first();
          if (!row) throw new ApiError(404, 'NOT_FOUND', NO_QUALIFICATION);
          const others = await trx('unit_qualifications').where({ unit_id: user.unitId, qualification_type: row.qualification_type, status: QUALIFICATION_STATUS.active }).whereNot({ id: row.id }).where('expiry_date', '>=', today).first('id');
          if (!others) {
            const using = await trx('applications').where({ unit_id: user.unitId }).whereIn('process_id', [PROCESS.publicityApplication, PROCESS.publicityAdd]).whereIn('status', OPEN_PUBLICITY).orderBy('created_at').first('number');
            if (using) throw new ApiError(409, 'QUALIFICATION_IN_USE', `执业公示申报单 ${using.number} 正在办理，依赖该资质，不能删除 / Publicity application ${using.number} in progress relies on this qualification`, undefined, { applicationNumber: using.number });
          }
          await trx('unit_qualifications').where({ id: row.id }).delete();
          await audit(trx, { applicationId: row.application_id, actor: user.login, action: 'qualification-deleted', details: { qualificationId: row.id, type: row.qualification_type, certificateNo: row.certificate_no } });
          return row;
        });
        // the qualification's own process waits for its expiry: nothing is left to watch
        const app = q.registration_index === null ? await deps.db('applications').where({ id: q.application_id }).first('process_instance_key') : undefined;
        if (app?.process_instance_key) await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key)).catch(() => undefined);
        res.status(204).end();
      },
    }),
    /** A pending qualification application (待审核, 000 §3.2.5) modified before its review: the certificate details and dates; the reviewer sees the new values. */
    declare<{ id: string }, unknown, { certificateNo?: string; issuer?: string; issueDate?: string; expiryDate?: string }>({
      method: 'patch',
      path: '/api/unit/qualification-applications/{id}',
      summary: 'Modify a pending qualification application (certificate number, issuer, issue and expiry dates); 409 once decided',
      allow: [qualificationArea],
      params: { id: Uuid },
      notFound: NO_QUALIFICATION_APPLICATION,
      body: {
        type: 'object',
        properties: {
          certificateNo: { type: 'string', pattern: '^[A-Za-z0-9-]{4,40}$', message: '证书编号为 4–40 位字母、数字或连字符 / 4–40 letters, digits or hyphens' },
          issuer: { type: 'string', maxLength: 100, message: '发证机关最多 100 个字符 / At most 100 characters' },
          issueDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' },
          expiryDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' },
        },
      },
      responses: { 200: 'changed' },
      errors: [400, 401, 403, 404, 409],
      handler: async ({ user, params, body: b }) => {
        return deps.db.transaction(async (trx) => {
          const app = await trx('applications').where({ id: params.id, unit_id: user.unitId, process_id: PROCESS.unitQualification }).forUpdate().first();
          if (!app) throw new ApiError(404, 'NOT_FOUND', NO_QUALIFICATION_APPLICATION);
          if (!(REVIEW_PENDING as readonly string[]).includes(app.status)) throw new ApiError(409, 'NOT_PENDING', '申请已审核，不能修改 / The application was decided and cannot be modified');
          const change = Object.fromEntries(Object.entries(b).filter(([k, x]) => ['certificateNo', 'issuer', 'issueDate', 'expiryDate'].includes(k) && x !== undefined));
          if (!Object.keys(change).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
          const data = { ...(app.data as Record<string, unknown>), ...change };
          if (String(data.expiryDate) < String(data.issueDate)) throw validationFailed({ expiryDate: '有效期止不能早于发证日期 / Expiry must not be before the issue date' });
          await trx('applications').where({ id: app.id }).update({ data: JSON.stringify(data), updated_at: trx.fn.now() });
          await audit(trx, { applicationId: app.id, actor: user.login, action: 'modify', details: { before: Object.fromEntries(Object.keys(change).map((k) => [k, (app.data as Record<string, unknown>)[k] ?? null])), after: change } });
          return { id: app.id, number: app.number, status: app.status };
        });
      },
    }),
    /** A pending qualification application deleted (withdrawn): its review ends and leaves the inbox. */
    declare<{ id: string }>({
      method: 'delete',
      path: '/api/unit/qualification-applications/{id}',
      summary: 'Delete (withdraw) a pending qualification application: its process is cancelled, it is marked terminated; 409 once decided',
      allow: [qualificationArea],
      params: { id: Uuid },
      notFound: NO_QUALIFICATION_APPLICATION,
      responses: { 204: { description: 'withdrawn' } },
      errors: [401, 403, 404, 409],
      handler: async ({ res, user, params }) => {
        const app = await deps.db('applications').where({ id: params.id, unit_id: user.unitId, process_id: PROCESS.unitQualification }).first();
        if (!app) throw new ApiError(404, 'NOT_FOUND', NO_QUALIFICATION_APPLICATION);
        if (!(REVIEW_PENDING as readonly string[]).includes(app.status)) throw new ApiError(409, 'NOT_PENDING', '申请已审核，不能删除 / The application was decided and cannot be deleted');
        if (app.process_instance_key) {
          try {
            // the review task's canceling listener takes it off the inbox
            await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
          } catch (err) {
            throw new ApiError(409, 'NOT_PENDING', `申请不在审核中 / The application is not under review (${(err as Error).message.slice(0, 120)})`);
          }
        }
        await deps.db.transaction(async (trx) => {
          await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.terminated, decision_reason: '申请人删除 / Deleted by the applicant', decided_at: trx.fn.now(), updated_at: trx.fn.now() });
          await audit(trx, { applicationId: app.id, actor: user.login, action: 'terminate', from: app.status, to: APPLICATION_STATUS.terminated, details: { reason: 'deleted by the applicant' } });
        });
        res.status(204).end();
      },
    }),

    // ---- the unit's information changes (000 §3.2.4 单位变更历史): reason and review status as conditions; a pending one withdrawn ----
    declare<unknown, { reason?: string; status?: string; page?: string; pageSize?: string }>({
      method: 'get',
      path: '/api/unit/info-changes',
      summary: "The unit's information change requests, newest first, filtered and paged on the server: reason (information-change | split | merge), status (pending = submitted or in review | approved | rejected | terminated); each with its requested values",
      allow: [unit({ areas: ['unit-info'] })],
      query: {
        reason: { type: 'string', enum: ['information-change', 'split', 'merge'], message: '变更原因有误 / Unknown reason' },
        status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'terminated'], message: '审核状态有误 / Unknown review status' },
        ...PAGING,
      },
      responses: { 200: '{ items, total, page, pageSize }' },
      errors: [400, 401, 403],
      handler: async ({ user, query: q }) => {
        const filtered = () => {
          const b = deps.db('applications').where({ unit_id: user.unitId, process_id: PROCESS.unitInfoChange });
          if (q.reason) b.whereRaw("data->>'reason' = ?", [q.reason]);
          if (q.status === 'pending') b.whereIn('status', [...REVIEW_PENDING]);
          else if (q.status) b.where('status', q.status);
          return b;
        };
        const { items, ...paging } = await pageOf<Record<string, unknown>>(filtered, q, (b) => b.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id', 'number', 'status', 'data', 'decision_reason', 'created_at', 'decided_at'));
        return {
          items: items.map((a) => {
            const d = a.data as Record<string, unknown>;
            const requested = Object.fromEntries([...Object.keys(UNIT_CHANGE_FIELDS), ...Object.keys(CONTACT_CHANGE_FIELDS)].filter((k) => typeof d[k] === 'string').map((k) => [k, d[k]]));
            const pending = (REVIEW_PENDING as readonly string[]).includes(String(a.status));
            return { id: a.id, number: a.number, reason: d.reason ?? null, status: pending ? 'pending' : a.status, requested, decisionReason: a.decision_reason ?? null, submittedAt: a.created_at, decidedAt: a.decided_at ?? null, withdrawable: pending };
          }),
          ...paging,
        };
      },
    }),
    declare<{ id: string }>({
      method: 'delete',
      path: '/api/unit/info-changes/{id}',
      summary: 'Withdraw a pending information change (删除变更申请): its review is cancelled and it is marked terminated; 409 once decided',
      allow: [unitProfileChange],
      params: { id: Uuid },
      notFound: NO_INFO_CHANGE,
      responses: { 204: { description: 'withdrawn' } },
      errors: [401, 403, 404, 409],
      handler: async ({ res, user, params }) => {
        const app = await deps.db('applications').where({ id: params.id, unit_id: user.unitId, process_id: PROCESS.unitInfoChange }).first();
        if (!app) throw new ApiError(404, 'NOT_FOUND', NO_INFO_CHANGE);
        if (!(REVIEW_PENDING as readonly string[]).includes(app.status)) throw new ApiError(409, 'NOT_PENDING', '变更申请已审核，不能撤回 / The request was decided and cannot be withdrawn');
        if (app.process_instance_key) {
          try {
            await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
          } catch (err) {
            throw new ApiError(409, 'NOT_PENDING', `变更申请不在审核中 / The request is not under review (${(err as Error).message.slice(0, 120)})`);
          }
        }
        await deps.db.transaction(async (trx) => {
          await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.terminated, decision_reason: '申请人撤回 / Withdrawn by the applicant', decided_at: trx.fn.now(), updated_at: trx.fn.now() });
          await audit(trx, { applicationId: app.id, actor: user.login, action: 'terminate', from: app.status, to: APPLICATION_STATUS.terminated, details: { reason: 'withdrawn by the applicant' } });
        });
        res.status(204).end();
      },
    }),

    // ---- the practitioner's own mobile (001 §4): registered or changed from their personal account ----
    declare({
      method: 'get',
      path: '/api/person/mobile',
      summary: "The practitioner this personal account is tied to (name, masked ID number, mobile), or bound: false",
      allow: [personAccount],
      responses: { 200: '{ bound, name?, idNumber?, mobile? }' },
      errors: [401, 403],
      handler: async ({ user }) => {
        const a = await deps.db('accounts').where({ id: user.accountId }).first('practitioner_id');
        const p = a?.practitioner_id ? await deps.db('practitioners').where({ id: a.practitioner_id }).first() : undefined;
        return p ? { bound: true, name: p.name, idNumber: maskIdNumber(p.id_number), mobile: p.mobile ?? null } : { bound: false };
      },
    }),
    declare<unknown, unknown, { name?: string; idNumber?: string; mobile: string }>({
      method: 'post',
      path: '/api/person/mobile-code',
      summary: "Send the SMS code to the practitioner's new mobile (10 minutes; 3 a day per mobile). The first time, name and ID number tie this account to the registered practitioner",
      allow: [personAccount],
      body: { type: 'object', required: ['mobile'], properties: { name: { type: 'string', maxLength: 50 }, idNumber: IdNumber, mobile: Mobile } },
      responses: { 202: '{ sent, mobile (masked), expiresInSeconds }' },
      errors: [400, 401, 403, 409, 422, 429],
      status: 202,
      handler: async ({ user, body: b }) => {
        await practitionerOf(deps.db, user.accountId, b);
        const r = await issueMobileCode(deps.redis, deps.sms, { purpose: 'person-mobile', subject: user.accountId, mobile: b.mobile, now: new Date() });
        if (!r.sent) throw mobileCodesUsedUp(r.retryAt, 'mobile');
        return { sent: true, mobile: `${b.mobile.slice(0, 3)}****${b.mobile.slice(-4)}`, expiresInSeconds: r.expiresInSeconds };
      },
    }),
    declare<unknown, unknown, { name?: string; idNumber?: string; mobile: string; code: string }>({
      method: 'put',
      path: '/api/person/mobile',
      summary: "Register or change the practitioner's own mobile with the code sent to it: it becomes the mobile of the three-element check (also for their applications whose check has not run yet); a wrong code: 422 on code, nothing written",
      allow: [personAccount],
      body: { type: 'object', required: ['mobile', 'code'], properties: { name: { type: 'string', maxLength: 50 }, idNumber: IdNumber, mobile: Mobile, code: Code6 } },
      responses: { 200: '{ bound, name, idNumber, mobile }' },
      errors: [400, 401, 403, 409, 422, 429],
      handler: async ({ user, body: b }) => {
        const p = await practitionerOf(deps.db, user.accountId, b);
        const result = await checkMobileCode(deps.redis, 'person-mobile', user.accountId, b.mobile, b.code);
        if (result !== 'ok') throw mobileCodeRefused(result, 'code');
        await deps.db.transaction(async (trx) => {
          await trx('practitioners').where({ id: p.id }).update({ mobile: b.mobile, updated_at: trx.fn.now() });
          await trx('accounts').where({ id: user.accountId }).update({ practitioner_id: p.id, mobile: b.mobile });
          // applications whose three-element check has not run yet check the new mobile
          await trx('publicity_applications').where({ practitioner_id: p.id, identity_status: IDENTITY_STATUS.unchecked }).update({ mobile: b.mobile, updated_at: trx.fn.now() });
        });
        deps.log.info('practitioner mobile registered', { practitionerId: p.id, accountId: user.accountId });
        return { bound: true, name: p.name, idNumber: maskIdNumber(p.id_number), mobile: b.mobile };
      },
    }),

    // ---- the unit's home page (000 §3.1): persons in publicity, what waits for it ----
    declare({
      method: 'get',
      path: '/api/unit/home',
      summary: "The unit's home page figures: persons in publicity today (公示人员数量), and what waits for this account: open tasks, saved drafts, cases waiting for the unit (upload, correction, not yet submitted) with no task of their own",
      allow: [unitProfile],
      responses: { 200: '{ unit, personsInPublicity, waiting: { tasks, drafts, cases, total } }' },
      errors: [401, 403],
      handler: async ({ user }) => {
        const unitId = user.unitId!;
        const today = localDate(new Date());
        const [unitRow, [{ persons }], tasks, [{ drafts }], [{ cases }]] = await Promise.all([
          deps.db('units').where({ id: unitId }).first('name'),
          deps.db('publicity_records').where({ unit_id: unitId, status: PUBLICITY_RECORD_STATUS.active }).where('valid_until', '>=', today).count<{ persons: string }[]>({ persons: '*' }),
          countOpenTasks(deps.db, { login: user.login, groups: taskGroupsOf(user), all: false }),
          deps.db('drafts').where({ account_id: user.accountId }).count<{ drafts: string }[]>({ drafts: '*' }),
          deps.db('applications as a')
            .where({ 'a.unit_id': unitId })
            .whereIn('a.status', WAITING_FOR_UNIT)
            .whereNotExists(deps.db('tasks as t').whereRaw('t.application_id = a.id').where('t.state', TASK_STATE.created))
            .count<{ cases: string }[]>({ cases: '*' }),
        ]);
        const waiting = { tasks, drafts: Number(drafts), cases: Number(cases) };
        return { unit: { id: unitId, name: unitRow?.name ?? '' }, personsInPublicity: Number(persons), waiting: { ...waiting, total: waiting.tasks + waiting.drafts + waiting.cases } };
      },
    }),
  ];
}
