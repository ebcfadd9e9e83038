/**
 * POST /api/appeals — account appeal (PROCESSES.md §A): no login (the contact lost the phone or
 * left). The unit must exist under that name and USCC; the new contact's ID number is checked
 * (GB 11643); the signed authorisation letter is an upload made for this appeal.
 * POST /api/password-set — the one-time link sent when an appeal is approved.
 */
import express, { Router } from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, FORM, PROCESS } from '../../domain/names';
import { isValidEmail, isValidIdNumber, isValidMobile, isValidPassword, isValidUscc, maskIdNumber, MESSAGES } from '../../domain/validators';
import { consumePasswordSetToken } from '../../db/accounts';
import { audit, nextApplicationNumber } from '../../db/applications';
import { revokeSessions } from '../auth';
import { ApiError, route, validationFailed } from '../errors';
import { startProcessOrRollBack } from '../start-process';

type AppealData = {
  'unit.name': string;
  'unit.uscc': string;
  'contact.name': string;
  'contact.idNumber': string;
  'contact.mobile': string;
  'contact.email': string;
  reason: string;
  authorisationLetter: Array<{ id: string; name: string }>;
  commitment: boolean;
};

export function appealsRouter(deps: { db: Db; engine: Engine; log: Logger; redis: Redis }): Router {
  const router = express.Router();

  router.post(
    '/api/appeals',
    route(async (req, res) => {
      const form = (await deps.db('forms').where({ key: FORM.accountAppeal }).first())?.schema as FormDefinition | undefined;
      if (!form) throw new ApiError(500, 'FORM_MISSING', 'form account-appeal is not deployed');
      const checked = validateSubmission(form, req.body ?? {});
      const v = checked.values as unknown as AppealData;
      const e = checked.errors;
      if (v['unit.uscc'] && !isValidUscc(v['unit.uscc'])) e['unit.uscc'] ??= MESSAGES.uscc;
      if (v['contact.idNumber'] && !isValidIdNumber(v['contact.idNumber'])) e['contact.idNumber'] ??= MESSAGES.idNumber;
      if (v['contact.mobile'] && !isValidMobile(v['contact.mobile'])) e['contact.mobile'] ??= MESSAGES.mobile;
      if (v['contact.email'] && !isValidEmail(v['contact.email'])) e['contact.email'] ??= MESSAGES.email;
      if (v.commitment !== true) e.commitment ??= '请阅读并确认承诺 / Please confirm the commitment';
      const letterIds = (v.authorisationLetter ?? []).map((f) => f.id);
      if (letterIds.length) {
        const usable = await deps.db('files').whereIn('id', letterIds).whereNull('owner_account_id').whereNull('attached_application_id').pluck('id');
        if (usable.length !== letterIds.length) e.authorisationLetter = '文件不存在或已被使用 / The file does not exist or is already used';
      }
      if (Object.keys(e).length) throw validationFailed(e);
      const unit = await deps.db('units').where({ uscc: v['unit.uscc'], name: v['unit.name'].trim() }).first();
      if (!unit) throw new ApiError(422, 'UNIT_NOT_FOUND', '单位名称与统一社会信用代码不匹配 / No unit with this name and USCC', { 'unit.uscc': '单位名称与统一社会信用代码不匹配 / No unit with this name and USCC' });

      const data = {
        unit: { name: unit.name, uscc: unit.uscc },
        contact: { name: v['contact.name'], idNumber: v['contact.idNumber'], mobile: v['contact.mobile'], email: v['contact.email'] },
        reason: v.reason,
        authorisationLetter: v.authorisationLetter,
        commitment: true,
      };
      const app = await deps.db.transaction(async (trx) => {
        const number = await nextApplicationNumber(trx, 'APL');
        const [row] = await trx('applications')
          .insert({ number, process_id: PROCESS.accountAppeal, status: APPLICATION_STATUS.submitted, unit_id: unit.id, subject_key: unit.uscc, data: JSON.stringify(data) })
          .returning(['id', 'number']);
        await trx('files').whereIn('id', letterIds).update({ attached_application_id: row.id });
        await audit(trx, { applicationId: row.id, actor: 'appellant', action: 'submit', to: APPLICATION_STATUS.submitted, details: { contactIdNumber: maskIdNumber(data.contact.idNumber) } });
        return row as { id: string; number: string };
      });
      const processInstanceKey = await startProcessOrRollBack(deps, app, PROCESS.accountAppeal);
      res.status(201).json({ id: app.id, number: app.number, status: APPLICATION_STATUS.submitted, processInstanceKey });
    }),
  );

  router.post(
    '/api/password-set',
    route(async (req, res) => {
      const { token, password, passwordConfirm } = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      if (!isValidPassword(password)) fields.password = MESSAGES.password;
      else if (password !== passwordConfirm) fields.passwordConfirm = '两次输入的密码不一致 / The passwords do not match';
      if (Object.keys(fields).length) throw validationFailed(fields);
      const done = await consumePasswordSetToken(deps.db, String(token ?? ''), () => hashPassword(String(password)));
      if (!done) throw new ApiError(404, 'LINK_INVALID', '链接无效、已过期或已使用 / The link is invalid, expired or already used');
      // the account changes hands: whoever was signed in with it is signed out
      await revokeSessions(deps.redis, done.id);
      res.json({ login: done.login });
    }),
  );
  return router;
}
