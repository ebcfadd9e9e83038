/** calendar.due-date — the end of the N-th working day from now (mainland-China calendar). */
import { addWorkingDays, calendarCovers } from '../domain/calendar';
import { Handler } from './types';

export const dueDateJob: Handler<{ workingDays: number }, { dueDate: string }> = async (vars, _job, deps) => {
  const n = Number(vars.workingDays);
  if (!Number.isInteger(n) || n < 0 || n > 365) throw new Error(`workingDays must be a whole number from 0 to 365, got ${vars.workingDays}`);
  const due = addWorkingDays(deps.now(), n);
  if (!calendarCovers(due.getUTCFullYear())) {
    deps.log.warn('the holiday calendar does not cover this year: only weekends were skipped; update the chinese-days package', { year: due.getUTCFullYear() });
  }
  return { dueDate: due.toISOString() };
};
