/**
 * Practitioner publicity reference data (PROCESSES.md §B): qualification items, grades, which unit
 * kinds may publish which items, validity periods, and the application number format. Pure, no I/O.
 */
import type { UnitQualificationType } from '../accounts/ids';

export type ItemCategory = 'inspection' | 'testing';

/** Qualification items a practitioner can hold (检验 inspection / 检测 testing). */
export const ITEMS: Record<string, { name: string; category: ItemCategory }> = {
  'Y-GL': { name: '锅炉检验', category: 'inspection' },
  'Y-RQ': { name: '压力容器检验', category: 'inspection' },
  'Y-GD': { name: '压力管道检验', category: 'inspection' },
  'Y-DT': { name: '电梯检验', category: 'inspection' },
  'Y-QZ': { name: '起重机械检验', category: 'inspection' },
  'S-RT': { name: '射线检测', category: 'testing' },
  'S-UT': { name: '超声检测', category: 'testing' },
  'S-MT': { name: '磁粉检测', category: 'testing' },
  'S-PT': { name: '渗透检测', category: 'testing' },
  'S-QZ': { name: '起重机械检测', category: 'testing' },
};
export const isItemCode = (c: unknown): c is string => typeof c === 'string' && Object.prototype.hasOwnProperty.call(ITEMS, c);

/** Grades of the same item, higher is more senior. */
export const GRADES: Record<number, string> = { 1: '检验员 / 检测员', 2: '检验师 / 检测师', 3: '高级检验师 / 高级检测师' };

export interface PublicityItem {
  itemCode: string;
  grade: number;
}

/** Why a publicity record ended, by name (PUBLICITY_END_REASON). */
export const END_REASON_LABEL: Record<string, string> = {
  cancelled: '已注销 / Cancelled',
  'changed-unit': '已变更单位 / Moved to another unit',
  expired: '到期终止 / Ended at expiry',
  'unit-dissolved': '单位注销 / The unit was dissolved',
};

export const itemLabel = (i: PublicityItem): string => `${i.itemCode} ${ITEMS[i.itemCode]?.name ?? ''}（${GRADES[i.grade] ?? i.grade}）`;

/**
 * Item categories a unit may publish practitioners for, from its institution type (registration)
 * and its active qualifications (unit-qualification). "other" and the like permit none
 * (manual: 所在单位的检验机构类别为：其他).
 */
export const CATEGORIES_BY_INSTITUTION: Record<string, ItemCategory[]> = {
  inspection: ['inspection'],
  testing: ['testing'],
  'type-test': ['inspection', 'testing'],
  appraisal: [],
  manufacturer: [],
  operator: [],
  other: [],
};
export const CATEGORIES_BY_QUALIFICATION: Record<UnitQualificationType, ItemCategory[]> = {
  'inspection-approval': ['inspection'],
  'testing-approval': ['testing'],
  'type-test-approval': ['inspection', 'testing'],
};

export function unitCategories(institutionType: string | null | undefined, activeQualificationTypes: string[]): Set<ItemCategory> {
  const out = new Set<ItemCategory>(CATEGORIES_BY_INSTITUTION[institutionType ?? ''] ?? []);
  for (const q of activeQualificationTypes) for (const c of (CATEGORIES_BY_QUALIFICATION as Record<string, ItemCategory[]>)[q] ?? []) out.add(c);
  return out;
}

/** A publicity record is valid this long; renewal is offered from RENEWAL_WINDOW_DAYS before the end. */
export const PUBLICITY_VALID_YEARS = 4;
export const RENEWAL_WINDOW_DAYS = 90;
/** A change of unit needs this long at the previous unit (unless it was dissolved / never registered). */
export const CHANGE_MIN_YEARS = 1;
/** The window to print, sign, stamp and upload the application form: 7 days from the number being assigned (the BPMN keeps the end as windowEndsAt; a manual identity check does not restart it). */
export const UPLOAD_WINDOW = 'P7D';
/** How long the SMS confirmation code is valid. */
export const CONFIRMATION_CODE_TTL_SECONDS = 24 * 3600;

/** Batch add, cancellation and the public query: the renewal offer window, the anonymous rate limit, the batch size. */
export const PUBLICITY_OPS = {
  /** persons whose publicity expires within this many days are offered for renewal */
  renewalWindowDays: RENEWAL_WINDOW_DAYS,
  /** anonymous public query: requests per IP per minute */
  publicQueryPerMinute: 30,
  /** the unit's person search (name + ID number): lookups per account per hour */
  candidateLookupsPerHour: 60,
  maxBatch: 200,
} as const;

/** The local (Asia/Shanghai) calendar year and date of an instant. */
export const localYear = (d: Date): number => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
export const localDate = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The manual's style: A2022D10001 — "A", the year, "D", then 10000 + the year's running number
 * (gap-free, from number_counters).
 */
export const publicityApplicationNumber = (year: number, n: number): string => `A${year}D${10000 + n}`;

/** Adds whole years to a YYYY-MM-DD date (29 Feb → 28 Feb). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y + years, m - 1, d));
  if (t.getUTCMonth() !== m - 1) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Commitment clauses 承诺条款 the applicant confirms (each must be accepted). */
export const COMMITMENTS = [
  '本单位承诺所填报的人员信息、资质项目真实、准确、完整，并对其真实性负责。',
  '本单位已取得执业人员本人同意，执业人员确认只在本单位一家执业。',
  '如提供虚假材料，本单位承担由此产生的一切后果，并接受撤销公示的处理。',
] as const;
