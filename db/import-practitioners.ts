/**
 * Imports a real practitioner registry. Input: a JSON array or a CSV file (header row), one row per
 * qualification of a person:
 *   name, idNumber, mobile, gender, workYears, itemCode, grade, certificateNo, issueDate, expiryDate,
 *   unitUscc, publicitySince, publicityValidUntil      (the last three only for published items)
 * Rows of the same ID number make one person; rows with a unitUscc make the person's active
 * publicity record at that unit (items = those rows, one unit per person). Every row is validated
 * (ID number checksum, name matches earlier rows, mobile, item code, grade 1–3, dates); a person with
 * any bad row is not imported. Existing qualifications and records are left as they are.
 * Usage: npm run practitioners:import -- <file>
 */
import type { Db } from '../core/db';
import { ITEMS, PUBLICITY_VALID_YEARS, addYears, isItemCode, type PublicityItem } from '../domain/publicity/rules';
import { isValidIdNumber, isValidMobile, MESSAGES } from '../domain/validators';
import { readRowsFile } from './import-units';
import { activateRecord, activeRecordOf, addQualification, normaliseIdNumber, upsertPractitioner } from './publicity/practitioners';
import { runImportCli } from './import-cli';

export interface PractitionerImportRow {
  name: string;
  idNumber: string;
  mobile?: string;
  gender?: string;
  workYears?: string | number;
  itemCode: string;
  grade: string | number;
  certificateNo: string;
  issueDate: string;
  expiryDate: string;
  unitUscc?: string;
  publicitySince?: string;
  publicityValidUntil?: string;
}

export interface PractitionerImportReport {
  persons: number;
  createdPersons: string[];
  qualificationsAdded: number;
  recordsCreated: number;
  errors: Array<{ row: number; idNumber?: string; fields: Record<string, string> }>;
}

const isDate = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

function check(r: Partial<PractitionerImportRow>): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of ['name', 'idNumber', 'itemCode', 'grade', 'certificateNo', 'issueDate', 'expiryDate'] as const) if (r[k] === undefined || String(r[k]).trim() === '') f[k] = MESSAGES.required;
  if (r.idNumber && !isValidIdNumber(normaliseIdNumber(String(r.idNumber)))) f.idNumber = MESSAGES.idNumber;
  if (r.mobile && !isValidMobile(String(r.mobile))) f.mobile = MESSAGES.mobile;
  if (r.itemCode && !isItemCode(r.itemCode)) f.itemCode = `未知资质项目 / Unknown item (${Object.keys(ITEMS).join(', ')})`;
  if (r.grade !== undefined && r.grade !== '' && ![1, 2, 3].includes(Number(r.grade))) f.grade = '级别应为 1–3 / Grade must be 1–3';
  for (const k of ['issueDate', 'expiryDate', 'publicitySince', 'publicityValidUntil'] as const) if (r[k] && !isDate(r[k])) f[k] = '日期格式应为 YYYY-MM-DD / Date must be YYYY-MM-DD';
  if (isDate(r.issueDate) && isDate(r.expiryDate) && r.expiryDate < r.issueDate) f.expiryDate = '有效期早于发证日期 / Expiry is before the issue date';
  if (r.unitUscc && !r.publicitySince) f.publicitySince = MESSAGES.required;
  return f;
}

export async function importPractitioners(db: Db, rows: Partial<PractitionerImportRow>[]): Promise<PractitionerImportReport> {
  const report: PractitionerImportReport = { persons: 0, createdPersons: [], qualificationsAdded: 0, recordsCreated: 0, errors: [] };
  const byPerson = new Map<string, Array<{ i: number; r: PractitionerImportRow }>>();
  const bad = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const fields = check(r);
    const id = r.idNumber ? normaliseIdNumber(String(r.idNumber)) : `row-${i}`;
    const first = byPerson.get(id)?.[0]?.r;
    if (first && first.name.trim() !== String(r.name ?? '').trim()) fields.name = '同一身份证号的姓名不一致 / Different names for the same ID number';
    if (first && r.unitUscc && first.unitUscc && first.unitUscc !== r.unitUscc) fields.unitUscc = '一人只能在一个单位公示 / One unit per person';
    if (Object.keys(fields).length) {
      report.errors.push({ row: i + 1, idNumber: r.idNumber, fields });
      bad.add(id);
    }
    byPerson.set(id, [...(byPerson.get(id) ?? []), { i, r: r as PractitionerImportRow }]);
  }
  for (const [idNumber, list] of byPerson) {
    if (bad.has(idNumber)) continue;
    const head = list[0].r;
    const published = list.filter((x) => x.r.unitUscc);
    let unitId: string | null = null;
    if (published.length) {
      const unit = await db('units').where({ uscc: published[0].r.unitUscc }).first();
      if (!unit) {
        report.errors.push({ row: published[0].i + 1, idNumber, fields: { unitUscc: '单位不存在 / No unit with this USCC' } });
        continue;
      }
      unitId = unit.id;
    }
    await db.transaction(async (trx) => {
      const { row, created } = await upsertPractitioner(trx, {
        name: head.name, idNumber, mobile: list.find((x) => x.r.mobile)?.r.mobile ?? null, gender: head.gender || null,
        workYears: head.workYears !== undefined && head.workYears !== '' ? Number(head.workYears) : null,
      });
      if (created) report.createdPersons.push(idNumber);
      for (const { r } of list) {
        if (await addQualification(trx, { practitionerId: row.id, itemCode: r.itemCode, grade: Number(r.grade), certificateNo: r.certificateNo, issueDate: r.issueDate, expiryDate: r.expiryDate })) {
          report.qualificationsAdded++;
        }
      }
      if (unitId && !(await activeRecordOf(trx, row.id))) {
        const items: PublicityItem[] = published.map((x) => ({ itemCode: x.r.itemCode, grade: Number(x.r.grade) }));
        const since = published[0].r.publicitySince!;
        await activateRecord(trx, {
          practitionerId: row.id, unitId, type: 'initial', items, startDate: since,
          validUntil: published[0].r.publicityValidUntil || addYears(since, PUBLICITY_VALID_YEARS), action: 'imported',
        });
        report.recordsCreated++;
      }
    });
    report.persons++;
  }
  return report;
}

export function readPractitionerFile(file: string): Partial<PractitionerImportRow>[] {
  return readRowsFile<PractitionerImportRow>(file);
}

if (require.main === module) {
  runImportCli('npm run practitioners:import -- <practitioners.csv|practitioners.json>', async (db, file) => {
    const r = await importPractitioners(db, readPractitionerFile(file));
    return { summary: { persons: r.persons, created: r.createdPersons.length, qualificationsAdded: r.qualificationsAdded, recordsCreated: r.recordsCreated }, errors: r.errors };
  });
}
