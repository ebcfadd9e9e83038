/**
 * Shared form sections: a component { "$section": "<name>" } in forms/<key>.json stands for the
 * component in forms/sections/<name>.json (e.g. the technical lead, electricians and project
 * record of the power-permit applications: one definition, used by the new application, the item
 * change and the renewal). Resolved when a form is loaded into the forms table, so the browser,
 * the server-side validation and the inbox all see the full form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FORMS_DIR } from './models';

export const SECTIONS_DIR = path.join(FORMS_DIR, 'sections');

export function resolveSections<T>(schema: T, dir = SECTIONS_DIR, depth = 0): T {
  if (depth > 5) throw new Error('form sections nest too deeply (a cycle?)');
  if (Array.isArray(schema)) return schema.map((c) => resolveSections(c, dir, depth)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const o = schema as Record<string, unknown>;
  if (typeof o.$section === 'string') {
    if (!/^[a-z0-9-]+$/.test(o.$section)) throw new Error(`bad section name ${o.$section}`);
    const file = path.join(dir, `${o.$section}.json`);
    if (!fs.existsSync(file)) throw new Error(`form section ${o.$section} does not exist (${file})`);
    return resolveSections(JSON.parse(fs.readFileSync(file, 'utf8')), dir, depth + 1);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveSections(v, dir, depth)])) as T;
}

/** A form file with its sections resolved. */
export function readForm(file: string): Record<string, unknown> {
  return resolveSections(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
}
