/**
 * Which cases a signed-in user may read, in one place for lists and single reads (the case, its
 * files, its documents):
 * - a unit's accounts: their unit's cases; a person: what they submitted;
 * - staff: a case in which one of their groups has or had a task (a task assigned to someone else
 *   in a group whose tasks are personal, such as the review-team leaders', does not count), or
 *   whose process their role covers as a whole (the intake reviewers of a process see its cases
 *   before any task exists);
 * - admins: every case, with personal fields masked unless they open a case deliberately (audited).
 */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { loadModels } from '../domain/models';
import { GROUP } from '../domain/registry';
import { maskIdNumber, maskMobile } from '../domain/validators';

export interface ScopeUser {
  accountId?: string;
  login: string;
  kind: string;
  groups: string[];
  unitId: string | null;
}

/** Groups whose tasks belong to one named person (the project's team leader): membership alone shows nothing. */
const PERSONAL_GROUPS: string[] = [GROUP.appraisalLeaders];

/**
 * Groups that review every case of their processes (intake and review desks of the home
 * authority). Authorities per province, the national authority and appraisal agencies are not
 * here: they see the cases routed to them, through their tasks.
 */
const PROCESS_WIDE_GROUPS: string[] = [
  GROUP.registrationReviewers,
  GROUP.unitReviewers,
  GROUP.reviewLeads,
  GROUP.publicityReviewers,
  GROUP.appraisalOffice,
  GROUP.powerPermitReviewers,
  GROUP.powerPermitLeads,
  GROUP.powerPermitCommittee,
];

let covered: Map<string, string[]> | undefined;
/** group → the processes in whose models it has a user task (read once from bpmn/). */
function coverage(): Map<string, string[]> {
  if (!covered) {
    covered = new Map();
    for (const m of loadModels()) {
      for (const group of new Set(m.userTasks.flatMap((t) => t.candidateGroups))) {
        if (!PROCESS_WIDE_GROUPS.includes(group)) continue;
        covered.set(group, [...(covered.get(group) ?? []), m.id]);
      }
    }
  }
  return covered;
}

/** The processes a staff user's role covers as a whole. */
export function coveredProcesses(user: ScopeUser): string[] {
  return [...new Set(user.groups.flatMap((g) => coverage().get(g) ?? []))];
}

export const isStaffUser = (u: ScopeUser): boolean => u.kind === 'reviewer' || u.kind === 'admin';

/**
 * Limits a query on applications (aliased `alias`) to what the user may read. Admins: no limit
 * (mask the personal fields when presenting).
 */
export function scopeCases(db: Db, user: ScopeUser, alias = 'applications') {
  return (q: Knex.QueryBuilder): void => {
    if (user.kind === 'admin') return;
    if (user.kind === 'person') {
      q.where(`${alias}.applicant_login`, user.login);
      return;
    }
    if (user.kind !== 'reviewer') {
      if (user.unitId) q.where(`${alias}.unit_id`, user.unitId);
      else q.whereRaw('false');
      return;
    }
    const processes = coveredProcesses(user);
    q.where((w) => {
      w.whereExists(
        db('tasks as scope_t')
          .whereRaw(`scope_t.application_id = ${alias}.id`)
          .where((t) =>
            t
              .where('scope_t.assignee', user.login)
              .orWhereRaw('? = any(scope_t.candidate_users)', [user.login])
              .orWhere((g) =>
                g
                  .whereRaw('scope_t.candidate_groups && ?::text[]', [user.groups])
                  .where((a) => a.whereNull('scope_t.assignee').orWhereRaw('not (scope_t.candidate_groups <@ ?::text[])', [PERSONAL_GROUPS])),
              ),
          ),
      );
      if (processes.length) w.orWhereIn(`${alias}.process_id`, processes);
    });
  };
}

/** Whether the user may read this case (unknown cases: false, so callers answer 404 either way). */
export async function canReadCase(db: Db, user: ScopeUser, applicationId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(applicationId)) return false;
  const row = await db('applications').where('applications.id', applicationId).modify(scopeCases(db, user)).first('applications.id');
  return Boolean(row);
}

/** Keys of submitted data that hold personal data; masked for admins' ordinary reads. */
const PERSONAL_KEY = /(^|[._])(id_?number|idNumber|idCard|mobile|phone|tel|email|e_?mail|address|contactName|contact_name|personName|person_name|legalRepresentative|legal_representative|name)$/i;
/** The same kinds as the last word of a camelCase key: contactMobile, refereePhone, contactIdNumber, homeAddress. */
const PERSONAL_SUFFIX = /[a-z0-9](IdNumber|IdCard|Mobile|Phone|Tel|Email|EMail|Address)$/;
/** keys named "name" that are not a person's: the unit's, a project's, an item's */
const NOT_PERSONAL = /(unit|company|enterprise|project|item|category|org|organisation|organization|file|original|display|process|form|title)_?name$/i;

export function maskValue(key: string, value: string): string {
  if (/id_?number|idCard/i.test(key)) return maskIdNumber(value);
  if (/mobile|phone|tel/i.test(key)) return value.length >= 7 ? maskMobile(value) : '****';
  if (/mail/i.test(key)) {
    const [user, domain] = value.split('@');
    return domain ? `${user.slice(0, 1)}***@${domain}` : '***';
  }
  if (/address/i.test(key)) return `${value.slice(0, 6)}****`;
  // a person's name: the family name stays
  return value.length > 1 ? `${value.slice(0, 1)}${'*'.repeat(Math.min(value.length - 1, 3))}` : '*';
}

/** objects whose "name" is not a person's */
const NAMED_THING = /(unit|company|enterprise|project|item|org|branch|file|category|catalog|process|form|equipment|facility|permit|licen[cs]e)s?$/i;

/** A copy of submitted data with every personal field masked (recursively, arrays included). */
export function maskPersonal<T>(data: T, key = '', parent = ''): T {
  if (Array.isArray(data)) return data.map((v) => maskPersonal(v, key, parent)) as T;
  if (data && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, maskPersonal(v, k, key)])) as T;
  }
  if (typeof data !== 'string' || !data || !key || !(PERSONAL_KEY.test(key) || PERSONAL_SUFFIX.test(key)) || NOT_PERSONAL.test(key)) return data;
  if (/^name$/i.test(key) && NAMED_THING.test(parent)) return data;
  return maskValue(key, data) as T;
}

/**
 * Whether a staff user may read a stored file: one they uploaded, or one a case they may read
 * refers to (in its submitted data or in a step's recorded data). Admins: any.
 */
export async function staffCanReadFile(db: Db, user: ScopeUser & { accountId: string }, file: { id: string; owner_account_id: string | null }): Promise<boolean> {
  if (user.kind === 'admin' || file.owner_account_id === user.accountId) return true;
  const needle = JSON.stringify(file.id);
  const row = await db('applications')
    .modify(scopeCases(db, user))
    .where((w) =>
      w
        .whereRaw('position(? in applications.data::text) > 0', [needle])
        .orWhereExists(db('audit as fa').whereRaw('fa.application_id = applications.id').whereRaw('position(? in fa.details::text) > 0', [needle])),
    )
    .first('applications.id');
  return Boolean(row);
}

/** Keys that hold an ID card number: idNumber, contactIdNumber, id_number, idCard. */
const ID_NUMBER_KEY = /(^|[._a-z])(id_?number|idCard)$/i;

/** A copy of data with every ID card number masked (recursively): the rest stays as it is. */
export function maskIdNumbers<T>(data: T, key = ''): T {
  if (Array.isArray(data)) return data.map((v) => maskIdNumbers(v, key)) as T;
  if (data && typeof data === 'object' && !(data instanceof Date)) {
    return Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, maskIdNumbers(v, k)])) as T;
  }
  return typeof data === 'string' && data && ID_NUMBER_KEY.test(key) ? (maskIdNumber(data) as T) : data;
}
