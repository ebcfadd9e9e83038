/**
 * notify.email and notify.sms — one templated message about an application, sent once: the
 * notifications row, keyed by the element instance, is written and claimed before sending and
 * marked sent after, so a retried or redelivered job does not send it again, not even while its
 * first run is still sending. What it said is kept on the
 * row: the applicant's message centre (db/messages.ts) reads it.
 */
import { renderMail } from '../domain/mail-templates';
import path from 'node:path';
import { MAIL_TEMPLATE, MailTemplate, PROCESS } from '../domain/registry';
import { loadModels } from '../domain/models';
import { readForm, SECTIONS_DIR } from '../domain/form-sections';
import { issuePasswordSetLink, issueResubmitLink } from '../db/accounts';
import { ApplicationRow, getApplication } from '../db/applications';
import { renderSms, SMS_TEMPLATE, SmsTemplate } from '../domain/sms-templates';
import { Deps, Handler, JobContext, defineJob } from './types';
import { COMMON_JOB } from '../domain/ids';

const TEMPLATES = new Set<string>(Object.values(MAIL_TEMPLATE));
const PROCESS_TITLES = new Map(loadModels().map((m) => [m.id, m.name]));

/** How long a claim to send a notification holds (longer than an SMTP or SMS call may take). */
const CLAIM_SECONDS = 60;
/** How often a run that found the notification being sent elsewhere looks again. */
const CLAIM_POLL_MS = 100;

/**
 * Runs send() unless the notification with this key was already sent; records it. The row is
 * claimed for CLAIM_SECONDS before sending, so two runs of one job at the same time (the engine
 * handed the job out again while its first run was still sending) send it once: the second waits
 * for the first to finish, or for its claim to lapse when it died.
 */
async function once(
  deps: Deps,
  row: { key: string; applicationId: string; channel: 'email' | 'sms'; recipient: string; template: string },
  send: () => Promise<{ subject?: string; messageId: string; body: string }>,
): Promise<boolean> {
  // one statement: a new row is written already claimed; an existing one is claimed when nobody
  // sent it and no claim holds (returns nothing otherwise)
  const claimUntil = deps.db.raw(`now() + interval '${CLAIM_SECONDS} seconds'`);
  for (;;) {
    const claimed = await deps.db('notifications')
      .insert({ idempotency_key: row.key, application_id: row.applicationId, channel: row.channel, recipient: row.recipient, template: row.template, claimed_until: claimUntil })
      .onConflict('idempotency_key')
      .merge({ claimed_until: claimUntil })
      .where('notifications.sent_at', null)
      .andWhere((w) => w.whereNull('notifications.claimed_until').orWhere('notifications.claimed_until', '<', deps.db.fn.now()))
      .returning(['id']);
    if (claimed.length) break;
    const existing = await deps.db('notifications').where({ idempotency_key: row.key }).first('sent_at');
    if (existing.sent_at) return false;
    await new Promise((r) => setTimeout(r, CLAIM_POLL_MS));
  }
  let sent: Awaited<ReturnType<typeof send>>;
  try {
    sent = await send();
  } catch (err) {
    // not sent: the job's retry may claim it at once
    await deps.db('notifications').where({ idempotency_key: row.key }).update({ claimed_until: null });
    throw err;
  }
  await deps.db('notifications').where({ idempotency_key: row.key }).update({ subject: sent.subject ?? null, body: sent.body, message_id: sent.messageId, sent_at: deps.now(), claimed_until: null });
  return true;
}

export async function sendOnce(
  deps: Deps,
  key: string,
  app: ApplicationRow,
  to: string,
  template: MailTemplate,
  extra: { reason?: string; dueDate?: string; /** the addressee, when the caller has looked it up */ who?: Addressee } = {},
): Promise<boolean> {
  return once(deps, { key, applicationId: app.id, channel: 'email', recipient: to, template }, async () => {
    const who = extra.who ?? (await addressee(deps, app));
    // Issued only when the mail really goes out, so the link in the one mail sent stays valid.
    const resubmitUrl =
      template === MAIL_TEMPLATE.registrationRejected && app.process_id === PROCESS.unitRegistration
        ? await issueResubmitLink(deps.db, app.id, deps.publicUrl)
        : undefined;
    const passwordSetUrl = template === MAIL_TEMPLATE.appealApproved && app.unit_id ? await issuePasswordSetLink(deps.db, app.unit_id, deps.publicUrl) : undefined;
    const mail = renderMail(template, {
      resubmitUrl,
      passwordSetUrl,
      processTitle: PROCESS_TITLES.get(app.process_id),
      applicationNumber: app.number,
      unitName: who.unitName,
      contactName: who.contactName,
      login: who.login,
      reason: extra.reason ?? app.decision_reason ?? undefined,
      dueDate: extra.dueDate,
      ...qualificationFields(app),
      portalUrl: deps.publicUrl,
    });
    const sent = await deps.mailer.send({ to, subject: mail.subject, text: mail.text, messageId: `<${key}@permitflow.local>` });
    return { subject: mail.subject, messageId: sent.messageId, body: mail.text };
  });
}

/** The qualification types' labels, from the one select the forms share (value -> "中文 English"). */
const QUALIFICATION_TYPES: Map<string, string> = (() => {
  const select = readForm(path.join(SECTIONS_DIR, 'unit-qualification-type.json')) as { data?: { values?: Array<{ label: string; value: string }> } };
  return new Map((select.data?.values ?? []).map((v) => [v.value, v.label]));
})();

/** The certificate fields of a unit-qualification application (for its expiry messages). */
function qualificationFields(app: ApplicationRow): { certificateNo?: string; qualificationType?: string; expiryDate?: string } {
  if (app.process_id !== PROCESS.unitQualification) return {};
  const d = app.data as { certificateNo?: string; qualificationType?: string; expiryDate?: string };
  return { certificateNo: d.certificateNo, qualificationType: QUALIFICATION_TYPES.get(d.qualificationType ?? '') ?? d.qualificationType, expiryDate: d.expiryDate };
}

/**
 * Who an application's mail goes to: the contact in the form (registration), else the unit's
 * main account.
 */
export interface Addressee {
  email?: string;
  mobile?: string;
  unitName: string;
  contactName: string;
  login?: string;
}

export async function addressee(deps: Deps, app: ApplicationRow): Promise<Addressee> {
  const data = app.data as { unit?: { name?: string }; contact?: { name?: string; email?: string; mobile?: string; login?: string } };
  if (data.contact?.email) {
    return { email: data.contact.email, mobile: data.contact.mobile, unitName: data.unit?.name ?? '', contactName: data.contact.name ?? '', login: data.contact.login };
  }
  const unit = app.unit_id ? await deps.db('units').where({ id: app.unit_id }).first() : undefined;
  const main = app.unit_id ? await deps.db('accounts').where({ unit_id: app.unit_id, kind: 'unit-main', status: 'active' }).first() : undefined;
  return { email: main?.email ?? undefined, mobile: main?.mobile ?? undefined, unitName: unit?.name ?? '', contactName: main?.display_name ?? '', login: main?.login };
}

export const notifyEmailJob: Handler<{ applicationId: string; template: string }, Record<string, never>> = async (vars, job, deps) => {
  if (!TEMPLATES.has(vars.template)) throw new Error(`unknown mail template "${vars.template}"`);
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
  const who = await addressee(deps, app);
  if (!who.email) throw new Error(`application ${app.number} has no contact e-mail`);
  const sent = await sendOnce(deps, `email:${job.elementInstanceKey}`, app, who.email, vars.template as MailTemplate, { who });
  if (!sent) deps.log.info('e-mail already sent; not sending again', { template: vars.template, applicationId: app.id });
  return {};
};

/** The overdue reminder goes to every active review-lead account with an e-mail address. */
export async function notifyReviewLeads(app: ApplicationRow, job: JobContext, deps: Deps, dueDate?: string): Promise<number> {
  const leads = await deps.db('accounts').where({ status: 'active' }).whereRaw("'review-leads' = ANY(groups)").whereNotNull('email');
  let sent = 0;
  for (const lead of leads) {
    if (await sendOnce(deps, `email:${job.elementInstanceKey}:${lead.id}`, app, lead.email, MAIL_TEMPLATE.registrationEscalated, { dueDate })) sent++;
  }
  return sent;
}

const SMS_TEMPLATES = new Set<string>(Object.values(SMS_TEMPLATE));

export const notifySmsJob: Handler<{ applicationId: string; template: string }, Record<string, never>> = async (vars, job, deps) => {
  if (!SMS_TEMPLATES.has(vars.template)) throw new Error(`unknown SMS template "${vars.template}"`);
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
  const who = await addressee(deps, app);
  if (!who.mobile) {
    deps.log.warn('no mobile number for the SMS; skipped', { applicationId: app.id, template: vars.template });
    return {};
  }
  const key = `sms:${job.elementInstanceKey}`;
  const text = renderSms(vars.template as SmsTemplate, { applicationNumber: app.number, login: who.login, ...qualificationFields(app) });
  await once(deps, { key, applicationId: app.id, channel: 'sms', recipient: who.mobile, template: vars.template }, async () => {
    const sent = await deps.sms.send({ to: who.mobile!, text, idempotencyKey: key });
    return { messageId: sent.id, body: text };
  });
  return {};
};

/** The jobs above, with the variables each fetches. */
export const notifyJobs = [
  defineJob({ type: COMMON_JOB.notifyEmail, fetch: ['applicationId', 'template'], handler: notifyEmailJob }),
  defineJob({ type: COMMON_JOB.notifySms, fetch: ['applicationId', 'template'], handler: notifySmsJob }),
];
