/** POST /api/registrations — validate, store, start unit-registration. No login needed. */
import express, { Router } from 'express';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import { PROCESS, VAR } from '../../domain/names';
import { validateRegistration } from '../../domain/registration';
import { createRegistration, findDuplicates, loginOf, setProcessInstance } from '../../db/registrations';
import { ApiError, route, validationFailed } from '../errors';

export function registrationsRouter(deps: { db: Db; engine: Engine; log: Logger }): Router {
  const router = express.Router();
  router.post(
    '/api/registrations',
    route(async (req, res) => {
      const checked = validateRegistration(req.body);
      if (!checked.ok) throw validationFailed(checked.fields);
      const input = checked.value;
      const duplicates = await findDuplicates(deps.db, { uscc: input.unit.uscc, login: loginOf(input) });
      if (Object.keys(duplicates).length > 0) {
        throw new ApiError(409, 'DUPLICATE', '单位或登录帐号已存在 / The unit or login already exists', duplicates as Record<string, string>);
      }
      const passwordHash = await hashPassword(input.contact.password);
      const app = await createRegistration(deps.db, input, passwordHash);
      let processInstanceKey: string;
      try {
        const started = await deps.engine.zeebe.createProcessInstance({
          bpmnProcessId: PROCESS.unitRegistration,
          variables: { [VAR.applicationId]: app.id },
        });
        processInstanceKey = String(started.processInstanceKey);
      } catch (err) {
        // Nothing half-written: without a process the application must not exist either.
        deps.log.error('could not start unit-registration; removing the application', { error: err as Error, applicationId: app.id });
        await deps.db.transaction(async (trx) => {
          await trx('audit').where({ application_id: app.id }).delete();
          await trx('applications').where({ id: app.id }).delete();
        });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
      await setProcessInstance(deps.db, app.id, processInstanceKey);
      deps.log.info('registration submitted', { applicationId: app.id, number: app.number, processInstanceKey });
      res.status(201).json({ id: app.id, number: app.number, status: 'submitted', processInstanceKey });
    }),
  );
  return router;
}
