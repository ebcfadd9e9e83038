/**
 * The former home of every name; now a re-export of domain/registry.ts (the per-area ids composed)
 * and the rules that moved to their area, kept while the routes switch their imports.
 */
import { STARTABLE, type ProcessId } from './registry';
import type { StartableProcess } from './ids';

export * from './registry';
export { APPRAISAL_INVITATION_MIN_DAYS, APPRAISAL_REMINDER_WORKING_DAYS } from './appraisal/rules';
export { LICENCE_STATUTORY_WORKING_DAYS } from './licensing/rules';
export { PUBLICITY_OPS } from './publicity/rules';
export { STATUTORY_DAYS, PERMIT_VALID_YEARS, MISSING_MATERIALS_WORKING_DAYS } from './power-permit/rules';

const byEndpoint = (via: StartableProcess['via']) => Object.fromEntries(Object.entries(STARTABLE).filter(([, s]) => s!.via === via)) as Partial<Record<ProcessId, StartableProcess>>;
/** The startable processes of POST /api/applications and of POST /api/power-permits/applications. */
export const START_FORMS = byEndpoint('applications');
export const POWER_PERMIT_STARTS = byEndpoint('power-permits');
