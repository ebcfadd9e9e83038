/**
 * The production-licence tasks: what a task shows (the application with only the flagged fields
 * open, the case's dates and acceptance) and what a completed task stores (the correction notice,
 * the corrected application, the applicant's letter proposing appraisal dates and the agency's
 * answer (its opinion and the final dates, or the proposal returned), the conclusion, the feedback form that only the
 * authority may read). Only decisions go to the engine.
 */
import type { Db } from '../../core/db';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { acceptanceReceiptErrors, changedFields, CorrectionItem, editableFields, finalDatesErrors, formFields, lockedForm, proposedDatesErrors, reviewPeriodErrors } from '../../domain/licensing/rules';
import { localDate } from '../../domain/calendar';
import { earliestInvitationDate } from '../../domain/appraisal/rules';
import { isValidPhone, isValidPostcode } from '../../domain/validators';
import { LICENCE_DECISION, LICENSING_FORM as FORM, LICENSING_PROCESS as PROCESS } from '../../domain/licensing/ids';
import { APPLICATION_STATUS } from '../../domain/registry';
import { transition } from '../../db/applications';
import { dateProposals, DateProposalRow, getLicenceCase, openCorrection, openProposal, recordCorrection } from '../../db/licensing';
import { checkLicensingSubmission, licenceSummary } from '../licensing';
import { ApiError, validationFailed } from '../errors';
import { behaviour, pick, TaskBehaviour, TaskBehaviours, TaskCtx, TaskDetail, Values } from './contract';

async function schemaOf(db: Db, key: string): Promise<(FormDefinition & Record<string, unknown>) | undefined> {
  return (await db('forms').where({ key }).first())?.schema;
}

/** Every production-licence task shows the case (the feedback form to the authority only). */
const caseDetail = async (ctx: TaskCtx): Promise<TaskDetail> => (ctx.app ? { licence: await licenceSummary(ctx.db, ctx.app.id, ctx.user, ctx.now) } : {});

/** The supplement task shows the application form with only the flagged parts and fields open. */
async function supplementDetail(ctx: TaskCtx): Promise<TaskDetail> {
  const out = await caseDetail(ctx);
  if (!ctx.app) return out;
  const wizard = await schemaOf(ctx.db, FORM.productionLicence);
  const own = await schemaOf(ctx.db, FORM.licenceSupplement);
  const notice = await openCorrection(ctx.db, ctx.app.id);
  if (!wizard || !own || !notice) return out;
  const editable = editableFields(wizard, notice.items);
  const locked = lockedForm(wizard, editable, new Map(notice.items.map((i) => [i.field, i.reason])));
  const labels = new Map<string, string>([...formFields(wizard).map((f) => [f.key, f.label] as [string, string]), ...wizard.components.map((c) => [c.key, String((c as { title?: string }).title ?? c.key)] as [string, string])]);
  return {
    ...out,
    form: { key: FORM.licenceSupplement, schema: { ...locked, title: own.title, components: [...locked.components, ...own.components] } },
    prefill: ctx.app.data,
    correction: { round: notice.round, items: notice.items.map((i) => ({ ...i, label: labels.get(i.field) ?? i.field })), editable: [...editable] },
  };
}

const base = (ctx: TaskCtx): Values => ({ elementId: ctx.task.element_id });
const appId = (ctx: TaskCtx): string => ctx.task.application_id!;

/** The corrected application: the flagged fields replaced, everything else as it was. */
async function checkSupplement(ctx: TaskCtx, values: Values) {
  const notice = await openCorrection(ctx.db, appId(ctx));
  if (!notice) throw new ApiError(409, 'NO_CORRECTION', '没有待补正的告知 / There is no correction notice to answer');
  const wizard = (await schemaOf(ctx.db, FORM.productionLicence))!;
  const submitted = (ctx.raw && typeof ctx.raw === 'object' ? ctx.raw : {}) as Values;
  const checked = validateSubmission(wizard, submitted);
  if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
  await checkLicensingSubmission(ctx.db, PROCESS.productionLicence, checked.values, checked.errors, { unitId: ctx.app?.unit_id, now: ctx.now, applicationId: ctx.app?.id });
  if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
  const editable = editableFields(wizard, notice.items);
  // (a case submitted before the application category was asked is a first-time one)
  const before = { applicationCategory: 'first', ...(ctx.app?.data ?? {}) } as Values;
  const changed = changedFields(wizard, before, checked.values);
  const refused = changed.filter((k) => !editable.has(k));
  if (refused.length) {
    throw new ApiError(
      422,
      'FIELD_NOT_FLAGGED',
      '只能修改补正告知中列出的部分和字段 / Only the parts and fields listed in the correction notice may change',
      Object.fromEntries(refused.map((k) => [k, '此项未要求补正，不能修改 / Not listed for correction; it cannot change'])),
    );
  }
  const data: Values = { ...before };
  for (const k of editable) {
    if (checked.values[k] === undefined) delete data[k];
    else data[k] = checked.values[k];
  }
  return { notice, changed, data, note: values.supplementNote ?? null };
}

/** What the formal review decided: a correction notice's items, or an acceptance's receipt. */
interface FormalReview {
  items?: CorrectionItem[];
  receipt?: { feeCharged: boolean; materialsReceivedOn: string };
}

/**
 * The items of a correction notice (each a known part or field of the application form, with a
 * reason), or the receipt an acceptance records: whether the licensing is charged for and when the
 * materials were received.
 */
async function checkFormalReview(ctx: TaskCtx, values: Values): Promise<FormalReview> {
  if (values.decision === LICENCE_DECISION.accept) {
    // (the engine's clock may read earlier than the row's creation: then only today will do)
    const today = localDate(ctx.now);
    const submitted = localDate(ctx.app?.created_at ?? ctx.now);
    const errors = acceptanceReceiptErrors(values.feeCharged, values.materialsReceivedOn, submitted < today ? submitted : today, ctx.now);
    if (Object.keys(errors).length) throw validationFailed(errors);
    return { receipt: { feeCharged: values.feeCharged === 'yes', materialsReceivedOn: String(values.materialsReceivedOn) } };
  }
  if (values.decision !== LICENCE_DECISION.correct) return {};
  const wizard = (await schemaOf(ctx.db, FORM.productionLicence))!;
  const known = new Set([...formFields(wizard).map((f) => f.key), ...wizard.components.map((c) => c.key)]);
  const items = ((values.corrections as CorrectionItem[] | undefined) ?? []).filter((i) => i.field && i.reason);
  if (!items.length) throw validationFailed({ corrections: '请列出需补正的部分或字段及原因 / List the parts or fields to correct, with reasons' });
  const unknown = items.find((i) => !known.has(i.field));
  if (unknown) throw validationFailed({ corrections: `没有这个部分或字段：${unknown.field} / No such part or field` });
  return { items };
}

/** The feedback form's header: the unit's name and the agency prefilled, the period from the final dates. */
async function feedbackDetail(ctx: TaskCtx): Promise<TaskDetail> {
  const out = await caseDetail(ctx);
  if (!ctx.app) return out;
  const lc = await getLicenceCase(ctx.db, ctx.app.id);
  const unit = ctx.app.unit_id ? await ctx.db('units').where({ id: ctx.app.unit_id }).first('name') : undefined;
  const category = lc ? await ctx.db('licence_categories').where({ code: lc.category }).first('agency_name') : undefined;
  const prefill: Values = { unitName: unit?.name ?? (ctx.app.data as Values | null)?.unitName, reviewAgency: category?.agency_name, reviewFrom: lc?.appraisal_from ?? undefined, reviewTo: lc?.appraisal_to ?? undefined };
  return { ...out, prefill: Object.fromEntries(Object.entries(prefill).filter(([, v]) => v !== undefined && v !== null)) };
}

/** The review period must be a range; the unit's name is the case's, whatever the browser sent. */
async function checkFeedback(ctx: TaskCtx, values: Values): Promise<Values> {
  const errors = reviewPeriodErrors(values.reviewFrom, values.reviewTo);
  if (Object.keys(errors).length) throw validationFailed(errors);
  const unit = ctx.app?.unit_id ? await ctx.db('units').where({ id: ctx.app.unit_id }).first('name') : undefined;
  return { ...values, unitName: unit?.name ?? values.unitName };
}

/** The negotiation so far: every letter with the agency's answer (the contact block only on the tasks). */
const negotiationOf = (rows: DateProposalRow[], withContact: boolean) =>
  rows.map((r) => ({
    round: r.round,
    proposedFrom: r.proposed_from,
    proposedTo: r.proposed_to,
    ...(withContact ? { contact: { name: r.contact_name, phone: r.contact_phone, address: r.contact_address, postcode: r.postcode, email: r.email } } : {}),
    note: r.note,
    proposedAt: r.proposed_at,
    decision: r.decision,
    opinion: r.opinion,
    finalFrom: r.final_from,
    finalTo: r.final_to,
    answeredAt: r.answered_at,
  }));

/** The applicant's letter: the contact block prefilled from the last letter, else from the application. */
async function proposeDetail(ctx: TaskCtx): Promise<TaskDetail> {
  const out = await caseDetail(ctx);
  if (!ctx.app) return out;
  const rows = await dateProposals(ctx.db, ctx.app.id);
  const last = rows[rows.length - 1];
  const data = (ctx.app.data ?? {}) as Values;
  const prefill: Values = last
    ? { contactName: last.contact_name, contactPhone: last.contact_phone, contactAddress: last.contact_address, postcode: last.postcode ?? undefined, email: last.email ?? undefined }
    : { contactName: data.contactName, contactPhone: data.contactPhone, contactAddress: data.address, email: data.email };
  return { ...out, prefill, negotiation: negotiationOf(rows, true), earliestDate: earliestInvitationDate(ctx.now) };
}

/** The agency answers the open letter. */
async function opinionDetail(ctx: TaskCtx): Promise<TaskDetail> {
  const out = await caseDetail(ctx);
  if (!ctx.app) return out;
  const rows = await dateProposals(ctx.db, ctx.app.id);
  const open = rows.find((r) => !r.decision);
  return { ...out, negotiation: negotiationOf(rows, true), ...(open ? { prefill: { finalFrom: open.proposed_from, finalTo: open.proposed_to } } : {}) };
}

/** A proposal inside the refused window, or ending before it starts, is refused naming the field. */
async function checkProposal(ctx: TaskCtx, values: Values) {
  const errors = proposedDatesErrors(values.appraisalFrom, values.appraisalTo, ctx.now);
  if (!isValidPhone(values.contactPhone)) errors.contactPhone = '请输入有效的电话号码 / Enter a valid phone number';
  if (values.postcode && !isValidPostcode(String(values.postcode))) errors.postcode = '邮政编码为 6 位数字 / A postcode has 6 digits';
  if (Object.keys(errors).length) throw validationFailed(errors);
  const open = await openProposal(ctx.db, appId(ctx));
  const last = await ctx.db('licence_date_proposals').where({ application_id: appId(ctx) }).max('round as round').first();
  return { open, round: open ? open.round : Number(last?.round ?? 0) + 1 };
}

/** Returning needs an opinion; accepting needs the final dates. */
async function checkOpinion(ctx: TaskCtx, values: Values) {
  const proposal = await openProposal(ctx.db, appId(ctx));
  if (!proposal) throw new ApiError(409, 'NO_PROPOSAL', '申请单位尚未提出鉴定评审日期 / The applicant has proposed no appraisal dates');
  const opinion = typeof values.opinion === 'string' && values.opinion.trim() ? values.opinion.trim() : null;
  const accepted = values.decision === LICENCE_DECISION.accept;
  if (values.decision === LICENCE_DECISION.return) {
    if (!opinion) throw validationFailed({ opinion: '退回时请填写意见 / Give your opinion when returning' });
  } else if (accepted) {
    const errors = finalDatesErrors(values.finalFrom, values.finalTo, ctx.now);
    if (Object.keys(errors).length) throw validationFailed(errors);
  } else throw validationFailed({ decision: '请选择同意或退回 / Choose accept or return' });
  return { proposal, opinion, accepted };
}

const shows: TaskBehaviour = { detail: caseDetail };

/**
 * 受理 of an inspector application: the case row is locked, so that acceptance and the person's
 * withdrawal cannot both happen; a withdrawn application is not accepted (409), an accepted one is
 * accepted at once (the process's mark-accepted step then finds it so).
 */
const inspectorAccept: TaskBehaviour = {
  async write(trx, ctx, values) {
    const app = await trx('applications').where({ id: appId(ctx) }).forUpdate().first('status');
    if (app?.status === APPLICATION_STATUS.withdrawn) throw new ApiError(409, 'WITHDRAWN', '申请人已撤回该申请，不能受理 / The applicant withdrew the application');
    if (app?.status !== APPLICATION_STATUS.submitted) throw new ApiError(409, 'NOT_WAITING', '该申请不在待受理状态 / The application is not waiting for acceptance');
    if (values.decision === LICENCE_DECISION.accept) {
      await transition(trx, appId(ctx), APPLICATION_STATUS.accepted, { from: [APPLICATION_STATUS.submitted], actor: ctx.user.login, action: 'accept', taskKey: ctx.task.user_task_key });
    }
  },
};

export const licensingTasks: TaskBehaviours = {
  [FORM.licenceFormalReview]: behaviour<FormalReview>({
    detail: caseDetail,
    check: checkFormalReview,
    variables: (_ctx, values, p) => (p.items || p.receipt ? pick(values, ['decision']) : values),
    audit: (ctx, values, p) => (p.items ? { ...base(ctx), decision: values.decision, corrections: p.items } : { ...base(ctx), ...values }),
    write: async (trx, ctx, _values, p) => {
      if (p.items) await recordCorrection(trx, appId(ctx), p.items, ctx.user.login);
      if (p.receipt) await trx('licence_cases').where({ application_id: appId(ctx) }).update({ fee_charged: p.receipt.feeCharged, materials_received_on: p.receipt.materialsReceivedOn });
    },
  }),
  [FORM.licenceSupplement]: behaviour<Awaited<ReturnType<typeof checkSupplement>>>({
    detail: supplementDetail,
    check: checkSupplement,
    variables: () => ({}),
    audit: (ctx, _values, p) => ({ ...base(ctx), round: p.notice.round, changed: p.changed, note: p.note }),
    // written before the next formal review exists, so its notice is always a new round
    async write(trx, ctx, _values, p) {
      await trx('applications').where({ id: appId(ctx) }).update({ data: JSON.stringify(p.data), updated_at: trx.fn.now() });
      await trx('licence_corrections').where({ id: p.notice.id }).update({ resolved_at: trx.fn.now() });
      await transition(trx, appId(ctx), APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.correction], actor: ctx.user.login, action: 'resubmit', details: { round: p.notice.round, changed: p.changed } });
    },
  }),
  [FORM.licenceDatesPropose]: behaviour<Awaited<ReturnType<typeof checkProposal>>>({
    detail: proposeDetail,
    check: checkProposal,
    variables: () => ({}),
    // the contact block stays in its row, out of the audit trail
    audit: (ctx, values, p) => ({ ...base(ctx), round: p.round, appraisalFrom: values.appraisalFrom, appraisalTo: values.appraisalTo, note: values.note ?? null }),
    async write(trx, ctx, values, p) {
      const row = {
        proposed_from: values.appraisalFrom,
        proposed_to: values.appraisalTo,
        contact_name: values.contactName,
        contact_phone: values.contactPhone,
        contact_address: values.contactAddress,
        postcode: values.postcode || null,
        email: values.email || null,
        note: values.note || null,
        proposed_by: ctx.user.login,
        proposed_at: ctx.now,
      };
      if (p.open) await trx('licence_date_proposals').where({ id: p.open.id }).update(row);
      else await trx('licence_date_proposals').insert({ ...row, application_id: appId(ctx), round: p.round });
    },
  }),
  [FORM.licenceDatesOpinion]: behaviour<Awaited<ReturnType<typeof checkOpinion>>>({
    detail: opinionDetail,
    check: checkOpinion,
    variables: (_ctx, values) => pick(values, ['decision']),
    audit: (ctx, values, p) => ({
      ...base(ctx),
      round: p.proposal.round,
      decision: values.decision,
      opinion: p.opinion,
      ...(p.accepted ? { finalFrom: values.finalFrom, finalTo: values.finalTo, note: `最终确定的鉴定评审日期：${values.finalFrom} 至 ${values.finalTo} / Final appraisal dates: ${values.finalFrom} to ${values.finalTo}` } : {}),
    }),
    async write(trx, ctx, values, p) {
      await trx('licence_date_proposals')
        .where({ id: p.proposal.id })
        .update({ decision: values.decision, opinion: p.opinion, final_from: p.accepted ? values.finalFrom : null, final_to: p.accepted ? values.finalTo : null, answered_by: ctx.user.login, answered_at: ctx.now });
      // returned: the applicant proposes again
      if (p.accepted) await trx('licence_cases').where({ application_id: appId(ctx) }).update({ appraisal_from: values.finalFrom, appraisal_to: values.finalTo });
      else await trx('licence_cases').where({ application_id: appId(ctx) }).increment('dates_returned', 1);
    },
  }),
  [FORM.licenceAppraisal]: {
    detail: caseDetail,
    variables: (_ctx, values) => ({ conclusion: values.conclusion }),
    audit: (ctx, values) => ({ ...base(ctx), conclusion: values.conclusion }),
    async write(trx, ctx, values) {
      await trx('licence_cases').where({ application_id: appId(ctx) }).update({ appraisal_conclusion: values.conclusion });
    },
  },
  // the answers stay out of the engine, the audit trail and the applicant's drafts
  [FORM.licenceFeedback]: behaviour<Values>({
    detail: feedbackDetail,
    check: checkFeedback,
    variables: () => ({}),
    audit: base,
    async write(trx, ctx, _values, stored) {
      await trx('licence_cases').where({ application_id: appId(ctx) }).update({ feedback: JSON.stringify(stored), feedback_at: trx.fn.now() });
    },
    async afterComplete(ctx) {
      await ctx.db('drafts').where({ scope: `task:${ctx.task.user_task_key}` }).delete();
    },
  }),
  [FORM.licenceDecision]: shows,
  [FORM.inspectorAccept]: inspectorAccept,
};
