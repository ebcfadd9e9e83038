/**
 * Names, not identifiers: every process, step, group, status, history action and qualification
 * type shown by its name in the current language. Process and step names come from the BPMN
 * models (read at build time into virtual:pf-names), the rest from the catalogues.
 */
import models from 'virtual:pf-names';
import { pick, t, te } from './i18n';
import { institutionTypeLabel } from '../../domain/accounts/ids';

const byKey = (prefix: string, id: string | null | undefined, fallback?: string | null): string => {
  if (!id) return '';
  if (te(`${prefix}.${id}`)) return t(`${prefix}.${id}`);
  return fallback ? pick(fallback) : '';
};

export const names = {
  process: (id: string | null | undefined, given?: string | null): string => (id && models.processes[id] ? pick(models.processes[id]) : given ? pick(given) : t('unknown')),
  step: (processId: string | null | undefined, elementId: string | null | undefined, given?: string | null): string => {
    const n = processId && elementId ? models.steps[`${processId}/${elementId}`] : undefined;
    return n ? pick(n) : given && given !== elementId ? pick(given) : t('unknown');
  },
  group: (id: string): string => {
    if (te(`groups.${id}`)) return t(`groups.${id}`);
    if (id.startsWith('licence-authority-')) return t('groups.licence-authority');
    if (id.startsWith('unit:') || id.startsWith('unit-')) return t('groups.unit');
    return t('groups.other');
  },
  status: (s: string | null | undefined): string => (s ? (te(`s_${s}`) ? t(`s_${s}`) : t('unknown')) : ''),
  history: (action: string | null | undefined): string => (action ? (te(`historyAction.${action}`) ? t(`historyAction.${action}`) : t('historyAction.other')) : ''),
  qualification: (type: string | null | undefined, label?: string | null): string => (type && te(`qualification.${type}`) ? t(`qualification.${type}`) : label ? pick(label) : t('unknown')),
  area: (a: string): string => t(`area_${a}`),
  /** a unit's institution type (检验机构 / Inspection …) */
  institutionType: (type: string | null | undefined): string => pick(institutionTypeLabel(type)),
  /** a text the server sends in both languages */
  text: (s: string | null | undefined): string => pick(s),
};
