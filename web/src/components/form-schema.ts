/**
 * One language on screen for a Form.io definition: the forms carry Chinese and English in one
 * label ("单位名称 Unit name"); this keeps the current language's half (or a component's
 * properties.labelEn in English) in every shown text: labels, legends, titles, placeholders,
 * descriptions, tooltips, options, button texts and HTML content.
 */
import { pick, type Lang } from '../i18n';
import type { DivisionOption } from './divisions';

const TEXT_KEYS = ['label', 'title', 'legend', 'placeholder', 'description', 'tooltip', 'prefix', 'suffix', 'addAnother', 'removeRow', 'saveRow', 'errorLabel', 'content', 'html', 'customMessage'];

type Node = Record<string, unknown>;

export function localizeSchema<T>(schema: T, lang: Lang): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const src = v as Node;
    const out: Node = {};
    for (const [k, x] of Object.entries(src)) {
      if (typeof x === 'string' && TEXT_KEYS.includes(k)) out[k] = k === 'content' || k === 'html' ? localizeHtml(x, lang) : pick(x, lang);
      else out[k] = walk(x);
    }
    const props = src.properties as Record<string, string> | undefined;
    if (lang === 'en' && props?.labelEn && typeof src.label === 'string') out.label = props.labelEn;
    return out;
  };
  return walk(schema) as T;
}

/** Text between tags, one language (the markup itself comes from the form definition, not from users). */
function localizeHtml(html: string, lang: Lang): string {
  return html.replace(/>([^<]+)</g, (_m, text: string) => `>${pick(text, lang)}<`).replace(/^([^<]+)/, (_m, text: string) => pick(text, lang));
}

/**
 * Submit buttons stay enabled and focusable: a form's `disableOnInvalid` would keep its button
 * disabled until Form.io's delayed re-validation after each change, so a keyboard user tabbing
 * to it (or pressing Enter on it) right after choosing a value finds nothing to press, and a
 * disabled button says nothing about what is missing. Pressed on an incomplete form, the button
 * shows the errors on the fields instead.
 */
export function focusableButtons<T>(schema: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Node = {};
    for (const [k, x] of Object.entries(v as Node)) out[k] = walk(x);
    if (out.type === 'button' && out.disableOnInvalid) out.disableOnInvalid = false;
    return out;
  };
  return walk(schema) as T;
}

/** The top-level pages of a wizard, with the keys of every field each holds. */
export function wizardPages(schema: { display?: string; components?: Node[] }): Array<{ key: string; title: string; fields: Set<string> }> {
  if (schema.display !== 'wizard') return [];
  const keysOf = (c: Node, into: Set<string>) => {
    if (typeof c.key === 'string') into.add(c.key);
    for (const k of ['components', 'columns', 'rows']) {
      const list = c[k];
      if (Array.isArray(list)) list.flat(2).forEach((x) => x && typeof x === 'object' && keysOf(x as Node, into));
    }
  };
  return (schema.components ?? [])
    .filter((c) => c.type === 'panel')
    .map((c) => {
      const fields = new Set<string>();
      keysOf(c, fields);
      return { key: String(c.key), title: String(c.title ?? c.label ?? ''), fields };
    });
}

/**
 * Administrative divisions are picked, never typed as codes: a form's province / city / district
 * text fields (keys ending in province, city, district under one parent) become Form.io selects
 * over the GB/T 2260 tree, each refreshed by the one above. The submitted values stay the 6-digit
 * codes the server validates; only the browser's form changes.
 */
export function divisionSelects<T>(schema: T): { schema: T; uses: boolean } {
  let uses = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const c = { ...(v as Node) };
    for (const k of Object.keys(c)) c[k] = walk(c[k]);
    const m = typeof c.key === 'string' && c.type === 'textfield' ? /^(.*?)(province|city|district)$/.exec(c.key) : null;
    if (!m) return c;
    uses = true;
    const prefix = m[1];
    const parent = m[2] === 'city' ? `${prefix}province` : m[2] === 'district' ? `${prefix}city` : '';
    const { validate, ...rest } = c as Node & { validate?: Record<string, unknown> };
    return {
      ...rest,
      type: 'select',
      widget: 'choicesjs',
      searchEnabled: true,
      dataSrc: 'custom',
      valueProperty: 'value',
      dataType: 'string',
      template: '<span>{{ item.label }}</span>',
      // JSON Logic, not code: the page runs without eval (FormioForm registers the operation)
      data: { custom: { pfDivisions: parent ? [{ var: `data.${parent}` }] : [null] } },
      customOptions: { removeItemButton: false },
      ...(parent ? { refreshOn: parent, clearOnRefresh: true } : {}),
      validate: { required: !!validate?.required },
      placeholder: '',
    };
  };
  return { schema: walk(schema) as T, uses };
}

/** The options under a division code (the provinces for none), for the selects above. */
export function divisionChildren(tree: DivisionOption[], code: string | number | null): Array<{ value: string; label: string }> {
  // null: the provinces; a code: what lies under it; '-' (the level above not picked yet): nothing
  const list = code === null ? tree : code ? (findDivision(tree, String(code))?.children ?? []) : [];
  return list.map((d) => ({ value: d.value, label: d.label }));
}

function findDivision(list: DivisionOption[], code: string): DivisionOption | undefined {
  for (const d of list) {
    if (d.value === code) return d;
    const inner = d.children && findDivision(d.children, code);
    if (inner) return inner;
  }
  return undefined;
}
