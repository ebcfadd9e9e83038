/**
 * The superior enterprise 上级企业 (004 §2): a unit picks another registered, active main unit by a
 * part of its name, and is associated with it. A unit is never its own superior, nor the superior
 * of a unit above it.
 */
import type { Db } from '../core/db';
import { containsPattern } from '../core/db';

export interface SuperiorCandidate {
  id: string;
  name: string;
}

/** Active main units (not secondary units) whose name contains `name`, the unit itself left out; 20 at most. */
export async function superiorCandidates(db: Db, unitId: string, name: string): Promise<SuperiorCandidate[]> {
  return db('units')
    .where({ status: 'active' })
    .whereNull('parent_unit_id')
    .whereNot({ id: unitId })
    .whereILike('name', containsPattern(name.trim()))
    .orderBy('name')
    .limit(20)
    .select('id', 'name');
}

/**
 * Why `candidateId` cannot be the unit's superior, or undefined when it can: it must be another
 * active main unit, and the unit must not already stand above it (no circle of superiors).
 */
export async function superiorRefusal(db: Db, unitId: string, candidateId: string): Promise<string | undefined> {
  if (candidateId === unitId) return '不能选择本单位作为上级企业 / A unit cannot be its own superior';
  const candidate = await db('units').where({ id: candidateId, status: 'active' }).whereNull('parent_unit_id').first('id');
  if (!candidate) return '没有这个企业，请从查询结果中选择 / No such enterprise: choose one from the search';
  const { rows } = await db.raw(
    `with recursive up(id, depth) as (
       select superior_unit_id, 1 from units where id = ?
       union all select u.superior_unit_id, up.depth + 1 from units u join up on u.id = up.id where up.depth < 50
     ) select 1 from up where id = ? limit 1`,
    [candidateId, unitId],
  );
  return rows.length ? '所选企业的上级链中已有本单位，不能互为上级 / The chosen enterprise already has this unit above it' : undefined;
}

/** The unit's superior, by name. */
export async function superiorOf(db: Db, superiorId: string | null): Promise<SuperiorCandidate | null> {
  return superiorId ? ((await db('units').where({ id: superiorId }).first('id', 'name')) ?? null) : null;
}
