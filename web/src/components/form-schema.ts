/**
 * One language on screen for a Form.io definition: the forms carry Chinese and English in one
 * label ("单位名称 Unit name"); this keeps the current language's half (or a component's
 * properties.labelEn in English) in every shown text: labels, legends, titles, placeholders,
 * descriptions, tooltips, options, button texts and HTML content.
 */
import { pick, type Lang } from '../i18n';

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
