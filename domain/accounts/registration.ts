/**
 * The unit registration body (PROCESSES.md §A, the 4-step wizard) and its validation: a JSON
 * schema checked by ajv, our domain formats (USCC, mobile, postcode, e-mail), and the cross-field
 * rules. The API and the validation worker both call validateRegistration: one set of rules.
 */
import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { isValidDivisionPath } from '../admin-divisions';
import { isValidEmail, isValidLogin, isValidMobile, isValidPassword, isValidPhone, isValidPostcode, isValidUscc, MESSAGES } from '../validators';

export const INSTITUTION_TYPES = ['inspection', 'testing', 'type-test', 'appraisal', 'manufacturer', 'operator', 'other'] as const;

export interface RegistrationInput {
  unit: {
    name: string;
    uscc: string;
    legalRepresentative: string;
    province: string;
    city: string;
    district: string;
    address: string;
    postcode: string;
    phone: string;
  };
  certification: {
    institutionType: (typeof INSTITUTION_TYPES)[number];
    level?: string;
    industry?: string;
    businessLicenceFileId?: string;
    businessLicence?: Array<Record<string, unknown>>;
  };
  qualifications?: Array<{ name: string; certificateNo: string; issueDate: string; expiryDate: string; issuer: string }>;
  contact: {
    name: string;
    email: string;
    mobile: string;
    title?: string;
    login?: string;
    password: string;
    passwordConfirm: string;
  };
}

const text = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max });
const code6 = { type: 'string', pattern: '^[0-9]{6}$' };

export const registrationSchema = {
  $id: 'unit-registration',
  type: 'object',
  additionalProperties: false,
  required: ['unit', 'certification', 'contact'],
  properties: {
    unit: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'uscc', 'legalRepresentative', 'province', 'city', 'district', 'address', 'postcode', 'phone'],
      properties: {
        name: text(2, 100),
        uscc: { type: 'string', format: 'uscc' },
        legalRepresentative: text(2, 50),
        province: code6,
        city: code6,
        district: code6,
        address: text(5, 200),
        postcode: { type: 'string', format: 'cn-postcode' },
        phone: { type: 'string', format: 'pf-phone' },
      },
    },
    certification: {
      type: 'object',
      additionalProperties: false,
      required: ['institutionType'],
      properties: {
        institutionType: { type: 'string', enum: INSTITUTION_TYPES },
        level: text(0, 50),
        industry: text(0, 100),
        businessLicenceFileId: { type: 'string', format: 'uuid' },
        // as the Form.io file component submits it: [{ data: { id } }] or [{ id }]
        businessLicence: { type: 'array', maxItems: 1, items: { type: 'object' } },
      },
    },
    qualifications: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'certificateNo', 'issueDate', 'expiryDate', 'issuer'],
        properties: {
          name: text(2, 100),
          certificateNo: text(2, 60),
          issueDate: { type: 'string', format: 'date' },
          expiryDate: { type: 'string', format: 'date' },
          issuer: text(2, 100),
        },
      },
    },
    contact: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email', 'mobile', 'password', 'passwordConfirm'],
      properties: {
        name: text(2, 50),
        email: { type: 'string', format: 'pf-email' },
        mobile: { type: 'string', format: 'cn-mobile' },
        title: text(0, 100),
        login: { type: 'string', format: 'pf-login' },
        password: { type: 'string', format: 'pf-password' },
        passwordConfirm: { type: 'string' },
      },
    },
  },
} as const;

const FORMAT_MESSAGES: Record<string, string> = {
  uscc: MESSAGES.uscc,
  'cn-mobile': MESSAGES.mobile,
  'cn-postcode': MESSAGES.postcode,
  'pf-email': MESSAGES.email,
  'pf-phone': MESSAGES.phone,
  'pf-login': MESSAGES.login,
  'pf-password': MESSAGES.password,
  date: '日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD',
  uuid: '文件编号无效 / Not a valid file id',
};

const FIELD_MESSAGES: Record<string, string> = {
  'unit.province': MESSAGES.adminDivision,
  'unit.city': MESSAGES.adminDivision,
  'unit.district': MESSAGES.adminDivision,
};

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv, ['date', 'uuid']);
  ajv.addFormat('uscc', { type: 'string', validate: isValidUscc });
  ajv.addFormat('cn-mobile', { type: 'string', validate: isValidMobile });
  ajv.addFormat('cn-postcode', { type: 'string', validate: isValidPostcode });
  ajv.addFormat('pf-email', { type: 'string', validate: isValidEmail });
  ajv.addFormat('pf-phone', { type: 'string', validate: isValidPhone });
  ajv.addFormat('pf-login', { type: 'string', validate: isValidLogin });
  ajv.addFormat('pf-password', { type: 'string', validate: isValidPassword });
  return ajv;
}

/**
 * The stored form has no password (it is kept only as a hash), so the worker re-validates it
 * against the same schema less the two password fields.
 */
function storedSchema(): object {
  const copy = JSON.parse(JSON.stringify(registrationSchema));
  const contact = copy.properties.contact;
  contact.required = contact.required.filter((f: string) => !f.startsWith('password'));
  delete contact.properties.password;
  delete contact.properties.passwordConfirm;
  return { ...copy, $id: 'unit-registration-stored' };
}

const ajv = createAjv();
const validators = {
  submit: ajv.compile<RegistrationInput>(registrationSchema),
  stored: ajv.compile<RegistrationInput>(storedSchema()),
};

/** Field path (a.b.0.c) → message (zh-CN / English). Empty when the body is valid. */
export type FieldErrors = Record<string, string>;

function pathOf(err: ErrorObject): string {
  const base = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return base ? `${base}.${missing}` : missing;
  }
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return base ? `${base}.${extra}` : extra;
  }
  return base || '(body)';
}

function messageOf(err: ErrorObject, path: string): string {
  switch (err.keyword) {
    case 'required':
      return MESSAGES.required;
    case 'additionalProperties':
      return '不允许的字段 / Unknown field';
    case 'format':
      return FORMAT_MESSAGES[(err.params as { format: string }).format] ?? '格式不正确 / Invalid format';
    case 'minLength':
      return FIELD_MESSAGES[path] ?? `至少 ${(err.params as { limit: number }).limit} 个字符 / At least ${(err.params as { limit: number }).limit} characters`;
    case 'maxLength':
      return FIELD_MESSAGES[path] ?? `最多 ${(err.params as { limit: number }).limit} 个字符 / At most ${(err.params as { limit: number }).limit} characters`;
    case 'enum':
      return `取值必须是 ${(err.params as { allowedValues: string[] }).allowedValues.join(', ')} 之一 / Must be one of the listed values`;
    case 'type':
      return `类型应为 ${(err.params as { type: string }).type} / Must be a ${(err.params as { type: string }).type}`;
    default:
      return FIELD_MESSAGES[path] ?? '取值无效 / Invalid value';
  }
}

/** Validates a registration body. Returns the typed input, or the field errors (all at once). */
/**
 * Form renderers send untouched optional fields as "" and an untouched data grid as one empty
 * row: those count as absent. (A required field sent as "" is then reported as missing.)
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(pruneEmpty).filter((v) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === '' || v === null || v === undefined) continue;
      const pruned = pruneEmpty(v);
      if (Array.isArray(pruned) && pruned.length === 0) continue;
      out[k] = pruned;
    }
    return out;
  }
  return value;
}

export function validateRegistration(
  raw: unknown,
  mode: 'submit' | 'stored' = 'submit',
): { ok: true; value: RegistrationInput } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const body = pruneEmpty(raw);
  const validateSchema = validators[mode];
  if (!validateSchema(body)) {
    for (const err of validateSchema.errors ?? []) {
      const path = pathOf(err);
      fields[path] ??= messageOf(err, path);
    }
  }
  const b = body as Partial<RegistrationInput> | null;
  const unit = b?.unit;
  if (unit && typeof unit.province === 'string' && typeof unit.city === 'string' && typeof unit.district === 'string') {
    if (!fields['unit.district'] && !isValidDivisionPath(unit.province, unit.city, unit.district)) {
      fields['unit.district'] = MESSAGES.adminDivision;
    }
  }
  const contact = b?.contact;
  if (mode === 'submit' && contact && typeof contact.password === 'string' && contact.password !== contact.passwordConfirm) {
    fields['contact.passwordConfirm'] = '两次输入的密码不一致 / The passwords do not match';
  }
  // the schema has already reported a qualifications value that is not a list
  (Array.isArray(b?.qualifications) ? b!.qualifications! : []).forEach((q, i) => {
    if (q && typeof q.issueDate === 'string' && typeof q.expiryDate === 'string' && q.expiryDate < q.issueDate) {
      fields[`qualifications.${i}.expiryDate`] ??= '有效期止不能早于发证日期 / Expiry must not be before the issue date';
    }
  });
  return Object.keys(fields).length === 0 ? { ok: true, value: body as RegistrationInput } : { ok: false, fields };
}
