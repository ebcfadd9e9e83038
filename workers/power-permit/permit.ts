/**
 * Power-facility permit workers:
 * - power-permit.issue — a new permit: the permits row (number, categories, validity) and its PDF;
 * - power-permit.apply — the variations, by the process that runs them (registration change,
 *   item change, renewal, reissue, cancel): each updates the permit and issues (or revokes) its PDF;
 * - power-permit.materials-missed — the missing materials did not come in time: a violation
 *   against the enterprise (blocks acceptance with missing materials for 2 years), case rejected;
 * - power-permit.return — the formal review returned the application (退回补正): the applicant submits
 *   it again (the same case goes on) or discards it;
 * - power-permit.statutory-reminder / -overdue — the review's statutory limit is near / has passed;
 * - personnel.apply — the approved joins and leaves of a personnel change;
 * - self-inspection.prepare — one self-inspection (an application row) per licensed enterprise.
 * Every side effect is keyed (element instance, application, campaign) so a retried job repeats nothing.
 */
import type { Knex } from 'knex';
import { audit, getApplication, nextApplicationNumber, transition } from '../../db/applications';
import { issueDocument, revokeDocument } from '../../db/documents';
import { recordStatutoryAlert } from '../../db/power-permit';
import { permitLayout } from '../../documents/layouts/power-permit';
import { localDate } from '../../domain/calendar';
import { computeTotals } from '../../domain/power-permit/completeness';
import { APPLICATION_STATUS, DOCUMENT_KIND, PERMIT_STATUS, PROCESS, unitTaskGroup } from '../../domain/registry';
import { PERMIT_VALID_YEARS } from '../../domain/power-permit/rules';
import { maskIdNumber } from '../../domain/validators';
import { Deps, Handler, JobContext, defineJob } from '../types';
import { POWER_PERMIT_JOB, STATUTORY_ALERT } from '../../domain/power-permit/ids';
import { CATEGORY_ZH, LEVEL_ZH } from '../../domain/power-permit/materials';

type Data = Record<string, unknown>;
type Category = { category: string; level: string };
export interface PermitRow {
  id: string;
  unit_id: string;
  number: string;
  categories: Category[];
  issued_on: string | Date;
  valid_until: string | Date;
  status: string;
  application_id: string | null;
  document_id: string | null;
  personnel: Array<{ role: string; name: string; idNumber: string }>;
}

export const describeCategories = (cats: Category[]): string => cats.map((c) => `${(CATEGORY_ZH as Record<string, string>)[c.category] ?? c.category}类${LEVEL_ZH[c.level] ?? c.level}`).join('、');
const day = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : localDate(d));
const addYears = (date: string, years: number): string => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
const categoriesOf = (data: Data): Category[] =>
  (Array.isArray(data.categories) ? data.categories : []).map((c: Data) => ({ category: String(c.category), level: String(c.level) }));
const peopleOf = (data: Data) => [
  ...(['technicalLead', 'safetyLead'] as const).filter((k) => data[k]).map((k) => ({ role: k === 'technicalLead' ? 'technical-lead' : 'safety-lead', name: String((data[k] as Data).name), idNumber: String((data[k] as Data).idNumber).toUpperCase() })),
  ...((data.electricians as Data[] | undefined) ?? []).map((p) => ({ role: 'electrician', name: String(p.name), idNumber: String(p.idNumber).toUpperCase() })),
  ...((data.skilledWorkers as Data[] | undefined) ?? []).map((p) => ({ role: 'skilled-worker', name: String(p.name), idNumber: String(p.idNumber).toUpperCase() })),
];

export async function activePermit(db: Knex | Knex.Transaction, unitId: string): Promise<PermitRow | undefined> {
  return db<PermitRow>('power_permits').where({ unit_id: unitId, status: PERMIT_STATUS.active }).first();
}

/** 承装（修、试）电力设施许可证 as a PDF: the permit's number, holder, categories, validity. */
async function issuePermitPdf(deps: Deps, job: JobContext, permit: PermitRow, unit: Data, applicationId: string, note?: string) {
  const layout = permitLayout({ number: permit.number, unit, categories: describeCategories(permit.categories), issuedOn: day(permit.issued_on), validUntil: day(permit.valid_until), note });
  return issueDocument(
    { db: deps.db, fileStoreDir: deps.fileStoreDir, publicUrl: deps.publicUrl, now: deps.now },
    { key: `${DOCUMENT_KIND.powerPermit}:${job.elementInstanceKey}`, kind: DOCUMENT_KIND.powerPermit, title: '承装（修、试）电力设施许可证', applicationId, unitId: permit.unit_id, number: permit.number, layout },
  );
}

async function approve(trx: Knex.Transaction, id: string, deps: Deps): Promise<void> {
  await transition(trx, id, APPLICATION_STATUS.approved, {
    from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', set: { decision: 'approve', decided_at: deps.now() },
  });
}

/** A new permit: number 承装许可 <year>-<seq>, valid for 6 years from today. */
export const issuePowerPermitJob: Handler<{ applicationId: string }, { permitNumber: string; documentId: string }> = async (vars, job, deps) => {
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app || !app.unit_id) throw new Error(`application ${vars.applicationId} does not exist or has no unit`);
  const data = app.data as Data;
  let permit = await deps.db<PermitRow>('power_permits').where({ application_id: app.id }).first();
  if (!permit) {
    const today = localDate(deps.now());
    const { rows } = await deps.db.raw<{ rows: Array<{ n: string }> }>("SELECT nextval('power_permit_number_seq') AS n");
    const number = `承装许可${today.slice(0, 4)}-${String(rows[0].n).padStart(5, '0')}`;
    [permit] = await deps.db<PermitRow>('power_permits')
      .insert({ unit_id: app.unit_id, number, categories: JSON.stringify(categoriesOf(data)) as never, issued_on: today, valid_until: addYears(today, PERMIT_VALID_YEARS), application_id: app.id, personnel: JSON.stringify(peopleOf(data)) as never })
      .returning('*');
  }
  const unit = await deps.db('units').where({ id: app.unit_id }).first();
  const doc = await issuePermitPdf(deps, job, permit, unit, app.id);
  await deps.db.transaction(async (trx) => {
    await trx('power_permits').where({ id: permit!.id }).update({ document_id: doc.id, updated_at: trx.fn.now() });
    await approve(trx, app.id, deps);
  });
  return { permitNumber: permit.number, documentId: doc.id };
};

/** The variations of an existing permit, by the process running them. */
export const applyPowerPermitJob: Handler<{ applicationId: string }, { permitNumber: string; documentId: string | null }> = async (vars, job, deps) => {
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app || !app.unit_id) throw new Error(`application ${vars.applicationId} does not exist or has no unit`);
  const data = app.data as Data;
  // the permit this application changes: recorded on the first run, so a retry finds it again
  const permit = (await deps.db<PermitRow>('power_permits').where({ application_id: app.id }).first()) ?? (await activePermit(deps.db, app.unit_id));
  if (!permit) throw new Error(`unit ${app.unit_id} has no active permit to change`);
  const unit = await deps.db('units').where({ id: app.unit_id }).first();
  const today = localDate(deps.now());
  // applied already (a retried job): the permit row names this application once its change is written,
  // in the same update, so a change like "+6 years" is never applied twice; only the document step may be left
  const done = app.status === APPLICATION_STATUS.approved || permit.application_id === app.id;
  let change: Partial<Record<keyof PermitRow, unknown>> = {};
  let note: string | undefined;
  switch (job.bpmnProcessId) {
    case PROCESS.powerPermitRegistrationChange: {
      const after = (data.after ?? {}) as Data;
      const columns: Record<string, string> = { name: 'name', legalRepresentative: 'legal_representative', address: 'address' };
      const before: Data = {};
      const set: Data = {};
      for (const [f, col] of Object.entries(columns)) {
        if (typeof after[f] === 'string' && after[f] && after[f] !== unit[col]) {
          before[col] = unit[col];
          set[col] = after[f];
        }
      }
      if (!done && Object.keys(set).length) {
        await deps.db.transaction(async (trx) => {
          await trx('units').where({ id: unit.id }).update(set);
          await audit(trx, { applicationId: app.id, actor: 'system', action: 'unit-changed', details: { before, after: set } });
        });
        Object.assign(unit, set);
      }
      note = '登记事项变更换发，许可证编号与有效期不变。';
      break;
    }
    case PROCESS.powerPermitItemChange:
      change = { categories: JSON.stringify(categoriesOf(data)), issued_on: today }; // validity unchanged
      note = '许可事项变更换发，有效期与原证相同。';
      break;
    case PROCESS.powerPermitRenewal:
      change = { valid_until: addYears(day(permit.valid_until), PERMIT_VALID_YEARS), issued_on: today, ...(data.downgrade === true || data.downgrade === 'true' ? { categories: JSON.stringify(categoriesOf(data)) } : {}) };
      note = data.downgrade === true || data.downgrade === 'true' ? '许可证延续（降级）。' : '许可证延续。';
      break;
    case PROCESS.powerPermitReissue:
      note = '补（换）发。';
      break;
    case PROCESS.powerPermitCancel:
      change = { status: PERMIT_STATUS.cancelled };
      break;
    default:
      throw new Error(`power-permit.apply does not serve ${job.bpmnProcessId}`);
  }
  if (!done && Object.keys(change).length) {
    await deps.db('power_permits').where({ id: permit.id }).update({ ...change, application_id: app.id, updated_at: deps.db.fn.now() });
  } else if (!done) {
    await deps.db('power_permits').where({ id: permit.id }).update({ application_id: app.id, updated_at: deps.db.fn.now() });
  }
  const current = (await deps.db<PermitRow>('power_permits').where({ id: permit.id }).first())!;
  let documentId: string | null = null;
  if (job.bpmnProcessId === PROCESS.powerPermitCancel) {
    if (current.document_id) await revokeDocument(deps.db, current.document_id, '许可证已注销 / The permit was cancelled', deps.now());
  } else {
    const doc = await issuePermitPdf(deps, job, current, unit, app.id, note);
    if (current.document_id && current.document_id !== doc.id) await revokeDocument(deps.db, current.document_id, '已换发新证 / Replaced by a newly issued permit', deps.now());
    await deps.db('power_permits').where({ id: permit.id }).update({ document_id: doc.id });
    documentId = doc.id;
  }
  await deps.db.transaction((trx) => approve(trx, app.id, deps));
  return { permitNumber: current.number, documentId };
};

/** The deadline for the missing materials passed: the violation is recorded and the case ends. */
export const materialsMissedJob: Handler<{ applicationId: string; materialsDueDate?: string }, { reason: string }> = async (vars, _job, deps) => {
  const reason = '未按期提交容缺材料，申请终止 / The missing materials were not delivered by the deadline';
  await deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`application ${vars.applicationId} does not exist or has no unit`);
    await trx('missing_materials_violations')
      .insert({ unit_id: app.unit_id, application_id: app.id, due_at: vars.materialsDueDate ? new Date(vars.materialsDueDate) : null, recorded_at: deps.now() })
      .onConflict('application_id')
      .ignore();
    await transition(trx, app.id, APPLICATION_STATUS.rejected, {
      // returned for correction meanwhile: the deadline still holds
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview, APPLICATION_STATUS.returned], actor: 'system', action: 'materials-missed',
      set: { decision: 'reject', decision_reason: reason, decided_at: deps.now() },
    });
  });
  return { reason };
};

/**
 * The review's statutory limit acts as timers (power-permit-review, both non-interrupting): the
 * reminder before it and the overdue marker at it are left on the case for the reviewer inbox.
 */
const statutoryAlertJob = (kind: (typeof STATUTORY_ALERT)[keyof typeof STATUTORY_ALERT]): Handler<{ applicationId: string; reviewDueDate?: string }, Record<string, never>> => async (vars, _job, deps) => {
  await recordStatutoryAlert(deps.db, vars.applicationId, kind, vars.reviewDueDate, deps.now());
  return {};
};

/** The formal review returned the application to the applicant, with the reviewer's opinion. */
export const returnApplicationJob: Handler<{ applicationId: string; reason?: string }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
    // a retried job, or the applicant already discarded it: nothing to do
    if (app.status !== APPLICATION_STATUS.submitted && app.status !== APPLICATION_STATUS.inReview) return;
    const reason = String(vars.reason ?? '').trim() || '申请材料需补正 / The application needs corrections';
    await transition(trx, app.id, APPLICATION_STATUS.returned, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'return',
      set: { decision_reason: reason }, details: { reason },
    });
  });
  return {};
};

/** Applies the approved joins and leaves to the permit's personnel; the others stay as they were. */
/** One reviewer decision per person: by the person's place in the case's list (cases started before that: by ID number). */
type PersonnelDecision = { ref?: number; idNumber?: string; action: string; decision: string };

export const applyPersonnelJob: Handler<{ applicationId: string; personnelDecisions?: PersonnelDecision[] }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`application ${vars.applicationId} does not exist or has no unit`);
    if (app.status === APPLICATION_STATUS.approved || app.status === APPLICATION_STATUS.rejected) return;
    const permit = await trx<PermitRow>('power_permits').where({ unit_id: app.unit_id, status: PERMIT_STATUS.active }).forUpdate().first();
    if (!permit) throw new Error(`unit ${app.unit_id} has no active permit`);
    const byRef = new Map((vars.personnelDecisions ?? []).filter((d) => typeof d.ref === 'number').map((d) => [d.ref!, d.decision]));
    const byId = new Map((vars.personnelDecisions ?? []).filter((d) => d.idNumber).map((d) => [String(d.idNumber).toUpperCase(), d.decision]));
    const changes = ((app.data as Data).changes as Data[]) ?? [];
    let personnel = [...(permit.personnel ?? [])];
    const applied: Data[] = [];
    for (const [ref, ch] of changes.entries()) {
      const id = String(ch.idNumber).toUpperCase();
      if ((byRef.get(ref) ?? byId.get(id)) !== 'approve') continue;
      if (ch.action === 'leave') personnel = personnel.filter((p) => p.idNumber !== id);
      else personnel.push({ role: String(ch.role), name: String(ch.name), idNumber: id });
      applied.push({ action: ch.action, role: ch.role, name: ch.name, idNumber: maskIdNumber(id) });
    }
    await trx('power_permits').where({ id: permit.id }).update({ personnel: JSON.stringify(personnel), updated_at: trx.fn.now() });
    await audit(trx, { applicationId: app.id, actor: 'system', action: 'personnel-changed', details: { applied, refused: changes.length - applied.length } });
    const ok = applied.length > 0;
    await transition(trx, app.id, ok ? APPLICATION_STATUS.approved : APPLICATION_STATUS.rejected, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: ok ? 'approve' : 'reject',
      set: { decision: ok ? 'approve' : 'reject', decided_at: deps.now(), ...(ok ? {} : { decision_reason: '人员变更均未通过 / No change was approved' }) },
    });
  });
  return {};
};

/** One self-inspection per enterprise holding an active permit; the list the multi-instance task runs over. */
export const prepareSelfInspectionJob: Handler<{ campaignId: string }, { items: Array<{ applicationId: string; group: string }>; enterpriseCount: number }> = async (vars, _job, deps) => {
  const campaign = await deps.db('self_inspection_campaigns').where({ id: vars.campaignId }).first();
  if (!campaign) throw new Error(`campaign ${vars.campaignId} does not exist`);
  const units: string[] = await deps.db('power_permits').where({ status: PERMIT_STATUS.active }).orderBy('unit_id').pluck('unit_id');
  const items: Array<{ applicationId: string; group: string }> = [];
  for (const unitId of units) {
    let app = await deps.db('applications').where({ campaign_id: campaign.id, unit_id: unitId }).first('id');
    if (!app) {
      const number = await nextApplicationNumber(deps.db, `SI${campaign.year}-`, deps.now());
      [app] = await deps.db('applications')
        .insert({ number, process_id: PROCESS.selfInspectionCampaign, status: APPLICATION_STATUS.pending, unit_id: unitId, campaign_id: campaign.id, data: JSON.stringify({ year: campaign.year, title: campaign.title }) })
        .returning('id');
    }
    items.push({ applicationId: app.id, group: unitTaskGroup(unitId) });
  }
  await deps.db('self_inspection_campaigns').where({ id: campaign.id }).update({ enterprise_count: items.length });
  return { items, enterpriseCount: items.length };
};

export { computeTotals };

/** The jobs above, with the variables each fetches. */
export const powerPermitJobs = [
  defineJob({ type: POWER_PERMIT_JOB.powerPermitIssue, fetch: ['applicationId'], handler: issuePowerPermitJob }),
  defineJob({ type: POWER_PERMIT_JOB.powerPermitApply, fetch: ['applicationId'], handler: applyPowerPermitJob }),
  defineJob({ type: POWER_PERMIT_JOB.powerPermitMaterialsMissed, fetch: ['applicationId', 'materialsDueDate'], handler: materialsMissedJob }),
  defineJob({ type: POWER_PERMIT_JOB.powerPermitReturn, fetch: ['applicationId', 'reason'], handler: returnApplicationJob }),
  defineJob({ type: POWER_PERMIT_JOB.personnelApply, fetch: ['applicationId', 'personnelDecisions'], handler: applyPersonnelJob }),
  defineJob({ type: POWER_PERMIT_JOB.selfInspectionPrepare, fetch: ['campaignId'], handler: prepareSelfInspectionJob }),
  defineJob({ type: POWER_PERMIT_JOB.powerPermitStatutoryReminder, fetch: ['applicationId', 'reviewDueDate'], handler: statutoryAlertJob(STATUTORY_ALERT.reminded) }),
  defineJob({ type: POWER_PERMIT_JOB.powerPermitStatutoryOverdue, fetch: ['applicationId', 'reviewDueDate'], handler: statutoryAlertJob(STATUTORY_ALERT.overdue) }),
];
