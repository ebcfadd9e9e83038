/**
 * One home for JSON-schema validation (ajv): the domain formats (USCC, mobile, postcode, e-mail,
 * phone, login, password), the shared schemas (Uuid, Code6, …) and the mapping of ajv errors to
 * the API's field errors { "a.b.0.c": "中文 / English" }. A schema node may carry `message`: the
 * field's own message, used for any error at that node.
 */
import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { FORMATS, MESSAGES } from './validators';

export type Schema = Record<string, unknown>;
/** Field path (a.b.0.c) → message (zh-CN / English). Empty when the value is valid. */
export type FieldErrors = Record<string, string>;

export function createAjv(opts: { coerceTypes?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, coerceTypes: opts.coerceTypes ?? false });
  addFormats(ajv, ['date', 'date-time', 'uuid']);
  // the domain formats, the same rules the forms name in properties.format
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: f.test });
  // a date or date-time as JavaScript reads it (the inbox's dueBefore)
  ajv.addFormat('pf-date', { type: 'string', validate: (s: string) => !Number.isNaN(new Date(s).getTime()) });
  // a field's own message (zh-CN / English), and OpenAPI's description
  ajv.addVocabulary(['message']);
  return ajv;
}

export const FORMAT_MESSAGES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, f.message])),
  date: '日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD',
  'date-time': '日期格式不正确 / Not a date',
  uuid: '文件编号无效 / Not a valid file id',
};

function pathOf(err: ErrorObject): string {
  const base = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = err.keyword === 'required' ? (err.params as { missingProperty: string }).missingProperty : err.keyword === 'additionalProperties' ? (err.params as { additionalProperty: string }).additionalProperty : undefined;
  if (child !== undefined) return base ? `${base}.${child}` : child;
  return base || '(body)';
}

function messageOf(err: ErrorObject, path: string, fieldMessages: Record<string, string>): string {
  const own = (err.parentSchema as { message?: string } | undefined)?.message;
  const limit = (err.params as { limit?: number }).limit;
  switch (err.keyword) {
    case 'required': {
      // the missing property's own message, if it has one
      const missing = (err.params as { missingProperty: string }).missingProperty;
      const props = (err.parentSchema as { properties?: Record<string, { message?: string }> } | undefined)?.properties;
      return props?.[missing]?.message ?? MESSAGES.required;
    }
    case 'additionalProperties':
      return '不允许的字段 / Unknown field';
    case 'format':
      return own ?? FORMAT_MESSAGES[(err.params as { format: string }).format] ?? '格式不正确 / Invalid format';
    case 'minLength':
      return own ?? fieldMessages[path] ?? `至少 ${limit} 个字符 / At least ${limit} characters`;
    case 'maxLength':
      return own ?? fieldMessages[path] ?? `最多 ${limit} 个字符 / At most ${limit} characters`;
    case 'enum':
      return own ?? `取值必须是 ${(err.params as { allowedValues: string[] }).allowedValues.join(', ')} 之一 / Must be one of the listed values`;
    case 'type':
      return own ?? `类型应为 ${(err.params as { type: string }).type} / Must be a ${(err.params as { type: string }).type}`;
    default:
      return own ?? fieldMessages[path] ?? '取值无效 / Invalid value';
  }
}

/** ajv's errors as field errors: the first message per field. */
export function fieldErrorsOf(errors: ErrorObject[] | null | undefined, fieldMessages: Record<string, string> = {}): FieldErrors {
  const fields: FieldErrors = {};
  for (const err of errors ?? []) {
    const path = pathOf(err);
    fields[path] ??= messageOf(err, path, fieldMessages);
  }
  return fields;
}

// ---- shared schemas (one home each) ----
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A row id (PostgreSQL uuid), lower-case as PostgreSQL writes it. */
export const Uuid = { type: 'string', format: 'uuid', pattern: UUID.source } as const;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
/** A numeric engine key (user task, process instance, incident). */
export const EngineKey = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;
export const Code6 = { type: 'string', pattern: '^[0-9]{6}$', message: '验证码为 6 位数字 / The code has 6 digits' } as const;
export const Mobile = { type: 'string', format: 'cn-mobile' } as const;
export const Uscc = { type: 'string', format: 'uscc' } as const;
export const Password = { type: 'string', format: 'pf-password' } as const;
export const Phone = { type: 'string', format: 'pf-phone' } as const;
export const Email = { type: 'string', format: 'pf-email' } as const;
export const Login = { type: 'string', format: 'pf-login' } as const;
/** A resident ID number (GB 11643), spaces around and a lower-case x allowed. */
export const IdNumber = { type: 'string', format: 'cn-id-number', message: MESSAGES.idNumber } as const;
/** Text with at least one character that is not a space. */
export const NonBlank = { type: 'string', pattern: '\\S', message: MESSAGES.required } as const;
/** Text of at least `min` (≥ 2) characters once trimmed. */
export const trimmedText = (min: number, message: string) => ({ type: 'string', pattern: `\\S[\\s\\S]{${min - 2},}\\S`, message });
/** Any JSON object (form values, a draft). */
export const AnyObject = { type: 'object' } as const;
/** { data: { … } }: a form submission. */
export const FormSubmission = { type: 'object', properties: { data: AnyObject } } as const;
export const PASSWORDS_DIFFER = '两次输入的密码不一致 / The passwords do not match';
