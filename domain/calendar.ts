/**
 * Mainland-China working days: weekends off, statutory holidays off, make-up working days (调休上班)
 * on. The dates come from the maintained `chinese-days` package (the State Council's yearly
 * notices); update the package when the next year's notice is out (usually November). For a year
 * the data does not cover only weekends count as days off, and `calendarCovers` says so, so the
 * due-date worker can warn. All dates are Asia/Shanghai local dates (UTC+8, no daylight saving).
 */
import days from 'chinese-days/dist/chinese-days.json';

const HOLIDAYS = new Set(Object.keys((days as { holidays: Record<string, string> }).holidays));
const WORKDAYS = new Set(Object.keys((days as { workdays: Record<string, string> }).workdays));
const YEARS = new Set([...HOLIDAYS].map((d) => Number(d.slice(0, 4))));
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export const calendarCovers = (year: number): boolean => YEARS.has(year);

/** The Asia/Shanghai local date (YYYY-MM-DD) of an instant. */
export const localDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The Asia/Shanghai local date of an instant as a day number (days since 1970-01-01): same day, same number. */
export const localDayNumber = (at: Date): number => Math.floor((at.getTime() + OFFSET_MS) / DAY_MS);

export function isWorkingDay(date: string): boolean {
  if (WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const nextDate = (date: string): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);

/** The end (23:59:59.999 Asia/Shanghai) of the n-th working day after from's local date. n = 0: end of from's day. */
export function addWorkingDays(from: Date, n: number): Date {
  let date = localDate(from);
  for (let left = n; left > 0; ) {
    date = nextDate(date);
    if (isWorkingDay(date)) left--;
  }
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - OFFSET_MS + DAY_MS - 1);
}

/** Working days from today to due's local date: 0 = due today, negative = overdue by that many. */
export function workingDaysBetween(from: Date, due: Date): number {
  const a = localDate(from);
  const b = localDate(due);
  if (a === b) return 0;
  const [start, end, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = start; d < end; ) {
    d = nextDate(d);
    if (isWorkingDay(d)) count++;
  }
  return sign * count;
}
