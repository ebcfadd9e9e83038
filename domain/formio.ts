/**
 * Server-side validation of a Form.io submission against the same form JSON the browser renders:
 * required, pattern, minLength/maxLength, min/max, select/radio/selectboxes values, e-mail,
 * simple conditionals (show when another field equals a value), nested keys (a.b) and data grids.
 * Hidden fields are neither required nor kept. Returns field errors keyed by the component key.
 */
import { FORMATS, isValidEmail } from './validators';

export interface FormComponent {
  type: string;
  key: string;
  label?: string;
  input?: boolean;
  validate?: { required?: boolean; pattern?: string; minLength?: number; maxLength?: number; min?: number; max?: number; customMessage?: string };
  values?: Array<{ value: string }>;
  data?: { values?: Array<{ value: string }> };
  conditional?: { show?: boolean | string; when?: string; eq?: string };
  components?: FormComponent[];
  multiple?: boolean;
  /** properties.format: a domain format (domain/validators.ts FORMATS) the value must have */
  properties?: Record<string, string>;
}

export interface FormDefinition {
  components: FormComponent[];
}

const REQUIRED = '此项为必填项 / This field is required';

function get(data: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Whether a component is shown for this data (its simple conditional). */
export function visible(c: FormComponent, data: unknown): boolean {
  const cond = c.conditional;
  if (!cond || !cond.when) return true;
  const show = cond.show === true || cond.show === 'true';
  const matches = String(get(data, cond.when) ?? '') === String(cond.eq ?? '');
  return matches ? show : !show;
}

function allowedValues(c: FormComponent): string[] | undefined {
  if (c.type === 'radio' || c.type === 'selectboxes') return (c.values ?? []).map((v) => String(v.value));
  if (c.type === 'select') return (c.data?.values ?? c.values ?? []).map((v) => String(v.value));
  return undefined;
}

function checkValue(c: FormComponent, value: unknown): string | undefined {
  const v = c.validate ?? {};
  const msg = (fallback: string) => v.customMessage || fallback;
  if (isEmpty(value)) return v.required ? REQUIRED : undefined;
  // spaces alone answer nothing (an opinion of blanks is no opinion)
  if (v.required && typeof value === 'string' && !value.trim()) return REQUIRED;
  const allowed = allowedValues(c);
  if (allowed) {
    const values = c.type === 'selectboxes' ? Object.entries(value as Record<string, boolean>).filter(([, on]) => on).map(([k]) => k) : c.multiple ? (value as unknown[]) : [value];
    if (!Array.isArray(values) || values.some((x) => !allowed.includes(String(x)))) return '取值不在可选范围内 / Not one of the allowed values';
    if (c.type === 'selectboxes' && v.required && values.length === 0) return REQUIRED;
    return undefined;
  }
  if (c.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '应为数字 / Must be a number';
    if (v.min !== undefined && value < v.min) return msg(`不能小于 ${v.min} / Must be at least ${v.min}`);
    if (v.max !== undefined && value > v.max) return msg(`不能大于 ${v.max} / Must be at most ${v.max}`);
    return undefined;
  }
  if (c.type === 'checkbox') return typeof value === 'boolean' ? (v.required && !value ? REQUIRED : undefined) : '应为是或否 / Must be true or false';
  if (c.type === 'file') {
    const files = Array.isArray(value) ? value : [value];
    return files.every((f) => fileRef(f)) ? undefined : '请上传文件 / Upload the file first';
  }
  if (typeof value !== 'string') return '应为文本 / Must be text';
  if (v.minLength !== undefined && value.length < v.minLength) return msg(`至少 ${v.minLength} 个字符 / At least ${v.minLength} characters`);
  if (v.maxLength !== undefined && value.length > v.maxLength) return msg(`最多 ${v.maxLength} 个字符 / At most ${v.maxLength} characters`);
  if (v.pattern && !new RegExp(`^(?:${v.pattern})$`).test(value)) return msg('格式不正确 / Invalid format');
  if (c.type === 'email' && !isValidEmail(value)) return msg('电子邮箱格式不正确 / E-mail address is not valid');
  const format = c.properties?.format ? FORMATS[c.properties.format] : undefined;
  if (format && !format.test(value)) return msg(format.message);
  return undefined;
}

/** A file value as Form.io keeps it ({ data: { id } } for url storage) or as we store it ({ id }). */
export function fileRef(f: unknown): { id: string; name: string } | undefined {
  if (!f || typeof f !== 'object') return undefined;
  const o = f as { id?: unknown; name?: unknown; originalName?: unknown; data?: { id?: unknown; name?: unknown } };
  const id = typeof o.id === 'string' ? o.id : typeof o.data?.id === 'string' ? o.data.id : undefined;
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const name = String(o.originalName ?? o.name ?? o.data?.name ?? 'file');
  return { id, name };
}

/** Layout components hold others without holding a value of their own. */
const LAYOUT = new Set(['panel', 'fieldset', 'columns', 'well', 'tabs', 'container-layout', 'htmlelement', 'content', 'button']);

export function validateSubmission(form: FormDefinition, data: unknown): { errors: Record<string, string>; values: Record<string, unknown> } {
  const errors: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const walk = (components: FormComponent[], scope: unknown, prefix: string) => {
    for (const c of components) {
      if (!visible(c, scope)) continue;
      if (c.type === 'datagrid') {
        const rows = get(scope, c.key);
        if (isEmpty(rows)) {
          if (c.validate?.required) errors[prefix + c.key] = REQUIRED;
          continue;
        }
        if (!Array.isArray(rows)) {
          errors[prefix + c.key] = '应为列表 / Must be a list';
          continue;
        }
        const kept: unknown[] = [];
        rows.forEach((row, i) => {
          const rowValues: Record<string, unknown> = {};
          for (const inner of c.components ?? []) {
            const e = checkValue(inner, get(row, inner.key));
            if (e) errors[`${prefix}${c.key}.${i}.${inner.key}`] = e;
            else if (!isEmpty(get(row, inner.key))) rowValues[inner.key] = get(row, inner.key);
          }
          kept.push(rowValues);
        });
        values[prefix + c.key] = kept;
        continue;
      }
      if (LAYOUT.has(c.type) || !c.input) {
        if (c.components) walk(c.components, scope, prefix);
        continue;
      }
      const value = get(scope, c.key);
      const e = checkValue(c, value);
      if (e) errors[prefix + c.key] = e;
      else if (!isEmpty(value)) {
        values[prefix + c.key] = c.type === 'file' ? (Array.isArray(value) ? value : [value]).map((f) => fileRef(f)!) : value;
      }
    }
  };
  walk(form.components, data, '');
  return { errors, values };
}
