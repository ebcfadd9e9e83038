/**
 * Shared test factories: units, their accounts and applications, with valid defaults a test
 * overrides column by column. Staff accounts: createAccount in harness.ts.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../../core/db';
import { hashPassword } from '../../core/passwords';
import type { ApplicationRow } from '../../db/applications';
import { freshUscc } from './fixtures';
import { Client, signIn } from './harness';

export const UNIT_PASSWORD = 'Unit2026!x';

export interface UnitRow {
  id: string;
  uscc: string;
  name: string;
  [column: string]: unknown;
}

/** An active unit in Beijing with a fresh USCC (its name ends with the USCC's last six characters). */
export async function createUnit(db: Db, over: Record<string, unknown> = {}): Promise<UnitRow> {
  const uscc = typeof over.uscc === 'string' ? over.uscc : freshUscc();
  const [unit] = await db('units')
    .insert({
      uscc, name: `测试单位${uscc.slice(-6)}`, legal_representative: '王一', province: '110000', city: '110100', district: '110105',
      address: '北京市朝阳区测试路 1 号', postcode: '100020', phone: '010-6000000', status: 'active', ...over,
    })
    .returning('*');
  return unit;
}

let serial = 0;
/** A login no other test run uses: prefix, time, a counter and a random part. */
export const freshLogin = (prefix = 'u'): string => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}${randomInt(0, 1e4)}`;

export interface UnitAccountOptions {
  kind?: 'unit-main' | 'unit-sub';
  login?: string;
  password?: string;
  /** a sub-account's areas */
  permissions?: string[];
  displayName?: string;
  /** default: <login>@example.test */
  email?: string;
  mobile?: string | null;
}

/** An active account of the unit (its main account unless `kind` says otherwise). */
export async function createUnitAccount(db: Db, unitId: string, opts: UnitAccountOptions = {}): Promise<{ id: string; login: string; password: string; email: string }> {
  const login = opts.login ?? freshLogin();
  const password = opts.password ?? UNIT_PASSWORD;
  const email = opts.email ?? `${login}@example.test`;
  const [row] = await db('accounts')
    .insert({
      login, password_hash: await hashPassword(password), kind: opts.kind ?? 'unit-main', display_name: opts.displayName ?? '单位联系人', email,
      mobile: opts.mobile ?? null, unit_id: unitId, permissions: opts.permissions ?? [], status: 'active',
    })
    .returning('id');
  return { id: row.id, login, password, email };
}

/** A unit with one account, signed in. */
export async function signedInUnit(
  sys: { db: Db; url: string },
  opts: { unit?: Record<string, unknown>; account?: UnitAccountOptions } = {},
): Promise<{ unit: UnitRow; login: string; password: string; email: string; client: Client }> {
  const unit = await createUnit(sys.db, opts.unit);
  const account = await createUnitAccount(sys.db, unit.id, opts.account);
  return { unit, ...account, client: await signIn(sys.url, account.login, account.password) };
}

/** An application row in a given state, for tests that start a case in the middle (no process instance). */
export async function createApplication(
  db: Db,
  opts: { processId: string; status?: string; unitId?: string | null; applicantLogin?: string; subjectKey?: string; number?: string; data?: unknown },
): Promise<ApplicationRow> {
  const [app] = await db('applications')
    .insert({
      number: opts.number ?? `T-${freshLogin('')}`.slice(0, 32), process_id: opts.processId, status: opts.status ?? 'submitted', unit_id: opts.unitId ?? null,
      applicant_login: opts.applicantLogin ?? null, subject_key: opts.subjectKey ?? null, data: JSON.stringify(opts.data ?? {}),
    })
    .returning('*');
  return app;
}
