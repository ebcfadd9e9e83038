/**
 * bpmn-js's translate service (palette, context pad, replace menu, properties panel, element
 * templates) fed from the catalogues bpmn.zh-CN.json / bpmn.en.json (beside zh-CN.json and
 * en.json, as Form.io's strings are): the English source string is the key, the current
 * language's text the value, {name} placeholders filled in. A string missing stays in English.
 */
import zhCN from '../i18n/bpmn.zh-CN.json';
import en from '../i18n/bpmn.en.json';

export function bpmnMessages(locale: string): Record<string, string> {
  return (locale.startsWith('zh') ? zhCN : en) as Record<string, string>;
}

export function translateModule(locale: string) {
  const messages = bpmnMessages(locale);
  const translate = (template: string, replacements?: Record<string, unknown>): string =>
    (messages[template] ?? template).replace(/{([^}]+)}/g, (all, key: string) => (replacements && key in replacements ? String(replacements[key]) : all));
  return { translate: ['value', translate] };
}
