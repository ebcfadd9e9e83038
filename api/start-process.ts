/**
 * Starts the process of a stored application. If the engine refuses or is unreachable, the
 * application (and its audit rows, and any files it claimed) is removed again and the caller
 * gets 503: nothing is left half-written. `undo` removes what else the application wrote (its
 * area's rows), first, in the same transaction.
 */
import type { Knex } from 'knex';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { VAR } from '../domain/registry';
import { ApiError } from './errors';

export async function startProcessOrRollBack(
  deps: { db: Db; engine: Engine; log: Logger },
  app: { id: string },
  processId: string,
  variables: Record<string, unknown> = {},
  undo?: (trx: Knex.Transaction) => Promise<unknown>,
): Promise<string> {
  try {
    const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { ...variables, [VAR.applicationId]: app.id } });
    const key = String(started.processInstanceKey);
    await deps.db('applications').where({ id: app.id }).update({ process_instance_key: key });
    return key;
  } catch (err) {
    deps.log.error('could not start the process; removing the application', { error: err as Error, applicationId: app.id, processId });
    await deps.db.transaction(async (trx) => {
      await undo?.(trx);
      await trx('files').where({ attached_application_id: app.id }).update({ attached_application_id: null });
      await trx('audit').where({ application_id: app.id }).delete();
      await trx('applications').where({ id: app.id }).delete();
    });
    throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
  }
}
