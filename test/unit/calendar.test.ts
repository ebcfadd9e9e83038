import { addWorkingDays, isWorkingDay, localDate, localDayNumber, workingDaysBetween } from '../../domain/calendar';

const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('mainland-China working days', () => {
  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2025-01-29')).toBe(false); // Spring Festival
    expect(isWorkingDay('2025-01-26')).toBe(true); // make-up Sunday
    expect(isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-10-05')).toBe(false); // National Day
  });

  it('puts a due date at the end of the n-th working day, local time', () => {
    // Friday 2026-11-20 10:00 + 3 working days → Wednesday 2026-11-25, 23:59:59.999 Shanghai
    expect(addWorkingDays(shanghai('2026-11-20T10:00:00'), 3).toISOString()).toBe('2026-11-25T15:59:59.999Z');
    // late Sunday evening in Shanghai is already Monday in no timezone but UTC+8: the local date counts
    expect(addWorkingDays(shanghai('2026-11-22T23:30:00'), 1).toISOString()).toBe('2026-11-23T15:59:59.999Z');
  });

  it('skips a holiday week and counts the make-up day', () => {
    // 2025-01-24 (Fri) + 3: Jan 26 (make-up Sun), Jan 27 (Mon), then holiday until Feb 4 → Feb 5
    expect(addWorkingDays(shanghai('2025-01-24T09:00:00'), 3).toISOString()).toBe('2025-02-05T15:59:59.999Z');
    // 2026-09-30 + 1: National Day Oct 1–7, Oct 8 (Thu) is the next working day
    expect(addWorkingDays(shanghai('2026-09-30T09:00:00'), 1).toISOString()).toBe('2026-10-08T15:59:59.999Z');
  });

  it('counts working days left, negative when overdue', () => {
    expect(workingDaysBetween(shanghai('2026-11-20T10:00:00'), shanghai('2026-11-25T23:59:59'))).toBe(3);
    expect(workingDaysBetween(shanghai('2026-11-25T08:00:00'), shanghai('2026-11-25T23:59:59'))).toBe(0);
    expect(workingDaysBetween(shanghai('2026-11-27T08:00:00'), shanghai('2026-11-25T23:59:59'))).toBe(-2);
  });

  it('numbers local days as the local date does: a new day at midnight in Shanghai (16:00 UTC)', () => {
    const before = new Date('2026-11-30T15:59:59.999Z');
    const after = new Date('2026-11-30T16:00:00.000Z');
    expect(localDate(before)).toBe('2026-11-30');
    expect(localDate(after)).toBe('2026-12-01');
    expect(localDayNumber(after) - localDayNumber(before)).toBe(1);
    expect(localDayNumber(shanghai('2026-12-01T00:00:00'))).toBe(localDayNumber(shanghai('2026-12-01T23:59:59.999')));
    expect(localDayNumber(after)).toBe(Date.UTC(2026, 11, 1) / 86_400_000);
  });
});
