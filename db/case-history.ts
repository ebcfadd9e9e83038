/**
 * A case's history (流转信息) as its applicant and its reviewers read it: each step with who did
 * it (their name), when, the step's name from the model, the decision and the opinion given
 * (return reasons, rectification requirements, on-site findings, correction notices). Fields a
 * form marks internal (`"properties": { "internal": "true" }`) are shown to staff only.
 */
import type { Db } from '../core/db';
import type { FormComponent } from '../domain/formio';
import { loadModels } from '../domain/models';

export interface HistoryEntry {
  at: string;
  action: string;
  actor: string;
  fromStatus: string | null;
  toStatus: string | null;
  elementId: string | null;
  step: string | null;
  decision: string | null;
  opinion: string | null;
  /** staff only: the internal notes of the step */
  internal?: Record<string, unknown>;
}

/** Fields that carry the reviewer's words to the applicant. */
const OPINION_KEYS = ['reason', 'opinion', 'findings', 'requirements', 'rectificationRequirements', 'reportSummary', 'remarks', 'comment', 'note'];
const DECISION_KEYS = ['decision', 'conclusion'];

let stepNames: Map<string, string> | undefined;
function stepName(processId: string, elementId: string | null): string | null {
  if (!elementId) return null;
  if (!stepNames) {
    stepNames = new Map();
    for (const m of loadModels()) for (const t of m.userTasks) stepNames.set(`${m.id}#${t.elementId}`, t.name);
  }
  return stepNames.get(`${processId}#${elementId}`) ?? null;
}

function internalKeys(schema: { components?: FormComponent[] } | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (cs: FormComponent[] | undefined) => {
    for (const c of cs ?? []) {
      const props = (c as { properties?: Record<string, string> }).properties;
      if (props?.internal === 'true' && c.key) out.add(c.key);
      walk((c as { components?: FormComponent[] }).components);
      for (const col of (c as { columns?: Array<{ components?: FormComponent[] }> }).columns ?? []) walk(col.components);
    }
  };
  walk(schema?.components);
  return out;
}

function opinionOf(details: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const k of OPINION_KEYS) {
    const v = details[k];
    if (typeof v === 'string' && v.trim()) parts.push(v.trim());
  }
  // a correction notice: one line per flagged field
  const corrections = details.corrections;
  if (Array.isArray(corrections)) {
    for (const c of corrections as Array<Record<string, unknown>>) {
      const line = [c.label ?? c.field, c.note ?? c.reason ?? c.requirement].filter((x) => typeof x === 'string' && x).join('：');
      if (line) parts.push(line);
    }
  }
  return parts.length ? parts.join('\n') : null;
}

export async function caseHistory(db: Db, app: { id: string; process_id: string }, viewer: { kind: string }): Promise<HistoryEntry[]> {
  const staff = viewer.kind === 'reviewer' || viewer.kind === 'admin';
  const rows = await db('audit as a')
    .leftJoin('accounts as ac', db.raw('lower(ac.login) = lower(a.actor)'))
    .leftJoin('tasks as t', 't.user_task_key', 'a.task_key')
    .where('a.application_id', app.id)
    .orderBy('a.id')
    .select('a.actor', 'a.action', 'a.from_status', 'a.to_status', 'a.at', 'a.details', 'ac.display_name', 't.element_id', 't.form_key');
  const formKeys = [...new Set(rows.map((r) => r.form_key).filter(Boolean))] as string[];
  const forms = formKeys.length ? await db('forms').whereIn('key', formKeys).select('key', 'schema') : [];
  const internalByForm = new Map(forms.map((f) => [f.key as string, internalKeys(f.schema)]));
  return rows.map((r) => {
    const details = (r.details ?? {}) as Record<string, unknown>;
    const hidden = internalByForm.get(r.form_key) ?? new Set<string>();
    const visible = Object.fromEntries(Object.entries(details).filter(([k]) => !hidden.has(k)));
    const decision = DECISION_KEYS.map((k) => details[k]).find((v) => typeof v === 'string') as string | undefined;
    const elementId = (r.element_id as string | null) ?? (typeof details.elementId === 'string' ? details.elementId : null);
    const entry: HistoryEntry = {
      at: new Date(r.at).toISOString(),
      action: r.action,
      actor: (r.display_name as string | null) ?? r.actor,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      elementId,
      step: stepName(app.process_id, elementId),
      decision: decision ?? null,
      opinion: opinionOf(visible),
    };
    if (staff && hidden.size) entry.internal = Object.fromEntries(Object.entries(details).filter(([k]) => hidden.has(k)));
    return entry;
  });
}
