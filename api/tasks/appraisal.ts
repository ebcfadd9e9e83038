/**
 * The appraisal-review tasks: checks the form cannot express (invitation date window, PDF-only
 * letter scan, team leader account, file ownership), the variables (ids and decisions only), and
 * what is stored with the completion (project data, the temporary files with their step, the rating).
 */
import type { Knex } from 'knex';
import { fileRef } from '../../domain/formio';
import { invitationDateError, isValidDate } from '../../domain/appraisal/rules';
import { localDate } from '../../domain/calendar';
import { APPRAISAL_FORM as FORM, APPRAISAL_GROUP as GROUP } from '../../domain/appraisal/ids';
import { APPLICATION_STATUS, VAR } from '../../domain/registry';
import { audit, transition } from '../../db/applications';
import { ApiError, validationFailed } from '../errors';
import { behaviour, pick, TaskBehaviour, TaskBehaviours, TaskCtx, Values } from './contract';

/** The file fields of a submission: [field, file refs]. */
function filesOf(values: Values): Array<[string, Array<{ id: string; name: string }>]> {
  return Object.entries(values)
    .filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every((f) => fileRef(f)))
    .map(([k, v]) => [k, (v as unknown[]).map((f) => fileRef(f)!)]);
}

/** Every file must be the user's own upload. */
async function checkOwnFiles(ctx: TaskCtx, values: Values): Promise<void> {
  const files = filesOf(values);
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
async function recordFiles(trx: Knex.Transaction, ctx: TaskCtx, values: Values): Promise<void> {
  const rows = filesOf(values).flatMap(([field, fs]) =>
    fs.map((f) => ({
      application_id: ctx.app!.id, step: ctx.task.element_id, kind: 'upload', file_id: f.id,
      title: `${FIELD_TITLES[field] ?? field}：${f.name}`.slice(0, 255), task_key: ctx.task.user_task_key, actor: ctx.user.login,
    })),
  );
  if (rows.length) await trx('appraisal_files').insert(rows).onConflict(trx.raw('(application_id, task_key, file_id) WHERE file_id IS NOT NULL')).ignore();
}

const none = () => ({});
const decision: TaskBehaviour = { variables: (_ctx, v) => pick(v, [VAR.decision, VAR.reason]) };
/** An upload step: the files must be the user's own, and are listed with the step. */
const upload = (variables: (v: Values) => Values = none): TaskBehaviour => ({
  check: checkOwnFiles,
  variables: (_ctx, v) => variables(v),
  write: recordFiles,
});

export const appraisalTasks: TaskBehaviours = {
  [FORM.appraisalProject]: {
    detail: async (ctx) => ({ prefill: ctx.app?.data }),
    check: checkOwnFiles,
    variables: none,
    async write(trx, ctx, values) {
      const app = ctx.app!;
      await trx('applications').where({ id: app.id }).update({ data: JSON.stringify(values), updated_at: trx.fn.now() });
      const moved = await transition(trx, app.id, APPLICATION_STATUS.submitted, { from: [APPLICATION_STATUS.draft], actor: ctx.user.login, action: 'submit', taskKey: ctx.task.user_task_key });
      // a resubmission keeps the round before, for the reviewer's view of what changed
      if (!moved) await audit(trx, { applicationId: app.id, actor: ctx.user.login, action: 'resubmit', taskKey: ctx.task.user_task_key, details: { previous: app.data } });
      await recordFiles(trx, ctx, values);
    },
  },
  [FORM.appraisalPreReview]: {
    ...decision,
    async write(trx, ctx, values) {
      if (values.decision !== 'approve') return;
      await transition(trx, ctx.app!.id, APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.submitted], actor: ctx.user.login, action: 'pre-review-approve', taskKey: ctx.task.user_task_key });
    },
  },
  [FORM.appraisalInvitation]: {
    async check(ctx, values) {
      const error = invitationDateError(values.proposedDate, ctx.now);
      if (error) throw validationFailed({ proposedDate: error });
    },
    variables: (_ctx, v) => pick(v, [VAR.proposedDate]),
  },
  [FORM.appraisalInvitationReview]: decision,
  [FORM.appraisalStampedLetter]: {
    ...upload(),
    async check(ctx, values) {
      await checkOwnFiles(ctx, values);
      const ids = filesOf(values).flatMap(([, fs]) => fs.map((f) => f.id));
      const types = await ctx.db('files').whereIn('id', ids).pluck('mime_type');
      if (types.some((t) => t !== 'application/pdf')) {
        throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '盖章商洽函扫描件只接受 PDF 文件 / The stamped letter must be a PDF file', { stampedLetter: '只接受 PDF 文件 / PDF only' });
      }
    },
  },
  [FORM.appraisalPlan]: {
    async check(ctx, values) {
      const errors: Record<string, string> = {};
      if (!isValidDate(values.reviewDate)) errors.reviewDate = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
      else if ((values.reviewDate as string) <= localDate(ctx.now)) errors.reviewDate = '评审日期应在今天之后 / The review date must be after today';
      const leader = await ctx.db('accounts').where({ login: String(values.teamLeader ?? ''), status: 'active' }).first('groups');
      if (!leader || !(leader.groups ?? []).includes(GROUP.appraisalLeaders)) errors.teamLeader = '该帐号不是评审组长 / That account is not a review-team leader';
      if (Object.keys(errors).length) throw validationFailed(errors);
    },
    variables: (_ctx, v) => pick(v, [VAR.reviewDate, VAR.teamLeader, 'teamMembers']),
  },
  [FORM.appraisalNoticeReceipt]: { variables: none },
  [FORM.appraisalConclusion]: upload((v) => pick(v, [VAR.conclusion, VAR.rectificationDays])),
  [FORM.appraisalRectification]: upload(),
  [FORM.appraisalRectificationVerify]: decision,
  [FORM.appraisalConfirmInvitation]: { variables: none },
  [FORM.appraisalRating]: behaviour({
    variables: none,
    async write(trx, ctx, values) {
      const v = values as Record<string, number | string | undefined>;
      const leader = await trx('audit')
        .where({ application_id: ctx.app!.id, action: 'task-complete' })
        .whereRaw("details->>'elementId' = 'plan-review'")
        .orderBy('id', 'desc')
        .first('details');
      await trx('appraisal_ratings')
        .insert({
          application_id: ctx.app!.id, team_leader: leader?.details?.teamLeader ?? null,
          score_professionalism: v.professionalism, score_attitude: v.attitude, score_discipline: v.discipline, score_efficiency: v.efficiency, score_overall: v.overall,
          comment: v.comment ?? null, rated_by: ctx.user.accountId, task_key: ctx.task.user_task_key,
        })
        .onConflict('application_id')
        .ignore();
    },
  }),
};
