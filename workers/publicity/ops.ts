/**
 * Practitioner publicity, batch add and cancellation:
 * - publicity-add.apply: every person of the batch gets the items they consented to, in one
 *   transaction; if any person no longer qualifies, nothing is added and the batch is rejected
 *   (BPMN error PUBLICITY_ADD_INVALID with the reasons).
 * - publicity-cancel.request-document: the cancellation request form (PDF) to print and stamp.
 * - publicity-cancel.apply: the persons' publicity records end, with a history row each.
 * All three are idempotent: a redelivered job finds the application already moved on.
 */
import { APPLICATION_STATUS, DOCUMENT_KIND, PUBLICITY_END_REASON, PUBLICITY_HISTORY_ACTION } from '../../domain/registry';
import { issueDocument } from '../../db/documents';
import { itemLabel, localDate, PublicityItem } from '../../domain/publicity/rules';
import { audit, getApplication, transition } from '../../db/applications';
import { activateRecord, activeRecordOf, endRecord, getPractitioner, publicityRowsOf } from '../../db/publicity/practitioners';
import { addCandidates } from '../../db/publicity/ops';
import type { CancelData } from '../../domain/publicity/ops';
import { cancellationLayout } from '../../documents/layouts/publicity';
import { BpmnError, Handler, defineJob } from '../types';
import { PUBLICITY_JOB } from '../../domain/publicity/ids';

export const PUBLICITY_ADD_INVALID = 'PUBLICITY_ADD_INVALID';

const sameItems = (a: PublicityItem[], b: PublicityItem[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.itemCode === x.itemCode && y.grade === x.grade));

export const publicityAddApplyJob: Handler<{ applicationId: string }, { personsAdded: number; itemsAdded: number }> = async (vars, job, deps) => {
  return deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`publicity-add ${vars.applicationId} does not exist or names no unit`);
    const rows = await publicityRowsOf(trx, app.id);
    const itemsAdded = rows.reduce((n, r) => n + r.items.length, 0);
    if (app.status === APPLICATION_STATUS.approved) return { personsAdded: rows.length, itemsAdded }; // done already
    const today = localDate(deps.now());
    const candidates = new Map((await addCandidates(trx, app.unit_id, today, { exceptApplicationId: app.id })).map((c) => [c.personId, c]));
    const problems: string[] = [];
    for (const row of rows) {
      const c = candidates.get(row.practitioner_id);
      const held = c ? row.items.filter((i) => c.pending.some((p) => p.itemCode === i.itemCode && p.grade === i.grade)) : [];
      if (!c || held.length !== row.items.length) {
        const who = c?.name ?? (await getPractitioner(trx, row.practitioner_id))?.name ?? row.practitioner_id;
        problems.push(`${who}：已不符合追加条件（公示已变更、到期或资质失效）/ no longer qualifies for these items`);
      }
    }
    if (problems.length) throw new BpmnError(PUBLICITY_ADD_INVALID, problems.join('; '), { reason: problems.join('；') });
    for (const row of rows) {
      const c = candidates.get(row.practitioner_id)!;
      const merged = [...c.items.filter((i) => !row.items.some((n) => n.itemCode === i.itemCode)), ...row.items].sort((a, b) => a.itemCode.localeCompare(b.itemCode));
      if (sameItems(merged, c.items)) continue;
      const record = (await activeRecordOf(trx, row.practitioner_id))!;
      await activateRecord(trx, {
        practitionerId: row.practitioner_id, unitId: app.unit_id, type: 'add', items: merged, startDate: record.start_date, validUntil: record.valid_until,
        certificateNo: record.certificate_no, applicationId: app.id, action: PUBLICITY_HISTORY_ACTION.itemsAdded,
      });
    }
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'system', action: 'items-added', taskKey: job.key,
      set: { decision: 'approve', decided_at: deps.now() }, details: { persons: rows.length, items: itemsAdded },
    });
    return { personsAdded: rows.length, itemsAdded };
  });
};

/** The cancellation request (注销申请表): unit, contact, phone, count, date, and each person with the reason. */
export const publicityCancelRequestJob: Handler<{ applicationId: string }, { cancellationDocumentId: string }> = async (vars, job, deps) => {
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app || !app.unit_id) throw new Error(`publicity-cancel ${vars.applicationId} does not exist or names no unit`);
  const unit = await deps.db('units').where({ id: app.unit_id }).first('name', 'uscc');
  const layout = cancellationLayout({ number: app.number, unitName: unit.name, uscc: unit.uscc, date: localDate(app.created_at), data: app.data as unknown as CancelData });
  // one document per application, whatever retries or redeliveries happen
  const doc = await issueDocument(deps, {
    key: `${DOCUMENT_KIND.publicityCancellationRequest}:${app.id}`, kind: DOCUMENT_KIND.publicityCancellationRequest, title: layout.title,
    applicationId: app.id, unitId: app.unit_id, number: app.number, layout,
  });
  if (!(await deps.db('audit').where({ application_id: app.id, action: 'document-issued' }).first())) {
    await audit(deps.db, { applicationId: app.id, actor: 'system', action: 'document-issued', taskKey: job.key, details: { documentId: doc.id, kind: doc.kind, code: doc.code } });
  }
  return { cancellationDocumentId: doc.id };
};

export const publicityCancelApplyJob: Handler<{ applicationId: string }, { personsEnded: number }> = async (vars, job, deps) => {
  return deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`publicity-cancel ${vars.applicationId} does not exist or names no unit`);
    if (app.status === APPLICATION_STATUS.approved) return { personsEnded: 0 }; // done already
    const rows = await publicityRowsOf(trx, app.id);
    let ended = 0;
    const skipped: string[] = [];
    for (const row of rows) {
      const record = await activeRecordOf(trx, row.practitioner_id);
      if (!record || record.unit_id !== app.unit_id) {
        skipped.push(row.practitioner_id);
        continue;
      }
      await endRecord(trx, { recordId: record.id, reason: PUBLICITY_END_REASON.cancelled, applicationId: app.id, at: deps.now() });
      // the person's own reason, on the history row endRecord wrote
      await trx('publicity_history')
        .where({ record_id: record.id, application_id: app.id, action: PUBLICITY_HISTORY_ACTION.cancelled })
        .update({ details: trx.raw("coalesce(details, '{}'::jsonb) || ?::jsonb", [JSON.stringify({ cancelReason: row.reason, items: record.items.map(itemLabel) })]) });
      ended++;
    }
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', taskKey: job.key,
      set: { decision: 'approve', decided_at: deps.now() }, details: { ended, skipped },
    });
    return { personsEnded: ended };
  });
};

/** The jobs above, with the variables each fetches. */
export const publicityOpsJobs = [
  defineJob({ type: PUBLICITY_JOB.publicityAddApply, fetch: ['applicationId'], handler: publicityAddApplyJob }),
  defineJob({ type: PUBLICITY_JOB.publicityCancelRequest, fetch: ['applicationId'], handler: publicityCancelRequestJob }),
  defineJob({ type: PUBLICITY_JOB.publicityCancelApply, fetch: ['applicationId'], handler: publicityCancelApplyJob }),
];
