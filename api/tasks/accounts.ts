/**
 * Task behaviours of the accounts area. The review of a unit information change shows the unit's
 * current values beside the requested ones (`current`, by the change form's keys).
 */
import { FORM } from '../../domain/registry';
import type { TaskBehaviours, TaskCtx } from './contract';

async function currentUnitValues(ctx: TaskCtx) {
  const unitId = ctx.app?.unit_id;
  if (!unitId) return {};
  const unit = await ctx.db('units').where({ id: unitId }).first('name', 'uscc', 'legal_representative', 'address', 'postcode');
  const contact = await ctx.db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first('display_name', 'mobile');
  if (!unit) return {};
  return {
    current: { name: unit.name, uscc: unit.uscc, legalRepresentative: unit.legal_representative, address: unit.address, postcode: unit.postcode, contactName: contact?.display_name ?? null, contactMobile: contact?.mobile ?? null },
  };
}

export const accountsTasks: TaskBehaviours = {
  [FORM.unitInfoChangeReview]: { detail: currentUnitValues },
};
