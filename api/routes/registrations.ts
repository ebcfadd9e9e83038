/** POST /api/registrations — validate, store, start unit-registration. No login needed. */
import express, { Router } from 'express';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import { MESSAGE, PROCESS } from '../../domain/names';
import { RegistrationInput, validateRegistration } from '../../domain/registration';
import { fileRef } from '../../domain/formio';
import { applicationForResubmit, createRegistration, findDuplicates, loginOf, resubmitRegistration } from '../../db/registrations';
import { ApiError, route, validationFailed } from '../errors';
import { startProcessOrRollBack } from '../start-process';

/** The business-licence upload must be a file we hold. */
async function checkLicence(db: Db, input: RegistrationInput): Promise<void> {
  const refs = (input.certification.businessLicence ?? []).map((f) => fileRef(f));
  if (refs.some((r) => !r)) throw validationFailed({ 'certification.businessLicence': '请上传文件 / Upload the file first' });
  const ids = refs.map((r) => r!.id);
  if (ids.length && (await db('files').whereIn('id', ids).count())[0].count !== String(ids.length)) {
    throw validationFailed({ 'certification.businessLicence': '文件不存在 / The file does not exist' });
  }
}

export function registrationsRouter(deps: { db: Db; engine: Engine; log: Logger }): Router {
  const router = express.Router();
  router.post(
    '/api/registrations',
    route(async (req, res) => {
      const checked = validateRegistration(req.body);
      if (!checked.ok) throw validationFailed(checked.fields);
      const input = checked.value;
      await checkLicence(deps.db, input);
      const duplicates = await findDuplicates(deps.db, { uscc: input.unit.uscc, login: loginOf(input) });
      if (Object.keys(duplicates).length > 0) {
        throw new ApiError(409, 'DUPLICATE', '单位或登录帐号已存在 / The unit or login already exists', duplicates as Record<string, string>);
      }
      const passwordHash = await hashPassword(input.contact.password);
      const app = await createRegistration(deps.db, input, passwordHash);
      const processInstanceKey = await startProcessOrRollBack(deps, app, PROCESS.unitRegistration);
      deps.log.info('registration submitted', { applicationId: app.id, number: app.number, processInstanceKey });
      res.status(201).json({ id: app.id, number: app.number, status: 'submitted', processInstanceKey });
    }),
  );
  /** The stored registration (without the password) to prefill the form: "data kept". */
  router.get(
    '/api/registrations/:id/resubmission',
    route(async (req, res) => {
      const app = await applicationForResubmit(deps.db, req.params.id, String(req.query.token ?? ''));
      if (!app) throw new ApiError(404, 'LINK_INVALID', '链接无效或已使用 / The link is invalid or was already used');
      res.json({ id: app.id, number: app.number, reason: app.decision_reason, data: app.data });
    }),
  );

  router.post(
    '/api/registrations/:id/resubmission',
    route(async (req, res) => {
      const { token, registration } = (req.body ?? {}) as { token?: string; registration?: unknown };
      const app = await applicationForResubmit(deps.db, req.params.id, String(token ?? ''));
      if (!app) throw new ApiError(404, 'LINK_INVALID', '链接无效或已使用 / The link is invalid or was already used');
      const checked = validateRegistration(registration);
      if (!checked.ok) throw validationFailed(checked.fields);
      const input = checked.value;
      await checkLicence(deps.db, input);
      const duplicates = await findDuplicates(deps.db, { uscc: input.unit.uscc, login: loginOf(input) }, app.id);
      if (Object.keys(duplicates).length > 0) {
        throw new ApiError(409, 'DUPLICATE', '单位或登录帐号已存在 / The unit or login already exists', duplicates as Record<string, string>);
      }
      const waiting = await deps.engine.rest
        .searchProcessInstances({ filter: { processInstanceKey: app.process_instance_key } } as never)
        .then((r) => ((r as unknown as { items: Array<{ state: string }> }).items[0]?.state ?? null))
        .catch(() => null);
      if (waiting !== 'ACTIVE') throw new ApiError(409, 'RESUBMISSION_CLOSED', '重新提交期限已过，请重新注册 / The time to resubmit has passed; register again');
      await resubmitRegistration(deps.db, app.id, input, await hashPassword(input.contact.password));
      await deps.engine.zeebe.publishMessage({
        name: MESSAGE.registrationResubmitted,
        correlationKey: app.id,
        variables: { decision: null, reason: null, validationErrors: null } as never,
        timeToLive: 60_000,
      });
      deps.log.info('registration resubmitted', { applicationId: app.id, number: app.number });
      res.status(202).json({ id: app.id, number: app.number, status: 'submitted' });
    }),
  );
  return router;
}
