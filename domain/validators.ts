/**
 * Domain validators: pure functions, no I/O. USCC (GB 32100-2015, with the GB 11714
 * organisation-code check inside it), the 9-character organisation code on its own, resident ID
 * numbers (GB 11643-1999), mobiles, postcodes, e-mail, and masking of personal data. MESSAGES holds each rule's message, zh-CN first.
 */

export const MESSAGES = {
  required: '此项为必填项 / This field is required',
  uscc: '统一社会信用代码校验位错误 / USCC check character is wrong',
  orgCode: '组织机构代码校验位错误 / Organisation code check character is wrong',
  unitCode: '请输入 18 位统一社会信用代码或 9 位组织机构代码（字母大写） / Enter the 18-character USCC or the 9-character organisation code (capital letters)',
  idNumber: '身份证号码无效 / The ID number is not valid',
  mobile: '手机号码格式不正确 / Mobile number is not valid',
  postcode: '邮政编码应为 6 位数字 / Postcode must be 6 digits',
  email: '电子邮箱格式不正确 / E-mail address is not valid',
  adminDivision: '行政区划代码无效或不匹配 / Administrative division code is not valid or does not match',
  phone: '电话号码格式不正确 / Phone number is not valid',
  login: '登录帐号为 4–64 位字母、数字或 _.@- / Login: 4–64 letters, digits or _.@-',
  password: '密码 8–64 位，须含字母和数字 / Password: 8–64 characters with letters and digits',
} as const;

/** A landline or mobile number as people write it: digits, +, - and spaces. */
export const isValidPhone = (p: unknown): p is string => typeof p === 'string' && /^[0-9+\- ]{7,20}$/.test(p);

export const isValidLogin = (l: unknown): l is string => typeof l === 'string' && /^[A-Za-z0-9_.@-]{4,64}$/.test(l);

/** The one password policy: 8–64 characters with letters and digits. */
export const isValidPassword = (p: unknown): p is string =>
  typeof p === 'string' && p.length >= 8 && p.length <= 64 && /[A-Za-z]/.test(p) && /[0-9]/.test(p);

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The 18th character of a USCC, from its first 17. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new Error(`"${first17[i]}" is not a USCC character`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The 9th character of an organisation code (GB 11714), from its first 8. */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_CHARSET.indexOf(first8[i]);
    if (v < 0) throw new Error(`"${first8[i]}" is not an organisation-code character`);
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A 9-character organisation code (GB 11714): 8 digits or capital letters and its check character (0–9 or X). */
export function isValidOrgCode(code: string): boolean {
  if (typeof code !== 'string' || !/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  return orgCodeCheckChar(code.slice(0, 8)) === code[8];
}

export function isValidUscc(code: string): boolean {
  if (typeof code !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return false;
  // Chars 9–17 are the organisation code; its own check digit must hold too.
  return isValidOrgCode(code.slice(8, 17));
}

/**
 * Where a unit may give either (统一社会信用代码/组织机构代码): the message for an 18-character USCC
 * or a 9-character organisation code that fails, null when it is valid.
 */
export function unitCodeError(code: string): string | null {
  if (typeof code === 'string' && code.length === 18) return isValidUscc(code) ? null : /^[0-9A-Z]{18}$/.test(code) ? MESSAGES.uscc : MESSAGES.unitCode;
  if (typeof code === 'string' && code.length === 9) return isValidOrgCode(code) ? null : /^[0-9A-Z]{8}[0-9X]$/.test(code) ? MESSAGES.orgCode : MESSAGES.unitCode;
  return MESSAGES.unitCode;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidIdNumber(id: string, today = new Date()): boolean {
  if (typeof id !== 'string' || !/^[1-9][0-9]{16}[0-9Xx]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime()) return false;
  return idCheckChar(id.slice(0, 17)) === id[17].toUpperCase();
}

export const isValidMobile = (m: string): boolean => typeof m === 'string' && /^1[3-9][0-9]{9}$/.test(m);

export const isValidPostcode = (p: string): boolean => typeof p === 'string' && /^[0-9]{6}$/.test(p);

export function isValidEmail(e: string): boolean {
  return (
    typeof e === 'string' &&
    e.length <= 254 &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(e) &&
    !/\.\./.test(e)
  );
}

/** 110101********1234 */
/** The region (first 6) and the check character stay; the birth date and the sequence are hidden. */
export const maskIdNumber = (id: string): string => (id.length > 10 ? id.slice(0, 6) + '*'.repeat(id.length - 7) + id.slice(-1) : '****');

/** 138****5678 */
export const maskMobile = (m: string): string => (m.length === 11 ? `${m.slice(0, 3)}****${m.slice(7)}` : '****');
