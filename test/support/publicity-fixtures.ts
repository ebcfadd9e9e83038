/**
 * Registry fixtures for the publicity add / cancel / public query tests: a unit with its main
 * account, and persons with qualifications and an active publicity record, written directly
 * through db/practitioners.ts.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../../core/db';
import { activateRecord, addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { addDays, localDate, PublicityItem } from '../../domain/publicity/rules';
import { idCheckChar } from '../../domain/validators';
import { freshUscc } from './fixtures';
import { createUnit, createUnitAccount, freshLogin } from './factories';

/** A valid GB 11643 ID number, different each call. */
export function freshIdNumber(): string {
  const y = 1960 + randomInt(0, 40);
  const m = String(1 + randomInt(0, 12)).padStart(2, '0');
  const d = String(1 + randomInt(0, 28)).padStart(2, '0');
  const first17 = `110105${y}${m}${d}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export const today = (): string => localDate(new Date());

export async function unitWithAccount(db: Db, opts: { name?: string; institutionType?: string } = {}) {
  const uscc = freshUscc();
  const unit = await createUnit(db, {
    uscc, name: opts.name ?? `公示测试检验有限公司${uscc.slice(-6)}`, legal_representative: '韩一', address: '北京市朝阳区公示路 1 号', institution_type: opts.institutionType ?? 'inspection',
  });
  const { login, password } = await createUnitAccount(db, unit.id, { login: freshLogin('pub'), displayName: '公示联系人', mobile: '13700000000' });
  return { unit: unit as { id: string; name: string; uscc: string }, login, password };
}

export interface PersonSpec {
  name: string;
  /** qualifications held: item, grade, and optionally the expiry (default: in 3 years) */
  qualifications: Array<{ itemCode: string; grade: number; expiryDate?: string }>;
  /** the active record's items (default: none: no record) */
  recordItems?: PublicityItem[];
  unitId?: string;
  validUntil?: string;
  startDate?: string;
  mobile?: string;
}

/** A person in the registry with qualifications and (if recordItems) an active publicity record at unitId. */
export async function seedPerson(db: Db, spec: PersonSpec): Promise<{ id: string; idNumber: string; recordId?: string }> {
  const idNumber = freshIdNumber();
  const { row } = await upsertPractitioner(db, { name: spec.name, idNumber, mobile: spec.mobile ?? `139${String(randomInt(0, 1e8)).padStart(8, '0')}` });
  const t = today();
  for (const q of spec.qualifications) {
    await addQualification(db, { practitionerId: row.id, itemCode: q.itemCode, grade: q.grade, certificateNo: `TS-${q.itemCode}-${q.grade}-${randomInt(0, 1e9)}`, issueDate: addDays(t, -400), expiryDate: q.expiryDate ?? addDays(t, 3 * 365) });
  }
  if (!spec.recordItems || !spec.unitId) return { id: row.id, idNumber };
  const record = await db.transaction((trx) =>
    activateRecord(trx, {
      practitionerId: row.id, unitId: spec.unitId!, type: 'initial', items: spec.recordItems!, startDate: spec.startDate ?? addDays(t, -200),
      validUntil: spec.validUntil ?? addDays(t, 3 * 365), certificateNo: `P${randomInt(0, 1e9)}`,
    }),
  );
  return { id: row.id, idNumber, recordId: record.id };
}
