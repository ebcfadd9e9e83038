/** Eligibility rules: one case per rule, each failing for exactly its own reason; the type from the registry. */
import { evaluateEligibility, RULE, RULES, type EligibilityInput } from '../../domain/publicity/eligibility';

const today = '2026-11-23';
const HERE = 'unit-here';
const OTHER = 'unit-other';

function base(over: { unit?: Partial<EligibilityInput['unit']>; person?: Partial<EligibilityInput['person']>; requestedItems?: EligibilityInput['requestedItems'] } = {}): EligibilityInput {
  return {
    today,
    unit: { id: HERE, institutionType: 'inspection', qualificationTypes: [], ...over.unit },
    person: {
      qualifications: [
        { itemCode: 'Y-GL', grade: 1, issueDate: '2018-01-01', expiryDate: '2028-01-01' },
        { itemCode: 'Y-GL', grade: 2, issueDate: '2024-01-01', expiryDate: '2028-01-01' },
      ],
      activeRecord: null,
      lastEndedRecord: null,
      previousUnitDissolved: false,
      inProgress: [],
      ...over.person,
    },
    requestedItems: over.requestedItems,
  };
}

it('the base case is eligible: initial, the highest grade of each valid item', () => {
  const r = evaluateEligibility(base());
  expect(r).toMatchObject({ eligible: true, type: 'initial', items: [{ itemCode: 'Y-GL', grade: 2 }], failures: [], needsResignationCertificate: false });
  expect(r.rules.map((x) => x.rule)).toEqual(RULES.map((x) => x.rule));
  expect(r.rules.every((x) => x.ok)).toBe(true);
});

const cases: Array<[string, EligibilityInput, RegExp]> = [
  [RULE.unitQualification, base({ unit: { institutionType: 'other' } }), /检验机构类别为：其他，.*institution type \(Other\)/],
  [RULE.oneUnit, base({ person: { inProgress: [{ unitId: OTHER, number: 'A2026D10007' }] } }), /其他单位.*A2026D10007/],
  [RULE.noApplicationInProgress, base({ person: { inProgress: [{ unitId: HERE, number: 'A2026D10008' }] } }), /未完成的申报.*A2026D10008/],
  [RULE.validItems, base({ person: { qualifications: [{ itemCode: 'Y-GL', grade: 2, issueDate: '2018-01-01', expiryDate: '2022-01-01' }] } }), /没有有效期内的资质项目/],
  [RULE.highestGrade, base({ requestedItems: [{ itemCode: 'Y-GL', grade: 1 }] }), /Y-GL.*不是最高级别/],
  [
    RULE.changeOneYear,
    base({ person: { activeRecord: { unitId: OTHER, startDate: '2026-06-01', validUntil: '2030-06-01', items: [{ itemCode: 'Y-GL', grade: 2 }] } } }),
    /自 2026-06-01 起未满 1 年/,
  ],
  [
    RULE.applicationType,
    base({ person: { activeRecord: { unitId: HERE, startDate: '2024-06-01', validUntil: '2028-06-01', items: [{ itemCode: 'Y-GL', grade: 2 }] } } }),
    /未到续期时间/,
  ],
];

it('has a case for every rule', () => {
  expect(cases.map((c) => c[0]).sort()).toEqual(Object.values(RULE).sort());
});

it.each(cases)('%s fails alone, with its reason', (rule, input, reason) => {
  const r = evaluateEligibility(input);
  expect(r.eligible).toBe(false);
  expect(r.failures.map((f) => f.rule)).toEqual([rule]);
  expect(r.failures[0].reason).toMatch(reason);
  expect(r.rules.find((x) => x.rule === rule)).toMatchObject({ ok: false, reason: r.failures[0].reason });
});

it('returns every failed rule at once', () => {
  const r = evaluateEligibility(
    base({
      unit: { institutionType: 'testing' },
      requestedItems: [{ itemCode: 'Y-GL', grade: 1 }, { itemCode: 'Y-RQ', grade: 1 }],
      person: { inProgress: [{ unitId: OTHER, number: 'A1' }, { unitId: HERE, number: 'A2' }], activeRecord: { unitId: OTHER, startDate: '2026-10-01', validUntil: '2030-10-01', items: [] } },
    }),
  );
  expect(r.failures.map((f) => f.rule)).toEqual([RULE.unitQualification, RULE.oneUnit, RULE.noApplicationInProgress, RULE.validItems, RULE.highestGrade, RULE.changeOneYear]);
});

describe('type from the registry', () => {
  it('change after a year, from a unit that has not cancelled: resignation certificate needed', () => {
    const r = evaluateEligibility(base({ person: { activeRecord: { unitId: OTHER, startDate: '2025-11-23', validUntil: '2029-11-23', items: [] } } }));
    expect(r).toMatchObject({ eligible: true, type: 'change', previousUnitId: OTHER, needsResignationCertificate: true });
  });

  it('change within a year from a dissolved unit is allowed', () => {
    const r = evaluateEligibility(base({ person: { previousUnitDissolved: true, activeRecord: { unitId: OTHER, startDate: '2026-10-01', validUntil: '2030-10-01', items: [] } } }));
    expect(r).toMatchObject({ eligible: true, type: 'change' });
  });

  it('change after the previous unit cancelled: no certificate; the year counts until the end', () => {
    const ok = evaluateEligibility(base({ person: { lastEndedRecord: { unitId: OTHER, startDate: '2023-01-01', endedOn: '2026-01-01', endReason: 'cancelled' } } }));
    expect(ok).toMatchObject({ eligible: true, type: 'change', needsResignationCertificate: false, previousUnitId: OTHER });
    const short = evaluateEligibility(base({ person: { lastEndedRecord: { unitId: OTHER, startDate: '2025-06-01', endedOn: '2026-01-01', endReason: 'cancelled' } } }));
    expect(short.failures.map((f) => f.rule)).toEqual([RULE.changeOneYear]);
  });

  it('renewal within 90 days of the end of the record at this unit', () => {
    const r = evaluateEligibility(base({ person: { activeRecord: { unitId: HERE, startDate: '2022-12-20', validUntil: '2026-12-20', items: [{ itemCode: 'Y-GL', grade: 2 }] } } }));
    expect(r).toMatchObject({ eligible: true, type: 'renewal', items: [{ itemCode: 'Y-GL', grade: 2 }] });
  });

  it('a unit with an approval qualification may publish the approved category', () => {
    const r = evaluateEligibility(base({ unit: { institutionType: 'other', qualificationTypes: ['inspection-approval'] } }));
    expect(r.eligible).toBe(true);
  });

  it('items the unit does not permit are left out of the default selection', () => {
    const r = evaluateEligibility(base({ person: { qualifications: [...base().person.qualifications, { itemCode: 'S-UT', grade: 2, issueDate: '2024-01-01', expiryDate: '2028-01-01' }] } }));
    expect(r.items).toEqual([{ itemCode: 'Y-GL', grade: 2 }]);
    expect(r.eligible).toBe(true);
  });
});
