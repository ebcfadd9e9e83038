/** The practitioner registry: seed, typed access, one active record per person, import, gap-free counters. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../../core/config';
import { seedDevelopment } from '../../db/seed';
import { makeIdNumber, SEED_PERSONS, SEED_UNITS, seedPractitioners } from '../../db/publicity/seed-practitioners';
import {
  activateRecord, activeRecordOf, findPractitionerByIdNumber, historyOf, nextCounter, qualificationsOf, registrySnapshot, searchPractitioner,
} from '../../db/publicity/practitioners';
import { isValidIdNumber } from '../../domain/validators';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  await seedDevelopment(sys.db);
});
afterAll(async () => {
  await sys?.stop();
});

it('seeds every case deterministically with valid ID numbers, idempotently', async () => {
  for (const p of SEED_PERSONS) expect(isValidIdNumber(p.idNumber)).toBe(true);
  await seedPractitioners(sys.db);
  expect(await seedPractitioners(sys.db)).toEqual([]);
  const change = SEED_PERSONS.find((p) => p.key === 'change')!;
  const person = await searchPractitioner(sys.db, change.name, change.idNumber.toLowerCase());
  expect(person?.mobile).toBe(change.mobile);
  expect(await searchPractitioner(sys.db, '别人', change.idNumber)).toBeUndefined();
  const snap = (await registrySnapshot(sys.db, person!.id))!;
  expect(snap.activeRecord?.items).toEqual([{ itemCode: 'Y-DT', grade: 2 }]);
  expect(snap.activeRecord?.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(snap.previousUnit?.name).toBe(SEED_UNITS.other.name);
  expect(snap.everRegistered).toBe(true);
  expect(snap.qualifications[0]).toMatchObject({ item_code: 'Y-DT', grade: 2 });

  const dissolved = await findPractitionerByIdNumber(sys.db, SEED_PERSONS.find((p) => p.key === 'change-dissolved')!.idNumber);
  expect((await registrySnapshot(sys.db, dissolved!.id))!.previousUnit?.dissolved).toBe(true);
  const cancelled = await findPractitionerByIdNumber(sys.db, SEED_PERSONS.find((p) => p.key === 'cancelled-elsewhere')!.idNumber);
  const cs = (await registrySnapshot(sys.db, cancelled!.id))!;
  expect(cs.activeRecord).toBeNull();
  expect(cs.lastRecord?.end_reason).toBe('cancelled');
  expect((await historyOf(sys.db, cancelled!.id)).map((h) => h.action)).toEqual(['imported', 'cancelled']);
});

it('keeps one active record per person: activating at another unit ends the old one', async () => {
  const p = await findPractitionerByIdNumber(sys.db, SEED_PERSONS.find((x) => x.key === 'change')!.idNumber);
  const main = await sys.db('units').where({ uscc: SEED_UNITS.main.uscc }).first();
  const before = (await activeRecordOf(sys.db, p!.id))!;
  await sys.db.transaction((trx) =>
    activateRecord(trx, { practitionerId: p!.id, unitId: main.id, type: 'change', items: [{ itemCode: 'Y-DT', grade: 2 }], startDate: '2026-11-23', validUntil: '2030-11-23' }),
  );
  const after = (await activeRecordOf(sys.db, p!.id))!;
  expect(after.unit_id).toBe(main.id);
  expect((await sys.db('publicity_records').where({ id: before.id }).first()).end_reason).toBe('changed-unit');
  await expect(sys.db('publicity_records').insert({ practitioner_id: p!.id, unit_id: main.id, type: 'initial', items: '[]', status: 'active', start_date: '2026-01-01', valid_until: '2027-01-01' })).rejects.toThrow(/publicity_records_one_active/);
});

it('numbers per prefix and year without gaps; a rolled-back transaction uses none', async () => {
  const year = 3000 + Math.floor(Math.random() * 1000);
  const a = await sys.db.transaction((trx) => nextCounter(trx, 'T', year));
  await expect(
    sys.db.transaction(async (trx) => {
      await nextCounter(trx, 'T', year);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  const b = await sys.db.transaction((trx) => nextCounter(trx, 'T', year));
  const concurrent = await Promise.all(Array.from({ length: 8 }, () => sys.db.transaction((trx) => nextCounter(trx, 'T', year))));
  expect([a, b]).toEqual([1, 2]);
  expect(concurrent.sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
});

it('imports a registry CSV: persons, qualifications, records; bad rows reported by field', async () => {
  const seq = Math.floor(Math.random() * 900) + 100;
  const good = makeIdNumber('110105', '19800101', seq);
  const csv = [
    'name,idNumber,mobile,gender,workYears,itemCode,grade,certificateNo,issueDate,expiryDate,unitUscc,publicitySince,publicityValidUntil',
    `导入甲,${good},13700000001,男,8,Y-GL,2,C-${seq}-1,2024-01-01,2028-01-01,${SEED_UNITS.other.uscc},2024-02-01,`,
    `导入甲,${good},,男,8,Y-RQ,1,C-${seq}-2,2023-01-01,2027-01-01,,,`,
    `导入乙,110105198001010000,1370000000,女,3,X-XX,7,C-bad,2024-13-01,2028-01-01,,,`,
  ].join('\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pf-prac-')), 'practitioners.csv');
  fs.writeFileSync(file, csv);
  let out: string;
  try {
    out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'db/import-practitioners.ts', file], { cwd: ROOT, encoding: 'utf8', env: process.env });
  } catch (err) {
    out = String((err as { stdout: string }).stdout);
  }
  const r = JSON.parse(out);
  expect(r).toMatchObject({ persons: 1, created: 1, qualificationsAdded: 2, recordsCreated: 1 });
  expect(r.errors).toEqual([{ row: 3, idNumber: '110105198001010000', fields: expect.objectContaining({ idNumber: expect.any(String), mobile: expect.any(String), itemCode: expect.any(String), grade: expect.any(String), issueDate: expect.any(String) }) }]);
  const p = (await findPractitionerByIdNumber(sys.db, good))!;
  expect(p).toMatchObject({ name: '导入甲', mobile: '13700000001', work_years: 8 });
  expect((await qualificationsOf(sys.db, p.id)).map((q) => q.item_code)).toEqual(['Y-GL', 'Y-RQ']);
  const rec = (await activeRecordOf(sys.db, p.id))!;
  expect(rec).toMatchObject({ items: [{ itemCode: 'Y-GL', grade: 2 }], start_date: '2024-02-01', valid_until: '2028-02-01' });
});
