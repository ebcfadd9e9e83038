/** The inbox: queries over the `tasks` mirror, keyset-paginated. */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { TASK_STATE } from '../domain/registry';

export interface TaskRow {
  user_task_key: string;
  process_instance_key: string;
  process_definition_id: string;
  element_id: string;
  element_instance_key: string | null;
  application_id: string | null;
  form_key: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  assignee: string | null;
  priority: number;
  due_date: Date | null;
  follow_up_date: Date | null;
  state: string;
  last_event: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface Viewer {
  login: string;
  groups: string[];
  /** Admins see every task. */
  all: boolean;
}

export interface TaskFilter {
  state?: string;
  candidateGroup?: string;
  assignee?: string; // a login, or 'none'
  processId?: string;
  dueBefore?: Date;
  overdue?: boolean;
  text?: string;
  sort?: 'due' | 'created';
  limit?: number;
  cursor?: string;
}

/** far future for tasks without a due date, so they sort last and the keyset stays total */
const NO_DUE = '9999-12-31T00:00:00Z';

export function encodeCursor(sortValue: string, key: string): string {
  return Buffer.from(JSON.stringify([sortValue, key])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  return undefined;
}

export function canSee(task: Pick<TaskRow, 'candidate_groups' | 'candidate_users' | 'assignee'>, viewer: Viewer): boolean {
  return viewer.all || task.assignee === viewer.login || task.candidate_users.includes(viewer.login) || task.candidate_groups.some((g) => viewer.groups.includes(g));
}

export async function listTasks(
  db: Db,
  viewer: Viewer,
  f: TaskFilter,
  now = new Date(),
): Promise<{ items: Array<TaskRow & { application_number: string | null; applicant_name: string | null; unit_name: string | null }>; nextCursor: string | null }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const sortExpr = f.sort === 'created' ? 't.created_at' : `coalesce(t.due_date, '${NO_DUE}'::timestamptz)`;
  const q = db('tasks as t')
    .leftJoin('applications as a', 'a.id', 't.application_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(
      't.*',
      'a.number as application_number',
      db.raw("a.data->'contact'->>'name' as applicant_name"),
      db.raw("coalesce(a.data->'unit'->>'name', u.name) as unit_name"),
      db.raw(`${sortExpr} as sort_value`),
    )
    .where('t.state', f.state ?? TASK_STATE.created);
  if (!viewer.all) {
    q.where((w: Knex.QueryBuilder) =>
      w
        .where('t.assignee', viewer.login)
        .orWhereRaw('? = ANY(t.candidate_users)', [viewer.login])
        .orWhereRaw('t.candidate_groups && ?::text[]', [viewer.groups]),
    );
  }
  if (f.candidateGroup) q.whereRaw('? = ANY(t.candidate_groups)', [f.candidateGroup]);
  if (f.assignee === 'none') q.whereNull('t.assignee');
  else if (f.assignee) q.where('t.assignee', f.assignee);
  if (f.processId) q.where('t.process_definition_id', f.processId);
  if (f.dueBefore) q.where('t.due_date', '<', f.dueBefore);
  if (f.overdue) q.where('t.due_date', '<', now);
  if (f.text) {
    // Find the matching applications first (trigram indexes), then their tasks: otherwise the
    // planner walks the due-date index through every open task looking for the few matches.
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // One indexed lookup per field, combined with UNION: an OR across them (or across a joined
    // table) makes PostgreSQL read every application instead of using the trigram indexes.
    q.withMaterialized(
      'matched',
      db.raw(
        `select id from applications where number ilike ?
         union select id from applications where data->'contact'->>'name' ilike ?
         union select id from applications where data->'unit'->>'name' ilike ?
         union select a.id from applications a join units u on u.id = a.unit_id where u.name ilike ?`,
        [like, like, like, like],
      ),
    );
    q.whereIn('t.application_id', db('matched').select('id'));
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!c) throw new RangeError('cursor');
    q.whereRaw(`(${sortExpr}, t.user_task_key) > (?::timestamptz, ?)`, c);
  }
  q.orderByRaw(`${sortExpr} asc, t.user_task_key asc`).limit(limit + 1);
  const rows = (await q) as Array<TaskRow & { sort_value: Date; application_number: string | null; applicant_name: string | null; unit_name: string | null }>;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ sort_value: _s, ...r }) => r),
    nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.sort_value).toISOString(), last.user_task_key) : null,
  };
}

/** Open tasks per candidate group the viewer belongs to (for the inbox's group tabs). */
export async function countsByGroup(db: Db, viewer: Viewer): Promise<Record<string, number>> {
  const rows = await db('tasks')
    .select(db.raw('unnest(candidate_groups) as grp'))
    .count('* as n')
    .where({ state: TASK_STATE.created })
    .groupBy('grp');
  const out: Record<string, number> = {};
  for (const r of rows as unknown as Array<{ grp: string; n: string }>) {
    // a unit's own task group (unit:<id>) is not an inbox tab, even for admins
    if ((viewer.all && !r.grp.startsWith('unit:')) || viewer.groups.includes(r.grp)) out[r.grp] = Number(r.n);
  }
  return out;
}

export async function getTask(db: Db, key: string): Promise<TaskRow | undefined> {
  return db<TaskRow>('tasks').where({ user_task_key: key }).first();
}
