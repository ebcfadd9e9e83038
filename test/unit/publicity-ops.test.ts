/** Which items a registered person may still add (追加), and what the public query shows. */
import { isQueryName, isQueryUnit, pendingItems, publicPerson, publicityCancelNumber } from '../../domain/publicity/ops';
import { cancellationLayout } from '../../documents/layouts/publicity';

const T = '2026-11-23';
const q = (item_code: string, grade: number, expiry_date = '2029-01-01', issue_date = '2024-01-01') => ({ item_code, grade, issue_date, expiry_date });
const inspection = new Set(['inspection'] as const);

describe('pendingItems', () => {
  it.each([
    ['a new valid item is pending', [q('Y-GL', 2), q('Y-RQ', 1)], [{ itemCode: 'Y-GL', grade: 2 }], [{ itemCode: 'Y-RQ', grade: 1 }]],
    ['only the highest grade of an item', [q('Y-RQ', 1), q('Y-RQ', 3), q('Y-RQ', 2)], [], [{ itemCode: 'Y-RQ', grade: 3 }]],
    ['a higher grade of a published item is pending', [q('Y-GL', 3)], [{ itemCode: 'Y-GL', grade: 2 }], [{ itemCode: 'Y-GL', grade: 3 }]],
    ['a published item at the same grade is not', [q('Y-GL', 2)], [{ itemCode: 'Y-GL', grade: 2 }], []],
    ['an expired qualification is not', [q('Y-DT', 2, '2026-11-22')], [], []],
    ['one valid through today is', [q('Y-DT', 2, T)], [], [{ itemCode: 'Y-DT', grade: 2 }]],
    ['one not issued yet is not', [q('Y-DT', 2, '2029-01-01', '2026-11-24')], [], []],
    ['an item the unit may not publish is not', [q('S-UT', 2)], [], []],
    ['an unknown item code is not', [q('X-XX', 2)], [], []],
  ])('%s', (_name, held, record, expected) => {
    expect(pendingItems(held, record, inspection, T).pending).toEqual(expected);
  });

  it('merges the pending items into the record, sorted, upgrades replacing the lower grade', () => {
    const r = pendingItems([q('Y-RQ', 2), q('Y-GL', 3)], [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-QZ', grade: 1 }], inspection, T);
    expect(r.merged).toEqual([{ itemCode: 'Y-GL', grade: 3 }, { itemCode: 'Y-QZ', grade: 1 }, { itemCode: 'Y-RQ', grade: 2 }]);
  });
});

describe('public query', () => {
  it('shows a person with the ID number masked and no mobile', () => {
    const p = publicPerson({ name: '张三', id_number: '11010519800101123X', unit_name: '某检验所', items: [{ itemCode: 'Y-GL', grade: 2 }], start_date: '2025-01-01', valid_until: '2029-01-01', certificate_no: 'P1', type: 'initial' });
    expect(p.idNumber).toBe('110105***********X');
    expect(JSON.stringify(p)).not.toContain('19800101');
    expect(p).not.toHaveProperty('mobile');
    expect(p.items[0].label).toContain('锅炉检验');
  });

  it('checks the query inputs', () => {
    expect(isQueryName('张三')).toBe(true);
    expect(isQueryName(' ')).toBe(false);
    expect(isQueryName('x'.repeat(51))).toBe(false);
    expect(isQueryName(['a'])).toBe(false);
    expect(isQueryUnit('检验')).toBe(true);
    expect(isQueryUnit('检')).toBe(false);
    expect(isQueryUnit('a\u0001b')).toBe(false);
  });
});

describe('cancellation request', () => {
  it('numbers in the manual style and lists every person with the reason', () => {
    expect(publicityCancelNumber(2026, 7)).toBe('D2026E000007');
    const layout = cancellationLayout({
      number: 'D2026E000007', unitName: '某检验所', uscc: '91110000600037341L', date: T,
      data: { contactName: '李四', contactPhone: '010-1', persons: [{ personId: 'x', name: '王五', idNumber: '110105********1234', reason: '离职', items: ['Y-GL'] }] },
    });
    expect(JSON.stringify(layout)).toContain('王五');
    expect(JSON.stringify(layout)).toContain('离职');
    expect(layout.sections[0]).toMatchObject({ fields: expect.arrayContaining([['注销人数', '1']]) });
  });
});
