/**
 * Accounts, as services the routes call (api/routes/accounts.ts): secondary units modified and
 * deleted; the account appeal
 * (PROCESSES.md §A), for a contact who cannot sign in — the unit must exist under that name and
 * USCC, the new contact's ID number is checked (GB 11643), the signed authorisation letter is an
 * upload made for this appeal; then the application, its audit row and its case in one step.
 */
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { audit, nextApplicationNumber } from '../../db/applications';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, FORM, PROCESS } from '../../domain/registry';
import { isValidEmail, isValidIdNumber, isValidMobile, isValidUscc, maskIdNumber, MESSAGES } from '../../domain/validators';
import { NOT_YOURS } from '../anonymous-uploads';
import { ApiError, validationFailed } from '../errors';
import { startProcessOrRollBack } from '../start-process';
import { type BranchFields, deleteBranch, ownBranch, updateBranch, usccTaken } from '../../db/branches';

/** The account-appeal form's values. */
type AppealData = {
  'unit.name': string;
  'unit.uscc': string;
  'contact.name': string;
  'contact.idNumber': string;
  'contact.mobile': string;
  'contact.email': string;
  reason: string;
  authorisationLetter: Array<{ id: string; name: string }>;
  commitment: boolean;
};

export function accountsService(deps: { db: Db; engine: Engine; log: Logger }) {
  /**
   * An account appeal from the account-appeal form's values; `usableFiles` tells which uploads this
   * browser made for it (api/anonymous-uploads.ts).
   */
  async function appeal(body: unknown, usableFiles: (ids: string[]) => Promise<Set<string>>) {
    const form = (await deps.db('forms').where({ key: FORM.accountAppeal }).first())?.schema as FormDefinition | undefined;
    if (!form) throw new ApiError(500, 'FORM_MISSING', 'form account-appeal is not deployed');
    const checked = validateSubmission(form, body);
    const v = checked.values as unknown as AppealData;
    const e = checked.errors;
    if (v['unit.uscc'] && !isValidUscc(v['unit.uscc'])) e['unit.uscc'] ??= MESSAGES.uscc;
    if (v['contact.idNumber'] && !isValidIdNumber(v['contact.idNumber'])) e['contact.idNumber'] ??= MESSAGES.idNumber;
    if (v['contact.mobile'] && !isValidMobile(v['contact.mobile'])) e['contact.mobile'] ??= MESSAGES.mobile;
    if (v['contact.email'] && !isValidEmail(v['contact.email'])) e['contact.email'] ??= MESSAGES.email;
    if (v.commitment !== true) e.commitment ??= '请阅读并确认承诺 / Please confirm the commitment';
    const letterIds = (v.authorisationLetter ?? []).map((f) => f.id);
    if (letterIds.length) {
      const usable = await usableFiles(letterIds);
      if (letterIds.some((id) => !usable.has(id))) e.authorisationLetter = NOT_YOURS;
    }
    if (Object.keys(e).length) throw validationFailed(e);
    const unitRow = await deps.db('units').where({ uscc: v['unit.uscc'], name: v['unit.name'].trim() }).first();
    if (!unitRow) throw new ApiError(422, 'UNIT_NOT_FOUND', '单位名称与统一社会信用代码不匹配 / No unit with this name and USCC', { 'unit.uscc': '单位名称与统一社会信用代码不匹配 / No unit with this name and USCC' });
    const data = {
      unit: { name: unitRow.name, uscc: unitRow.uscc },
      contact: { name: v['contact.name'], idNumber: v['contact.idNumber'], mobile: v['contact.mobile'], email: v['contact.email'] },
      reason: v.reason,
      authorisationLetter: v.authorisationLetter,
      commitment: true,
    };
    const app = await deps.db.transaction(async (trx) => {
      const number = await nextApplicationNumber(trx, 'APL');
      const [row] = await trx('applications')
        .insert({ number, process_id: PROCESS.accountAppeal, status: APPLICATION_STATUS.submitted, unit_id: unitRow.id, subject_key: unitRow.uscc, data: JSON.stringify(data) })
        .returning(['id', 'number']);
      await trx('files').whereIn('id', letterIds).update({ attached_application_id: row.id });
      await audit(trx, { applicationId: row.id, actor: 'appellant', action: 'submit', to: APPLICATION_STATUS.submitted, details: { contactIdNumber: maskIdNumber(data.contact.idNumber) } });
      return row as { id: string; number: string };
    });
    const processInstanceKey = await startProcessOrRollBack(deps, app, PROCESS.accountAppeal);
    return { id: app.id, number: app.number, status: APPLICATION_STATUS.submitted, processInstanceKey };
  }

  return { appeal };
}

export const NO_BRANCH = '没有这个二级单位 / No such secondary unit';
const USCC_TAKEN = '该统一社会信用代码已注册 / This USCC is registered';

/** A secondary unit's fields as the form sends them (checked by the route's schema): the USCC may be left out. */
export type BranchInput = Omit<BranchFields, 'uscc'> & { uscc?: string };

/**
 * Secondary units 二级单位 (000 §3.2.3), modified and deleted by the unit's main account: only
 * the unit's own (404 otherwise); a USCC another unit holds is refused (409); a secondary unit that
 * sub-accounts belong to or applications were made for is not deleted (409 naming them).
 */
export function branchesService(deps: { db: Db }) {
  async function own(unitId: string, id: string) {
    const row = await ownBranch(deps.db, unitId, id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', NO_BRANCH);
    return row;
  }

  async function update(unitId: string, id: string, b: BranchInput) {
    await own(unitId, id);
    if (b.uscc && (await usccTaken(deps.db, b.uscc, id))) throw new ApiError(409, 'DUPLICATE', USCC_TAKEN, { uscc: USCC_TAKEN });
    return updateBranch(deps.db, id, {
      name: b.name.trim(), uscc: b.uscc || null, province: b.province, city: b.city, district: b.district, address: b.address.trim(), postcode: b.postcode, phone: b.phone,
    });
  }

  async function remove(unitId: string, id: string): Promise<void> {
    const row = await own(unitId, id);
    const r = await deleteBranch(deps.db, id);
    if (r.deleted) return;
    const what = [
      r.use.subAccounts ? [`${r.use.subAccounts} 个子帐号`, `${r.use.subAccounts} sub-account(s)`] : null,
      r.use.applications ? [`${r.use.applications} 个申报单`, `${r.use.applications} application(s)`] : null,
    ].filter((x): x is string[] => !!x);
    throw new ApiError(409, 'BRANCH_IN_USE',
      `二级单位“${row.name}”下还有${what.map((w) => w[0]).join('、')}，不能删除 / The secondary unit still has ${what.map((w) => w[1]).join(' and ')}: it cannot be deleted`,
      undefined, { use: r.use });
  }

  return { update, remove };
}
