/**
 * Delivering the materials of an application accepted with missing materials (容缺受理): only
 * the items the acceptance listed as missing may be set; every other field stays as it was
 * submitted and reviewed. A delivery may repeat an unchanged field (a form sends everything); a
 * changed one is refused, named.
 */
import type { MissingItem } from './completeness';

type Data = Record<string, unknown>;

/** Every leaf of a value as a dotted path (array positions as numbers). */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (!value.length) out.set(prefix, value);
    value.forEach((v, i) => leaves(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Data);
    if (!entries.length) out.set(prefix, value);
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Data)[k] : undefined), data);
}

function setAt(data: Data, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Data = data;
  keys.slice(0, -1).forEach((k, i) => {
    const next = node[k];
    if (!next || typeof next !== 'object') node[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[k] as Data;
  });
  node[keys[keys.length - 1]] = value;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface Delivery {
  /** the application's data with the delivered items set */
  merged: Data;
  /** field → message, for every delivered field that was not missing and differs from what was reviewed */
  refused: Record<string, string>;
  /** the missing items the delivery set */
  delivered: string[];
}

export function applyDelivery(stored: Data, delivery: Data, missing: MissingItem[]): Delivery {
  const merged = structuredClone(stored);
  delete merged.missingItems;
  const refused: Record<string, string> = {};
  const deliveredItems = new Set<string>();
  const flat = new Map<string, unknown>();
  leaves(delivery, '', flat);
  for (const [path, value] of flat) {
    const item = missing.find((m) => path === m.field || path.startsWith(`${m.field}.`));
    if (item) {
      setAt(merged, path, value);
      deliveredItems.add(item.field);
    } else if (!same(at(stored, path), value)) {
      refused[path] = '该项已受理审查，不能在补正材料时修改 / This field was reviewed and cannot change with the delivered materials';
    }
  }
  return { merged, refused, delivered: [...deliveredItems] };
}
