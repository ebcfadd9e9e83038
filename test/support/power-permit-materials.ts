/** Every material of every category (and the common ones), each the given files: complete whatever the categories and levels. */
import { COMMON_MATERIALS, CATEGORY_MATERIALS } from '../../domain/power-permit/materials';

export function allMaterials(files: unknown[]): Record<string, Record<string, unknown[]>> {
  const set = (list: ReadonlyArray<{ key: string }>) => Object.fromEntries(list.map((m) => [m.key, files]));
  return { common: set(COMMON_MATERIALS), ...Object.fromEntries(Object.entries(CATEGORY_MATERIALS).map(([c, list]) => [c, set(list)])) };
}
