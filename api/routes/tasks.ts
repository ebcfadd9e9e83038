/**
 * The reviewer inbox: list with filters and keyset pages, task detail (form, prefilled data,
 * case summary, history), claim / unclaim / assign / complete. Every change goes to the engine
 * through the Camunda REST API; the mirror follows through the task listeners.
 */
import { caseHistory } from '../../db/case-history';
import { isStaffUser, maskIdNumbers } from '../../db/case-scope';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { GROUP, TASK_STATE } from '../../domain/registry';
import { localDayNumber, workingDaysBetween } from '../../domain/calendar';
import { getApplication } from '../../db/applications';
import { assignableAccounts, canSee, countsByGroup, getTask, InboxRow, listTasks, TaskFilter, TaskRow, Viewer } from '../../db/tasks';
import { deleteSavedFilter, listSavedFilters, MAX_SAVED_FILTERS, saveFilter } from '../../db/inbox-filters';
import { SessionUser, taskGroupsOf } from '../auth';
import { EngineKey, FormSubmission, Schema } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, signedIn } from '../route';
import { completeTask, taskDetail, taskRelated } from '../tasks/pipeline';
import { processName, stepName } from '../tasks/related';
import { caseSubmission } from '../tasks/submission';
import { inboxPageJson } from '../tasks/inbox-json';
import { withEngine } from '../tasks/engine';
import type { InboxTask } from '../../types/api';

const NO_TASK = '没有这个任务 / No such task';

function viewerOf(user: SessionUser): Viewer {
  return { login: user.login, groups: taskGroupsOf(user), all: user.kind === 'admin' };
}

/**
 * Working days left, per (today, due day): counting them walks the calendar a day at a time (some
 * µs a day), a page of 50 tasks did it 50 times; the answer only changes with the two dates.
 */
const workingDaysSeen = new Map<number, number>();
function workingDaysLeft(now: Date, due: Date): number {
  // the two local days as day numbers (Asia/Shanghai keeps UTC+8 all year): no date strings per row
  const key = localDayNumber(now) * 1_000_000 + localDayNumber(due);
  let n = workingDaysSeen.get(key);
  if (n === undefined) {
    if (workingDaysSeen.size >= 20_000) workingDaysSeen.clear();
    workingDaysSeen.set(key, (n = workingDaysBetween(now, due)));
  }
  return n;
}

function present(t: InboxRow, now: Date): InboxTask {
  const due = t.due_date ? new Date(t.due_date) : null;
  return {
    id: t.user_task_key,
    processInstanceKey: t.process_instance_key,
    processId: t.process_definition_id,
    processName: processName(t.process_definition_id),
    elementId: t.element_id,
    elementName: stepName(t.process_definition_id, t.element_id),
    formKey: t.form_key,
    applicationId: t.application_id,
    applicationNumber: t.application_number ?? null,
    applicantName: t.applicant_name ?? null,
    unitName: t.unit_name ?? null,
    candidateGroups: t.candidate_groups,
    candidateUsers: t.candidate_users,
    assignee: t.assignee,
    priority: t.priority,
    dueDate: t.due_date,
    followUpDate: t.follow_up_date,
    workingDaysLeft: due ? workingDaysLeft(now, due) : null,
    overdue: due ? due < now : false,
    statutoryAlert: (t.statutory_alert as InboxTask['statutoryAlert'] | undefined) ?? null,
    state: t.state,
    createdAt: t.created_at,
    completedAt: t.completed_at,
  };
}

type InboxQuery = { state?: string; candidateGroup?: string; assignee?: string; processId?: string; dueBefore?: string; overdue?: string; text?: string; sort?: 'due' | 'created' | 'completed'; limit?: number; cursor?: string };

/** The inbox filters (GET /api/tasks). */
const INBOX_QUERY = {
  state: { type: 'string', enum: [TASK_STATE.created, TASK_STATE.completed, TASK_STATE.canceled], message: '应为 CREATED、COMPLETED 或 CANCELED / Must be CREATED, COMPLETED or CANCELED' },
  candidateGroup: { type: 'string' },
  assignee: { type: 'string', description: 'a login, "me" or "none"' },
  processId: { type: 'string' },
  dueBefore: { type: 'string', format: 'pf-date', message: '日期格式不正确 / Not a date' },
  overdue: { type: 'string', enum: ['true', 'false', ''] },
  text: { type: 'string', description: 'application number, applicant or unit name' },
  sort: { type: 'string', enum: ['due', 'created', 'completed'], message: '应为 due、created 或 completed / Must be due, created or completed' },
  limit: { type: 'integer', minimum: 1, maximum: 200, message: '应为 1–200 / Must be 1 to 200' },
  cursor: { type: 'string' },
};

function filterOf(q: InboxQuery, user: SessionUser): TaskFilter {
  return {
    ...(q.state ? { state: q.state } : {}),
    ...(q.candidateGroup ? { candidateGroup: q.candidateGroup } : {}),
    ...(q.assignee ? { assignee: q.assignee === 'me' ? user.login : q.assignee } : {}),
    ...(q.processId ? { processId: q.processId } : {}),
    ...(q.dueBefore ? { dueBefore: new Date(q.dueBefore) } : {}),
    ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
    ...(q.text ? { text: q.text.slice(0, 100) } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.limit ? { limit: q.limit } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

export function tasksRoutes(deps: { db: Db; engine: Engine; log: Logger; now?: () => Date }): RouteDef[] {
  // the API's clock (tests move it with the engine's)
  const now = (): Date => deps.now?.() ?? new Date();
  const routes: RouteDef[] = [];

  async function openTaskFor(user: SessionUser, id: string): Promise<{ task: TaskRow; user: SessionUser }> {
    const task = await getTask(deps.db, id);
    if (!task || !canSee(task, viewerOf(user))) throw new ApiError(404, 'NOT_FOUND', NO_TASK);
    if (task.state !== TASK_STATE.created) throw new ApiError(409, 'TASK_NOT_OPEN', '任务已不在待办状态 / The task is no longer open');
    return { task, user };
  }

  const isCandidate = (task: TaskRow, user: SessionUser) =>
    user.kind === 'admin' || task.candidate_users.includes(user.login) || task.candidate_groups.some((g) => taskGroupsOf(user).includes(g));

  routes.push(declare({
    method: 'get',
    path: '/api/tasks',
    summary: "The inbox (keyset pages)",
    allow: [signedIn],
    query: INBOX_QUERY,
    responses: { 200: "items and nextCursor" },
    errors: [400, 401],
    handler: async ({ res, user, query }) => {
      const filter = filterOf(query, user);
      const at = now();
      let page;
      try {
        page = await listTasks(deps.db, viewerOf(user), filter, at);
      } catch (err) {
        if (err instanceof RangeError) throw validationFailed({ cursor: '分页游标无效 / Invalid cursor' });
        throw err;
      }
      res.type('json').send(inboxPageJson({ items: page.items.map((t) => present(t, at)), nextCursor: page.nextCursor }));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/tasks/counts',
    summary: "Open tasks per candidate group",
    allow: [signedIn],
    responses: { 200: "counts" },
    handler: async ({ user }) => ({ byGroup: await countsByGroup(deps.db, viewerOf(user)) }),
  }));

  // ---- the inbox filters a reviewer saved (with the account: they follow it to any browser) ----
  const FILTER_NAME = { type: 'string', minLength: 1, maxLength: 40, pattern: '\\S', message: '请填写 1 到 40 个字的名称 / A name of 1 to 40 characters' };
  routes.push(declare({
    method: 'get',
    path: '/api/inbox/filters',
    summary: 'The inbox filters I saved, oldest first',
    allow: [signedIn],
    responses: { 200: '{ items: [{ name, filter, savedAt }] }' },
    errors: [401],
    handler: async ({ user }) => ({ items: await listSavedFilters(deps.db, user.accountId) }),
  }));
  routes.push(declare({
    method: 'post',
    path: '/api/inbox/filters',
    summary: `Save the inbox's conditions under a name (the same name again replaces them); at most ${MAX_SAVED_FILTERS} per account`,
    allow: [signedIn],
    body: {
      type: 'object',
      required: ['name', 'filter'],
      properties: {
        name: FILTER_NAME,
        // the inbox's own conditions (GET /api/tasks), nothing else
        filter: {
          type: 'object',
          properties: {
            candidateGroup: { type: 'string', maxLength: 100 },
            assignee: { type: 'string', enum: ['', 'me', 'none'] },
            processId: { type: 'string', maxLength: 100 },
            text: { type: 'string', maxLength: 100 },
            overdue: { type: 'boolean' },
            dueBefore: { type: 'string', maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' },
          },
          additionalProperties: false,
          message: '筛选条件有误 / Invalid filter conditions',
        },
      },
      additionalProperties: false,
    },
    responses: { 201: '{ items }: the saved filters after the save' },
    errors: [400, 401, 422],
    handler: async ({ res, user, body }) => {
      const b = body as { name: string; filter: Record<string, unknown> };
      const name = b.name.trim();
      if (!(await saveFilter(deps.db, user.accountId, name, b.filter))) {
        throw new ApiError(422, 'TOO_MANY_FILTERS', `最多保存 ${MAX_SAVED_FILTERS} 个筛选条件，请先删除不用的 / At most ${MAX_SAVED_FILTERS} saved filters: delete one first`, {
          name: `最多保存 ${MAX_SAVED_FILTERS} 个筛选条件 / At most ${MAX_SAVED_FILTERS} saved filters`,
        });
      }
      res.status(201).json({ items: await listSavedFilters(deps.db, user.accountId) });
    },
  }));
  routes.push(declare({
    method: 'delete',
    path: '/api/inbox/filters/{name}',
    summary: 'Forget a saved inbox filter',
    allow: [signedIn],
    params: { name: FILTER_NAME },
    notFound: '没有这个筛选条件 / No such saved filter',
    responses: { 200: '{ items }: the saved filters after the delete' },
    errors: [401, 404],
    handler: async ({ user, params }) => {
      if (!(await deleteSavedFilter(deps.db, user.accountId, params.name))) throw new ApiError(404, 'NOT_FOUND', '没有这个筛选条件 / No such saved filter');
      return { items: await listSavedFilters(deps.db, user.accountId) };
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/tasks/{id}',
    summary: "Task with its form, case and history. A production-licence correction task gets the whole application as `form` with only the flagged fields enabled, `prefill` and `correction` ({ round, items: [{ field, label, reason }], editable }); licensing tasks add `licence`. `submission` ({ form, data, round, changed }) is the case's data with the form that captured it and the fields changed since the previous round. `related`: { openCases: the unit's other cases under way that the user may read (number, process, status, steps waiting), persons (publicity reviews: each person's qualifications and publicity records) }. ID card numbers are whole only to the reviewer holding the task and to the applicant's own steps (`idNumbersMasked`)",
    allow: [signedIn],
    params: { id: EngineKey },
    notFound: NO_TASK,
    responses: { 200: "task" },
    errors: [401, 404],
    handler: async ({ res, user, params }) => {
      const task = await getTask(deps.db, params.id);
      if (!task || !canSee(task, viewerOf(user))) throw new ApiError(404, 'NOT_FOUND', NO_TASK);
      const form = task.form_key ? await deps.db('forms').where({ key: task.form_key }).first() : undefined;
      const app = task.application_id ? await getApplication(deps.db, task.application_id) : undefined;
      const history = app ? await caseHistory(deps.db, app, user) : [];
      const unit = app?.unit_id ? await deps.db('units').where({ id: app.unit_id }).first('name') : undefined;
      // the task's behaviour may prefill the form, replace it and add the case's details
      const { prefill, form: ownForm, ...extras } = await taskDetail(deps, task, user, { app });
      // ID card numbers whole to the reviewer holding the task (identity checks) and to the applicant's own steps, masked to everyone else
      const masked = isStaffUser(user) && task.assignee !== user.login;
      res.json((masked ? maskIdNumbers : <T>(v: T) => v)({
        idNumbersMasked: masked,
        // the same applicant and unit names as the inbox list shows
        task: present(
          {
            ...task,
            application_number: app?.number ?? null,
            applicant_name: (app?.data as { contact?: { name?: string } } | undefined)?.contact?.name ?? null,
            unit_name: (app?.data as { unit?: { name?: string } } | undefined)?.unit?.name ?? unit?.name ?? null,
          } as never,
          now(),
        ),
        prefill: prefill ?? null,
        ...extras,
        form: ownForm ?? (form ? { key: form.key, version: form.version, schema: form.schema } : null),
        // a change of data: the current values beside the requested ones (declared by the task's behaviour)
        current: extras.current ?? null,
        case: app ? { id: app.id, number: app.number, processId: app.process_id, status: app.status, submittedAt: app.created_at, data: app.data } : null,
        // the item this task is about (a multi-instance task, e.g. one person of a personnel change)
        subject: extras.subject ?? (task as unknown as { subject?: unknown }).subject ?? null,
        // what the task is about, with the form that captured it and what changed since the round before
        submission: app ? ((await caseSubmission(deps.db, app)) ?? null) : null,
        // the unit's other open cases (those the user may read), and the records the task's behaviour adds
        related: await taskRelated(deps, task, user, { app }),
        history,
      }));
    },
  }));

  /**
   * A task action (claim, release, assign, complete): the open task the caller sees (else 404 /
   * 409), the action, and the task as it now stands in the answer.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function taskAction<B = any>(spec: {
    action: string;
    summary: string;
    body?: Schema;
    errors: number[];
    act(task: TaskRow, user: SessionUser, body: B): Promise<Record<string, unknown> | void>;
  }): RouteDef {
    return declare<{ id: string }, Record<string, string | undefined>, B>({
      method: 'post',
      path: `/api/tasks/{id}/${spec.action}`,
      body: spec.body,
      summary: spec.summary,
      allow: [signedIn],
      params: { id: EngineKey },
      notFound: NO_TASK,
      responses: { 200: spec.action === 'complete' ? 'completed' : 'task' },
      errors: spec.errors,
      handler: async ({ res, user, params, body }) => {
        const { task } = await openTaskFor(user, params.id);
        const extra = await spec.act(task, user, body);
        res.json({ ...extra, task: present((await getTask(deps.db, task.user_task_key))! as never, now()) });
      },
    });
  }
  /** a candidate, and the task not claimed by someone else */
  function mayWork(task: TaskRow, user: SessionUser) {
    if (!isCandidate(task, user)) throw new ApiError(403, 'NOT_A_CANDIDATE', '您不在此任务的候选人或候选组中 / You are not a candidate for this task');
    if (task.assignee && task.assignee !== user.login) throw new ApiError(409, 'ALREADY_ASSIGNED', `任务已由 ${task.assignee} 认领 / The task is already claimed by ${task.assignee}`);
  }
  const isLead = (user: SessionUser) => user.kind === 'admin' || user.groups.includes(GROUP.reviewLeads);

  routes.push(taskAction({
    action: 'claim',
    summary: 'Claim (candidates only)',
    errors: [401, 403, 404, 409],
    act: async (task, user) => {
      mayWork(task, user);
      if (task.assignee !== user.login) {
        await withEngine(() => deps.engine.rest.assignUserTask({ userTaskKey: task.user_task_key, assignee: user.login, allowOverride: false }));
      }
    },
  }));

  routes.push(taskAction({
    action: 'unclaim',
    summary: 'Release (assignee or review lead)',
    errors: [401, 403, 404, 409],
    act: async (task, user) => {
      if (task.assignee !== user.login && !isLead(user)) throw new ApiError(403, 'NOT_ASSIGNEE', '只有认领人或组长可以释放任务 / Only the assignee or a review lead can release the task');
      if (task.assignee) await withEngine(() => deps.engine.rest.unassignUserTask({ userTaskKey: task.user_task_key }));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/tasks/{id}/candidates',
    summary: 'Who a review lead may assign the open task to: the active accounts in its candidate groups, with the open tasks each already holds',
    allow: [signedIn],
    params: { id: EngineKey },
    notFound: NO_TASK,
    responses: { 200: '{ items: [{ login, displayName, openAssigned }] }' },
    errors: [401, 403, 404, 409],
    handler: async ({ user, params }) => {
      const { task } = await openTaskFor(user, params.id);
      if (!isLead(user)) throw new ApiError(403, 'NOT_A_LEAD', '只有组长可以分派任务 / Only a review lead can assign tasks');
      const accounts = await assignableAccounts(deps.db, task)
        .orderBy('display_name')
        .limit(200)
        .select<Array<{ login: string; display_name: string }>>('login', 'display_name');
      const held = accounts.length
        ? await deps.db('tasks').where({ state: TASK_STATE.created }).whereIn('assignee', accounts.map((a) => a.login)).groupBy('assignee').select('assignee').count<{ assignee: string; n: string }[]>({ n: '*' })
        : [];
      const open = new Map(held.map((h) => [h.assignee, Number(h.n)]));
      return { items: accounts.map((a) => ({ login: a.login, displayName: a.display_name, openAssigned: open.get(a.login) ?? 0 })) };
    },
  }));

  routes.push(taskAction<{ assignee: string }>({
    action: 'assign',
    body: { type: 'object', required: ['assignee'], properties: { assignee: { type: 'string', minLength: 1, message: '请选择审核员 / Choose a reviewer' } } },
    summary: 'Assign (review lead)',
    errors: [400, 401, 403, 404, 409],
    act: async (task, user, { assignee }) => {
      if (!isLead(user)) throw new ApiError(403, 'NOT_A_LEAD', '只有组长可以分派任务 / Only a review lead can assign tasks');
      if (!(await assignableAccounts(deps.db, task).where({ login: assignee }).first('id'))) {
        throw validationFailed({ assignee: '该帐号不是此任务的候选人 / That account is not a candidate for this task' });
      }
      await withEngine(() => deps.engine.rest.assignUserTask({ userTaskKey: task.user_task_key, assignee, allowOverride: true }));
    },
  }));

  routes.push(taskAction<{ data?: Record<string, unknown> }>({
    action: 'complete',
    body: FormSubmission,
    summary: 'Complete with the form data, validated by the form rules on the server. A production-licence correction is refused (422 FIELD_NOT_FLAGGED, fields named) when it changes a field the notice did not flag',
    errors: [400, 401, 403, 404, 409],
    act: async (task, user, { data }) => {
      mayWork(task, user);
      await completeTask({ db: deps.db, engine: deps.engine.rest, now }, task, user, data);
      return { completed: true };
    },
  }));
  return routes;
}
