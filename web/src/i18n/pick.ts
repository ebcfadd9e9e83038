/**
 * One language out of a bilingual text ("单位名称 Unit name", "中文 / English"), without the
 * browser: shared by the i18n module (current language) and code the server's tests also load.
 */
export type Lang = 'zh-CN' | 'en';

const CJK = /[\u3400-\u9fff]/;
/** A Chinese part then an English part ("单位名称 Unit name", "省 Province (code)"). */
const PAIR = /^(.*[\u3400-\u9fff\u3000-\u303f\uff00-\uffef][)）」》\]]*)\s+([A-Za-z(“"'].*)$/s;

/** The given language's half of a bilingual text; a text in one language is returned as it is. */
export function pickIn(text: string | null | undefined, l: Lang): string {
  if (text == null) return '';
  const s = String(text);
  const slash = s.split(' / ');
  if (slash.length === 2 && CJK.test(slash[0]) && !CJK.test(slash[1])) return l === 'en' ? slash[1].trim() : slash[0].trim();
  const m = PAIR.exec(s);
  if (m && !CJK.test(m[2])) return l === 'en' ? m[2].trim() : m[1].trim();
  return s;
}
