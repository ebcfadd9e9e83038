/**
 * Eligibility of a person for a publicity application at a unit (PROCESSES.md §B step 1; manual
 * 000 §3.3.1 第一步). Pure: every rule is evaluated and every failure is returned with its reason
 * at once (the table the applicant sees), and the application type follows from the registry:
 *   - never registered anywhere                          → initial 初始
 *   - registered (active or ended) at another unit       → change 变更 (resignation certificate
 *     needed while the previous unit has not cancelled the record)
 *   - active here and due for renewal                    → renewal 续期
 *   - active here and not due                            → nothing for this process (追加 is publicity-add)
 */
import type { PublicityType } from './ids';
import { institutionTypeLabel } from '../accounts/ids';
import { CHANGE_MIN_YEARS, GRADES, ITEMS, RENEWAL_WINDOW_DAYS, addDays, addYears, unitCategories, type ItemCategory, type PublicityItem } from './rules';

export const RULE = {
  unitQualification: 'unit-qualification',
  oneUnit: 'one-unit',
  noApplicationInProgress: 'no-application-in-progress',
  validItems: 'valid-items',
  highestGrade: 'highest-grade',
  changeOneYear: 'change-one-year',
  applicationType: 'application-type',
} as const;
export type Rule = (typeof RULE)[keyof typeof RULE];

/** The manual's table: 要求分类 and 注册申报条件, in order. */
export const RULES: Array<{ rule: Rule; category: string; requirement: string }> = [
  { rule: RULE.unitQualification, category: '单位资质要求 Unit qualification', requirement: '所在单位的检验机构类别须允许人员的资质项目 / The unit\'s institution type must permit the items' },
  { rule: RULE.oneUnit, category: '注册审核要求 Registration', requirement: '申请注册的人员只能在一个单位办理执业注册申报 / A person applies at one unit only' },
  { rule: RULE.noApplicationInProgress, category: '注册审核要求 Registration', requirement: '个人的注册申请完成之后才能再次申请 / No other application of the person may be in progress' },
  { rule: RULE.validItems, category: '资质项目要求 Items', requirement: '申请的资质项目须为本人持有且在有效期内 / Only items the person holds and that are valid' },
  { rule: RULE.highestGrade, category: '资质项目要求 Items', requirement: '同一资质项目有多个级别证书的，只能申请最高级别 / Of several grades of one item only the highest' },
  { rule: RULE.changeOneYear, category: '变更单位要求 Change of unit', requirement: '在原单位执业注册满 1 年（原单位破产解散或从未注册的除外）/ At least 1 year at the previous unit, unless it was dissolved or the person was never registered' },
  { rule: RULE.applicationType, category: '注册类型 Application type', requirement: '本流程办理初始、变更、续期 / This process handles initial, change and renewal' },
];

export interface EligibilityInput {
  /** Local date YYYY-MM-DD. */
  today: string;
  unit: { id: string; institutionType: string | null; qualificationTypes: string[] };
  person: {
    qualifications: Array<{ itemCode: string; grade: number; issueDate: string; expiryDate: string }>;
    activeRecord: { unitId: string; startDate: string; validUntil: string; items: PublicityItem[] } | null;
    /** The newest ended record when there is no active one. */
    lastEndedRecord: { unitId: string; startDate: string; endedOn: string; endReason: string | null } | null;
    /** The unit of the active (or last) record went bankrupt / was dissolved. */
    previousUnitDissolved: boolean;
    inProgress: Array<{ unitId: string; number: string }>;
  };
  /** Items the applicant chose; default: every valid item at its highest grade the unit permits. */
  requestedItems?: PublicityItem[];
}

export interface RuleOutcome {
  rule: Rule;
  category: string;
  requirement: string;
  ok: boolean;
  reason?: string;
}

export interface EligibilityResult {
  eligible: boolean;
  type: PublicityType | null;
  items: PublicityItem[];
  rules: RuleOutcome[];
  failures: Array<{ rule: Rule; reason: string }>;
  previousUnitId: string | null;
  /** change from a unit that has not cancelled the record: 离职证明 required */
  needsResignationCertificate: boolean;
}

const CATEGORY_LABEL: Record<ItemCategory, string> = { inspection: '检验', testing: '检测' };
const itemText = (i: PublicityItem) => `${i.itemCode}（${GRADES[i.grade] ?? i.grade}）`;

/** Whole years between two YYYY-MM-DD dates reach `years`. */
const atLeastYears = (from: string, to: string, years: number) => addYears(from, years) <= to;

export function evaluateEligibility(input: EligibilityInput): EligibilityResult {
  const { today, unit, person } = input;
  const fail = new Map<Rule, string>();
  const categories = unitCategories(unit.institutionType, unit.qualificationTypes);

  // valid qualifications, and the highest valid grade per item
  const valid = person.qualifications.filter((q) => q.issueDate <= today && q.expiryDate >= today && ITEMS[q.itemCode]);
  const highest = new Map<string, number>();
  for (const q of valid) highest.set(q.itemCode, Math.max(highest.get(q.itemCode) ?? 0, q.grade));

  // type from the registry
  let type: PublicityType | null;
  let previousUnitId: string | null = null;
  let needsResignationCertificate = false;
  if (person.activeRecord && person.activeRecord.unitId === unit.id) {
    const due = addDays(today, RENEWAL_WINDOW_DAYS) >= person.activeRecord.validUntil;
    type = due ? 'renewal' : null;
    if (!due) {
      fail.set(RULE.applicationType, `已在本单位注册，有效期至 ${person.activeRecord.validUntil}，未到续期时间；追加项目请使用追加申报 / Already registered here until ${person.activeRecord.validUntil}; not due for renewal (use 追加 to add items)`);
    }
  } else if (person.activeRecord) {
    type = 'change';
    previousUnitId = person.activeRecord.unitId;
    needsResignationCertificate = true;
  } else if (person.lastEndedRecord) {
    type = 'change';
    previousUnitId = person.lastEndedRecord.unitId;
  } else {
    type = 'initial';
  }

  // items
  let items: PublicityItem[];
  if (input.requestedItems && input.requestedItems.length) {
    items = input.requestedItems;
    const bad = items.filter((i) => !highest.has(i.itemCode) || !valid.some((q) => q.itemCode === i.itemCode && q.grade === i.grade));
    if (bad.length) fail.set(RULE.validItems, `${bad.map(itemText).join('、')} 非本人持有或已过期 / not held or expired`);
    const lower = items.filter((i) => valid.some((q) => q.itemCode === i.itemCode && q.grade === i.grade) && i.grade < highest.get(i.itemCode)!);
    const codes = items.map((i) => i.itemCode);
    const dup = codes.filter((c, n) => codes.indexOf(c) !== n);
    if (lower.length || dup.length) {
      const parts = [...lower.map((i) => `${itemText(i)} 不是最高级别（最高 ${GRADES[highest.get(i.itemCode)!]}）`), ...[...new Set(dup)].map((c) => `${c} 重复申请多个级别`)];
      fail.set(RULE.highestGrade, `${parts.join('；')} / only the highest grade of each item`);
    }
  } else {
    items = [...highest.entries()].map(([itemCode, grade]) => ({ itemCode, grade })).filter((i) => categories.has(ITEMS[i.itemCode].category));
    if (highest.size === 0) fail.set(RULE.validItems, '本人没有有效期内的资质项目 / The person holds no valid qualification');
  }

  // unit qualification type
  const wanted = input.requestedItems?.length ? items.filter((i) => ITEMS[i.itemCode]) : [...highest.entries()].map(([itemCode, grade]) => ({ itemCode, grade }));
  const notPermitted = wanted.filter((i) => !categories.has(ITEMS[i.itemCode].category));
  const permittedText = categories.size ? [...categories].map((c) => CATEGORY_LABEL[c]).join('、') : '无';
  if (categories.size === 0) {
    const [zh, ...en] = (institutionTypeLabel(unit.institutionType) ?? '未填写 not given').split(' ');
    fail.set(RULE.unitQualification, `所在单位的检验机构类别为：${zh}，不能申报执业公示 / The unit's institution type (${en.join(' ') || zh}) permits no publicity`);
  } else if (input.requestedItems?.length ? notPermitted.length > 0 : wanted.length > 0 && items.length === 0) {
    fail.set(RULE.unitQualification, `单位资质允许的类别为 ${permittedText}，不含 ${notPermitted.map(itemText).join('、')} / The unit's qualification does not permit these items`);
  }

  // one unit only / one application at a time
  const elsewhere = person.inProgress.filter((a) => a.unitId !== unit.id);
  const here = person.inProgress.filter((a) => a.unitId === unit.id);
  if (elsewhere.length) fail.set(RULE.oneUnit, `该人员已在其他单位申报中（${elsewhere.map((a) => a.number).join('、')}）/ Already applied for at another unit`);
  if (here.length) fail.set(RULE.noApplicationInProgress, `该人员有未完成的申报（${here.map((a) => a.number).join('、')}）/ An application of the person is still in progress`);

  // change: one year at the previous unit
  if (type === 'change' && !person.previousUnitDissolved) {
    const since = person.activeRecord?.startDate ?? person.lastEndedRecord!.startDate;
    const until = person.activeRecord ? today : person.lastEndedRecord!.endedOn;
    if (!atLeastYears(since, until, CHANGE_MIN_YEARS)) {
      fail.set(RULE.changeOneYear, `在原单位执业注册自 ${since} 起未满 ${CHANGE_MIN_YEARS} 年（原单位未破产解散）/ Less than ${CHANGE_MIN_YEARS} year at the previous unit (since ${since})`);
    }
  }

  const rules: RuleOutcome[] = RULES.map((r) => (fail.has(r.rule) ? { ...r, ok: false, reason: fail.get(r.rule) } : { ...r, ok: true }));
  const failures = rules.filter((r) => !r.ok).map((r) => ({ rule: r.rule, reason: r.reason! }));
  return { eligible: failures.length === 0, type, items, rules, failures, previousUnitId, needsResignationCertificate };
}
