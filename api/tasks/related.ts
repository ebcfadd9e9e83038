/**
 * The records a reviewer decides with, beside the case: the unit's (or the person's) other cases
 * under way, those the user may read (db/case-scope.ts), by name with the steps they wait at.
 */
import type { Db } from '../../core/db';
import { openCasesBeside, type ApplicationRow } from '../../db/applications';
import { scopeCases } from '../../db/case-scope';
import { loadModels } from '../../domain/models';
import type { SessionUser } from '../auth';
import type { RelatedCase } from './contract';

const PROCESS_NAMES = new Map(loadModels().map((m) => [m.id, m.name]));
const STEP_NAMES = new Map(loadModels().flatMap((m) => m.userTasks.map((t) => [`${m.id}/${t.elementId}`, t.name] as const)));

/** A process's name from its model (its id when unknown). */
export const processName = (processId: string): string => PROCESS_NAMES.get(processId) ?? processId;
/** A user task's name from its model (its element id when unknown). */
export const stepName = (processId: string, elementId: string): string => STEP_NAMES.get(`${processId}/${elementId}`) ?? elementId;

export async function otherOpenCases(db: Db, app: ApplicationRow, user: SessionUser): Promise<RelatedCase[]> {
  const rows = await openCasesBeside(db, app, scopeCases(db, user));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    processId: r.process_id,
    processName: processName(r.process_id),
    status: r.status,
    submittedAt: r.created_at,
    waitingAt: [...new Set(r.waiting.map((t) => stepName(t.process_definition_id, t.element_id)))],
  }));
}
