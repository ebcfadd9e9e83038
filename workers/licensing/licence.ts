/**
 * Special-equipment licensing: route a production licence to its authority, the
 * supplement/correction notice, the acceptance decision (PDF, the statutory clock starts), the
 * clock's pause while the case is at the appraisal agency, the limit's due date and the reminder
 * and overdue alerts to the authority, the licence (PDF), refusal, and the
 * inspector qualification's outcomes. Each side effect is keyed by the job's element instance.
 */
import { issueDocument } from '../../db/documents';
import { audit, getApplication, transition } from '../../db/applications';
import { APPLICATION_KIND, caseClock, dayOf, getLicenceCase, getLicenceCaseAfterTask, openCorrection, recordLicence, switchClock } from '../../db/licensing';
import { chosenItems, LICENCE_STATUTORY_WORKING_DAYS, licensingAuthority } from '../../domain/licensing/rules';
import { APPLICATION_STATUS, ApplicationStatus, CLOCK_ACTION, DOCUMENT_KIND, FORM, MAIL_TEMPLATE } from '../../domain/registry';
import { CLOCK_ALERT } from '../../domain/licensing/ids';
import { addWorkingDays, calendarCovers, isWorkingDay, localDate, workingDaysBetween } from '../../domain/calendar';
import { parseEngineInstant } from '../due-date';
import { sendOnce } from '../notify';
import { acceptanceLayout, correctionNoticeLayout, licenceLayout } from '../../documents/layouts/licensing';
import { Deps, Handler, defineJob } from '../types';
import { LICENSING_JOB } from '../../domain/licensing/ids';

const S = APPLICATION_STATUS;
const OPEN: ApplicationStatus[] = [S.submitted, S.inReview, S.correction, S.accepted, S.appraisal];

async function context(deps: Deps, applicationId: string) {
  const app = await getApplication(deps.db, applicationId);
  if (!app) throw new Error(`application ${applicationId} does not exist`);
  const unit = app.unit_id ? await deps.db('units').where({ id: app.unit_id }).first() : undefined;
  return { app, unit };
}

/** e.g. TS2026-000123 (prefix, year in Beijing, a number from the application sequence). */
async function nextNumber(deps: Deps, prefix: string): Promise<string> {
  const { rows } = await deps.db.raw<{ rows: Array<{ n: string }> }>("SELECT nextval('application_number_seq') AS n");
  const year = new Date(deps.now().getTime() + 8 * 3600_000).getUTCFullYear();
  return `${prefix}${year}-${String(rows[0].n).padStart(6, '0')}`;
}

async function itemRows(deps: Deps, codes: string[]) {
  return deps.db('licence_items').whereIn('code', codes).orderBy('sort');
}

/** licence.route — the authority follows from the items; the applicant's own tasks go to the submitter. */
export const routeLicenceJob: Handler<{ applicationId: string }, Record<string, string>> = async (vars, _job, deps) => {
  const { app, unit } = await context(deps, vars.applicationId);
  if (!unit) throw new Error(`application ${app.number} has no unit`);
  const data = app.data as Record<string, unknown>;
  const codes = chosenItems(data.licenceItems);
  const items = await itemRows(deps, codes);
  const authority = licensingAuthority(items, unit.province);
  // a change or upgrade: the licence it starts from (checked at submission)
  const kind = String(data.applicationCategory ?? APPLICATION_KIND.first);
  const current = kind !== APPLICATION_KIND.first && typeof data.currentLicence === 'string'
    ? await deps.db('production_licences').where({ unit_id: unit.id, number: data.currentLicence }).first('id')
    : undefined;
  await deps.db('licence_cases')
    .insert({
      application_id: app.id, category: String(data.licenceCategory), item_codes: codes, authority_level: authority.level, authority_group: authority.group, authority_name: authority.name,
      application_kind: current ? kind : APPLICATION_KIND.first, licence_id: current?.id ?? null,
    })
    .onConflict('application_id')
    .ignore();
  await deps.db.transaction((trx) => transition(trx, app.id, S.inReview, { from: [S.submitted], actor: 'system', action: 'route', details: { authority: authority.name } }));
  let applicantLogin = app.applicant_login;
  if (!applicantLogin) applicantLogin = (await deps.db('accounts').where({ unit_id: unit.id, kind: 'unit-main' }).first())?.login ?? null;
  if (!applicantLogin) throw new Error(`application ${app.number}: no applicant account`);
  return { authorityGroup: authority.group, authorityLevel: authority.level, applicantLogin, applicantGroup: `unit:${unit.id}` };
};

/** licence.correction-notice — the case waits for the applicant; the notice (PDF) lists what to correct and why. */
export const correctionNoticeJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, job, deps) => {
  const { app, unit } = await context(deps, vars.applicationId);
  const notice = await openCorrection(deps.db, app.id);
  if (!notice) throw new Error(`application ${app.number}: no open correction notice`);
  const lc = await getLicenceCase(deps.db, app.id);
  const form = (await deps.db('forms').where({ key: FORM.productionLicence }).first())?.schema;
  const labels = new Map<string, string>();
  const walk = (cs: Array<Record<string, unknown>>) =>
    cs.forEach((c) => {
      labels.set(String(c.key), String(c.label ?? c.title ?? c.key));
      if (Array.isArray(c.components) && c.type !== 'datagrid') walk(c.components as never);
    });
  if (form) walk(form.components);
  await deps.db.transaction(async (trx) => {
    await trx('licence_cases').where({ application_id: app.id }).update({ correction_round: notice.round });
    await transition(trx, app.id, S.correction, { from: [S.inReview], actor: notice.created_by, action: 'correction-notice', details: { round: notice.round, items: notice.items } });
  });
  await issueDocument(deps, {
    key: `${DOCUMENT_KIND.licenceCorrectionNotice}:${job.elementInstanceKey}`,
    kind: DOCUMENT_KIND.licenceCorrectionNotice,
    title: '补齐补正告知书',
    applicationId: app.id,
    unitId: app.unit_id,
    number: `${app.number}-B${notice.round}`,
    layout: correctionNoticeLayout({ number: app.number, round: notice.round, unitName: unit?.name ?? '', authority: lc?.authority_name ?? '', rows: notice.items.map((i) => [labels.get(i.field) ?? i.field, i.reason]) }),
  });
  return {};
};

/** licence.accept — the acceptance decision (受理决定书) with its number; the statutory clock starts. */
export const acceptLicenceJob: Handler<{ applicationId: string; at?: string }, { acceptanceNumber: string }> = async (vars, job, deps) => {
  const at = parseEngineInstant(vars.at) ?? deps.now();
  const { app, unit } = await context(deps, vars.applicationId);
  const lc = await getLicenceCaseAfterTask(deps.db, app.id);
  if (!lc || !unit) throw new Error(`application ${app.number} has no licence case`);
  let number = lc.acceptance_number;
  if (!number) {
    number = await nextNumber(deps, 'TSSL');
    await deps.db('licence_cases').where({ application_id: app.id }).whereNull('acceptance_number').update({ acceptance_number: number, accepted_at: at });
    number = (await getLicenceCase(deps.db, app.id))!.acceptance_number!;
  }
  const category = await deps.db('licence_categories').where({ code: lc.category }).first();
  const items = await itemRows(deps, lc.item_codes);
  await deps.db.transaction(async (trx) => {
    await transition(trx, app.id, S.accepted, { from: [S.inReview], actor: 'system', action: 'accept', details: { acceptanceNumber: number } });
    await switchClock(trx, app.id, 'counting', `accept:${job.elementInstanceKey}`, at);
  });
  await issueDocument(deps, {
    key: `${DOCUMENT_KIND.licenceAcceptance}:${job.elementInstanceKey}`,
    kind: DOCUMENT_KIND.licenceAcceptance,
    title: '特种设备行政许可受理决定书',
    applicationId: app.id,
    unitId: app.unit_id,
    number,
    layout: acceptanceLayout({ number, unit, category, items, authority: lc.authority_name, acceptedAt: at, feeCharged: lc.fee_charged, materialsReceivedOn: lc.materials_received_on }),
  });
  return { acceptanceNumber: number };
};


/**
 * licence.clock — pause while the case is at the appraisal agency, resume after the appraisal. The
 * moment is the engine's (`at` = now() in the model), so the periods and the timers computed from
 * them read one clock.
 */
export const clockJob: Handler<{ applicationId: string; clockAction: string; at?: string }, Record<string, never>> = async (vars, job, deps) => {
  const key = `clock:${job.elementInstanceKey}`;
  const at = parseEngineInstant(vars.at) ?? deps.now();
  await deps.db.transaction(async (trx) => {
    if (vars.clockAction === CLOCK_ACTION.pause) {
      await switchClock(trx, vars.applicationId, 'paused', key, at);
      await transition(trx, vars.applicationId, S.appraisal, { from: [S.accepted], actor: 'system', action: 'to-appraisal' });
    } else if (vars.clockAction === CLOCK_ACTION.resume) {
      await switchClock(trx, vars.applicationId, 'counting', key, at);
      await transition(trx, vars.applicationId, S.inReview, { from: [S.appraisal], actor: 'system', action: 'appraised' });
    } else if (vars.clockAction === CLOCK_ACTION.stop) {
      await switchClock(trx, vars.applicationId, null, key, at);
    } else throw new Error(`unknown clock action ${vars.clockAction}`);
  });
  return {};
};

/**
 * licence.clock-dates — when the counting clock ends the statutory limit, and when to remind the
 * authority before it: the working days left (the periods so far, the time at the agency excluded)
 * counted on the mainland-China calendar from the engine's now. The BPMN timers on the counting
 * stage and the decision task's due date use the result.
 */
export const clockDatesJob: Handler<{ applicationId: string; reminderWorkingDays: number; at?: string }, { statutoryDueDate: string; clockReminderAt: string }> = async (vars, _job, deps) => {
  const n = Number(vars.reminderWorkingDays);
  if (!Number.isInteger(n) || n < 0 || n > LICENCE_STATUTORY_WORKING_DAYS) throw new Error(`reminderWorkingDays must be a whole number from 0 to ${LICENCE_STATUTORY_WORKING_DAYS}, got ${vars.reminderWorkingDays}`);
  const at = parseEngineInstant(vars.at) ?? deps.now();
  const clock = await caseClock(deps.db, vars.applicationId, at);
  if (!clock) throw new Error(`application ${vars.applicationId}: the statutory clock has not started`);
  const left = Math.max(clock.leftWorkingDays, 0);
  const due = addWorkingDays(at, left);
  // with no more than n working days left, remind now
  const reminder = left > n ? addWorkingDays(at, left - n) : at;
  if (!calendarCovers(due.getUTCFullYear())) {
    deps.log.warn('the holiday calendar does not cover this year: only weekends were skipped; update the chinese-days package', { year: due.getUTCFullYear() });
  }
  await deps.db('licence_cases').where({ application_id: vars.applicationId }).update({ statutory_due_at: due });
  return { statutoryDueDate: due.toISOString(), clockReminderAt: reminder.toISOString() };
};

const ALERT_TEXT = {
  [CLOCK_ALERT.reminder]: { action: 'licence-clock-reminder', template: MAIL_TEMPLATE.licenceClockReminder, note: (due: string, left: number) => `法定办结时限将于 ${due} 届满（含今日尚余 ${left} 个工作日），已提醒审批机关 / The statutory limit ends on ${due} (${left} working days left, today included); the authority was reminded` },
  [CLOCK_ALERT.overdue]: { action: 'licence-clock-overdue', template: MAIL_TEMPLATE.licenceClockOverdue, note: (due: string) => `已超过法定办结时限（${due} 届满），案件标记为超期 / The statutory limit ended on ${due}; the case is marked overdue` },
} as const;

/**
 * licence.clock-alert — the timers on the counting stage: before the limit the authority is
 * reminded, after it the case is marked overdue and the authority told. Each once per timer event:
 * an audit row (the case history) and an e-mail to every active account of the authority's group.
 */
export const clockAlertJob: Handler<{ applicationId: string; clockAlert: string; statutoryDueDate?: string; at?: string }, Record<string, never>> = async (vars, job, deps) => {
  const alert = vars.clockAlert as keyof typeof ALERT_TEXT;
  if (!ALERT_TEXT[alert]) throw new Error(`unknown clock alert "${vars.clockAlert}"`);
  const { app } = await context(deps, vars.applicationId);
  const lc = await getLicenceCase(deps.db, app.id);
  if (!lc) throw new Error(`application ${app.number} has no licence case`);
  const at = parseEngineInstant(vars.at) ?? deps.now();
  const dueAt = parseEngineInstant(vars.statutoryDueDate) ?? lc.statutory_due_at ?? null;
  const due = dueAt ? localDate(new Date(dueAt)) : '';
  // the working days left, today included when it is one
  const left = dueAt ? Math.max(workingDaysBetween(at, new Date(dueAt)) + (isWorkingDay(localDate(at)) ? 1 : 0), 0) : Math.max((await caseClock(deps.db, app.id, at))?.leftWorkingDays ?? 0, 0);
  const text = ALERT_TEXT[alert];
  await deps.db.transaction(async (trx) => {
    const done = await trx('audit').where({ application_id: app.id, action: text.action }).whereRaw("details->>'elementInstanceKey' = ?", [job.elementInstanceKey]).first();
    if (done) return;
    await audit(trx, { applicationId: app.id, actor: 'system', action: text.action, details: { elementInstanceKey: job.elementInstanceKey, dueDate: dueAt ? new Date(dueAt).toISOString() : null, note: text.note(due, left) } });
    if (alert === CLOCK_ALERT.overdue) await trx('licence_cases').where({ application_id: app.id }).whereNull('overdue_at').update({ overdue_at: at });
    else await trx('licence_cases').where({ application_id: app.id }).update({ clock_reminded_at: at });
  });
  const staff = await deps.db('accounts').where({ status: 'active' }).whereRaw('? = ANY(groups)', [lc.authority_group]).whereNotNull('email');
  if (!staff.length) deps.log.warn('no e-mail address in the authority group for the statutory clock alert', { applicationId: app.id, group: lc.authority_group });
  for (const s of staff) {
    await sendOnce(deps, `email:${job.elementInstanceKey}:${s.id}`, app, s.email, text.template, { dueDate: due, reason: `尚余 ${left} 个工作日 / ${left} working days left` });
  }
  return {};
};

/**
 * licence.feedback-lapsed — the applicant filed no review feedback form within its time (the BPMN
 * timer on the form): the decision goes on without it, and the case history says so.
 */
export const feedbackLapsedJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, job, deps) => {
  const done = await deps.db('audit').where({ application_id: vars.applicationId, action: 'licence-feedback-lapsed' }).whereRaw("details->>'elementInstanceKey' = ?", [job.elementInstanceKey]).first();
  if (!done) {
    await audit(deps.db, {
      applicationId: vars.applicationId, actor: 'system', action: 'licence-feedback-lapsed',
      details: { elementInstanceKey: job.elementInstanceKey, note: '申请单位未在期限内提交鉴定评审反馈表，许可决定继续进行 / No review feedback form was filed in time; the decision goes on without it' },
    });
  }
  return {};
};

/**
 * licence.issue — the licence (PDF) with its number; the clock stops; the application is approved.
 * A first-time case issues a new licence (4 years); a change or upgrade replaces the scope of the
 * licence it started from, under its number and within its validity, the old scope kept in its history.
 */
export const issueLicenceJob: Handler<{ applicationId: string }, { licenceNumber: string }> = async (vars, job, deps) => {
  const { app, unit } = await context(deps, vars.applicationId);
  const lc = await getLicenceCase(deps.db, app.id);
  if (!lc || !unit) throw new Error(`application ${app.number} has no licence case`);
  const held = lc.licence_id ? await deps.db('production_licences').where({ id: lc.licence_id }).first() : undefined;
  let number = lc.licence_number;
  if (!number) {
    number = held ? String(held.number) : await nextNumber(deps, 'TS');
    await deps.db('licence_cases').where({ application_id: app.id }).whereNull('licence_number').update({ licence_number: number });
    number = (await getLicenceCase(deps.db, app.id))!.licence_number!;
  }
  const category = await deps.db('licence_categories').where({ code: lc.category }).first();
  const items = await itemRows(deps, lc.item_codes);
  const issued = deps.now();
  const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const until = new Date(issued);
  until.setUTCFullYear(until.getUTCFullYear() + 4);
  const itemScope = typeof app.data?.itemScope === 'string' ? app.data.itemScope : null;
  const licence = await deps.db.transaction(async (trx) => {
    await switchClock(trx, app.id, null, `stop:${job.elementInstanceKey}`, issued);
    const row = await recordLicence(trx, lc, { number: number!, unitId: unit.id, itemScope, issuedOn: local(issued), validUntil: local(until) });
    await transition(trx, app.id, S.approved, {
      from: OPEN, actor: 'system', action: 'licence', set: { decision: 'approve', decided_at: issued },
      details: { licenceNumber: number, applicationCategory: lc.application_kind },
    });
    return row;
  });
  await issueDocument(deps, {
    key: `${DOCUMENT_KIND.productionLicence}:${job.elementInstanceKey}`,
    kind: DOCUMENT_KIND.productionLicence,
    title: '中华人民共和国特种设备生产许可证',
    applicationId: app.id,
    unitId: app.unit_id,
    number,
    layout: licenceLayout({ number, categoryName: category?.name, unit, acceptanceNumber: lc.acceptance_number ?? '', issuedOn: local(issued), validUntil: dayOf(licence.valid_until), items, authority: lc.authority_name }),
  });
  return { licenceNumber: number };
};

/** licence.reject — refusal (at formal review or at the decision, or an inspector application): the clock stops. */
export const rejectLicenceJob: Handler<{ applicationId: string; reason?: string }, Record<string, never>> = async (vars, job, deps) => {
  const reason = (vars.reason && String(vars.reason).trim()) || '未说明 / not stated';
  await deps.db.transaction(async (trx) => {
    if (await trx('case_clock_periods').where({ application_id: vars.applicationId }).first()) {
      await switchClock(trx, vars.applicationId, null, `stop:${job.elementInstanceKey}`, deps.now());
    }
    await transition(trx, vars.applicationId, S.rejected, { from: OPEN, actor: 'system', action: 'reject', set: { decision: 'reject', decision_reason: reason, decided_at: deps.now() } });
  });
  return {};
};

/** inspector.result — an inspector application accepted, or approved (the qualification is granted). */
export const inspectorResultJob: Handler<{ applicationId: string; outcome: string }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    if (vars.outcome === 'accepted') {
      await transition(trx, vars.applicationId, S.accepted, { from: [S.submitted], actor: 'system', action: 'accept' });
    } else if (vars.outcome === 'approved') {
      await transition(trx, vars.applicationId, S.approved, { from: [S.accepted], actor: 'system', action: 'approve', set: { decision: 'approve', decided_at: deps.now() } });
    } else throw new Error(`unknown outcome ${vars.outcome}`);
  });
  return {};
};

/** The jobs above, with the variables each fetches. */
export const licensingJobs = [
  defineJob({ type: LICENSING_JOB.licenceRoute, fetch: ['applicationId'], handler: routeLicenceJob }),
  defineJob({ type: LICENSING_JOB.licenceCorrectionNotice, fetch: ['applicationId'], handler: correctionNoticeJob }),
  defineJob({ type: LICENSING_JOB.licenceAccept, fetch: ['applicationId', 'at'], handler: acceptLicenceJob }),
  defineJob({ type: LICENSING_JOB.licenceClock, fetch: ['applicationId', 'clockAction', 'at'], handler: clockJob }),
  defineJob({ type: LICENSING_JOB.licenceClockDates, fetch: ['applicationId', 'reminderWorkingDays', 'at'], handler: clockDatesJob }),
  defineJob({ type: LICENSING_JOB.licenceClockAlert, fetch: ['applicationId', 'clockAlert', 'statutoryDueDate', 'at'], handler: clockAlertJob }),
  defineJob({ type: LICENSING_JOB.licenceFeedbackLapsed, fetch: ['applicationId'], handler: feedbackLapsedJob }),
  defineJob({ type: LICENSING_JOB.licenceIssue, fetch: ['applicationId'], handler: issueLicenceJob }),
  defineJob({ type: LICENSING_JOB.licenceReject, fetch: ['applicationId', 'reason'], handler: rejectLicenceJob }),
  defineJob({ type: LICENSING_JOB.inspectorResult, fetch: ['applicationId', 'outcome'], handler: inspectorResultJob }),
];
