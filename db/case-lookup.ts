/**
 * Where is my case (办件查询): the applicant-facing status of one case, found by its number and
 * proved by a second factor (the unit's USCC, or the contact mobile given in the application), or
 * by being signed in as the case's unit (or as the person who applied). A number that names
 * nothing and a number whose second factor does not match give the same answer (no enumeration).
 *
 * The answer is plain: the status with a "what happens next" sentence, a timeline built from the
 * case history (submitted / under review / returned with the opinion / approved / rejected, no
 * staff names, no internal fields), and the statutory working days used and left where the
 * process has a limit.
 */
import type { Db } from '../core/db';
import { LICENCE_STATUTORY_WORKING_DAYS } from '../domain/licensing/rules';
import { loadModels } from '../domain/models';
import { STATUTORY_DAYS } from '../domain/power-permit/rules';
import { ProcessId, STARTABLE } from '../domain/registry';
import { ClockPeriod, statutoryClock, StatutoryClock } from '../domain/statutory-clock';
import { caseHistory, HistoryEntry } from './case-history';
import { clockPeriods } from './licensing';

export type TimelineKind = 'submitted' | 'resubmitted' | 'under-review' | 'returned' | 'approved' | 'rejected' | 'terminated';

export interface TimelineStep {
  at: string;
  kind: TimelineKind;
  label: string;
  /** the reviewer's words, for a return or a rejection */
  opinion: string | null;
}

export interface CaseLookup {
  number: string;
  processId: string;
  processName: string;
  status: string;
  statusLabel: string;
  submittedAt: string;
  decidedAt: string | null;
  timeline: TimelineStep[];
  /** null when the process has no time limit */
  workingDays: { limit: number; used: number; left: number; overdue: boolean; state: StatutoryClock['state'] } | null;
  next: string;
}

const LABEL: Record<TimelineKind, string> = {
  submitted: '已提交 / Submitted',
  resubmitted: '已重新提交 / Resubmitted',
  'under-review': '审查中 / Under review',
  returned: '已退回，请按意见修改 / Returned for correction',
  approved: '已通过 / Approved',
  rejected: '未通过 / Rejected',
  terminated: '已终止 / Ended',
};

/** Each status as the applicant reads it, and what happens next. */
const STATUS: Record<string, { label: string; next: string }> = {
  submitted: { label: '已提交 / Submitted', next: '申请已收到，正在等待审查，审查结果将通过短信和邮件通知您 / Your application was received and awaits review; you will be told the result by SMS and e-mail' },
  in_review: { label: '审查中 / Under review', next: '工作人员正在审查，如需补正会通知您 / Staff are reviewing it; you will be told if anything must be corrected' },
  approved: { label: '已通过 / Approved', next: '申请已通过，结果文书可在系统中查看和下载 / Approved; the decision documents can be viewed and downloaded in the system' },
  rejected: { label: '未通过 / Rejected', next: '申请未通过，请查看意见；可按通知中的链接修改后重新提交 / Not approved; read the opinion, and resubmit through the link in the notice where one was sent' },
  terminated: { label: '已终止 / Ended', next: '本次办理已终止，如需办理请重新申请 / This case has ended; apply again if needed' },
  correction: { label: '待补正 / Correction needed', next: '请按补正通知修改并重新提交，补正期间不计入办理时限 / Correct the items in the notice and resubmit; the time limit does not run meanwhile' },
  accepted: { label: '已受理 / Accepted', next: '申请已受理，将安排鉴定评审 / Accepted; the appraisal will be arranged' },
  appraisal: { label: '鉴定评审中 / At the appraisal agency', next: '鉴定评审机构正在评审，评审时间不计入法定时限 / The appraisal agency is at work; this time does not count against the limit' },
  pending: { label: '待办理 / Awaiting you', next: '请登录系统完成待办事项 / Sign in and complete the open step' },
  ineligible: { label: '不符合条件 / Not eligible', next: '申请不符合条件，请查看通知中的原因 / Not eligible; see the reason in the notice' },
  awaiting_upload: { label: '待上传材料 / Awaiting materials', next: '请在规定时间内上传材料 / Upload the materials within the time given' },
  identity_pending: { label: '身份核验中 / Identity check', next: '正在核验身份，结果将另行通知 / The identity check is under way; you will be told the result' },
  failed: { label: '未通过 / Failed', next: '办理未通过，请查看通知中的原因 / Not passed; see the reason in the notice' },
  deleted: { label: '已删除 / Deleted', next: '申请在提交前已由单位删除，如需办理请重新申请 / The unit deleted the request before handing it in; apply again if needed' },
};
const UNKNOWN_STATUS = { label: '办理中 / In progress', next: '正在办理，结果将通过短信和邮件通知您 / In progress; you will be told the result by SMS and e-mail' };

const SUBMIT_ACTIONS = new Set(['submit', 'submitted', 'start', 'create', 'apply']);
const RESUBMIT_ACTIONS = new Set(['resubmit', 'resubmitted', 'correct-submit']);
const RETURN_DECISIONS = new Set(['reject', 'return', 'correct']);

const TERMINAL = new Set<TimelineKind>(['approved', 'rejected', 'terminated']);
const RETURN_STATUSES = new Set(['rejected', 'correction', 'failed', 'ineligible']);

/** What one history entry is to the applicant; null for what is not theirs to see (staff audit, notices sent). */
function kindOf(h: HistoryEntry, submittedBefore: boolean): TimelineKind | null {
  const action = h.action.toLowerCase();
  if (RESUBMIT_ACTIONS.has(action) || (SUBMIT_ACTIONS.has(action) && submittedBefore)) return 'resubmitted';
  if (SUBMIT_ACTIONS.has(action)) return 'submitted';
  if (h.toStatus === 'approved' || action === 'approve') return 'approved';
  if (h.toStatus === 'terminated' || action === 'terminate') return 'terminated';
  if (RETURN_DECISIONS.has(h.decision ?? '') || RETURN_DECISIONS.has(action) || RETURN_STATUSES.has(h.toStatus ?? '')) return 'returned';
  // a completed step (an approving decision of a middle step included) or a move between statuses
  if (h.step || h.decision || (h.toStatus && h.toStatus !== h.fromStatus)) return 'under-review';
  return null;
}

/**
 * The applicant's timeline from the case history: consecutive review steps fold into one, a
 * decision recorded twice (the step completed, then the status set) shows once, nothing after the
 * end but a new submission.
 */
export function applicantTimeline(history: HistoryEntry[], status: string, decisionReason: string | null = null): TimelineStep[] {
  const out: TimelineStep[] = [];
  for (const h of history) {
    const kind = kindOf(h, out.some((s) => s.kind === 'submitted'));
    const last = out.at(-1);
    if (!kind) continue;
    if (last && TERMINAL.has(last.kind) && kind !== 'resubmitted' && kind !== 'submitted') continue;
    if (last?.kind === kind && kind !== 'resubmitted' && kind !== 'submitted') {
      if (h.opinion && !last.opinion?.includes(h.opinion)) last.opinion = last.opinion ? `${last.opinion}\n${h.opinion}` : h.opinion;
      continue;
    }
    out.push({ at: h.at, kind, label: LABEL[kind], opinion: kind === 'returned' ? h.opinion : null });
  }
  // the last return of a case that ended rejected is the rejection; its reason is kept on the case
  // when the workers record the decision without it
  const last = out.at(-1);
  if (last?.kind === 'returned' && status === 'rejected') Object.assign(last, { kind: 'rejected', label: LABEL.rejected });
  if (last && (last.kind === 'returned' || last.kind === 'rejected') && !last.opinion && decisionReason?.trim()) last.opinion = decisionReason.trim();
  return out;
}

interface CaseRow {
  id: string;
  number: string;
  process_id: string;
  status: string;
  unit_id: string | null;
  subject_key: string | null;
  applicant_login: string | null;
  decision_reason: string | null;
  data: Record<string, unknown> | null;
  created_at: Date;
  decided_at: Date | null;
  uscc: string | null;
}

const norm = (s: unknown): string => (typeof s === 'string' ? s.trim().toUpperCase() : '');
const dig = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

export interface LookupProof {
  uscc?: string;
  mobile?: string;
  /** the signed-in caller, if any */
  user?: { kind: string; unitId: string | null; login?: string };
}

function proven(row: CaseRow, proof: LookupProof): boolean {
  const u = proof.user;
  if (u && row.unit_id && u.unitId === row.unit_id && (u.kind === 'unit-main' || u.kind === 'unit-sub')) return true;
  if (u?.login && row.applicant_login && u.login.toLowerCase() === row.applicant_login.toLowerCase()) return true;
  if (proof.uscc) {
    const given = norm(proof.uscc);
    if ([row.uscc, row.subject_key, dig(row.data, 'unit', 'uscc'), dig(row.data, 'uscc')].some((v) => norm(v) === given && given)) return true;
  }
  if (proof.mobile) {
    const given = proof.mobile.trim();
    if ([dig(row.data, 'contact', 'mobile'), dig(row.data, 'mobile'), dig(row.data, 'applicant', 'mobile')].some((v) => typeof v === 'string' && v.trim() === given && given)) return true;
  }
  return false;
}

let processNames: Map<string, string> | undefined;
function processName(id: string): string {
  processNames ??= new Map(loadModels().map((m) => [m.id, m.name]));
  return processNames.get(id) ?? STARTABLE[id as ProcessId]?.title ?? id;
}

async function workingDays(db: Db, row: CaseRow, now: Date): Promise<CaseLookup['workingDays']> {
  let clock: StatutoryClock | undefined;
  const pp = STATUTORY_DAYS[row.process_id as ProcessId];
  if (pp) {
    const periods: ClockPeriod[] = [{ kind: 'counting', startedAt: new Date(row.created_at), endedAt: row.decided_at ? new Date(row.decided_at) : null }];
    // the limit of the track the applicant chose (the free-trade-zone fast track is recorded on the case)
    clock = statutoryClock(periods, dig(row.data, 'fastTrack') === true ? pp.fastTrack : pp.normal, now);
  } else {
    const periods = await clockPeriods(db, row.id);
    if (periods.length) clock = statutoryClock(periods, LICENCE_STATUTORY_WORKING_DAYS, now);
  }
  if (!clock) return null;
  return { limit: clock.limitWorkingDays, used: clock.usedWorkingDays, left: clock.leftWorkingDays, overdue: clock.overdue, state: clock.state };
}

/** The case by number if the proof holds, else undefined (missing and mismatched alike). */
export async function lookupCase(db: Db, number: string, proof: LookupProof, now = new Date()): Promise<CaseLookup | undefined> {
  const row = (await db('applications as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .where('a.number', number.trim())
    .whereNot('a.status', 'draft')
    .first('a.id', 'a.number', 'a.process_id', 'a.status', 'a.unit_id', 'a.subject_key', 'a.applicant_login', 'a.decision_reason', 'a.data', 'a.created_at', 'a.decided_at', 'u.uscc')) as CaseRow | undefined;
  if (!row || !proven(row, proof)) return undefined;
  const history = await caseHistory(db, { id: row.id, process_id: row.process_id }, { kind: 'applicant' });
  const status = STATUS[row.status] ?? UNKNOWN_STATUS;
  const submitted = history.find((h) => SUBMIT_ACTIONS.has(h.action.toLowerCase()));
  return {
    number: row.number,
    processId: row.process_id,
    processName: processName(row.process_id),
    status: row.status,
    statusLabel: status.label,
    submittedAt: submitted?.at ?? new Date(row.created_at).toISOString(),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    timeline: applicantTimeline(history, row.status, row.decision_reason),
    workingDays: await workingDays(db, row, now),
    next: status.next,
  };
}
