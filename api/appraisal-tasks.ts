/**
 * What completing an appraisal-review task does besides completing it in the engine: server-side
 * checks the form cannot express (invitation date window, PDF-only letter scan, team leader
 * account, file ownership), which values become process variables (ids and decisions only), and
 * what is stored (project data, the temporary files with their step, the rating).
 * api/routes/tasks.ts calls `before` ahead of the engine's completion and `after` once it is done.
 */
import type { Db } from '../core/db';
import { fileRef } from '../domain/formio';
import { invitationDateError, isValidDate } from '../domain/appraisal/rules';
import { localDate } from '../domain/calendar';
import { APPLICATION_STATUS, FORM, GROUP, VAR } from '../domain/names';
import { ApplicationRow, audit, transition } from '../db/applications';
import type { TaskRow } from '../db/tasks';
import type { SessionUser } from './auth';
import { ApiError, validationFailed } from './errors';

export interface TaskHookContext {
  db: Db;
  task: TaskRow;
  user: SessionUser;
  app: ApplicationRow;
  values: Record<string, unknown>;
  now: Date;
}

export interface TaskHook {
  /** Throws field errors (400) or other ApiErrors; returns the variables to complete the task with. */
  before(ctx: TaskHookContext): Promise<Record<string, unknown>>;
  /** Runs after the engine accepted the completion. */
  after?(ctx: TaskHookContext): Promise<void>;
  /** Values to show in the task's form (e.g. the project as saved so far). */
  prefill?(app: ApplicationRow): Record<string, unknown>;
}

const pick = (values: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));

/** The file fields of a submission: [field, file refs]. */
function filesOf(values: Record<string, unknown>): Array<[string, Array<{ id: string; name: string }>]> {
  return Object.entries(values)
    .filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every((f) => fileRef(f)))
    .map(([k, v]) => [k, (v as unknown[]).map((f) => fileRef(f)!)]);
}

/** Every file must be the user's own upload. */
async function checkOwnFiles(ctx: TaskHookContext): Promise<void> {
  const files = filesOf(ctx.values);
  const ids = files.flatMap(([, fs]) => fs.map((f) => f.id));
  if (!ids.length) return;
  const owned = await ctx.db('files').whereIn('id', ids).where({ owner_account_id: ctx.user.accountId }).pluck('id');
  const errors: Record<string, string> = {};
  for (const [field, fs] of files) if (fs.some((f) => !owned.includes(f.id))) errors[field] = '文件不存在或不属于您 / The file does not exist or is not yours';
  if (Object.keys(errors).length) throw validationFailed(errors);
}

const FIELD_TITLES: Record<string, string> = {
  qualityManual: '质量手册', procedureList: '程序文件目录', acceptanceDecision: '受理决定书', applicationForm: '申请书', otherFiles: '其他',
  stampedLetter: '盖章商洽函扫描件', onsiteMaterials: '现场评审资料', rectificationMaterials: '整改资料',
};

/** Lists the task's uploads among the project's temporary files, with the step they belong to. */
async function recordFiles(ctx: TaskHookContext): Promise<void> {
  const rows = filesOf(ctx.values).flatMap(([field, fs]) =>
    fs.map((f) => ({
      application_id: ctx.app.id, step: ctx.task.element_id, kind: 'upload', file_id: f.id,
      title: `${FIELD_TITLES[field] ?? field}：${f.name}`.slice(0, 255), task_key: ctx.task.user_task_key, actor: ctx.user.login,
    })),
  );
  if (rows.length) await ctx.db('appraisal_files').insert(rows).onConflict(ctx.db.raw('(application_id, task_key, file_id) WHERE file_id IS NOT NULL')).ignore();
}

const decisionHook = (keys: string[] = ['decision', 'reason']): TaskHook => ({ before: async (ctx) => pick(ctx.values, keys) });

export const APPRAISAL_TASK_HOOKS: Record<string, TaskHook> = {
  [FORM.appraisalProject]: {
    prefill: (app) => app.data,
    async before(ctx) {
      await checkOwnFiles(ctx);
      return {};
    },
    async after(ctx) {
      await ctx.db.transaction(async (trx) => {
        await trx('applications').where({ id: ctx.app.id }).update({ data: JSON.stringify(ctx.values), updated_at: trx.fn.now() });
        const moved = await transition(trx, ctx.app.id, APPLICATION_STATUS.submitted, { from: [APPLICATION_STATUS.draft], actor: ctx.user.login, action: 'submit', taskKey: ctx.task.user_task_key });
        if (!moved) await audit(trx, { applicationId: ctx.app.id, actor: ctx.user.login, action: 'resubmit', taskKey: ctx.task.user_task_key });
      });
      await recordFiles(ctx);
    },
  },
  [FORM.appraisalPreReview]: {
    before: async (ctx) => pick(ctx.values, ['decision', 'reason']),
    async after(ctx) {
      if (ctx.values.decision !== 'approve') return;
      await ctx.db.transaction((trx) =>
        transition(trx, ctx.app.id, APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.submitted], actor: ctx.user.login, action: 'pre-review-approve', taskKey: ctx.task.user_task_key }),
      );
    },
  },
  [FORM.appraisalInvitation]: {
    async before(ctx) {
      const error = invitationDateError(ctx.values.proposedDate, ctx.now);
      if (error) throw validationFailed({ proposedDate: error });
      return pick(ctx.values, [VAR.proposedDate]);
    },
  },
  [FORM.appraisalInvitationReview]: decisionHook(),
  [FORM.appraisalStampedLetter]: {
    async before(ctx) {
      await checkOwnFiles(ctx);
      const ids = filesOf(ctx.values).flatMap(([, fs]) => fs.map((f) => f.id));
      const types = await ctx.db('files').whereIn('id', ids).pluck('mime_type');
      if (types.some((t) => t !== 'application/pdf')) {
        throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '盖章商洽函扫描件只接受 PDF 文件 / The stamped letter must be a PDF file', { stampedLetter: '只接受 PDF 文件 / PDF only' });
      }
      return {};
    },
    after: recordFiles,
  },
  [FORM.appraisalPlan]: {
    async before(ctx) {
      const errors: Record<string, string> = {};
      if (!isValidDate(ctx.values.reviewDate)) errors.reviewDate = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
      else if ((ctx.values.reviewDate as string) <= localDate(ctx.now)) errors.reviewDate = '评审日期应在今天之后 / The review date must be after today';
      const leader = await ctx.db('accounts').where({ login: String(ctx.values.teamLeader ?? ''), status: 'active' }).first('groups');
      if (!leader || !(leader.groups ?? []).includes(GROUP.appraisalLeaders)) errors.teamLeader = '该帐号不是评审组长 / That account is not a review-team leader';
      if (Object.keys(errors).length) throw validationFailed(errors);
      return pick(ctx.values, [VAR.reviewDate, VAR.teamLeader, 'teamMembers']);
    },
  },
  [FORM.appraisalNoticeReceipt]: { before: async () => ({}) },
  [FORM.appraisalConclusion]: {
    async before(ctx) {
      await checkOwnFiles(ctx);
      return pick(ctx.values, [VAR.conclusion, VAR.rectificationDays]);
    },
    after: recordFiles,
  },
  [FORM.appraisalRectification]: {
    async before(ctx) {
      await checkOwnFiles(ctx);
      return {};
    },
    after: recordFiles,
  },
  [FORM.appraisalRectificationVerify]: decisionHook(),
  [FORM.appraisalConfirmInvitation]: { before: async () => ({}) },
  [FORM.appraisalRating]: {
    before: async () => ({}),
    async after(ctx) {
      const v = ctx.values as Record<string, number | string | undefined>;
      const leader = await ctx.db('audit')
        .where({ application_id: ctx.app.id, action: 'task-complete' })
        .whereRaw("details->>'elementId' = 'plan-review'")
        .orderBy('id', 'desc')
        .first('details');
      await ctx.db('appraisal_ratings')
        .insert({
          application_id: ctx.app.id, team_leader: leader?.details?.teamLeader ?? null,
          score_professionalism: v.professionalism, score_attitude: v.attitude, score_discipline: v.discipline, score_efficiency: v.efficiency, score_overall: v.overall,
          comment: v.comment ?? null, rated_by: ctx.user.accountId, task_key: ctx.task.user_task_key,
        })
        .onConflict('application_id')
        .ignore();
    },
  },
};
