/**
 * publicity-application workers (PROCESSES.md §B): eligibility, number, the three-element check,
 * the SMS confirmation code, the manual identity verification, the closing outcomes, approval.
 * Each is idempotent: redelivered jobs find their own earlier effect and return it.
 */
import type { Knex } from 'knex';
import { APPLICATION_STATUS, BPMN_ERROR, DECISION, DOCUMENT_KIND, DOCUMENT_STATUS, IDENTITY_RESULT, IDENTITY_STATUS, NUMBER_PREFIX, PROCESS, PUBLICITY_OUTCOME, type ApplicationStatus } from '../../domain/registry';
import { addYears, localDate, localYear, publicityApplicationNumber, PUBLICITY_VALID_YEARS, type PublicityItem } from '../../domain/publicity/rules';
import { audit, getApplication, transition, type ApplicationRow } from '../../db/applications';
import { revokeDocument } from '../../db/documents';
import {
  activateRecord, checkEligibility, createIdentityVerification, decideIdentityVerification, getIdentityVerification, getPractitioner, nextCounter,
  publicityRowsOf, setPractitionerMobile, updatePublicityRow, type PublicityApplicationRow,
} from '../../db/publicity/practitioners';
import { issueConfirmationCode } from '../../db/publicity/codes';
import { BpmnError, Deps, Handler, defineJob } from '../types';
import { PUBLICITY_JOB } from '../../domain/publicity/ids';

/** Applications whose number is not assigned yet carry this prefix (assigned once eligible). */
export const PROVISIONAL_NUMBER_PREFIX = 'TMP-';
export const hasNumber = (app: { number: string }) => !app.number.startsWith(PROVISIONAL_NUMBER_PREFIX);

async function load(deps: Deps | { db: Knex | Knex.Transaction }, applicationId: string): Promise<{ app: ApplicationRow; row: PublicityApplicationRow }> {
  const app = await getApplication(deps.db, applicationId);
  if (!app) throw new Error(`application ${applicationId} does not exist`);
  const [row] = await publicityRowsOf(deps.db, applicationId);
  if (!row) throw new Error(`application ${app.number} has no publicity row`);
  return { app, row };
}

const mergeData = (trx: Knex | Knex.Transaction, id: string, patch: Record<string, unknown>) =>
  trx('applications').where({ id }).update({ data: trx.raw('data || ?::jsonb', [JSON.stringify(patch)]), updated_at: trx.fn.now() });

/**
 * publicity.eligibility — every rule on the registry as it is now; failures are stored on the
 * application and thrown as PUBLICITY_INELIGIBLE (the model ends the case); otherwise the type,
 * items and previous unit are fixed on the application.
 */
export const publicityEligibilityJob: Handler<{ applicationId: string }, { publicityType: string }> = async (vars, _job, deps) => {
  const { app, row } = await load(deps, vars.applicationId);
  const requested = (app.data as { requestedItems?: PublicityItem[] }).requestedItems;
  const result = await checkEligibility(deps.db, {
    practitionerId: row.practitioner_id, unitId: row.unit_id, today: localDate(deps.now()), requestedItems: requested?.length ? requested : undefined, exceptApplicationId: app.id,
  });
  if (!result) throw new Error(`person or unit of application ${app.id} is gone`);
  const failures = [...result.failures] as Array<{ rule: string; reason: string }>;
  if (result.eligible && result.needsResignationCertificate && !row.resignation_file_id) {
    failures.push({ rule: 'resignation-certificate', reason: '原单位未完成注销公示，须上传原单位离职证明 / The previous unit has not cancelled: upload the resignation certificate' });
  }
  if (failures.length) {
    await mergeData(deps.db, app.id, { eligibility: { rules: result.rules, failures } });
    throw new BpmnError(BPMN_ERROR.publicityIneligible, failures.map((f) => f.rule).join(', '), { eligibilityFailures: failures });
  }
  await deps.db.transaction(async (trx) => {
    await updatePublicityRow(trx, row.id, {
      type: result.type!, items: JSON.stringify(result.items) as never, previous_unit_id: result.previousUnitId, previous_record_id: result.snapshot.lastRecord?.id ?? null,
    });
    await mergeData(trx, app.id, { type: result.type, items: result.items, eligibility: { rules: result.rules, failures: [] } });
  });
  return { publicityType: result.type! };
};

/**
 * publicity.open — the application gets its number (A2026D10001: a per-year counter row updated in
 * this transaction, so numbers have no gaps) and the 7-day window starts.
 */
export const publicityOpenJob: Handler<{ applicationId: string }, { applicationNumber: string }> = async (vars, _job, deps) => {
  return deps.db.transaction(async (trx) => {
    const app = await trx<ApplicationRow>('applications').where({ id: vars.applicationId }).forUpdate().first();
    if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
    if (hasNumber(app)) return { applicationNumber: app.number };
    const now = deps.now();
    const year = localYear(now);
    const number = publicityApplicationNumber(year, await nextCounter(trx, NUMBER_PREFIX.publicityApplication, year));
    await trx('applications').where({ id: app.id }).update({ number });
    await mergeData(trx, app.id, { openedAt: now.toISOString() });
    await transition(trx, app.id, APPLICATION_STATUS.awaitingUpload, { from: [APPLICATION_STATUS.submitted], actor: 'system', action: 'publicity-open', details: { number } });
    return { applicationNumber: number };
  });
};

/**
 * publicity.identity-check — name + ID number + mobile through the provider. Match → passed; the
 * first mismatch → retry (the applicant may correct the mobile once); the second → manual.
 * The outcome is recorded per element instance, so a redelivered job gives the same answer.
 */
export const publicityIdentityCheckJob: Handler<{ applicationId: string }, { identityResult: string }> = async (vars, job, deps) => {
  if (!deps.identity) throw new Error('no identity provider configured');
  const done = await deps.db('audit').where({ application_id: vars.applicationId, action: 'identity-check', task_key: job.elementInstanceKey }).first();
  if (done) return { identityResult: (done.details as { result: string }).result };
  const { app, row } = await load(deps, vars.applicationId);
  const person = await getPractitioner(deps.db, row.practitioner_id);
  if (!person) throw new Error(`practitioner ${row.practitioner_id} is gone`);
  const checked = await deps.identity.verify({ name: person.name, idNumber: person.id_number, mobile: row.mobile ?? '' });
  return deps.db.transaction(async (trx) => {
    const mismatches = row.identity_mismatches + (checked.match ? 0 : 1);
    const result = checked.match ? IDENTITY_RESULT.passed : mismatches >= 2 ? IDENTITY_RESULT.manual : IDENTITY_RESULT.retry;
    const status = checked.match ? IDENTITY_STATUS.passed : result === IDENTITY_RESULT.manual ? IDENTITY_STATUS.manualPending : IDENTITY_STATUS.mismatch;
    await updatePublicityRow(trx, row.id, { identity_mismatches: mismatches, identity_status: status });
    await audit(trx, { applicationId: app.id, actor: 'system', action: 'identity-check', taskKey: job.elementInstanceKey, details: { result, provider: deps.identity!.name, mobile: row.mobile, detail: checked.detail ?? null } });
    return { identityResult: result };
  });
};

/** publicity.send-code — the 24-hour SMS confirmation code to the practitioner's checked mobile. */
export const publicitySendCodeJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, job, deps) => {
  if (!deps.redis) throw new Error('no Redis for confirmation codes');
  const { app, row } = await load(deps, vars.applicationId);
  const unit = await deps.db('units').where({ id: row.unit_id }).first();
  const issued = await issueConfirmationCode(deps.redis, deps.sms, { applicationId: app.id, applicationNumber: app.number, unitName: unit?.name ?? '', mobile: row.mobile!, issueKey: job.elementInstanceKey });
  // the mobile's daily cap reached meanwhile: nothing was sent, so nothing is recorded as sent
  if (issued.sent && !(await deps.db('audit').where({ application_id: app.id, action: 'sms-code-sent', task_key: job.elementInstanceKey }).first())) {
    await audit(deps.db, { applicationId: app.id, actor: 'system', action: 'sms-code-sent', taskKey: job.elementInstanceKey, details: { mobile: row.mobile } });
  }
  return {};
};

/** publicity.identity-manual-open — a manual verification (系统自动验证不一致) the case waits for. */
export const publicityManualOpenJob: Handler<{ applicationId: string }, { verificationId: string }> = async (vars, _job, deps) => {
  const { app, row } = await load(deps, vars.applicationId);
  return deps.db.transaction(async (trx) => {
    const existing = await trx('identity_verifications').where({ source_application_id: app.id, status: 'pending' }).first();
    if (existing) return { verificationId: existing.id as string };
    const person = (await getPractitioner(trx, row.practitioner_id))!;
    const v = await createIdentityVerification(trx, { practitionerId: person.id, name: person.name, idNumber: person.id_number, mobile: row.mobile!, sourceApplicationId: app.id, systemResult: 'mismatch' });
    await transition(trx, app.id, APPLICATION_STATUS.identityPending, { from: [APPLICATION_STATUS.awaitingUpload], actor: 'system', action: 'identity-manual', details: { verificationId: v.id } });
    return { verificationId: v.id };
  });
};

/**
 * identity.decide — the reviewer's result on the verification. Passed: the mobile is the person's
 * (kept in the registry) and a waiting publicity case goes on; failed: it ends.
 */
export const identityDecideJob: Handler<{ applicationId: string; verificationId: string; decision?: string; reason?: string }, { verificationResult: string }> = async (vars, _job, deps) => {
  const v = await getIdentityVerification(deps.db, vars.verificationId);
  if (!v) throw new Error(`verification ${vars.verificationId} does not exist`);
  if (v.status !== 'pending') return { verificationResult: v.status };
  const passed = vars.decision === 'passed' || vars.decision === DECISION.approve;
  const status = passed ? 'passed' : 'failed';
  await deps.db.transaction(async (trx) => {
    await decideIdentityVerification(trx, v.id, { status, decidedBy: 'reviewer', reason: vars.reason ?? null });
    if (passed && v.practitioner_id) await setPractitionerMobile(trx, v.practitioner_id, v.mobile);
    const app = await getApplication(trx, vars.applicationId);
    if (app?.process_id === PROCESS.identityManualVerification) {
      await transition(trx, app.id, passed ? APPLICATION_STATUS.approved : APPLICATION_STATUS.rejected, {
        from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: passed ? 'approve' : 'reject',
        set: { decision: passed ? DECISION.approve : DECISION.reject, decision_reason: vars.reason ?? null, decided_at: deps.now() },
      });
    } else if (v.source_application_id) {
      const [row] = await publicityRowsOf(trx, v.source_application_id);
      if (row) await updatePublicityRow(trx, row.id, { identity_status: passed ? IDENTITY_STATUS.manualPassed : IDENTITY_STATUS.manualFailed });
      if (passed) {
        await transition(trx, v.source_application_id, APPLICATION_STATUS.awaitingUpload, { from: [APPLICATION_STATUS.identityPending], actor: 'reviewer', action: 'identity-passed' });
      }
    }
  });
  return { verificationResult: status };
};

/** publicity.confirmed — the signed, stamped form is uploaded and the code was right: the review starts. */
export const publicityConfirmedJob: Handler<{ applicationId: string; formFileId?: string }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    if (vars.formFileId) {
      await trx('files').where({ id: vars.formFileId }).update({ attached_application_id: vars.applicationId });
      const f = await trx('files').where({ id: vars.formFileId }).first('original_name');
      // formFile as [{ id, name }]: the reviewer's task page lists it as an attachment
      await mergeData(trx, vars.applicationId, { formFileId: vars.formFileId, formFile: [{ id: vars.formFileId, name: f?.original_name ?? '申报单' }] });
    }
    await transition(trx, vars.applicationId, APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.awaitingUpload], actor: 'system', action: 'publicity-confirmed' });
  });
  return {};
};

const VOID_FORM: Record<string, string> = {
  [PUBLICITY_OUTCOME.expired]: '申请已过期作废（7 天内未上传并确认）/ Void: the application lapsed after 7 days',
  [PUBLICITY_OUTCOME.identityFailed]: '申请已作废（实名验证未通过）/ Void: the identity verification failed',
};

/**
 * publicity.close — the case ends without a review: ineligible, 7 days passed, or identity failed;
 * an application form already printed is voided.
 */
export const publicityCloseJob: Handler<{ applicationId: string; outcome: string; eligibilityFailures?: Array<{ rule: string; reason: string }> }, Record<string, never>> = async (vars, _job, deps) => {
  const reasons: Record<string, string> = {
    [PUBLICITY_OUTCOME.expired]: '7 天内未上传签字盖章的申报单并完成短信确认，申请作废 / Not uploaded and confirmed within 7 days',
    [PUBLICITY_OUTCOME.identityFailed]: '执业人员实名人工验证未通过 / The manual identity verification failed',
  };
  let reason = reasons[vars.outcome];
  let to: ApplicationStatus = APPLICATION_STATUS.failed;
  if (vars.outcome === PUBLICITY_OUTCOME.ineligible) {
    to = APPLICATION_STATUS.ineligible;
    const stored = ((await getApplication(deps.db, vars.applicationId))?.data as { eligibility?: { failures?: Array<{ rule: string; reason: string }> } } | undefined)?.eligibility?.failures;
    const failures = vars.eligibilityFailures?.length ? vars.eligibilityFailures : (stored ?? []);
    reason = failures.map((f) => `[${f.rule}] ${f.reason}`).join('；') || '不符合申报条件 / Not eligible';
  } else if (vars.outcome === PUBLICITY_OUTCOME.identityFailed) {
    const v = await deps.db('identity_verifications').where({ source_application_id: vars.applicationId, status: 'failed' }).orderBy('decided_at', 'desc').first();
    if (v?.reason) reason = `${reason}：${v.reason}`;
  } else if (!reason) {
    throw new Error(`unknown publicity outcome "${vars.outcome}"`);
  }
  await deps.db.transaction(async (trx) => {
    await transition(trx, vars.applicationId, to, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.awaitingUpload, APPLICATION_STATUS.identityPending], actor: 'system', action: `publicity-${vars.outcome}`,
      set: { decision: 'fail', decision_reason: reason, decided_at: deps.now() },
    });
    // the printed application form is void with the case: its verification code says so
    const form = await trx('documents').where({ application_id: vars.applicationId, kind: DOCUMENT_KIND.publicityApplicationForm, status: DOCUMENT_STATUS.valid }).first('id');
    if (form) await revokeDocument(trx, form.id, VOID_FORM[vars.outcome] ?? VOID_FORM[PUBLICITY_OUTCOME.expired], deps.now());
  });
  return {};
};

/** publicity.approve — the record at the unit becomes active (ending one at another unit); certificate number. */
export const publicityApproveJob: Handler<{ applicationId: string }, { certificateNo: string }> = async (vars, _job, deps) => {
  return deps.db.transaction(async (trx) => {
    const { app, row } = await load({ db: trx }, vars.applicationId);
    if (app.status === APPLICATION_STATUS.approved) return { certificateNo: (app.data as { certificateNo: string }).certificateNo };
    const now = deps.now();
    const today = localDate(now);
    const year = localYear(now);
    const certificateNo = `P${year}${String(await nextCounter(trx, NUMBER_PREFIX.publicityCertificate, year)).padStart(6, '0')}`;
    const current = await trx('publicity_records').where({ practitioner_id: row.practitioner_id, status: 'active' }).select(trx.raw("to_char(valid_until, 'YYYY-MM-DD') AS valid_until"), 'unit_id').first();
    const validUntil = row.type === 'renewal' && current?.unit_id === row.unit_id ? addYears(current.valid_until > today ? current.valid_until : today, PUBLICITY_VALID_YEARS) : addYears(today, PUBLICITY_VALID_YEARS);
    await activateRecord(trx, { practitionerId: row.practitioner_id, unitId: row.unit_id, type: row.type, items: row.items, startDate: today, validUntil, certificateNo, applicationId: app.id });
    await mergeData(trx, app.id, { certificateNo, validUntil });
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', set: { decision: DECISION.approve, decided_at: now },
    });
    return { certificateNo };
  });
};

/** The jobs above, with the variables each fetches. */
export const publicityApplicationJobs = [
  defineJob({ type: PUBLICITY_JOB.publicityEligibility, fetch: ['applicationId'], handler: publicityEligibilityJob }),
  defineJob({ type: PUBLICITY_JOB.publicityOpen, fetch: ['applicationId'], handler: publicityOpenJob }),
  defineJob({ type: PUBLICITY_JOB.publicityIdentityCheck, fetch: ['applicationId'], handler: publicityIdentityCheckJob }),
  defineJob({ type: PUBLICITY_JOB.publicitySendCode, fetch: ['applicationId'], handler: publicitySendCodeJob }),
  defineJob({ type: PUBLICITY_JOB.publicityManualOpen, fetch: ['applicationId'], handler: publicityManualOpenJob }),
  defineJob({ type: PUBLICITY_JOB.publicityConfirmed, fetch: ['applicationId', 'formFileId'], handler: publicityConfirmedJob }),
  defineJob({ type: PUBLICITY_JOB.publicityClose, fetch: ['applicationId', 'outcome', 'eligibilityFailures'], handler: publicityCloseJob }),
  defineJob({ type: PUBLICITY_JOB.publicityApprove, fetch: ['applicationId'], handler: publicityApproveJob }),
  defineJob({ type: PUBLICITY_JOB.identityDecide, fetch: ['applicationId', 'verificationId', 'decision', 'reason'], handler: identityDecideJob }),
];
