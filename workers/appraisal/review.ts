/**
 * appraisal.letter (issue the negotiation letter or the review notice as a PDF, and list it among
 * the project's temporary files), appraisal.remind (the rectification reminder / overdue e-mail)
 * and appraisal.close (the project is closed after the rating).
 */
import { issueDocument } from '../../db/documents';
import { APPLICATION_STATUS, APPRAISAL_LETTER, AppraisalLetter, DOCUMENT_KIND, MAIL_TEMPLATE, MailTemplate } from '../../domain/registry';
import { letterLayout, LETTER_TITLES } from '../../documents/layouts/appraisal';
import { getApplication, transition } from '../../db/applications';
import { addressee, sendOnce } from '../notify';
import { Handler, defineJob } from '../types';
import { APPRAISAL_JOB } from '../../domain/appraisal/ids';

const LETTER_KIND = { [APPRAISAL_LETTER.negotiation]: DOCUMENT_KIND.appraisalNegotiationLetter, [APPRAISAL_LETTER.notice]: DOCUMENT_KIND.appraisalReviewNotice } as const;

type LetterVars = {
  applicationId: string;
  letter: string;
  proposedDate?: string;
  reviewDate?: string;
  teamLeader?: string;
  teamMembers?: string;
};

export const appraisalLetterJob: Handler<LetterVars, { documentId: string }> = async (vars, job, deps) => {
  if (vars.letter !== APPRAISAL_LETTER.negotiation && vars.letter !== APPRAISAL_LETTER.notice) throw new Error(`unknown appraisal letter "${vars.letter}"`);
  const kind = vars.letter as AppraisalLetter;
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app || !app.unit_id) throw new Error(`appraisal project ${vars.applicationId} does not exist or names no unit`);
  const unit = await deps.db('units').where({ id: app.unit_id }).first();
  const data = app.data as Record<string, string | undefined>;
  const leader = vars.teamLeader ? await deps.db('accounts').where({ login: vars.teamLeader }).first('display_name') : undefined;
  const layout = letterLayout(kind, {
    number: app.number,
    unitName: unit.name,
    uscc: data.uscc ?? unit.uscc,
    address: data.address ?? unit.address,
    contactName: data.contactName,
    reviewType: data.reviewType,
    acceptanceDecisionNo: data.acceptanceDecisionNo,
    acceptanceDate: data.acceptanceDate,
    proposedDate: vars.proposedDate,
    reviewDate: vars.reviewDate,
    teamLeaderName: leader?.display_name ?? vars.teamLeader,
    teamMembers: vars.teamMembers,
    issuedAt: deps.now(),
  });
  // idempotent: the same element instance gives the same document (and one temporary-file row)
  const doc = await issueDocument(deps, {
    key: `${LETTER_KIND[kind]}:${job.elementInstanceKey}`,
    kind: LETTER_KIND[kind],
    title: `${LETTER_TITLES[kind]}（${app.number}）`,
    applicationId: app.id,
    unitId: app.unit_id,
    number: app.number,
    layout,
  });
  await deps.db('appraisal_files')
    .insert({ application_id: app.id, step: job.elementId, kind: 'letter', document_id: doc.id, title: LETTER_TITLES[kind], task_key: job.elementInstanceKey, actor: 'system' })
    .onConflict(deps.db.raw('(document_id) WHERE document_id IS NOT NULL'))
    .ignore();
  return { documentId: doc.id };
};

const REMINDERS = new Set<string>([MAIL_TEMPLATE.appraisalRectificationReminder, MAIL_TEMPLATE.appraisalRectificationOverdue]);

/** The rectification reminder (before the deadline) or overdue notice, to the unit's contact; once per timer event. */
export const appraisalRemindJob: Handler<{ applicationId: string; template: string; rectificationDueDate?: string }, Record<string, never>> = async (vars, job, deps) => {
  if (!REMINDERS.has(vars.template)) throw new Error(`not an appraisal reminder template: "${vars.template}"`);
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app) throw new Error(`appraisal project ${vars.applicationId} does not exist`);
  const to = (await addressee(deps, app)).email;
  if (!to) {
    deps.log.warn('no e-mail address for the rectification reminder; skipped', { applicationId: app.id });
    return {};
  }
  const due = vars.rectificationDueDate ? new Date(vars.rectificationDueDate) : undefined;
  const dueText = due ? new Date(due.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : undefined;
  await sendOnce(deps, `email:${job.elementInstanceKey}`, app, to, vars.template as MailTemplate, { dueDate: dueText });
  return {};
};

/** The rating is in: the project is closed (approved). */
export const appraisalCloseJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    await transition(trx, vars.applicationId, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'system', action: 'close', set: { decision: 'approve', decided_at: deps.now() },
    });
  });
  return {};
};

/** The jobs above, with the variables each fetches. */
export const appraisalReviewJobs = [
  defineJob({ type: APPRAISAL_JOB.appraisalLetter, fetch: ['applicationId', 'letter', 'proposedDate', 'reviewDate', 'teamLeader', 'teamMembers'], handler: appraisalLetterJob }),
  defineJob({ type: APPRAISAL_JOB.appraisalRemind, fetch: ['applicationId', 'template', 'rectificationDueDate'], handler: appraisalRemindJob }),
  defineJob({ type: APPRAISAL_JOB.appraisalClose, fetch: ['applicationId'], handler: appraisalCloseJob }),
];
