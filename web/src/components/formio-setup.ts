/**
 * Form.io, loaded on demand (its own chunk), with nothing from a CDN: the date picker (flatpickr)
 * is bundled and handed to Form.io as the global it looks for; the builder's code editor (ace) is
 * bundled the same way by `loadFormioBuilder`. Its strings come from the catalogues
 * (formio.zh-CN.json, formio.en.json).
 */
import formioZh from '../i18n/formio.zh-CN.json';
import formioEn from '../i18n/formio.en.json';
import { jsonLogic } from '@formio/core/utils';
import { uploadFile } from '../api/client';
import { FORMATS } from '../../../domain/validators';

type FormioModule = typeof import('@formio/js');
let loading: Promise<FormioModule> | null = null;

export function loadFormio(): Promise<FormioModule> {
  loading ??= (async () => {
    const [{ default: flatpickr }, formio] = await Promise.all([import('flatpickr'), import('@formio/js'), import('flatpickr/dist/flatpickr.min.css'), import('@formio/js/dist/formio.form.min.css'), import('./formio-element.css')]);
    (window as unknown as { flatpickr: unknown }).flatpickr = flatpickr;
    // anything else Form.io would fetch from its CDN goes nowhere instead of to a third party
    formio.Formio.cdn.setBaseUrl('/vendor/formio-cdn-disabled');
    // the forms' date rules are JSON Logic: days from today (Beijing) to a YYYY-MM-DD date
    jsonLogic.add_operation('pfDaysAfterToday', daysAfterToday);
    // a field's domain format (properties.format): the server's own rule, see form-schema.ts domainFormats
    jsonLogic.add_operation('pfValid', hasFormat);
    return formio;
  })();
  return loading;
}

/** Whole days from today in Beijing to a YYYY-MM-DD date (null for anything else). */
export function daysAfterToday(date: unknown): number | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** An empty value, or a value of the named domain format (the rules the server applies). */
export function hasFormat(format: unknown, value: unknown): boolean {
  const f = typeof format === 'string' ? FORMATS[format] : undefined;
  if (!f || value === null || value === undefined || value === '') return true;
  return typeof value === 'string' && f.test(value);
}

/** The builder (admin form editor) with ace bundled instead of fetched from the CDN. */
export async function loadFormioBuilder(): Promise<FormioModule> {
  const formio = await loadFormio();
  const ace = await import('ace-builds');
  await Promise.all([import('ace-builds/src-noconflict/mode-javascript'), import('ace-builds/src-noconflict/mode-json'), import('ace-builds/src-noconflict/theme-xcode')]);
  (window as unknown as { ace: unknown }).ace = ace.default ?? ace;
  await import('@formio/js/dist/formio.builder.min.css');
  return formio;
}

export const FORMIO_I18N = { 'zh-CN': formioZh, en: formioEn };

/** Form.io file uploads go through the API with the session's CSRF token. */
export const fileService = {
  async uploadFile(_storage: string, file: File, fileName?: string) {
    const data = await uploadFile(file, fileName || file.name);
    return { storage: 'url', name: data.id, originalName: data.name, url: data.url, size: data.size, type: data.type, data };
  },
  async downloadFile(file: unknown) {
    return file;
  },
  async deleteFile() {
    return undefined;
  },
};
