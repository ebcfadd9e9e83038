/** The inbox: queries over the `tasks` mirror, keyset-paginated. */
import type { Knex } from 'knex';
import { containsPattern, type Db } from '../core/db';
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

/** The columns an inbox page shows (the list leaves out what only the task page reads: the subject, the event bookkeeping). */
export const INBOX_COLUMNS = ['user_task_key', 'process_instance_key', 'process_definition_id', 'element_id', 'application_id', 'form_key', 'candidate_groups', 'candidate_users', 'assignee', 'priority', 'due_date', 'follow_up_date', 'state', 'created_at', 'completed_at'] as const;
/**
 * The page's instants, read as the API writes them (ISO 8601 in UTC to the millisecond, as
 * Date#toISOString): PostgreSQL writes the text, where parsing each into a Date and writing it
 * back took a tenth of GET /api/tasks's CPU (four per task, 51 tasks a page).
 */
const INBOX_INSTANTS: ReadonlySet<string> = new Set(['due_date', 'follow_up_date', 'created_at', 'completed_at'] satisfies Array<(typeof INBOX_COLUMNS)[number]>);
const isoText = (column: string) => `to_char(t.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;
type InboxInstants = { due_date: string | null; follow_up_date: string | null; created_at: string; completed_at: string | null };
export type InboxRow = Omit<Pick<TaskRow, (typeof INBOX_COLUMNS)[number]>, keyof InboxInstants> &
  InboxInstants & { application_number: string | null; applicant_name: string | null; unit_name: string | null; statutory_alert: string | null };

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
  /** due (soonest first), created (oldest first), completed (the newest completion first: the done list) */
  sort?: 'due' | 'created' | 'completed';
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

/**
 * The one query behind an inbox page: open tasks the viewer may see, filtered, in (sort, key)
 * order from the cursor on, limit + 1 rows (the extra one says whether there is a next page).
 * Walks tasks_open_due_sort / tasks_open_created in order, so a page costs about the same at any
 * backlog; bench/inbox prints its plans.
 */
export function listTasksQuery(db: Db, viewer: Viewer, f: TaskFilter, now = new Date()): Knex.QueryBuilder {
  const limit = pageSize(f);
  const sortExpr = f.sort === 'created' ? 't.created_at' : f.sort === 'completed' ? 't.completed_at' : `coalesce(t.due_date, '${NO_DUE}'::timestamptz)`;
  const dir = f.sort === 'completed' ? 'desc' : 'asc';
  const q = db('tasks as t')
    .leftJoin('applications as a', 'a.id', 't.application_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(
      ...INBOX_COLUMNS.map((c) => (INBOX_INSTANTS.has(c) ? db.raw(isoText(c)) : `t.${c}`)),
      'a.number as application_number',
      // a power-permit case's statutory-limit timers: reminded or overdue (power-permit-review)
      'a.statutory_alert',
      db.raw("a.data->'contact'->>'name' as applicant_name"),
      db.raw("coalesce(a.data->'unit'->>'name', u.name) as unit_name"),
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
    // Find the matching applications first (indexes on applications), then their tasks:
    // otherwise the planner walks the due-date index through every open task looking for the few matches.
    q.withMaterialized('matched', matchingApplications(db, f.text));
    q.whereIn('t.application_id', db('matched').select('id'));
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!c) throw new RangeError('cursor');
    q.whereRaw(`(${sortExpr}, t.user_task_key) ${dir === 'asc' ? '>' : '<'} (?::timestamptz, ?)`, c);
  }
  q.orderByRaw(`${sortExpr} ${dir}, t.user_task_key ${dir}`).limit(limit + 1);
  return q;
}

const pageSize = (f: TaskFilter) => Math.min(Math.max(f.limit ?? 50, 1), 200);

export async function listTasks(
  db: Db,
  viewer: Viewer,
  f: TaskFilter,
  now = new Date(),
): Promise<{ items: InboxRow[]; nextCursor: string | null }> {
  const limit = pageSize(f);
  const rows = (await listTasksQuery(db, viewer, f, now)) as InboxRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last, f.sort), last.user_task_key) : null };
}

/** The row's value in the page's order (as listTasksQuery sorts): the cursor's first half. */
export function sortValue(row: Pick<InboxRow, 'due_date' | 'created_at' | 'completed_at'>, sort: TaskFilter['sort']): string {
  if (sort === 'created') return row.created_at;
  if (sort === 'completed') return row.completed_at!;
  return row.due_date ?? NO_DUE;
}

/** pg_trgm takes no trigram from a word shorter than three characters, nor from CJK in every locale. */
const needsBigrams = (text: string) => [...text].length < 3 || /[^\x00-\x7f]/.test(text);

/**
 * The ids of the applications whose number, applicant or unit contains `text` (any case). One
 * indexed lookup per field, combined with UNION: an OR across them (or across a joined table)
 * makes PostgreSQL read every application instead of using the indexes. Two characters, or any
 * Chinese: the bigram index (pf_application_bigrams, db/migrations/…inbox_counts_and_bigrams)
 * gives the candidates, the ilike checks them; otherwise the trigram indexes.
 */
export function matchingApplications(db: Db, text: string): Knex.Raw {
  const like = containsPattern(text);
  const units = `select a.id from applications a join units u on u.id = a.unit_id where u.name ilike ?`;
  if ([...text].length >= 2 && needsBigrams(text)) {
    return db.raw(
      `select id from applications
         where pf_application_bigrams(number, data) @> pf_bigrams(?)
           and (number ilike ? or data->'contact'->>'name' ilike ? or data->'unit'->>'name' ilike ?)
       union ${units}`,
      [text, like, like, like, like],
    );
  }
  return db.raw(
    `select id from applications where number ilike ?
     union select id from applications where data->'contact'->>'name' ilike ?
     union select id from applications where data->'unit'->>'name' ilike ?
     union ${units}`,
    [like, like, like, like],
  );
}

/**
 * Open tasks per candidate group the viewer belongs to (for the inbox's group tabs): read from
 * inbox_group_counts, which triggers on `tasks` keep current, not counted over the open tasks.
 */
export async function countsByGroup(db: Db, viewer: Viewer): Promise<Record<string, number>> {
  const q = db('inbox_group_counts').select('grp', 'open').where('open', '>', 0);
  // a unit's own task group (unit:<id>) is not an inbox tab, even for admins
  if (viewer.all) q.whereNot('grp', 'like', 'unit:%');
  else q.whereIn('grp', viewer.groups);
  const out: Record<string, number> = {};
  for (const r of (await q) as Array<{ grp: string; open: number }>) out[r.grp] = r.open;
  return out;
}

/** Open tasks per candidate group, all groups (for /metrics). */
export async function openTasksPerGroup(db: Db): Promise<Array<{ grp: string; open: number }>> {
  return db('inbox_group_counts').select('grp', 'open').orderBy('grp');
}

/** The active accounts a review lead may assign the task to: members of one of its candidate groups. */
export function assignableAccounts(db: Db, task: Pick<TaskRow, 'candidate_groups'>): Knex.QueryBuilder {
  return db('accounts').where({ status: 'active' }).whereRaw('groups && ?::text[]', [task.candidate_groups]);
}

export async function getTask(db: Db, key: string): Promise<TaskRow | undefined> {
  return db<TaskRow>('tasks').where({ user_task_key: key }).first();
}

/** How many open tasks the viewer may see (a unit's home page: the steps waiting for it). */
export async function countOpenTasks(db: Db, viewer: Viewer): Promise<number> {
  const q = db('tasks as t').where('t.state', TASK_STATE.created);
  if (!viewer.all) {
    q.where((w: Knex.QueryBuilder) =>
      w
        .where('t.assignee', viewer.login)
        .orWhereRaw('? = ANY(t.candidate_users)', [viewer.login])
        .orWhereRaw('t.candidate_groups && ?::text[]', [viewer.groups]),
    );
  }
  const [{ n }] = await q.count<{ n: string }[]>({ n: '*' });
  return Number(n);
}
