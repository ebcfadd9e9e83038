/**
 * One language on screen for a Form.io definition: the forms carry Chinese and English in one
 * label ("单位名称 Unit name"); this keeps the current language's half (or a component's
 * properties.labelEn in English) in every shown text: labels, legends, titles, placeholders,
 * descriptions, tooltips, options, button texts and HTML content.
 */
import { pickIn as pick, type Lang } from '../i18n/pick';
import type { DivisionOption } from './divisions';
import { FORMATS } from '../../../domain/validators';

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

/**
 * A field naming a domain format in `properties.format` (uscc, cn-mobile, cn-id-number, …) is
 * checked in the browser by the same rule and with the same message as on the server, as the
 * person leaves the step, not only after the final submit: a JSON Logic rule (no eval) calling
 * the rule registered in formio-setup.ts.
 */
export function domainFormats<T>(schema: T, lang: Lang): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Node = {};
    for (const [k, x] of Object.entries(v as Node)) out[k] = walk(x);
    const format = (out.properties as Record<string, string> | undefined)?.format;
    const rule = format ? FORMATS[format] : undefined;
    const validate = (out.validate ?? {}) as Node;
    if (rule && !validate.json) out.validate = { ...validate, json: { if: [{ pfValid: [format, { var: 'input' }] }, true, pick(rule.message, lang)] } };
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

/**
 * One submit button in a wizard: the wizard's own (on its last page). A submit button the form
 * itself carries on its last page would be a second one, so it is left out.
 */
export function oneWizardSubmit<T extends { display?: string; components?: Node[] }>(schema: T): T {
  if (schema.display !== 'wizard') return schema;
  const walk = (list: unknown): unknown =>
    Array.isArray(list)
      ? list
          .filter((c) => !(c && typeof c === 'object' && (c as Node).type === 'button' && ((c as Node).action ?? 'submit') === 'submit'))
          .map((c) => (c && typeof c === 'object' && Array.isArray((c as Node).components) ? { ...(c as Node), components: walk((c as Node).components) } : c))
      : list;
  return { ...schema, components: walk(schema.components) as Node[] };
}

/** The key of the review page a wizard gets last (FormioForm's `review`): it holds no field. */
export const REVIEW_PAGE = 'pfReview';

/** A wizard with a last page to review everything entered before the one submit button. */
export function withReviewPage<T extends { display?: string; components?: Node[] }>(schema: T, title: string, hint: string): T {
  if (schema.display !== 'wizard') return schema;
  const page = { type: 'panel', key: REVIEW_PAGE, title, input: false, components: [{ type: 'htmlelement', key: `${REVIEW_PAGE}Hint`, tag: 'p', content: hint, input: false, className: 'review-hint' }] };
  return { ...schema, components: [...(schema.components ?? []), page] };
}

export interface ReviewRow {
  key: string;
  label: string;
  /** one line each (a list's rows, a file each); empty when nothing was entered */
  lines: string[];
  /** a file field's files (id, name, type) for a preview */
  files?: ReviewFile[];
}

export interface ReviewFile {
  id: string;
  name: string;
  type: string;
}

/** The files of a file field's value (a Form.io upload or a stored { id, name }). */
export function filesOf(value: unknown): ReviewFile[] {
  return (Array.isArray(value) ? value : [value]).flatMap((f) => {
    const o = (f ?? {}) as Node & { data?: Node };
    const id = [o.data?.id, o.id].find((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/.test(x));
    return id ? [{ id, name: String(o.originalName ?? o.data?.name ?? o.name ?? id), type: String(o.type ?? o.data?.type ?? '') }] : [];
  });
}

/** Bytes as people read them (1.2 MB); a size not known is left out. */
export function fileSize(n: unknown): string {
  const b = typeof n === 'number' ? n : Number(n);
  if (!Number.isFinite(b) || b < 0 || n === null || n === undefined || n === '') return '';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

function valueAt(data: unknown, key: string): unknown {
  if (data && typeof data === 'object' && key in (data as Node)) return (data as Node)[key];
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Node)[k] : undefined), data);
}

/**
 * What a wizard's pages hold, as the review page lists it: per page its title and, per field, the
 * label and the value as shown (an option's label, a division's name, a file's name and size, a
 * password hidden). Layout components and buttons list nothing.
 */
export function reviewSections(
  schema: { display?: string; components?: Node[] },
  data: Node,
  opts: { divisionName: (code: string) => string; yes: string; no: string },
): Array<{ key: string; title: string; rows: ReviewRow[] }> {
  const shown = (c: Node, value: unknown): string[] => {
    if (value === undefined || value === null || value === '') return [];
    if (Array.isArray(value) && value.length === 0) return [];
    if (c.type === 'password') return ['••••••'];
    if (c.type === 'file') {
      return (Array.isArray(value) ? value : [value]).map((f) => {
        const o = (f ?? {}) as Node & { data?: Node };
        const name = String(o.originalName ?? o.data?.name ?? o.name ?? '');
        const size = fileSize(o.size ?? o.data?.size);
        return size ? `${name} (${size})` : name;
      });
    }
    if (c.type === 'checkbox') return [value ? opts.yes : opts.no];
    const options = ((c.data as Node | undefined)?.values ?? c.values) as Array<{ value: unknown; label: string }> | undefined;
    const label = (v: unknown) => options?.find((o) => String(o.value) === String(v))?.label ?? (typeof c.key === 'string' && /(province|city|district)$/.test(c.key) ? opts.divisionName(String(v)) : String(v));
    if (c.type === 'selectboxes' && typeof value === 'object') return Object.entries(value as Node).filter(([, on]) => on).map(([k]) => label(k));
    if (Array.isArray(value)) return value.map(label);
    return [label(value)];
  };
  const rowsOf = (components: Node[] | undefined, scope: Node, into: ReviewRow[], prefix = '') => {
    for (const c of components ?? []) {
      if (c.type === 'datagrid' || c.type === 'editgrid') {
        const rows = (valueAt(scope, String(c.key)) as Node[] | undefined) ?? [];
        const cols = (c.components as Node[] | undefined) ?? [];
        const files: ReviewFile[] = [];
        const lines = rows.map((r, i) => {
          const inner: ReviewRow[] = [];
          rowsOf(cols, r, inner);
          files.push(...inner.flatMap((x) => x.files ?? []));
          return `${i + 1}. ${inner.filter((x) => x.lines.length).map((x) => `${x.label}：${x.lines.join('、')}`).join('；')}`;
        });
        into.push({ key: prefix + String(c.key), label: String(c.label ?? c.key), lines, ...(files.length ? { files } : {}) });
        continue;
      }
      if (c.type === 'columns') for (const col of (c.columns as Array<{ components?: Node[] }>) ?? []) rowsOf(col.components, scope, into, prefix);
      if (Array.isArray(c.components) && c.input !== true) {
        rowsOf(c.components as Node[], scope, into, prefix);
        continue;
      }
      if (c.input === false || c.type === 'button' || c.type === 'htmlelement' || c.type === 'content' || c.hidden === true) continue;
      if (typeof c.key !== 'string') continue;
      const value = valueAt(scope, c.key);
      const row: ReviewRow = { key: prefix + c.key, label: String(c.label ?? c.key), lines: shown(c, value) };
      if (c.type === 'file') row.files = filesOf(value);
      into.push(row);
    }
  };
  return (schema.components ?? [])
    .filter((p) => p.type === 'panel' && p.key !== REVIEW_PAGE)
    .map((p) => {
      const rows: ReviewRow[] = [];
      rowsOf(p.components as Node[], data, rows);
      return { key: String(p.key), title: String(p.title ?? ''), rows };
    });
}
