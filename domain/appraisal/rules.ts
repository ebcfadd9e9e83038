/**
 * appraisal-review rules that are not BPMN: the invitation date window, the rectification
 * reminder, Chinese dates (the letters' layouts are in documents/layouts/appraisal.ts).
 */
import { localDate } from '../calendar';

/** Invitation dates within this many calendar days of today are refused (seed 002 §3.3.1 当天 5 日内禁止选择). */
export const APPRAISAL_INVITATION_MIN_DAYS = 5;
/** The rectification reminder goes this many working days before the deadline. */
export const APPRAISAL_REMINDER_WORKING_DAYS = 3;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const addDays = (date: string, n: number): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The earliest date an invitation may propose: dates within 5 calendar days of today (Asia/Shanghai)
 * are refused (seed 002 §3.3.1 "当天 5 日内禁止选择" — calendar days, as the manual says 日, not 工作日),
 * so today + 6 is the first allowed date.
 */
export const earliestInvitationDate = (now: Date): string => addDays(localDate(now), APPRAISAL_INVITATION_MIN_DAYS + 1);

/** The field error for a proposed invitation date, or undefined when it is allowed. */
export function invitationDateError(date: unknown, now: Date): string | undefined {
  if (!isValidDate(date)) return '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  const earliest = earliestInvitationDate(now);
  if (date < earliest) {
    return `约请日期不能在今天起 ${APPRAISAL_INVITATION_MIN_DAYS} 日内，最早可选 ${chineseDate(earliest)} / The date must be more than ${APPRAISAL_INVITATION_MIN_DAYS} days from today; the earliest is ${earliest}`;
  }
  return undefined;
}

/** 2026-12-01 → 2026年12月1日 */
export function chineseDate(date: string): string {
  const m = DATE.exec(date);
  if (!m) return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The Chinese date of an instant, Asia/Shanghai. */
export const chineseDateOf = (at: Date): string => chineseDate(localDate(at));
