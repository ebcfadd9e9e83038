/**
 * The unit registration body (PROCESSES.md §A, the 4-step wizard) and its validation: a JSON
 * schema checked by ajv, our domain formats (USCC, mobile, postcode, e-mail), and the cross-field
 * rules. The API and the validation worker both call validateRegistration: one set of rules.
 */
import { isValidDivisionPath } from '../admin-divisions';
import { fileRef } from '../formio';
import { createAjv, fieldErrorsOf, FieldErrors } from '../schema';
import { MESSAGES } from '../validators';
import { INSTITUTION_TYPES, UNIT_QUALIFICATION_TYPES, type InstitutionType, type UnitQualificationType } from './ids';


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
    institutionType: InstitutionType;
    level?: string;
    industry?: string;
    businessLicenceFileId?: string;
    businessLicence?: Array<Record<string, unknown>>;
  };
  /** The unit's qualifications (step 3), recorded as its unit qualifications when the unit is activated. */
  qualifications?: RegistrationQualification[];
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

export interface RegistrationQualification {
  qualificationType: UnitQualificationType;
  certificateNo: string;
  issueDate: string;
  expiryDate: string;
  issuer: string;
  /** the certificate image as the Form.io file component submits it (stored as [{ id, name }]) */
  certificate?: Array<Record<string, unknown>>;
  /** a free-text name: what registrations stored before the type was picked from the list hold instead of a type */
  name?: string;
}

const QUALIFICATION_TYPE_MESSAGE = '请选择资质类型 / Choose a qualification type';
const FILE_MESSAGE = '请上传文件 / Upload the file first';

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
        required: ['qualificationType', 'certificateNo', 'issueDate', 'expiryDate', 'issuer'],
        properties: {
          qualificationType: { type: 'string', enum: UNIT_QUALIFICATION_TYPES, message: QUALIFICATION_TYPE_MESSAGE },
          certificateNo: text(2, 60),
          issueDate: { type: 'string', format: 'date' },
          expiryDate: { type: 'string', format: 'date' },
          issuer: text(2, 100),
          certificate: { type: 'array', maxItems: 1, items: { type: 'object' }, message: FILE_MESSAGE },
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

const FIELD_MESSAGES: Record<string, string> = {
  'unit.province': MESSAGES.adminDivision,
  'unit.city': MESSAGES.adminDivision,
  'unit.district': MESSAGES.adminDivision,
};

/**
 * The stored form has no password (it is kept only as a hash), so the worker re-validates it
 * against the same schema less the two password fields. A qualification stored before the type
 * was picked from the list has a free-text name instead: still readable (activation records
 * only the typed ones).
 */
function storedSchema(): object {
  const copy = JSON.parse(JSON.stringify(registrationSchema));
  const contact = copy.properties.contact;
  contact.required = contact.required.filter((f: string) => !f.startsWith('password'));
  delete contact.properties.password;
  delete contact.properties.passwordConfirm;
  const qualification = copy.properties.qualifications.items;
  qualification.required = qualification.required.filter((f: string) => f !== 'qualificationType');
  qualification.properties.name = text(2, 100);
  return { ...copy, $id: 'unit-registration-stored' };
}

const ajv = createAjv();
const validators = {
  submit: ajv.compile<RegistrationInput>(registrationSchema),
  stored: ajv.compile<RegistrationInput>(storedSchema()),
};

export type { FieldErrors };

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

/**
 * A form resubmitted from a registration stored before the type was picked from the list may
 * still carry the old free-text name beside the type now chosen: the name is dropped (a row
 * with a name and no type is then reported as a missing type).
 */
function withoutLegacyNames(body: unknown): unknown {
  const b = body as { qualifications?: unknown } | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.qualifications)) return body;
  return { ...b, qualifications: b.qualifications.map((q) => (q && typeof q === 'object' && !Array.isArray(q) ? (({ name: _n, ...rest }) => rest)(q as Record<string, unknown>) : q)) };
}

/** Validates a registration body. Returns the typed input, or the field errors (all at once). */
export function validateRegistration(
  raw: unknown,
  mode: 'submit' | 'stored' = 'submit',
): { ok: true; value: RegistrationInput } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const body = mode === 'submit' ? withoutLegacyNames(pruneEmpty(raw)) : pruneEmpty(raw);
  const validateSchema = validators[mode];
  if (!validateSchema(body)) Object.assign(fields, fieldErrorsOf(validateSchema.errors, FIELD_MESSAGES));
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
    if (q && Array.isArray(q.certificate) && q.certificate.some((f) => !fileRef(f))) fields[`qualifications.${i}.certificate`] ??= FILE_MESSAGE;
  });
  return Object.keys(fields).length === 0 ? { ok: true, value: body as RegistrationInput } : { ok: false, fields };
}
