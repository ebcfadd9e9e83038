/**
 * Imports units that already had accounts in the previous system (they log in without
 * registering). Input: a JSON array or a CSV file (header row) with
 *   uscc, name, legalRepresentative, province, city, district, address, postcode, phone,
 *   contactName, email, mobile, login (optional: defaults to the USCC), passwordHash (optional)
 * Rows are validated with the registration rules; a unit whose USCC exists is skipped; each
 * imported main account without a password hash gets a random one (reset by SMS to sign in).
 * Usage: npm run units:import -- <file>
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../core/db';
import { hashPassword } from '../core/passwords';
import { isValidDivisionPath } from '../domain/admin-divisions';
import type { RegistrationInput } from '../domain/accounts/registration';
import { UNIT_STATUS } from '../domain/registry';
import { isValidEmail, isValidLogin, isValidMobile, isValidPostcode, isValidUscc, MESSAGES } from '../domain/validators';
import { runImportCli } from './import-cli';

/** A unit's registered values (as a registration names them) and its main account's contact. */
type RegisteredUnit = RegistrationInput['unit'];
export interface ImportRow extends RegisteredUnit {
  contactName: string;
  email: string;
  mobile: string;
  login?: string;
  passwordHash?: string;
}

export interface ImportReport {
  imported: string[];
  skipped: string[];
  errors: Array<{ row: number; uscc?: string; fields: Record<string, string> }>;
}

/** Minimal CSV: comma-separated, double quotes around fields that contain commas or quotes. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => r.some((f) => f.trim()));
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h.trim().replace(/^\uFEFF/, ''), (r[i] ?? '').trim()])));
}

function check(r: Partial<ImportRow>): Record<string, string> {
  const f: Record<string, string> = {};
  const req = ['uscc', 'name', 'legalRepresentative', 'province', 'city', 'district', 'address', 'postcode', 'phone', 'contactName', 'email', 'mobile'] as const;
  for (const k of req) if (!r[k] || !String(r[k]).trim()) f[k] = MESSAGES.required;
  if (r.uscc && !isValidUscc(r.uscc)) f.uscc = MESSAGES.uscc;
  if (r.postcode && !isValidPostcode(r.postcode)) f.postcode = MESSAGES.postcode;
  if (r.email && !isValidEmail(r.email)) f.email = MESSAGES.email;
  if (r.mobile && !isValidMobile(r.mobile)) f.mobile = MESSAGES.mobile;
  if (r.province && r.city && r.district && !isValidDivisionPath(r.province, r.city, r.district)) f.district = MESSAGES.adminDivision;
  if (r.login !== undefined && r.login !== '' && !isValidLogin(r.login)) f.login = MESSAGES.login;
  return f;
}

export async function importUnits(db: Db, rows: Partial<ImportRow>[]): Promise<ImportReport> {
  const report: ImportReport = { imported: [], skipped: [], errors: [] };
  for (const [i, r] of rows.entries()) {
    const fields = check(r);
    if (Object.keys(fields).length) {
      report.errors.push({ row: i + 1, uscc: r.uscc, fields });
      continue;
    }
    const row = r as ImportRow;
    const login = row.login || row.uscc;
    const done = await db.transaction(async (trx) => {
      if (await trx('units').where({ uscc: row.uscc }).first()) return 'skipped';
      if (await trx('accounts').whereRaw('lower(login) = lower(?)', [login]).first()) return 'login-taken';
      const [unit] = await trx('units')
        .insert({
          uscc: row.uscc, name: row.name, legal_representative: row.legalRepresentative, province: row.province, city: row.city, district: row.district,
          address: row.address, postcode: row.postcode, phone: row.phone, status: UNIT_STATUS.active, activated_at: trx.fn.now(),
        })
        .returning('id');
      await trx('accounts').insert({
        unit_id: unit.id, login, password_hash: row.passwordHash || (await hashPassword(randomBytes(18).toString('base64url'))), kind: 'unit-main',
        display_name: row.contactName, email: row.email, mobile: row.mobile, status: 'active',
      });
      return 'imported';
    });
    if (done === 'imported') report.imported.push(row.uscc);
    else if (done === 'skipped') report.skipped.push(row.uscc);
    else report.errors.push({ row: i + 1, uscc: row.uscc, fields: { login: '登录帐号已被使用 / This login name is taken' } });
  }
  return report;
}

/** The rows of an import file: a JSON array, or CSV with a header line. */
export function readRowsFile<T>(file: string): Partial<T>[] {
  const text = fs.readFileSync(file, 'utf8');
  return (file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseCsv(text)) as Partial<T>[];
}

export function readImportFile(file: string): Partial<ImportRow>[] {
  return readRowsFile<ImportRow>(file);
}

if (require.main === module) {
  runImportCli('npm run units:import -- <units.csv|units.json>', async (db, file) => {
    const r = await importUnits(db, readImportFile(file));
    return { summary: { imported: r.imported.length, skipped: r.skipped.length }, errors: r.errors };
  });
}
