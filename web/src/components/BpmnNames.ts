/**
 * The process models name their elements in both languages ("审核资质 Review qualification");
 * a diagram shown to a person shows one: the Chinese part, or the English part in English.
 */
const BILINGUAL = /^(.*[\u3000-\u9fff\uff00-\uffef][^A-Za-z]*?)\s+([A-Za-z].*)$/s;

export function pickLanguage(name: string, locale: string): string {
  const m = BILINGUAL.exec(name.trim());
  if (!m) return name;
  return locale.startsWith('zh') ? m[1].trim() : m[2].trim();
}

/** The XML with every name="…" attribute reduced to the language shown (read-only views only). */
export function localizeDiagramNames(xml: string, locale: string): string {
  return xml.replace(/\bname="([^"]*)"/g, (_all: string, value: string) => `name="${pickLanguage(value, locale)}"`);
}

/**
 * Element templates with their texts (name, description, groups, property labels and
 * descriptions, choices) in one language, for the properties panel; ids and values unchanged.
 */
export function localizeTemplates<T>(templates: T[], locale: string): T[] {
  const one = (s: unknown) => (typeof s === 'string' ? pickLanguage(pickSlash(s, locale), locale) : s);
  const walk = (v: unknown, key = ''): unknown => {
    if (['binding', 'condition', 'elementType', 'value', 'appliesTo'].includes(key)) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return ['name', 'label', 'description', 'tooltip'].includes(key) ? one(v) : v;
  };
  return templates.map((tpl) => walk(tpl) as T);
}

/** "中文 / English" → the current language's half */
function pickSlash(s: string, locale: string): string {
  const parts = s.split(' / ');
  if (parts.length !== 2 || !/[\u3400-\u9fff]/.test(parts[0])) return s;
  return locale.startsWith('zh') ? parts[0].trim() : parts[1].trim();
}
