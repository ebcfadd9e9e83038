/**
 * calendar.due-date — the end of the N-th working day (mainland-China calendar) from `from`: the
 * engine's own time when the job was created (the BPMN maps `=now()`), so the due date and the
 * timers that use it read the same clock; without `from`, the worker's clock.
 */
import { addWorkingDays, calendarCovers } from '../domain/calendar';
import { Handler, defineJob } from './types';
import { COMMON_JOB } from '../domain/ids';

/** A FEEL date-and-time as Zeebe serialises it (ISO with offset, sometimes with a `[zone id]`). */
export function parseEngineInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const at = new Date(value.replace(/\[[^\]]*\]$/, ''));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export const dueDateJob: Handler<{ workingDays: number; from?: string }, { dueDate: string }> = async (vars, _job, deps) => {
  const n = Number(vars.workingDays);
  if (!Number.isInteger(n) || n < 0 || n > 365) throw new Error(`workingDays must be a whole number from 0 to 365, got ${vars.workingDays}`);
  const due = addWorkingDays(parseEngineInstant(vars.from) ?? deps.now(), n);
  if (!calendarCovers(due.getUTCFullYear())) {
    deps.log.warn('the holiday calendar does not cover this year: only weekends were skipped; update the chinese-days package', { year: due.getUTCFullYear() });
  }
  return { dueDate: due.toISOString() };
};

/** The jobs above, with the variables each fetches. */
export const dueDateJobs = [
  defineJob({ type: COMMON_JOB.dueDate, fetch: ['workingDays', 'from'], handler: dueDateJob }),
];
