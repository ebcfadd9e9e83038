/**
 * The submission a task is about, for the task page of every user task: the case's data with the
 * form that captured it (the version in force when it was submitted), files as the form shows
 * them (name, type, size, a link to preview), and the fields changed since the previous round
 * (a resubmission's audit row keeps the previous data or the changed field keys).
 */
import type { Db } from '../../core/db';
import type { ApplicationRow } from '../../db/applications';
import { resubmissionFormData } from '../../db/accounts';
import { ProcessId, SUBMISSION_FORM } from '../../domain/registry';

export interface Submission {
  form: { key: string; version: number; schema: Record<string, unknown> };
  data: Record<string, unknown>;
  /** the round of this submission (1 for the first) and the field paths changed since the round before */
  round: number;
  changed: string[];
}

/** The form of this key as it stood when the case was submitted (the newest version then), else the current one. */
async function formAsSubmitted(db: Db, key: string, at: Date): Promise<Submission['form'] | undefined> {
  const then = await db('form_versions').where({ key }).where('saved_at', '<=', at).orderBy('version', 'desc').first('key', 'version', 'schema');
  const row = then ?? (await db('forms').where({ key }).first('key', 'version', 'schema'));
  return row ? { key: row.key, version: Number(row.version), schema: row.schema } : undefined;
}

type Json = Record<string, unknown>;

/** Leaf paths (a.b, list.0.c) whose values differ between two submissions; a file compares by its id. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const fileId = (v: unknown) => (v && typeof v === 'object' && typeof (v as Json).id === 'string' ? (v as Json).id : undefined);
  if (fileId(before) !== undefined || fileId(after) !== undefined) return fileId(before) === fileId(after) ? [] : [prefix];
  const isObj = (v: unknown): v is Json => !!v && typeof v === 'object';
  if (isObj(before) && isObj(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (isObj(before) || isObj(after)) return before === undefined && after === undefined ? [] : [prefix];
  return (before ?? '') === (after ?? '') ? [] : [prefix];
}

/** The case's submission with its form, or undefined for a process whose data no form captured. */
export async function caseSubmission(db: Db, app: ApplicationRow): Promise<Submission | undefined> {
  const key = Object.hasOwn(SUBMISSION_FORM, app.process_id) ? SUBMISSION_FORM[app.process_id as ProcessId] : undefined;
  const form = key ? await formAsSubmitted(db, key, app.created_at) : undefined;
  if (!form) return undefined;
  const rounds = await db('audit').where({ application_id: app.id, action: 'resubmit' }).orderBy('id', 'asc').select('details');
  const last = (rounds.at(-1)?.details ?? null) as { previous?: unknown; changed?: unknown } | null;
  const changed = !last
    ? []
    : Array.isArray(last.changed)
      ? last.changed.filter((k): k is string => typeof k === 'string')
      : last.previous !== undefined
        ? changedPaths(last.previous, app.data)
        : [];
  return { form, data: await resubmissionFormData(db, app.data), round: rounds.length + 1, changed };
}
