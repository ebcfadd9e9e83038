/**
 * 未注册人员管理 as services the routes call (api/routes/publicity-persons.ts): the unit's persons
 * entered for publicity who are not registered yet, listed with the conditions name and ID number
 * (filtered and paged on the server), added, modified and deleted while no application of the
 * unit has used them. An ID number the unit already holds, or a registered person's: 409.
 */
import { pageOf, type Db } from '../../core/db';
import {
  deleteUnregistered, insertUnregistered, isRegisteredPerson, unregisteredColumns, unregisteredIdTaken, unregisteredPerson, unregisteredQuery,
  type UnregisteredFields, type UnregisteredPersonRow, updateUnregistered,
} from '../../db/publicity/unregistered';
import { maskIdNumber, maskMobile } from '../../domain/validators';
import { hasNumber } from '../../workers/publicity/application';
import { ApiError } from '../errors';

export const NO_UNREGISTERED = '没有这个未注册人员 / No such unregistered person';
const ID_TAKEN = '本单位已录入该身份证号的人员 / The unit has entered a person with this ID number';
const REGISTERED = '该人员已注册，请在注册人员综合查询中查看 / The person is registered: see the registered persons';

/** The person as the form sends it (checked by the route's schema); gender, mobile and note may be ''. */
export interface UnregisteredInput {
  name?: string;
  idNumber?: string;
  gender?: string;
  mobile?: string;
  note?: string;
}

/** Two requests entering the same ID number at once: the unique index decides, 409 for the second. */
const duplicateToConflict = (err: unknown): never => {
  if ((err as { code?: string }).code === '23505') throw new ApiError(409, 'DUPLICATE', ID_TAKEN, { idNumber: ID_TAKEN });
  throw err;
};

function present(r: UnregisteredPersonRow, full = false) {
  const used = !!r.used_status;
  return {
    id: r.id,
    name: r.name,
    idNumber: full ? r.id_number : maskIdNumber(r.id_number),
    gender: r.gender,
    mobile: r.mobile ? (full ? r.mobile : maskMobile(r.mobile)) : null,
    note: r.note,
    registered: !!r.registered,
    application: used ? { number: r.used_number && hasNumber({ number: r.used_number }) ? r.used_number : null, status: r.used_status } : null,
    editable: !used,
    createdAt: r.created_at,
  };
}

/** The columns of what was sent: text trimmed, '' for none. */
function fields(b: UnregisteredInput): Partial<UnregisteredFields> {
  const opt = (v: string | undefined) => (v === undefined ? undefined : v.trim() || null);
  const out: Partial<UnregisteredFields> = {
    name: b.name?.trim(), id_number: b.idNumber?.trim().toUpperCase(), gender: opt(b.gender), mobile: opt(b.mobile), note: opt(b.note),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export function unregisteredPersonsService(deps: { db: Db }) {
  async function own(unitId: string, id: string) {
    const row = await unregisteredPerson(deps.db, unitId, id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', NO_UNREGISTERED);
    return row;
  }

  /** A free ID number: not the unit's already, not a registered person's. */
  async function checkIdNumber(unitId: string, idNumber: string, except?: string) {
    if (await unregisteredIdTaken(deps.db, unitId, idNumber, except)) throw new ApiError(409, 'DUPLICATE', ID_TAKEN, { idNumber: ID_TAKEN });
    if (await isRegisteredPerson(deps.db, idNumber)) throw new ApiError(409, 'REGISTERED', REGISTERED, { idNumber: REGISTERED });
  }

  function unused(row: UnregisteredPersonRow, doing: [string, string]) {
    if (row.used_status) {
      throw new ApiError(409, 'IN_USE', `该人员已用于申报单${row.used_number && hasNumber({ number: row.used_number }) ? ` ${row.used_number}` : ''}，不能${doing[0]} / The person is used in an application and cannot be ${doing[1]}`);
    }
  }

  async function list(unitId: string, c: { name?: string; idNumber?: string; page?: string; pageSize?: string }) {
    // the page's ids first, then their applications and registration (for those rows only, not for every row the offset skips)
    const { items: page, ...paging } = await pageOf<{ id: string }>(() => unregisteredQuery(deps.db, unitId, c), c, (q) =>
      q.orderBy([{ column: 'u.created_at', order: 'desc' }, { column: 'u.id', order: 'desc' }]).select('u.id'));
    const rows: UnregisteredPersonRow[] = page.length ? await unregisteredQuery(deps.db, unitId, {}).whereIn('u.id', page.map((r) => r.id)).select(unregisteredColumns(deps.db)) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: page.map((r) => present(byId.get(r.id)!)), ...paging };
  }

  const get = async (unitId: string, id: string) => present(await own(unitId, id), true);

  async function create(unitId: string, login: string, b: UnregisteredInput) {
    const f = fields(b) as UnregisteredFields;
    await checkIdNumber(unitId, f.id_number);
    const id = await insertUnregistered(deps.db, unitId, login, f).catch(duplicateToConflict);
    return get(unitId, id);
  }

  async function update(unitId: string, id: string, b: UnregisteredInput) {
    const row = await own(unitId, id);
    unused(row, ['修改', 'modified']);
    const f = fields(b);
    if (!Object.keys(f).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
    if (f.id_number && f.id_number !== row.id_number) await checkIdNumber(unitId, f.id_number, id);
    await updateUnregistered(deps.db, id, f).catch(duplicateToConflict);
    return get(unitId, id);
  }

  async function remove(unitId: string, id: string) {
    unused(await own(unitId, id), ['删除', 'deleted']);
    await deleteUnregistered(deps.db, id);
  }

  return { list, get, create, update, remove };
}
