/**
 * Self-registration for special-equipment licensing (个人注册 / 企业注册): the fields each kind
 * asks for and their rules, pure. The account is confirmed by an SMS code to the mobile given and
 * exists at once (no review): a person's account applies for an inspector qualification, an
 * enterprise's main account for a production licence. An enterprise gives its 18-character USCC or,
 * where it has none, its 9-character organisation code (GB 11714).
 */
import { isValidDivisionPath } from '../admin-divisions';
import { FieldErrors, PASSWORDS_DIFFER } from '../schema';
import { isValidEmail, isValidIdNumber, isValidLogin, isValidMobile, isValidPassword, MESSAGES, unitCodeError } from '../validators';

/** 法人/其他组织类型 */
export const ENTITY_KINDS = ['legal', 'non-legal'] as const;
/** 企业类型: the nearest kind is enough (the manual's words). */
export const ENTERPRISE_TYPES = ['limited', 'joint-stock', 'state-owned', 'collective', 'private', 'partnership', 'sole-proprietorship', 'foreign-invested', 'other'] as const;

export const SIGNUP_KIND = { person: 'person', enterprise: 'enterprise' } as const;
export type SignupKind = (typeof SIGNUP_KIND)[keyof typeof SIGNUP_KIND];

interface Common {
  login: string;
  password: string;
  passwordConfirm: string;
  mobile: string;
  email?: string;
  code: string;
}
export interface PersonSignup extends Common {
  name: string;
  idNumber: string;
}
export interface EnterpriseSignup extends Common {
  entityKind: (typeof ENTITY_KINDS)[number];
  name: string;
  enterpriseType: (typeof ENTERPRISE_TYPES)[number];
  /** the USCC (18) or the organisation code (9) */
  unitCode: string;
  province: string;
  city: string;
  district: string;
  address: string;
  contactName: string;
  contactIdNumber?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const text = (v: unknown, max: number, field: string, label: string, errors: FieldErrors, required = true) => {
  const s = str(v);
  if (!s && required) errors[field] = `请填写${label} / This field is required`;
  else if (s.length > max) errors[field] = `${label}最多 ${max} 个字符 / At most ${max} characters`;
  return s;
};

function common(b: Record<string, unknown>, errors: FieldErrors): Common {
  const login = str(b.login);
  if (!isValidLogin(login)) errors.login = MESSAGES.login;
  const password = typeof b.password === 'string' ? b.password : '';
  if (!isValidPassword(password)) errors.password = MESSAGES.password;
  else if (b.passwordConfirm !== password) errors.passwordConfirm = PASSWORDS_DIFFER;
  const mobile = str(b.mobile);
  if (!isValidMobile(mobile)) errors.mobile = MESSAGES.mobile;
  const email = str(b.email);
  if (email && !isValidEmail(email)) errors.email = MESSAGES.email;
  const code = str(b.code);
  if (!/^[0-9]{6}$/.test(code)) errors.code = '请输入 6 位短信验证码 / Enter the 6-digit SMS code';
  return { login, password, passwordConfirm: password, mobile, email: email || undefined, code };
}

/** The person's sign-up, trimmed, with every field error at once. */
export function checkPersonSignup(b: Record<string, unknown>): { value: PersonSignup; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const c = common(b, errors);
  const name = text(b.name, 40, 'name', '姓名', errors);
  const idNumber = str(b.idNumber).toUpperCase();
  if (!isValidIdNumber(idNumber)) errors.idNumber = MESSAGES.idNumber;
  return { value: { ...c, name, idNumber }, errors };
}

/** The enterprise's sign-up, trimmed (the unit code in capitals), with every field error at once. */
export function checkEnterpriseSignup(b: Record<string, unknown>): { value: EnterpriseSignup; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const c = common(b, errors);
  const entityKind = str(b.entityKind) as EnterpriseSignup['entityKind'];
  if (!ENTITY_KINDS.includes(entityKind)) errors.entityKind = '请选择法人企业或非法人企业 / Choose a legal-person or a non-legal-person enterprise';
  const name = text(b.name, 200, 'name', '企业名称', errors);
  const enterpriseType = str(b.enterpriseType) as EnterpriseSignup['enterpriseType'];
  if (!ENTERPRISE_TYPES.includes(enterpriseType)) errors.enterpriseType = '请选择企业类型 / Choose the enterprise type';
  const unitCode = str(b.unitCode).toUpperCase();
  const codeError = unitCodeError(unitCode);
  if (codeError) errors.unitCode = codeError;
  const [province, city, district] = [str(b.province), str(b.city), str(b.district)];
  if (!isValidDivisionPath(province, city, district)) errors.province = '请选择所在地（省、市、区县） / Choose the province, city and district';
  const address = text(b.address, 300, 'address', '详细地址', errors);
  const contactName = text(b.contactName, 40, 'contactName', '联系人', errors);
  const contactIdNumber = str(b.contactIdNumber).toUpperCase();
  if (contactIdNumber && !isValidIdNumber(contactIdNumber)) errors.contactIdNumber = MESSAGES.idNumber;
  return {
    value: { ...c, entityKind, name, enterpriseType, unitCode, province, city, district, address, contactName, contactIdNumber: contactIdNumber || undefined },
    errors,
  };
}
