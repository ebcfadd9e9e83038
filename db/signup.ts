/**
 * Self-registration for licensing: who is already registered (login, a person's ID number, an
 * enterprise's USCC or organisation code, either way round: a USCC holds the organisation code in
 * its characters 9–17), and the account (with the enterprise's unit) created in one transaction.
 */
import type { Db } from '../core/db';
import type { EnterpriseSignup, PersonSignup } from '../domain/accounts/self-registration';
import { APPLICATION_STATUS, PROCESS, UNIT_STATUS } from '../domain/registry';
import type { FieldErrors } from '../domain/schema';

const LOGIN_TAKEN = '登录帐号已被使用 / This login name is taken';
const PERSON_TAKEN = '该身份证号已注册个人帐号，请直接登录或找回密码 / A personal account with this ID number exists: sign in or reset the password';
const UNIT_TAKEN = '该企业已注册，请使用已有帐号登录 / This enterprise is already registered: sign in with its account';

export async function signupDuplicates(db: Db, v: { login: string; idNumber?: string; unitCode?: string }): Promise<FieldErrors> {
  const out: FieldErrors = {};
  if (await db('accounts').whereRaw('lower(login) = lower(?)', [v.login]).first('id')) out.login = LOGIN_TAKEN;
  if (v.idNumber && (await db('accounts').where({ kind: 'person', id_number: v.idNumber }).first('id'))) out.idNumber = PERSON_TAKEN;
  if (v.unitCode) {
    const org = v.unitCode.length === 18 ? v.unitCode.slice(8, 17) : v.unitCode;
    const taken = await db('units')
      .where((w) => {
        if (v.unitCode!.length === 18) w.where({ uscc: v.unitCode });
        w.orWhere({ org_code: org }).orWhereRaw('substr(uscc, 9, 9) = ?', [org]);
      })
      .first('id');
    // a registration still in review for the same USCC counts too
    const pending = v.unitCode.length === 18 && (await db('applications').where({ process_id: PROCESS.unitRegistration, subject_key: v.unitCode }).whereIn('status', [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview]).first('id'));
    if (taken || pending) out.unitCode = UNIT_TAKEN;
  }
  return out;
}

/** A unique index caught a concurrent sign-up of the same login, person or unit. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

export async function createPersonAccount(db: Db, v: PersonSignup, passwordHash: string): Promise<{ id: string; login: string }> {
  const [row] = await db('accounts')
    .insert({ login: v.login, password_hash: passwordHash, kind: 'person', display_name: v.name, email: v.email ?? null, mobile: v.mobile, id_number: v.idNumber, status: 'active' })
    .returning(['id', 'login']);
  return row;
}

export async function createEnterpriseAccount(db: Db, v: EnterpriseSignup, passwordHash: string): Promise<{ id: string; login: string; unitId: string }> {
  return db.transaction(async (trx) => {
    const [unit] = await trx('units')
      .insert({
        uscc: v.unitCode.length === 18 ? v.unitCode : null,
        org_code: v.unitCode.length === 9 ? v.unitCode : null,
        name: v.name,
        entity_kind: v.entityKind,
        enterprise_type: v.enterpriseType,
        province: v.province,
        city: v.city,
        district: v.district,
        address: v.address,
        phone: v.mobile,
        status: UNIT_STATUS.active,
        activated_at: trx.fn.now(),
      })
      .returning(['id']);
    const [account] = await trx('accounts')
      .insert({
        unit_id: unit.id,
        login: v.login,
        password_hash: passwordHash,
        kind: 'unit-main',
        display_name: v.contactName,
        email: v.email ?? null,
        mobile: v.mobile,
        id_number: v.contactIdNumber ?? null,
        status: 'active',
      })
      .returning(['id', 'login']);
    return { ...account, unitId: unit.id as string };
  });
}
