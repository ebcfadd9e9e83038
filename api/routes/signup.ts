/**
 * Self-registration for special-equipment licensing (个人注册 / 企业注册): an SMS code to the mobile,
 * then the account, which can sign in at once. The code is one of the mobile codes (db/mobile-codes):
 * the mobile's day of codes is shared with every code kind, and a mobile gets at most
 * SIGNUP_CODES_PER_DAY sign-up codes a day; a code lives 10 minutes and allows 5 tries.
 * Field rules first (422, every field at once), then who is already registered (409), then the code.
 */
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import type { SmsProvider } from '../../core/sms';
import { checkEnterpriseSignup, checkPersonSignup, ENTERPRISE_TYPES, ENTITY_KINDS } from '../../domain/accounts/self-registration';
import { Mobile } from '../../domain/schema';
import type { FieldErrors } from '../../domain/schema';
import { maskMobile } from '../../domain/validators';
import { checkMobileCode, issueMobileCode, MOBILE_CODE_PURPOSES, MOBILE_CODE_TTL_S } from '../../db/mobile-codes';
import { createEnterpriseAccount, createPersonAccount, isUniqueViolation, signupDuplicates } from '../../db/signup';
import { ApiError, tooManyCodes } from '../errors';
import { anyone, declare, RouteDef } from '../route';

type Deps = { db: Db; log: Logger; redis: Redis; sms: SmsProvider; now?: () => Date };

export const SIGNUP_CODE_TTL_S = MOBILE_CODE_TTL_S;
export const SIGNUP_CODES_PER_DAY = MOBILE_CODE_PURPOSES.signup.perDay;

const fieldsInvalid = (fields: FieldErrors) => new ApiError(422, 'VALIDATION_FAILED', '提交的数据有误，请按字段提示修改 / Some fields are invalid', fields);
const taken = (fields: FieldErrors) => new ApiError(409, 'DUPLICATE', '帐号已存在 / Already registered', fields);

/** Strings only: every rule beyond the shape is the handler's (422 by field). */
const shape = (keys: string[]) => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, { type: 'string', maxLength: 400 }])) });
const COMMON = ['login', 'password', 'passwordConfirm', 'mobile', 'email', 'code'];

export function signupRoutes(deps: Deps): RouteDef[] {
  const now = () => deps.now?.() ?? new Date();

  /** Uses up the mobile's code (a wrong or old one is a field error on `code`). */
  async function confirmCode(mobile: string, code: string): Promise<void> {
    const check = await checkMobileCode(deps.redis, 'signup', mobile, mobile, code);
    if (check === 'ok') return;
    if (check === 'too-many') throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; request a new one', { code: '验证码错误次数过多，请重新获取 / Too many wrong codes; request a new one' });
    const message = check === 'expired' ? '验证码已过期或不存在，请重新获取 / The code has expired or was never sent; request a new one' : '短信验证码错误 / The SMS code is wrong';
    throw fieldsInvalid({ code: message });
  }

  /**
   * Either sign-up: the field rules (422), who is already registered (409), the code, then the
   * account; one registered meanwhile (a unique violation) is a 409 on its fields too.
   */
  async function signUp<T>(
    value: { login: string; password: string; mobile: string; code: string },
    errors: FieldErrors,
    keys: { login: string; idNumber?: string; unitCode?: string },
    create: (passwordHash: string) => Promise<T>,
  ): Promise<T> {
    if (Object.keys(errors).length) throw fieldsInvalid(errors);
    const dup = await signupDuplicates(deps.db, keys);
    if (Object.keys(dup).length) throw taken(dup);
    await confirmCode(value.mobile, value.code);
    try {
      return await create(await hashPassword(value.password));
    } catch (err) {
      if (isUniqueViolation(err)) throw taken(await signupDuplicates(deps.db, keys));
      throw err;
    }
  }

  return [
    declare<unknown, unknown, { mobile: string }>({
      method: 'post',
      path: '/api/signup/code',
      summary: `Send a self-registration code by SMS (valid ${SIGNUP_CODE_TTL_S / 60} minutes; ${SIGNUP_CODES_PER_DAY} sign-up codes per mobile a day, within the mobile's day of SMS codes: 429 TOO_MANY_CODES)`,
      allow: [anyone],
      body: { type: 'object', required: ['mobile'], properties: { mobile: { ...Mobile, message: '请输入正确的手机号码 / Enter a valid mobile number' } }, additionalProperties: false },
      responses: { 202: '{ sentTo (masked), expiresInSeconds }' },
      errors: [400, 429],
      status: 202,
      handler: async ({ body: { mobile } }) => {
        const r = await issueMobileCode(deps.redis, deps.sms, { purpose: 'signup', subject: mobile, mobile, now: now() });
        if (!r.sent && r.cap === 'mobile') throw tooManyCodes();
        if (!r.sent) {
          const message = `同一手机号每天最多获取 ${r.perDay} 次注册验证码 / At most ${r.perDay} sign-up codes per mobile a day`;
          throw new ApiError(429, 'TOO_MANY_CODES', message, { mobile: message }, { retryAt: r.retryAt.toISOString() });
        }
        return { sentTo: maskMobile(mobile), expiresInSeconds: SIGNUP_CODE_TTL_S };
      },
    }),
    declare({
      method: 'post',
      path: '/api/signup/person',
      summary: '个人注册: a personal account (name, resident ID number, mobile, login, password) confirmed by the SMS code; it can sign in at once and apply for an inspector qualification',
      allow: [anyone],
      body: shape([...COMMON, 'name', 'idNumber']),
      responses: { 201: '{ login, kind: "person" }' },
      errors: [400, 409, 422, 429],
      status: 201,
      handler: async ({ body }) => {
        const { value, errors } = checkPersonSignup(body as Record<string, unknown>);
        return signUp(value, errors, { login: value.login, idNumber: value.idNumber }, async (hash) => {
          const account = await createPersonAccount(deps.db, value, hash);
          deps.log.info('person signed up', { accountId: account.id });
          return { login: account.login, kind: 'person' };
        });
      },
    }),
    declare({
      method: 'post',
      path: '/api/signup/enterprise',
      summary: `企业注册: an enterprise (${ENTITY_KINDS.join(' / ')}; type ${ENTERPRISE_TYPES.join(', ')}) with its 18-character USCC or 9-character organisation code (GB 11714 check character), its location (province, city, district), address and contact, confirmed by the SMS code; its main account can sign in at once and apply for a production licence`,
      allow: [anyone],
      body: shape([...COMMON, 'entityKind', 'name', 'enterpriseType', 'unitCode', 'province', 'city', 'district', 'address', 'contactName', 'contactIdNumber']),
      responses: { 201: '{ login, kind: "unit-main", unitId }' },
      errors: [400, 409, 422, 429],
      status: 201,
      handler: async ({ body }) => {
        const { value, errors } = checkEnterpriseSignup(body as Record<string, unknown>);
        return signUp(value, errors, { login: value.login, unitCode: value.unitCode }, async (hash) => {
          const account = await createEnterpriseAccount(deps.db, value, hash);
          deps.log.info('enterprise signed up', { accountId: account.id, unitId: account.unitId });
          return { login: account.login, kind: 'unit-main', unitId: account.unitId };
        });
      },
    }),
  ];
}
