/**
 * Practitioner publicity, batch add and cancellation: which items a registered
 * person may still add, and how the public query shows a person. Pure, no I/O.
 */
import { maskIdNumber } from '../validators';
import { ItemCategory, ITEMS, itemLabel, PublicityItem } from './rules';

export interface HeldQualification {
  item_code: string;
  grade: number;
  issue_date: string; // YYYY-MM-DD
  expiry_date: string; // YYYY-MM-DD
}

/**
 * The items a person could add to their current record (追加): qualifications valid today, only the
 * highest grade of each item, only items the unit's categories permit, and only those the record
 * does not hold yet (or holds at a lower grade). Returns them with the record's items merged.
 */
export function pendingItems(
  held: HeldQualification[],
  recordItems: PublicityItem[],
  categories: Set<ItemCategory>,
  today: string,
): { pending: PublicityItem[]; merged: PublicityItem[] } {
  const best = new Map<string, number>();
  for (const q of held) {
    if (q.issue_date > today || q.expiry_date < today) continue;
    const item = ITEMS[q.item_code];
    if (!item || !categories.has(item.category)) continue;
    if ((best.get(q.item_code) ?? 0) < q.grade) best.set(q.item_code, q.grade);
  }
  const current = new Map(recordItems.map((i) => [i.itemCode, i.grade]));
  const pending: PublicityItem[] = [];
  for (const [itemCode, grade] of [...best.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if ((current.get(itemCode) ?? 0) < grade) pending.push({ itemCode, grade });
  }
  const merged = new Map(current);
  for (const p of pending) merged.set(p.itemCode, p.grade);
  return { pending, merged: [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([itemCode, grade]) => ({ itemCode, grade })) };
}

/** What the anonymous public query shows of one person: the ID number masked, never the mobile. */
/** A row of the public query (db/publicity-ops.ts): an active record with its person and unit. */
export interface PublicRow {
  name: string;
  id_number: string;
  unit_name: string;
  items: PublicityItem[];
  start_date: string;
  valid_until: string;
  certificate_no: string | null;
  type: string;
}

export function publicPerson(p: PublicRow) {
  return {
    name: p.name,
    idNumber: maskIdNumber(p.id_number),
    unit: p.unit_name,
    certificateNo: p.certificate_no,
    type: p.type,
    startDate: p.start_date,
    validUntil: p.valid_until,
    items: p.items.map((i) => ({ itemCode: i.itemCode, grade: i.grade, label: itemLabel(i) })),
  };
}

/** What a cancellation application keeps (applications.data): ID numbers masked, never stored twice. */
export interface CancelData {
  contactName: string;
  contactPhone: string;
  persons: Array<{ personId: string; name: string; idNumber: string; reason: string; items: string[] }>;
}

/** The manual's cancellation number style (D2022E…): D, the year, E, the year's running number. */
export const publicityCancelNumber = (year: number, n: number): string => `D${year}E${String(n).padStart(6, '0')}`;

/** The name as people type it: trimmed, 1–50 characters, no control characters. */
export const isQueryName = (s: unknown): s is string => typeof s === 'string' && s.trim().length >= 1 && s.trim().length <= 50 && !/[\u0000-\u001f]/.test(s);

/** A unit name fragment or USCC: 2–100 characters. */
export const isQueryUnit = (s: unknown): s is string => typeof s === 'string' && s.trim().length >= 2 && s.trim().length <= 100 && !/[\u0000-\u001f]/.test(s);
