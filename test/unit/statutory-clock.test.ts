/** The statutory clock: working days across a holiday (National Day 2026) and a pause at the agency. */
import { statutoryClock } from '../../domain/statutory-clock';

// Asia/Shanghai 10:00 on a date
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour - 8).padStart(2, '0')}:00:00Z`);

describe('statutory clock', () => {
  it('has not started before acceptance', () => {
    expect(statutoryClock([], 20, at('2026-09-28'))).toMatchObject({ state: 'not-started', usedWorkingDays: 0, leftWorkingDays: 20 });
  });

  it('does not count the acceptance day, weekends, or the National Day holiday, and counts the make-up working day', () => {
    // accepted Monday 2026-09-28; 29, 30 Sep are working days; 1–7 Oct is the holiday (the State Council's
    // notice as the chinese-days data has it: 8 Oct is a working day); 2026-10-10 (Sat) is a make-up working day
    const clock = statutoryClock([{ kind: 'counting', startedAt: at('2026-09-28') }], 20, at('2026-10-12'));
    // 29, 30 Sep + 8 Oct (Thu) + 9 Oct (Fri) + 10 Oct (make-up Sat) + 12 Oct (Mon) = 6
    expect(clock).toMatchObject({ state: 'counting', usedWorkingDays: 6, leftWorkingDays: 14, overdue: false, pausedWorkingDays: 0 });
    // the limit's end if nothing pauses it: 14 more working days from 12 Oct = 30 Oct (Fri), end of day Beijing time
    expect(clock.projectedDueDate).toBe('2026-10-30T15:59:59.999Z');
    // a holiday day itself is never used: the same clock read on 5 Oct has used only 29 and 30 Sep
    expect(statutoryClock([{ kind: 'counting', startedAt: at('2026-09-28') }], 20, at('2026-10-05')).usedWorkingDays).toBe(2);
  });

  it('excludes the days the case waited at the appraisal agency', () => {
    const periods = [
      { kind: 'counting' as const, startedAt: at('2026-09-28'), endedAt: at('2026-09-30', 9) }, // 29, 30 Sep used
      { kind: 'paused' as const, startedAt: at('2026-09-30', 9), endedAt: at('2026-10-14', 16) }, // 8, 9, 10, 12, 13, 14 Oct at the agency
      { kind: 'counting' as const, startedAt: at('2026-10-14', 16) }, // counts again from 15 Oct
    ];
    const whilePaused = statutoryClock(periods.slice(0, 2).map((p, i) => (i === 1 ? { ...p, endedAt: null } : p)), 20, at('2026-10-13'));
    expect(whilePaused).toMatchObject({ state: 'paused', usedWorkingDays: 2, leftWorkingDays: 18, projectedDueDate: null });
    const after = statutoryClock(periods, 20, at('2026-10-16'));
    // 29, 30 Sep + 15, 16 Oct = 4 used; 6 working days paused
    expect(after).toMatchObject({ state: 'counting', usedWorkingDays: 4, leftWorkingDays: 16, pausedWorkingDays: 6 });
  });

  it('is overdue past the limit and stops when decided', () => {
    const running = statutoryClock([{ kind: 'counting', startedAt: at('2026-11-02') }], 20, at('2026-12-15'));
    expect(running.usedWorkingDays).toBe(31);
    expect(running).toMatchObject({ leftWorkingDays: -11, overdue: true });
    const stopped = statutoryClock([{ kind: 'counting', startedAt: at('2026-11-02'), endedAt: at('2026-11-06') }], 20, at('2026-12-15'));
    expect(stopped).toMatchObject({ state: 'stopped', usedWorkingDays: 4, leftWorkingDays: 16, projectedDueDate: null });
  });
});
