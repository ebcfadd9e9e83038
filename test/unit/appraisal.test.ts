import { chineseDate, earliestInvitationDate, invitationDateError } from '../../domain/appraisal/rules';
import { letterLayout } from '../../documents/layouts/appraisal';

const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('appraisal invitation date window (calendar days, Asia/Shanghai)', () => {
  const now = shanghai('2026-11-23T10:00:00');
  it('refuses today and the next 5 days, accepts the 6th', () => {
    expect(earliestInvitationDate(now)).toBe('2026-11-29');
    for (const d of ['2026-11-23', '2026-11-26', '2026-11-28']) expect(invitationDateError(d, now)).toContain('5 日内');
    expect(invitationDateError('2026-11-29', now)).toBeUndefined();
    expect(invitationDateError('2027-01-10', now)).toBeUndefined();
  });
  it('uses the local date: 23:30 UTC is already the next day in Shanghai', () => {
    expect(earliestInvitationDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-30');
  });
  it('refuses what is not a date', () => {
    for (const d of ['2026-02-30', '2026/12/01', '', undefined, 20261201]) expect(invitationDateError(d, now)).toContain('YYYY-MM-DD');
  });
});

describe('appraisal letters', () => {
  it('write dates in Chinese', () => {
    expect(chineseDate('2026-12-01')).toBe('2026年12月1日');
    expect(chineseDate('2027-10-15')).toBe('2027年10月15日');
  });
  it('carry the number, the unit and the dates', () => {
    const ctx = { number: 'PSS20261123-00001', unitName: '示例检验有限公司', uscc: '91110000600037341L', proposedDate: '2026-12-10', reviewDate: '2026-12-15', teamLeaderName: '陈伟', issuedAt: shanghai('2026-11-23T10:00:00') };
    const text = (k: 'negotiation' | 'notice') => JSON.stringify(letterLayout(k, ctx));
    expect(text('negotiation')).toContain('2026年12月10日');
    expect(text('negotiation')).toContain('签发日期：2026年11月23日');
    expect(text('notice')).toContain('2026年12月15日');
    expect(text('notice')).toContain('陈伟');
    for (const k of ['negotiation', 'notice'] as const) {
      expect(text(k)).toContain(ctx.number);
      expect(text(k)).toContain(ctx.unitName);
    }
  });
});
