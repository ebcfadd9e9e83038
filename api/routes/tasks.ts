/**
 * The reviewer inbox: list with filters and keyset pages, task detail (form, prefilled data,
 * case summary, history), claim / unclaim / assign / complete. Every change goes to the engine
 * through the Camunda REST API; the mirror follows through the task listeners.
 */
import express, { Request, Router } from 'express';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { GROUP, TASK_STATE } from '../../domain/names';
import { loadModels } from '../../domain/models';
import { workingDaysBetween } from '../../domain/calendar';
import { getApplication } from '../../db/applications';
import { canSee, countsByGroup, getTask, listTasks, TaskFilter, TaskRow, Viewer } from '../../db/tasks';
import { requireUser, SessionUser, taskGroupsOf } from '../auth';
import { ApiError, route, validationFailed } from '../errors';
import { completeTask, taskDetail } from '../tasks/pipeline';
import { withEngine } from '../tasks/engine';

const PROCESS_NAMES = new Map(loadModels().map((m) => [m.id, m.name]));
const STEP_NAMES = new Map(loadModels().flatMap((m) => m.userTasks.map((t) => [`${m.id}/${t.elementId}`, t.name] as const)));

function viewerOf(user: SessionUser): Viewer {
  return { login: user.login, groups: taskGroupsOf(user), all: user.kind === 'admin' };
}

function present(t: TaskRow & Record<string, unknown>, now: Date) {
  return {
    id: t.user_task_key,
    processInstanceKey: t.process_instance_key,
    processId: t.process_definition_id,
    processName: PROCESS_NAMES.get(t.process_definition_id) ?? t.process_definition_id,
    elementId: t.element_id,
    elementName: STEP_NAMES.get(`${t.process_definition_id}/${t.element_id}`) ?? t.element_id,
    formKey: t.form_key,
    applicationId: t.application_id,
    applicationNumber: (t.application_number as string | null) ?? null,
    applicantName: (t.applicant_name as string | null) ?? null,
    unitName: (t.unit_name as string | null) ?? null,
    candidateGroups: t.candidate_groups,
    candidateUsers: t.candidate_users,
    assignee: t.assignee,
    priority: t.priority,
    dueDate: t.due_date,
    followUpDate: t.follow_up_date,
    workingDaysLeft: t.due_date ? workingDaysBetween(now, new Date(t.due_date)) : null,
    overdue: t.due_date ? new Date(t.due_date) < now : false,
    state: t.state,
    createdAt: t.created_at,
    completedAt: t.completed_at,
  };
}

function parseFilter(req: Request): TaskFilter {
  const q = req.query as Record<string, string | undefined>;
  const fields: Record<string, string> = {};
  const f: TaskFilter = {};
  if (q.state) {
    if (![TASK_STATE.created, TASK_STATE.completed, TASK_STATE.canceled].includes(q.state as never)) fields.state = '应为 CREATED、COMPLETED 或 CANCELED / Must be CREATED, COMPLETED or CANCELED';
    f.state = q.state;
  }
  if (q.candidateGroup) f.candidateGroup = q.candidateGroup;
  if (q.assignee) f.assignee = q.assignee === 'me' ? requireUser(req).login : q.assignee;
  if (q.processId) f.processId = q.processId;
  if (q.dueBefore) {
    const d = new Date(q.dueBefore);
    if (Number.isNaN(d.getTime())) fields.dueBefore = '日期格式不正确 / Not a date';
    f.dueBefore = d;
  }
  if (q.overdue) f.overdue = q.overdue === 'true';
  if (q.text) f.text = q.text.slice(0, 100);
  if (q.sort) {
    if (!['due', 'created'].includes(q.sort)) fields.sort = '应为 due 或 created / Must be due or created';
    f.sort = q.sort as TaskFilter['sort'];
  }
  if (q.limit) {
    const n = Number(q.limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) fields.limit = '应为 1–200 / Must be 1 to 200';
    f.limit = n;
  }
  if (q.cursor) f.cursor = q.cursor;
  if (Object.keys(fields).length) throw validationFailed(fields);
  return f;
}

export function tasksRouter(deps: { db: Db; engine: Engine; log: Logger }): Router {
  const router = express.Router();

  async function openTaskFor(req: Request): Promise<{ task: TaskRow; user: SessionUser }> {
    const user = requireUser(req);
    const task = await getTask(deps.db, req.params.id);
    if (!task || !canSee(task, viewerOf(user))) throw new ApiError(404, 'NOT_FOUND', '没有这个任务 / No such task');
    if (task.state !== TASK_STATE.created) throw new ApiError(409, 'TASK_NOT_OPEN', '任务已不在待办状态 / The task is no longer open');
    return { task, user };
  }

  const isCandidate = (task: TaskRow, user: SessionUser) =>
    user.kind === 'admin' || task.candidate_users.includes(user.login) || task.candidate_groups.some((g) => taskGroupsOf(user).includes(g));

  router.get(
    '/api/tasks',
    route(async (req, res) => {
      const user = requireUser(req);
      const filter = parseFilter(req);
      const now = new Date();
      let page;
      try {
        page = await listTasks(deps.db, viewerOf(user), filter, now);
      } catch (err) {
        if (err instanceof RangeError) throw validationFailed({ cursor: '分页游标无效 / Invalid cursor' });
        throw err;
      }
      res.json({ items: page.items.map((t) => present(t as never, now)), nextCursor: page.nextCursor });
    }),
  );

  router.get(
    '/api/tasks/counts',
    route(async (req, res) => {
      res.json({ byGroup: await countsByGroup(deps.db, viewerOf(requireUser(req))) });
    }),
  );

  router.get(
    '/api/tasks/:id',
    route(async (req, res) => {
      const user = requireUser(req);
      const task = await getTask(deps.db, req.params.id);
      if (!task || !canSee(task, viewerOf(user))) throw new ApiError(404, 'NOT_FOUND', '没有这个任务 / No such task');
      const form = task.form_key ? await deps.db('forms').where({ key: task.form_key }).first() : undefined;
      const app = task.application_id ? await getApplication(deps.db, task.application_id) : undefined;
      const history = app ? await deps.db('audit').where({ application_id: app.id }).orderBy('id').select('actor', 'action', 'from_status', 'to_status', 'task_key', 'at') : [];
      // for a change of unit information: the current values beside the requested ones
      const unit = app?.unit_id ? await deps.db('units').where({ id: app.unit_id }).first('name', 'uscc', 'legal_representative', 'address', 'postcode') : undefined;
      // the task's behaviour may prefill the form, replace it and add the case's details
      const { prefill, form: ownForm, ...extras } = await taskDetail(deps, task, user);
      res.json({
        // the same applicant and unit names as the inbox list shows
        task: present(
          {
            ...task,
            application_number: app?.number ?? null,
            applicant_name: (app?.data as { contact?: { name?: string } } | undefined)?.contact?.name ?? null,
            unit_name: (app?.data as { unit?: { name?: string } } | undefined)?.unit?.name ?? unit?.name ?? null,
          } as never,
          new Date(),
        ),
        prefill: prefill ?? null,
        ...extras,
        form: ownForm ?? (form ? { key: form.key, version: form.version, schema: form.schema } : null),
        current: unit ? { name: unit.name, uscc: unit.uscc, legalRepresentative: unit.legal_representative, address: unit.address, postcode: unit.postcode } : null,
        case: app ? { id: app.id, number: app.number, processId: app.process_id, status: app.status, submittedAt: app.created_at, data: app.data } : null,
        // the item this task is about (a multi-instance task, e.g. one person of a personnel change)
        subject: (task as unknown as { subject?: unknown }).subject ?? null,
        history,
      });
    }),
  );

  router.post(
    '/api/tasks/:id/claim',
    route(async (req, res) => {
      const { task, user } = await openTaskFor(req);
      if (!isCandidate(task, user)) throw new ApiError(403, 'NOT_A_CANDIDATE', '您不在此任务的候选人或候选组中 / You are not a candidate for this task');
      if (task.assignee && task.assignee !== user.login) throw new ApiError(409, 'ALREADY_ASSIGNED', `任务已由 ${task.assignee} 认领 / The task is already claimed by ${task.assignee}`);
      if (task.assignee !== user.login) {
        await withEngine(() => deps.engine.rest.assignUserTask({ userTaskKey: task.user_task_key, assignee: user.login, allowOverride: false }));
      }
      res.json({ task: present((await getTask(deps.db, task.user_task_key))! as never, new Date()) });
    }),
  );

  router.post(
    '/api/tasks/:id/unclaim',
    route(async (req, res) => {
      const { task, user } = await openTaskFor(req);
      const lead = user.kind === 'admin' || user.groups.includes(GROUP.reviewLeads);
      if (task.assignee !== user.login && !lead) throw new ApiError(403, 'NOT_ASSIGNEE', '只有认领人或组长可以释放任务 / Only the assignee or a review lead can release the task');
      if (task.assignee) await withEngine(() => deps.engine.rest.unassignUserTask({ userTaskKey: task.user_task_key }));
      res.json({ task: present((await getTask(deps.db, task.user_task_key))! as never, new Date()) });
    }),
  );

  router.post(
    '/api/tasks/:id/assign',
    route(async (req, res) => {
      const { task, user } = await openTaskFor(req);
      if (user.kind !== 'admin' && !user.groups.includes(GROUP.reviewLeads)) throw new ApiError(403, 'NOT_A_LEAD', '只有组长可以分派任务 / Only a review lead can assign tasks');
      const assignee = (req.body ?? {}).assignee;
      if (typeof assignee !== 'string' || !assignee) throw validationFailed({ assignee: '请选择审核员 / Choose a reviewer' });
      const account = await deps.db('accounts').where({ login: assignee, status: 'active' }).first();
      if (!account || !task.candidate_groups.some((g) => (account.groups ?? []).includes(g))) {
        throw validationFailed({ assignee: '该帐号不是此任务的候选人 / That account is not a candidate for this task' });
      }
      await withEngine(() => deps.engine.rest.assignUserTask({ userTaskKey: task.user_task_key, assignee, allowOverride: true }));
      res.json({ task: present((await getTask(deps.db, task.user_task_key))! as never, new Date()) });
    }),
  );

  router.post(
    '/api/tasks/:id/complete',
    route(async (req, res) => {
      const { task, user } = await openTaskFor(req);
      if (!isCandidate(task, user)) throw new ApiError(403, 'NOT_A_CANDIDATE', '您不在此任务的候选人或候选组中 / You are not a candidate for this task');
      if (task.assignee && task.assignee !== user.login) throw new ApiError(409, 'ALREADY_ASSIGNED', `任务已由 ${task.assignee} 认领 / The task is claimed by ${task.assignee}`);
      await completeTask({ db: deps.db, engine: deps.engine.rest }, task, user, (req.body ?? {}).data);
      res.json({ completed: true, task: present((await getTask(deps.db, task.user_task_key))! as never, new Date()) });
    }),
  );
  return router;
}
