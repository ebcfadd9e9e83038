/**
 * Special-equipment licensing (issue 7) inside the generic application and task endpoints:
 * checks on a submitted production licence or inspector application, what a task shows (the
 * application with only the flagged fields open, the case's dates and acceptance), and what a
 * completed task stores (the correction notice, the corrected application, the agency's dates,
 * the feedback form that only the authority may read). Kept here so routes/tasks.ts and
 * routes/applications.ts only call in.
 */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { FormDefinition, validateSubmission } from '../domain/formio';
import { changedFields, chosenItems, CorrectionItem, editableFields, formFields, lockedForm } from '../domain/licensing/rules';
import { APPLICATION_STATUS, FORM, LICENCE_DECISION, PROCESS } from '../domain/names';
import { getApplication, transition } from '../db/applications';
import { caseClock, getLicenceCase, LicenceCaseRow, openCorrection, recordCorrection } from '../db/licensing';
import type { TaskRow } from '../db/tasks';
import type { SessionUser } from './auth';
import { ApiError, validationFailed } from './errors';

async function schemaOf(db: Db, key: string): Promise<(FormDefinition & Record<string, unknown>) | undefined> {
  return (await db('forms').where({ key }).first())?.schema;
}

/** Checks a production-licence or inspector submission against the seeded catalogues (errors by field). */
export async function checkLicensingSubmission(db: Db, processId: string, v: Record<string, unknown>, errors: Record<string, string>): Promise<void> {
  if (processId === PROCESS.productionLicence) {
    const codes = chosenItems(v.licenceItems);
    if (!codes.length) {
      errors.licenceItems ??= '请至少选择一个许可项目 / Choose at least one licence item';
      return;
    }
    const items = await db('licence_items').whereIn('code', codes);
    if (items.length !== codes.length) errors.licenceItems ??= '许可项目不在目录中 / An item is not in the catalogue';
    else if (items.some((i) => i.category !== v.licenceCategory)) errors.licenceItems ??= '许可项目须属于所选许可类别 / The items must belong to the chosen category';
  }
  if (processId === PROCESS.inspectorQualification) {
    if (!(await db('inspector_items').where({ code: String(v.itemCode ?? '') }).first())) errors.itemCode ??= '项目代号不在目录中 / Not a known item code';
    // the photo must be a picture (its type is sniffed from the content at upload)
    const photo = Array.isArray(v.photo) ? (v.photo[0] as { id?: string } | undefined) : undefined;
    if (photo?.id) {
      const file = await db('files').where({ id: photo.id }).first('mime_type');
      if (file && !String(file.mime_type).startsWith('image/')) errors.photo ??= '照片应为 JPG 或 PNG 图片 / The photo must be a JPG or PNG image';
    }
  }
}

/** Authority roles of a case: its authority's group (and admins). */
export function isAuthority(user: SessionUser, lc: Pick<LicenceCaseRow, 'authority_group'>): boolean {
  return user.kind === 'admin' || user.groups.includes(lc.authority_group);
}

/** The case as its readers may see it: the feedback form only for the authority. */
export async function licenceSummary(db: Db, applicationId: string, user: SessionUser, now = new Date()) {
  const lc = await getLicenceCase(db, applicationId);
  if (!lc) return null;
  const items = await db('licence_items').whereIn('code', lc.item_codes).orderBy('sort').select('code', 'project', 'name', 'level');
  const category = await db('licence_categories').where({ code: lc.category }).first();
  const corrections = await db('licence_corrections').where({ application_id: applicationId }).orderBy('round').select('round', 'items', 'created_at', 'resolved_at');
  const authority = isAuthority(user, lc);
  return {
    category: lc.category,
    categoryName: category?.name ?? null,
    items,
    authority: { level: lc.authority_level, name: lc.authority_name, group: lc.authority_group },
    agency: category ? { name: category.agency_name, contact: category.agency_contact, phone: category.agency_phone, address: category.agency_address } : null,
    acceptanceNumber: lc.acceptance_number,
    acceptedAt: lc.accepted_at,
    appraisal: { from: lc.appraisal_from, to: lc.appraisal_to, returned: lc.dates_returned, conclusion: lc.appraisal_conclusion },
    corrections: corrections.map((c) => ({ round: c.round, items: c.items, createdAt: c.created_at, resolvedAt: c.resolved_at })),
    licenceNumber: lc.licence_number,
    feedbackSubmitted: !!lc.feedback_at,
    // 鉴定评审反馈表: the approving authority only, never the applicant or the agency
    feedback: authority ? lc.feedback : null,
    statutoryClock: await caseClock(db, applicationId, now),
  };
}

/** Extra parts of GET /api/tasks/:id for the licensing tasks (a replaced form, prefilled data, the case). */
export async function taskDetailExtras(db: Db, task: TaskRow, user: SessionUser): Promise<Record<string, unknown>> {
  if (task.process_definition_id !== PROCESS.productionLicence || !task.application_id) return {};
  const app = await getApplication(db, task.application_id);
  if (!app) return {};
  const out: Record<string, unknown> = { licence: await licenceSummary(db, app.id, user) };
  if (task.form_key === FORM.licenceSupplement) {
    const wizard = await schemaOf(db, FORM.productionLicence);
    const own = await schemaOf(db, FORM.licenceSupplement);
    const notice = await openCorrection(db, app.id);
    if (wizard && own && notice) {
      const editable = editableFields(wizard, notice.items);
      const locked = lockedForm(wizard, editable, new Map(notice.items.map((i) => [i.field, i.reason])));
      out.form = { key: FORM.licenceSupplement, schema: { ...locked, title: own.title, components: [...locked.components, ...own.components] } };
      out.prefill = app.data;
      const labels = new Map<string, string>([...formFields(wizard).map((f) => [f.key, f.label] as [string, string]), ...wizard.components.map((c) => [c.key, String((c as { title?: string }).title ?? c.key)] as [string, string])]);
      out.correction = { round: notice.round, items: notice.items.map((i) => ({ ...i, label: labels.get(i.field) ?? i.field })), editable: [...editable] };
    }
  }
  return out;
}

export interface CompletionPlan {
  variables: Record<string, unknown>;
  auditDetails: Record<string, unknown>;
  /** writes in the same transaction as the engine's completion: rolled back when the engine refuses */
  apply?: (trx: Knex.Transaction) => Promise<void>;
  /** runs once the engine has completed the task */
  after?: () => Promise<void>;
}

/**
 * What completing a licensing task stores and passes to the engine (only decisions: the
 * notice, the corrected application and the feedback stay in PostgreSQL). undefined: the
 * generic behaviour.
 */
export async function planCompletion(db: Db, task: TaskRow, user: SessionUser, raw: unknown, values: Record<string, unknown>): Promise<CompletionPlan | undefined> {
  if (task.process_definition_id !== PROCESS.productionLicence || !task.application_id) return undefined;
  const appId = task.application_id;
  const base = { elementId: task.element_id };
  switch (task.form_key) {
    case FORM.licenceFormalReview: {
      if (values.decision === LICENCE_DECISION.correct) {
        const wizard = (await schemaOf(db, FORM.productionLicence))!;
        const known = new Set([...formFields(wizard).map((f) => f.key), ...wizard.components.map((c) => c.key)]);
        const items = ((values.corrections as CorrectionItem[] | undefined) ?? []).filter((i) => i.field && i.reason);
        if (!items.length) throw validationFailed({ corrections: '请列出需补正的部分或字段及原因 / List the parts or fields to correct, with reasons' });
        const unknown = items.find((i) => !known.has(i.field));
        if (unknown) throw validationFailed({ corrections: `没有这个部分或字段：${unknown.field} / No such part or field` });
        await recordCorrection(db, appId, items, user.login);
        return { variables: { decision: values.decision }, auditDetails: { ...base, decision: values.decision, corrections: items } };
      }
      return undefined;
    }
    case FORM.licenceSupplement: {
      const app = (await getApplication(db, appId))!;
      const notice = await openCorrection(db, appId);
      if (!notice) throw new ApiError(409, 'NO_CORRECTION', '没有待补正的告知 / There is no correction notice to answer');
      const wizard = (await schemaOf(db, FORM.productionLicence))!;
      const submitted = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const checked = validateSubmission(wizard, submitted);
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      await checkLicensingSubmission(db, PROCESS.productionLicence, checked.values, checked.errors);
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const editable = editableFields(wizard, notice.items);
      const before = app.data as Record<string, unknown>;
      const changed = changedFields(wizard, before, checked.values);
      const refused = changed.filter((k) => !editable.has(k));
      if (refused.length) {
        throw new ApiError(
          422,
          'FIELD_NOT_FLAGGED',
          '只能修改补正告知中列出的部分和字段 / Only the parts and fields listed in the correction notice may change',
          Object.fromEntries(refused.map((k) => [k, '此项未要求补正，不能修改 / Not listed for correction; it cannot change'])),
        );
      }
      const data: Record<string, unknown> = { ...before };
      for (const k of editable) {
        if (checked.values[k] === undefined) delete data[k];
        else data[k] = checked.values[k];
      }
      return {
        variables: {},
        auditDetails: { ...base, round: notice.round, changed, note: values.supplementNote ?? null },
        // written before the next formal review exists, so its notice is always a new round
        apply: async (trx) => {
          await trx('applications').where({ id: appId }).update({ data: JSON.stringify(data), updated_at: trx.fn.now() });
          await trx('licence_corrections').where({ id: notice.id }).update({ resolved_at: trx.fn.now() });
          await transition(trx, appId, APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.correction], actor: user.login, action: 'resubmit', details: { round: notice.round, changed } });
        },
      };
    }
    case FORM.licenceDatesPropose: {
      if (String(values.appraisalTo) < String(values.appraisalFrom)) throw validationFailed({ appraisalTo: '结束日期不能早于开始日期 / The end must not be before the start' });
      await db('licence_cases').where({ application_id: appId }).update({ appraisal_from: values.appraisalFrom, appraisal_to: values.appraisalTo });
      return { variables: {}, auditDetails: { ...base, ...values } };
    }
    case FORM.licenceDatesOpinion: {
      const plan: CompletionPlan = { variables: { decision: values.decision, reason: values.reason ?? null }, auditDetails: { ...base, ...values } };
      if (values.decision === LICENCE_DECISION.return) {
        plan.after = async () => {
          await db('licence_cases').where({ application_id: appId }).increment('dates_returned', 1).update({ appraisal_from: null, appraisal_to: null });
        };
      }
      return plan;
    }
    case FORM.licenceAppraisal: {
      await db('licence_cases').where({ application_id: appId }).update({ appraisal_conclusion: values.conclusion });
      return { variables: { conclusion: values.conclusion }, auditDetails: { ...base, conclusion: values.conclusion } };
    }
    case FORM.licenceFeedback: {
      await db('licence_cases').where({ application_id: appId }).update({ feedback: JSON.stringify(values), feedback_at: db.fn.now() });
      // the answers stay out of the engine, the audit trail and the applicant's drafts
      return {
        variables: {},
        auditDetails: base,
        after: async () => {
          await db('drafts').where({ scope: `task:${task.user_task_key}` }).delete();
        },
      };
    }
    default:
      return undefined;
  }
}

