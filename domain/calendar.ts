/**
 * Mainland-China working days: weekends off, statutory holidays off, make-up working days
 * (调休上班) on. The table below comes from the State Council's yearly holiday notices; add the
 * next year when it is published (usually in November). For a year not in the table only weekends
 * count as days off, and `calendarCovers` tells callers so they can warn.
 * All dates are Asia/Shanghai local dates (UTC+8, no daylight saving).
 */

type YearTable = { holidays: string[]; workdays: string[] };

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export const CALENDAR: Record<number, YearTable> = {
  2025: {
    holidays: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'), // 春节 Spring Festival
      ...range('2025-04-04', '2025-04-06'), // 清明 Qingming
      ...range('2025-05-01', '2025-05-05'), // 劳动节 Labour Day
      ...range('2025-05-31', '2025-06-02'), // 端午 Dragon Boat
      ...range('2025-10-01', '2025-10-08'), // 国庆·中秋 National Day + Mid-Autumn
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ...range('2026-01-01', '2026-01-03'), // 元旦 New Year
      ...range('2026-02-15', '2026-02-23'), // 春节 Spring Festival
      ...range('2026-04-04', '2026-04-06'), // 清明 Qingming
      ...range('2026-05-01', '2026-05-05'), // 劳动节 Labour Day
      ...range('2026-06-19', '2026-06-21'), // 端午 Dragon Boat
      ...range('2026-09-25', '2026-09-27'), // 中秋 Mid-Autumn
      ...range('2026-10-01', '2026-10-07'), // 国庆 National Day
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

const HOLIDAYS = new Set(Object.values(CALENDAR).flatMap((y) => y.holidays));
const WORKDAYS = new Set(Object.values(CALENDAR).flatMap((y) => y.workdays));
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export const calendarCovers = (year: number): boolean => year in CALENDAR;

/** The Asia/Shanghai local date (YYYY-MM-DD) of an instant. */
export const localDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

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
