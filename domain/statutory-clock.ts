/**
 * The statutory clock of a case (法定办结时限): working days used and left of the limit, counted
 * from the case's periods. Time at the appraisal agency (鉴定评审) is not counted: the case's
 * periods are either `counting` or `paused`, and only counting periods use days.
 *
 * Counting rule (as the limit is "within N working days from acceptance"): the day a counting
 * period starts is not used (the limit runs from the next day); each later working day touched by
 * a counting period is used once. A period still open runs to `now`. Pure: periods in, figures out.
 */
import { addWorkingDays, isWorkingDay, localDate } from './calendar';

export interface ClockPeriod {
  kind: 'counting' | 'paused';
  startedAt: Date;
  endedAt?: Date | null;
}

export interface StatutoryClock {
  limitWorkingDays: number;
  usedWorkingDays: number;
  /** negative when overdue */
  leftWorkingDays: number;
  /** counting now / paused (at the agency) now / not started / stopped (decided) */
  state: 'not-started' | 'counting' | 'paused' | 'stopped';
  overdue: boolean;
  /** when the limit ends if the clock keeps counting from now (null unless counting) */
  projectedDueDate: string | null;
  pausedWorkingDays: number;
}

const DAY_MS = 86_400_000;
const nextDate = (date: string): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);

/** The working dates (local, YYYY-MM-DD) after start's date up to and including end's date. */
function workingDatesAfter(start: Date, end: Date): string[] {
  const out: string[] = [];
  const last = localDate(end);
  for (let d = nextDate(localDate(start)); d <= last; d = nextDate(d)) if (isWorkingDay(d)) out.push(d);
  return out;
}

export function statutoryClock(periods: ClockPeriod[], limitWorkingDays: number, now: Date): StatutoryClock {
  const used = new Set<string>();
  const paused = new Set<string>();
  for (const p of periods) {
    const end = p.endedAt ?? now;
    if (end < p.startedAt) continue;
    for (const d of workingDatesAfter(p.startedAt, end)) (p.kind === 'counting' ? used : paused).add(d);
  }
  // a day on which the case both waited and counted (resumed that day) is used, not paused
  for (const d of used) paused.delete(d);
  const open = periods.find((p) => !p.endedAt);
  const state: StatutoryClock['state'] = periods.length === 0 ? 'not-started' : !open ? 'stopped' : open.kind;
  const left = limitWorkingDays - used.size;
  return {
    limitWorkingDays,
    usedWorkingDays: used.size,
    leftWorkingDays: left,
    state,
    overdue: left < 0,
    projectedDueDate: state === 'counting' ? addWorkingDays(now, Math.max(left, 0)).toISOString() : null,
    pausedWorkingDays: paused.size,
  };
}
