/**
 * Starting an application from its start form (POST /api/applications), as the service the route
 * calls: who may start the process, the form's checks and the area's (an information change, a
 * licensing submission), the new contact's SMS code last, then the application, its audit row and
 * its case in one step (nothing stays written when the engine refuses); the start form's draft goes.
 */
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { audit, nextApplicationNumber } from '../../db/applications';
import { checkMobileCode } from '../../db/mobile-codes';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, CONTACT_CHANGE_FIELDS, PROCESS, startable, UNIT_CHANGE_FIELDS } from '../../domain/registry';
import { isValidMobile, isValidUscc, MESSAGES } from '../../domain/validators';
import type { SessionUser } from '../auth';
import { ApiError, mobileCodeRefused, validationFailed } from '../errors';
import { checkLicensingSubmission } from '../licensing';
import { startProcessOrRollBack } from '../start-process';

export const NOT_STARTABLE = '不能在此发起该流程 / This process cannot be started here';

export async function formSchema(db: Db, key: string): Promise<FormDefinition | undefined> {
  return (await db('forms').where({ key }).first())?.schema as FormDefinition | undefined;
}

/**
 * An information change must change something, and a new USCC must be valid and free. A new
 * authorised contact (name or mobile) names the contact's mobile; the SMS code sent to it is
 * checked in `confirmContact`, once everything else is right.
 */
async function checkInfoChange(db: Db, unitId: string, v: Record<string, unknown>, errors: Record<string, string>): Promise<{ contactMobile: string } | null> {
  const unit = await db('units').where({ id: unitId }).first();
  const contact = (await db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first()) ?? {};
  const changed = Object.entries(UNIT_CHANGE_FIELDS).filter(([field, column]) => typeof v[field] === 'string' && v[field] !== unit[column]);
  const contactChanged = Object.entries(CONTACT_CHANGE_FIELDS).filter(([field, column]) => typeof v[field] === 'string' && v[field] !== contact[column]);
  if (changed.length === 0 && contactChanged.length === 0) errors.name ??= '请至少填写一项与当前不同的变更 / Request at least one value that differs from the current one';
  if (typeof v.uscc === 'string' && v.uscc !== unit.uscc) {
    if (!isValidUscc(v.uscc)) errors.uscc ??= MESSAGES.uscc;
    else if (await db('units').where({ uscc: v.uscc }).first()) errors.uscc ??= '该统一社会信用代码已被其他单位使用 / Another unit has this USCC';
  }
  if (!contactChanged.length) {
    delete v.contactCode;
    return null;
  }
  if (typeof v.contactMobile !== 'string') errors.contactMobile ??= '新授权联系人须填写手机号 / A new contact needs a mobile';
  else if (!isValidMobile(v.contactMobile)) errors.contactMobile ??= MESSAGES.mobile;
  if (typeof v.contactCode !== 'string' || !/^[0-9]{6}$/.test(v.contactCode)) errors.contactCode ??= '请输入发送到新联系人手机的 6 位验证码 / Enter the 6-digit code sent to the new mobile';
  return typeof v.contactMobile === 'string' ? { contactMobile: v.contactMobile } : null;
}

/** The code sent to the new contact's mobile: a wrong one is refused on its field (422), nothing written; a right one is used up and not stored with the request. */
async function confirmContact(redis: Redis, unitId: string, contactMobile: string, v: Record<string, unknown>): Promise<void> {
  const result = await checkMobileCode(redis, 'unit-contact', unitId, contactMobile, String(v.contactCode));
  delete v.contactCode;
  if (result !== 'ok') throw mobileCodeRefused(result, 'contactCode');
}

export type ApplicationsDeps = { db: Db; engine: Engine; log: Logger; redis: Redis; now?: () => Date };

export function applicationsService(deps: ApplicationsDeps) {
  /** Starts a process from its start form: the new application's id, number, status and case. */
  async function start(user: SessionUser, processId: string | undefined, data: unknown) {
    // own keys only: "valueOf", "__proto__" … are not processes
    const start = startable(processId, 'applications');
    if (!start) throw validationFailed({ processId: NOT_STARTABLE });
    if (start.applicant === 'person') {
      if (user.kind !== 'person') throw new ApiError(403, 'PERSONS_ONLY', '只有个人帐号可以提交此申请 / Only personal accounts can submit this application');
    } else if (!user.unitId) throw new ApiError(403, 'NO_UNIT', '只有单位帐号可以提交此申请 / Only unit accounts can submit this application');
    if (user.kind === 'unit-sub' && !(user.permissions ?? []).includes(start.area)) {
      throw new ApiError(403, 'NO_PERMISSION', '您的子帐号没有此业务的权限 / Your sub-account has no permission for this service');
    }
    const schema = await formSchema(deps.db, start.formKey);
    if (!schema) throw new ApiError(500, 'FORM_MISSING', `form ${start.formKey} is not deployed`);
    const checked = validateSubmission(schema, data ?? {});
    const v = checked.values as Record<string, unknown>;
    if (typeof v.issueDate === 'string' && typeof v.expiryDate === 'string' && v.expiryDate < v.issueDate) {
      checked.errors.expiryDate ??= '有效期止不能早于发证日期 / Expiry must not be before the issue date';
    }
    const fileIds = Object.values(v).flatMap((x) => (Array.isArray(x) ? x : [])).filter((f): f is { id: string } => !!f && typeof f === 'object' && 'id' in f).map((f) => f.id);
    if (fileIds.length) {
      const owned = await deps.db('files').whereIn('id', fileIds).where({ owner_account_id: user.accountId }).pluck('id');
      for (const [key, x] of Object.entries(v)) {
        if (Array.isArray(x) && x.some((f) => f && typeof f === 'object' && 'id' in f && !owned.includes((f as { id: string }).id))) {
          checked.errors[key] = '文件不存在或不属于您 / The file does not exist or is not yours';
        }
      }
    }
    const newContact = processId === PROCESS.unitInfoChange ? await checkInfoChange(deps.db, user.unitId!, v, checked.errors) : null;
    await checkLicensingSubmission(deps.db, processId!, v, checked.errors, { unitId: start.applicant === 'person' ? null : user.unitId, now: deps.now?.() ?? new Date() });
    if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
    if (newContact) await confirmContact(deps.redis, user.unitId!, newContact.contactMobile, v);

    const app = await deps.db.transaction(async (trx) => {
      const number = await nextApplicationNumber(trx, start.numberPrefix);
      const [row] = await trx('applications')
        .insert({ number, process_id: processId, status: APPLICATION_STATUS.submitted, unit_id: start.applicant === 'person' ? null : user.unitId, applicant_login: user.login, data: JSON.stringify(v) })
        .returning(['id', 'number']);
      await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted });
      return row as { id: string; number: string };
    });
    const processInstanceKey = await startProcessOrRollBack(deps, app, processId!);
    await deps.db('drafts').where({ account_id: user.accountId, scope: `start:${processId}` }).delete();
    return { id: app.id, number: app.number, status: APPLICATION_STATUS.submitted, processInstanceKey };
  }

  return { start };
}
