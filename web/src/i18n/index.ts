/**
 * vue-i18n with the two catalogues (zh-CN first, English second), the Element Plus locale that
 * follows the language, and the helpers that keep one language on screen: `pick` takes the
 * current half of a bilingual server or model text ("单位名称 Unit name", "中文 / English").
 */
import { createI18n } from 'vue-i18n';
import { computed, ref } from 'vue';
import zhCN from './zh-CN.json';
import en from './en.json';
import { pickIn, type Lang } from './pick';

export type { Lang };

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('pf.lang') : null;
const initial: Lang = stored === 'en' ? 'en' : 'zh-CN';

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export const lang = ref<Lang>(initial);
export const isZh = computed(() => lang.value === 'zh-CN');

export function setLang(l: Lang): void {
  lang.value = l;
  i18n.global.locale.value = l;
  localStorage.setItem('pf.lang', l === 'en' ? 'en' : 'zh');
  document.documentElement.lang = l;
}

export const t = (key: string, vars?: Record<string, unknown>): string => i18n.global.t(key, vars ?? {});
export const te = (key: string): boolean => i18n.global.te(key);

/** The current language's half of a bilingual text; a text in one language is returned as it is. */
export function pick(text: string | null | undefined, l: Lang = lang.value): string {
  return pickIn(text, l);
}

/** An error for the screen: the catalogue's text for a generic code, else the current half of the server's message. */
export function errorMessage(code: string | undefined, message: string | undefined): string {
  if (code && te(`errors.${code}`)) return t(`errors.${code}`);
  if (message) return pick(message);
  return t('errors.INTERNAL');
}

export function fmtDate(d: string | number | Date | null | undefined): string {
  if (!d) return '';
  return new Date(d).toLocaleString(lang.value === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
