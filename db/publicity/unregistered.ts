/**
 * 未注册人员管理: the persons a unit has entered for publicity who are not registered
 * practitioners yet (no active publicity record), one row per unit and ID number. A row is "used"
 * once the unit has made a publicity application for the person with that ID number (not deleted):
 * from then on it is neither modified nor deleted.
 */
import type { Knex } from 'knex';
import { containsPattern, type Db } from '../../core/db';
import { APPLICATION_STATUS, PUBLICITY_RECORD_STATUS } from '../../domain/registry';

export interface UnregisteredPersonRow {
  id: string;
  unit_id: string;
  name: string;
  id_number: string;
  gender: string | null;
  mobile: string | null;
  note: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  /** the number and status of the unit's newest application for the person, if any */
  used_number?: string | null;
  used_status?: string | null;
  /** the person holds an active publicity record (any unit) */
  registered?: boolean;
}

export type UnregisteredFields = Pick<UnregisteredPersonRow, 'name' | 'id_number' | 'gender' | 'mobile' | 'note'>;

/** The unit's rows with the conditions name (a part) and idNumber (a part, upper-case). */
export function unregisteredQuery(db: Db, unitId: string, c: { name?: string; idNumber?: string }): Knex.QueryBuilder {
  const q = db('unregistered_persons as u').where('u.unit_id', unitId);
  if (c.name?.trim()) q.whereRaw('u.name ilike ?', [containsPattern(c.name.trim())]);
  if (c.idNumber?.trim()) q.whereRaw('u.id_number like ?', [containsPattern(c.idNumber.trim().toUpperCase())]);
  return q;
}

/** The unit's newest application (not deleted) for the person with this ID number: joined per row. */
const usedApplication = (db: Db, column: 'number' | 'status') =>
  db.raw(`(select a.${column} from publicity_applications pa join applications a on a.id = pa.application_id join practitioners p on p.id = pa.practitioner_id
    where pa.unit_id = u.unit_id and p.id_number = u.id_number and a.status <> ? order by a.created_at desc limit 1) as used_${column}`, [APPLICATION_STATUS.deleted]);

export const unregisteredColumns = (db: Db) => [
  'u.*',
  usedApplication(db, 'number'),
  usedApplication(db, 'status'),
  db.raw(`exists (select 1 from publicity_records r join practitioners p on p.id = r.practitioner_id where p.id_number = u.id_number and r.status = ?) as registered`, [PUBLICITY_RECORD_STATUS.active]),
];

export async function unregisteredPerson(db: Db, unitId: string, id: string): Promise<UnregisteredPersonRow | undefined> {
  return unregisteredQuery(db, unitId, {}).where('u.id', id).first(unregisteredColumns(db));
}

/** The unit already holds this ID number (another row than `except`). */
export const unregisteredIdTaken = async (db: Db, unitId: string, idNumber: string, except?: string): Promise<boolean> =>
  !!(await db('unregistered_persons').where({ unit_id: unitId, id_number: idNumber }).modify((q) => (except ? q.whereNot({ id: except }) : q)).first('id'));

/** The person with this ID number holds an active publicity record. */
export const isRegisteredPerson = async (db: Db, idNumber: string): Promise<boolean> =>
  !!(await db('publicity_records as r').join('practitioners as p', 'p.id', 'r.practitioner_id').where({ 'p.id_number': idNumber, 'r.status': PUBLICITY_RECORD_STATUS.active }).first('r.id'));

export async function insertUnregistered(db: Db, unitId: string, createdBy: string, f: UnregisteredFields): Promise<string> {
  const [row] = await db('unregistered_persons').insert({ unit_id: unitId, created_by: createdBy, ...f }).returning('id');
  return row.id;
}

export async function updateUnregistered(db: Db, id: string, f: Partial<UnregisteredFields>): Promise<void> {
  await db('unregistered_persons').where({ id }).update({ ...f, updated_at: db.fn.now() });
}

export async function deleteUnregistered(db: Db, id: string): Promise<void> {
  await db('unregistered_persons').where({ id }).delete();
}
