/**
 * Unit accounts' data: the registration (the application, duplicate checks, activation and
 * rejection, the resubmit link) and the one-time password-set links of main accounts (an approved
 * appeal hands the account to a new contact).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../core/db';
import { APPLICATION_STATUS, PROCESS, QUALIFICATION_STATUS, UNIT_STATUS } from '../domain/registry';
import type { RegistrationInput } from '../domain/accounts/registration';
import type { Knex } from 'knex';
import { fileRef } from '../domain/formio';
import { ApplicationRow, audit, getApplication, nextApplicationNumber, transition } from './applications';

export function loginOf(input: RegistrationInput): string {
  return input.contact.login ?? input.unit.uscc;
}

const fileRefs = (files: Array<Record<string, unknown>>) => files.map((f) => fileRef(f)).filter(Boolean) as Array<{ id: string; name: string }>;

/** The stored form: everything but the password (kept only as a hash, in its own column); files as { id, name }. */
function storedData(input: RegistrationInput): Record<string, unknown> {
  const { password: _p, passwordConfirm: _c, ...contact } = input.contact;
  const licence = input.certification.businessLicence && fileRefs(input.certification.businessLicence);
  const qualifications = input.qualifications?.map((q) => (q.certificate ? { ...q, certificate: fileRefs(q.certificate) } : q));
  return {
    ...input,
    certification: { ...input.certification, ...(licence ? { businessLicence: licence } : {}) },
    ...(qualifications ? { qualifications } : {}),
    contact: { ...contact, login: loginOf(input) },
  };
}

/** The business licence image of a stored registration (the uploaded file, or the id given directly), if it is a file we hold. */
async function licenceFileId(trx: Knex.Transaction, data: RegistrationInput): Promise<string | null> {
  const uploaded = data.certification?.businessLicence?.[0];
  const id = (uploaded && fileRef(uploaded)?.id) ?? data.certification?.businessLicenceFileId;
  return id && (await trx('files').where({ id }).first('id')) ? id : null;
}

/**
 * The registration's qualifications as the unit's qualifications (active, like an approved
 * qualification application's), each keyed by its place in the list so a second call adds
 * nothing. A qualification stored with a free-text name and no type is not recorded: the
 * eligibility rules need the type.
 */
async function recordRegistrationQualifications(trx: Knex.Transaction, app: ApplicationRow, unitId: string): Promise<number> {
  const rows = ((app.data as unknown as RegistrationInput).qualifications ?? [])
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => q && q.qualificationType)
    .map(({ q, i }) => ({
      unit_id: unitId, application_id: app.id, registration_index: i, qualification_type: q.qualificationType, certificate_no: q.certificateNo,
      issue_date: q.issueDate, expiry_date: q.expiryDate, issuer: q.issuer ?? null, file_ids: fileRefs(q.certificate ?? []).map((f) => f.id), status: QUALIFICATION_STATUS.active,
    }));
  if (!rows.length) return 0;
  const inserted = await trx('unit_qualifications').insert(rows).onConflict(['application_id', 'registration_index']).ignore().returning('id');
  return inserted.length;
}

export async function createRegistration(
  db: Db,
  input: RegistrationInput,
  passwordHash: string,
): Promise<{ id: string; number: string }> {
  return db.transaction(async (trx) => {
    const number = await nextApplicationNumber(trx, 'REG');
    const [row] = await trx('applications')
      .insert({
        number,
        process_id: PROCESS.unitRegistration,
        status: APPLICATION_STATUS.submitted,
        subject_key: input.unit.uscc,
        data: JSON.stringify(storedData(input)),
        secret_hash: passwordHash,
      })
      .returning(['id', 'number']);
    await audit(trx, { applicationId: row.id, actor: 'applicant', action: 'submit', to: APPLICATION_STATUS.submitted });
    return row as { id: string; number: string };
  });
}

export type DuplicateField = 'unit.uscc' | 'contact.login';

/**
 * Which identifying values are already taken: by an active unit or account, or by another
 * registration still in progress. Keys are form field paths, values reasons (zh-CN / English).
 */
export async function findDuplicates(
  db: Db,
  values: { uscc: string; login: string },
  excludeApplicationId?: string,
): Promise<Partial<Record<DuplicateField, string>>> {
  const out: Partial<Record<DuplicateField, string>> = {};
  // a unit that signed up for licensing with its organisation code is the USCC's characters 9–17
  if (await db('units').where({ uscc: values.uscc }).orWhere({ org_code: values.uscc.slice(8, 17) }).first()) {
    out['unit.uscc'] = '该统一社会信用代码已注册 / A unit with this USCC is already registered';
  } else {
    const pending = db('applications')
      .where({ process_id: PROCESS.unitRegistration, subject_key: values.uscc })
      .whereIn('status', [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview]);
    if (excludeApplicationId) pending.whereNot({ id: excludeApplicationId });
    if (await pending.first()) {
      out['unit.uscc'] = '该单位已有注册申请在审核中 / A registration for this unit is already in progress';
    }
  }
  if (await db('accounts').whereRaw('lower(login) = lower(?)', [values.login]).first()) {
    out['contact.login'] = '登录帐号已被使用 / This login name is taken';
  }
  return out;
}

/**
 * Creates the unit (with step 3's level, industry and licence image), its main account and its
 * qualifications from the application, in one transaction; a second call does nothing.
 */
export async function activateRegistration(
  db: Db,
  applicationId: string,
  meta: { actor: string; now: Date },
): Promise<{ unitId: string; created: boolean }> {
  return db.transaction(async (trx) => {
    const app = await trx<ApplicationRow>('applications').where({ id: applicationId }).forUpdate().first();
    if (!app) throw new Error(`application ${applicationId} does not exist`);
    const existing = await trx('units').where({ registration_application_id: applicationId }).first();
    if (existing) return { unitId: existing.id as string, created: false };
    const data = app.data as unknown as RegistrationInput;
    const [unit] = await trx('units')
      .insert({
        uscc: data.unit.uscc,
        name: data.unit.name,
        legal_representative: data.unit.legalRepresentative,
        province: data.unit.province,
        city: data.unit.city,
        district: data.unit.district,
        address: data.unit.address,
        postcode: data.unit.postcode,
        phone: data.unit.phone,
        institution_type: data.certification?.institutionType ?? null,
        level: data.certification?.level ?? null,
        industry: data.certification?.industry ?? null,
        business_licence_file_id: await licenceFileId(trx, data),
        status: UNIT_STATUS.active,
        registration_application_id: applicationId,
        activated_at: meta.now,
      })
      .returning(['id']);
    await trx('accounts').insert({
      unit_id: unit.id,
      login: data.contact.login,
      password_hash: app.secret_hash,
      kind: 'unit-main',
      display_name: data.contact.name,
      email: data.contact.email,
      mobile: data.contact.mobile,
      title: data.contact.title ?? null,
      status: 'active',
    });
    await recordRegistrationQualifications(trx, app, unit.id as string);
    await trx('applications').where({ id: applicationId }).update({ unit_id: unit.id, secret_hash: null });
    await transition(trx, applicationId, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview],
      actor: meta.actor,
      action: 'approve',
      set: { decision: 'approve', decided_at: meta.now },
    });
    return { unitId: unit.id as string, created: true };
  });
}

export async function rejectRegistration(
  db: Db,
  applicationId: string,
  reason: string,
  meta: { actor: string; now: Date; details?: unknown },
): Promise<boolean> {
  return db.transaction((trx) =>
    transition(trx, applicationId, APPLICATION_STATUS.rejected, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview],
      actor: meta.actor,
      action: 'reject',
      set: { decision: 'reject', decision_reason: reason, decided_at: meta.now, secret_hash: null },
      details: meta.details,
    }),
  );
}

export { getApplication };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A one-time link to correct and resubmit a rejected registration; only its hash is stored. */
export async function issueResubmitLink(db: Db, applicationId: string, publicUrl: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db('applications').where({ id: applicationId }).update({ resubmit_token_hash: sha256(token) });
  return `${publicUrl}/#/register/resubmit?id=${applicationId}&token=${token}`;
}

/** The rejected registration the token opens, or undefined (wrong, used or for another application). */
export async function applicationForResubmit(db: Db, applicationId: string, token: string): Promise<ApplicationRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(applicationId) || !token) return undefined;
  const app = await db<ApplicationRow>('applications').where({ id: applicationId, process_id: PROCESS.unitRegistration }).first();
  if (!app || !(app as unknown as { resubmit_token_hash: string | null }).resubmit_token_hash) return undefined;
  const expected = Buffer.from((app as unknown as { resubmit_token_hash: string }).resubmit_token_hash, 'hex');
  const given = Buffer.from(sha256(token), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? app : undefined;
}

/**
 * A stored registration as the form shows it again for correction: each kept file ({ id, name })
 * as the Form.io file component holds an upload (name, size and type from the stored file, the
 * same shape the browser's upload gives), so the form lists it with its name and size.
 */
export async function resubmissionFormData(db: Db, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const stored = (o: Record<string, unknown>) => (Object.keys(o).every((k) => k === 'id' || k === 'name') ? fileRef(o)?.id : undefined);
  const ids: string[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      const id = stored(v as Record<string, unknown>);
      if (id) ids.push(id);
      else Object.values(v).forEach(collect);
    }
  };
  collect(data);
  const rows = ids.length ? await db('files').whereIn('id', ids).select('id', 'original_name', 'mime_type', 'size_bytes') : [];
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const id = stored(o);
    const file = id ? byId.get(id) : undefined;
    if (file) {
      const meta = { id: file.id, name: file.original_name, size: Number(file.size_bytes), type: file.mime_type, url: `/api/files/${file.id}` };
      return { storage: 'url', name: file.id, originalName: file.original_name, size: meta.size, type: meta.type, url: meta.url, data: meta };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(data) as Record<string, unknown>;
}

/** Stores the corrected registration, back to submitted (the audit row keeps the previous data), and burns the link (in one transaction). */
export async function resubmitRegistration(db: Db, applicationId: string, input: RegistrationInput, passwordHash: string): Promise<void> {
  await db.transaction(async (trx) => {
    // the round before, for the reviewer's view of what was corrected
    const before = await trx('applications').where({ id: applicationId }).forUpdate().first('data');
    await trx('applications')
      .where({ id: applicationId })
      .update({ data: JSON.stringify(storedData(input)), subject_key: input.unit.uscc, secret_hash: passwordHash, resubmit_token_hash: null, decision: null, decision_reason: null, decided_at: null });
    await transition(trx, applicationId, APPLICATION_STATUS.submitted, { from: [APPLICATION_STATUS.rejected], actor: 'applicant', action: 'resubmit', details: { previous: before?.data ?? null } });
  });
}

// ---- password-set links --------------------------------------------------------------------

export const PASSWORD_SET_HOURS = 72;

/** Issues a link for the unit's main account; only the hash is stored; a new link replaces an old one. */
export async function issuePasswordSetLink(db: Db, unitId: string, publicUrl: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const updated = await db('accounts')
    .where({ unit_id: unitId, kind: 'unit-main' })
    .update({ password_set_token_hash: sha256(token), password_set_expires_at: new Date(Date.now() + PASSWORD_SET_HOURS * 3600_000) });
  if (updated === 0) throw new Error(`unit ${unitId} has no main account`);
  return `${publicUrl}/#/password-set?token=${token}`;
}

/**
 * The account a valid, unused, unexpired token opens: the token is checked first (no password is
 * hashed for a bad link), then burnt in one UPDATE that still requires it unused and unexpired, so
 * two concurrent uses cannot both succeed.
 */
export async function consumePasswordSetToken(db: Db, token: string, hashPassword: () => Promise<string>): Promise<{ id: string; login: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const hash = sha256(token);
  const live = () => db('accounts').where({ password_set_token_hash: hash }).where('password_set_expires_at', '>', db.fn.now());
  if (!(await live().first('id'))) return undefined;
  const passwordHash = await hashPassword();
  const [account] = await live().update({ password_hash: passwordHash, password_set_token_hash: null, password_set_expires_at: null }).returning(['id', 'login']);
  return account ? { id: account.id as string, login: account.login as string } : undefined;
}
