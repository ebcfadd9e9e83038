/**
 * Practitioner publicity for a unit, batch add and cancellation (issue 5 items 8–9; manual §3.3.2–3.3.4):
 * - the persons with pending items (待追加人员), the batch with the consent "N persons, M items";
 * - the persons due for renewal, offered after an addition (and any time);
 * - the registered persons to cancel, the cancellation with a reason each, the stamped form upload.
 */
import type { Knex } from 'knex';
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { FormDefinition, validateSubmission } from '../../domain/formio';
import { APPLICATION_STATUS, FORM, MESSAGE, NUMBER_PREFIX, PROCESS, PUBLICITY_OPS, VAR } from '../../domain/names';
import { itemLabel, localDate, localYear, publicityApplicationNumber } from '../../domain/publicity';
import { CancelData, publicityCancelNumber } from '../../domain/publicity-ops';
import { maskIdNumber } from '../../domain/validators';
import { audit, getApplication, transition } from '../../db/applications';
import { addPublicityApplicationRow, getPractitioner, nextCounter, publicityRowsOf } from '../../db/practitioners';
import { addCandidates, registeredPersons, renewalCandidates } from '../../db/publicity-ops';
import { isUuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, signedIn, unit, unitCaller } from '../route';


const publicity = unit({ areas: ['publicity'] });

async function formSchema(db: Db, key: string): Promise<FormDefinition> {
  const row = await db('forms').where({ key }).first();
  if (!row) throw new ApiError(500, 'FORM_MISSING', `form ${key} is not deployed`);
  return row.schema as FormDefinition;
}

/** The selected person ids, once each, in the order given; a repeated or malformed id is a field error. */
function personIds(rows: Array<{ personId?: unknown }>, errors: Record<string, string>): string[] {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const id = String(r.personId ?? '');
    if (!isUuid(id)) errors[`persons.${i}.personId`] = '人员编号无效 / Not a person id';
    else if (seen.has(id)) errors[`persons.${i}.personId`] = '人员重复 / The person is listed twice';
    else seen.add(id);
  });
  return [...seen];
}

/**
 * Stores the application (and takes its number from the per-year counter), then starts its
 * process. If the engine refuses, the application stays with status "failed" and the 503 says so:
 * the number is used by a visible failed case rather than leaving a gap, and the persons are free
 * for a new application (a failed one is finished).
 */
async function createAndStart(
  deps: { db: Db; engine: Engine; log: Logger },
  processId: string,
  write: (trx: Knex.Transaction) => Promise<{ id: string; number: string }>,
): Promise<{ id: string; number: string; processInstanceKey: string }> {
  const app = await deps.db.transaction(write);
  try {
    const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { [VAR.applicationId]: app.id } });
    const processInstanceKey = String(started.processInstanceKey);
    await deps.db('applications').where({ id: app.id }).update({ process_instance_key: processInstanceKey });
    return { ...app, processInstanceKey };
  } catch (err) {
    deps.log.error('could not start the process; the application is marked failed', { error: err as Error, processId, applicationId: app.id });
    await deps.db.transaction(async (trx) => {
      await trx('applications').where({ id: app.id }).update({ status: 'failed', decision_reason: 'engine unavailable', updated_at: trx.fn.now() });
      await audit(trx, { applicationId: app.id, actor: 'system', action: 'start-failed', from: APPLICATION_STATUS.submitted, to: 'failed' });
    });
    throw new ApiError(503, 'ENGINE_UNAVAILABLE', `流程引擎暂不可用，申请 ${app.number} 未能提交，请稍后重新申请 / The process engine is unavailable; ${app.number} was not started, apply again later`);
  }
}

export function publicityOpsRoutes(deps: { db: Db; engine: Engine; log: Logger }): RouteDef[] {
  const routes: RouteDef[] = [];
  const today = () => localDate(new Date());

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/add/candidates',
    summary: "The unit's registered persons with items still to add (待追加人员), with totals",
    allow: [publicity],
    responses: { 200: "items and totals { persons, items }" },
    errors: [401, 403],
    handler: async ({ res, user: caller }) => {
      const user = unitCaller(caller);
      const items = await addCandidates(deps.db, user.unitId, today());
      res.json({
        items: items.map((c) => ({ ...c, pendingLabels: c.pending.map(itemLabel), itemLabels: c.items.map(itemLabel) })),
        totals: { persons: items.length, items: items.reduce((n, c) => n + c.pending.length, 0) },
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/add',
    summary: "Add items for many persons in one batch (starts publicity-add); the consent counts must equal the selection",
    allow: [publicity],
    responses: { 201: "started: id, number, persons, items" },
    errors: [400, 401, 403, 409, 422, 503],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const checked = validateSubmission(await formSchema(deps.db, FORM.publicityAdd), (req.body ?? {}).data ?? {});
      const v = checked.values as { persons?: Array<{ personId?: string }>; consentPersons?: number; consentItems?: number; consent?: boolean };
      const ids = personIds(v.persons ?? [], checked.errors);
      if (ids.length > PUBLICITY_OPS.maxBatch) checked.errors.persons = `一次最多 ${PUBLICITY_OPS.maxBatch} 人 / At most ${PUBLICITY_OPS.maxBatch} persons at once`;
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const day = today();
      const candidates = new Map((await addCandidates(deps.db, user.unitId, day)).map((c) => [c.personId, c]));
      const fields: Record<string, string> = {};
      ids.forEach((id, i) => {
        if (!candidates.has(id)) fields[`persons.${i}.personId`] = '该人员不在本单位待追加人员中 / Not one of the unit’s persons with items to add';
      });
      if (Object.keys(fields).length) throw new ApiError(422, 'NOT_ELIGIBLE', '所选人员中有不符合追加条件的 / Some selected persons cannot add items', fields);
      const items = ids.reduce((n, id) => n + candidates.get(id)!.pending.length, 0);
      if (v.consentPersons !== ids.length || v.consentItems !== items) {
        throw new ApiError(409, 'CONSENT_MISMATCH', `确认的人数或项目数与所选不一致（应为 ${ids.length} 人、${items} 个项目），请重新确认 / The confirmed counts differ from the selection (${ids.length} persons, ${items} items); confirm again`, {
          consentPersons: String(ids.length), consentItems: String(items),
        });
      }
      const now = new Date();
      const created = await createAndStart(deps, PROCESS.publicityAdd, async (trx) => {
        const number = publicityApplicationNumber(localYear(now), await nextCounter(trx, NUMBER_PREFIX.publicityApplication, localYear(now)));
        const persons = ids.map((id) => {
          const c = candidates.get(id)!;
          return { personId: id, name: c.name, idNumber: c.idNumber, items: c.pending.map(itemLabel) };
        });
        const [row] = await trx('applications')
          .insert({
            number, process_id: PROCESS.publicityAdd, status: APPLICATION_STATUS.submitted, unit_id: user.unitId,
            data: JSON.stringify({ type: 'add', persons, consent: { persons: ids.length, items, confirmedBy: user.login, at: now.toISOString() } }),
          })
          .returning(['id', 'number']);
        for (const id of ids) {
          await addPublicityApplicationRow(trx, { applicationId: row.id, practitionerId: id, unitId: user.unitId, type: 'add', items: candidates.get(id)!.pending });
        }
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: { persons: ids.length, items } });
        return row;
      });
      res.status(201).json({ ...created, status: APPLICATION_STATUS.submitted, persons: ids.length, items });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/renewals',
    summary: "The unit's persons whose publicity ends within `days` (default 90): offered for renewal",
    allow: [publicity],
    responses: { 200: "days and items" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const raw = req.query.days;
      const days = raw === undefined ? PUBLICITY_OPS.renewalWindowDays : Number(raw);
      if (!Number.isInteger(days) || days < 0 || days > 366) throw validationFailed({ days: '应为 0–366 的整数 / Must be a whole number from 0 to 366' });
      res.json({ days, items: await renewalCandidates(deps.db, user.unitId, today(), days) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/cancel/candidates',
    summary: "The unit's registered persons (ID numbers masked), with any application in progress",
    allow: [publicity],
    responses: { 200: "items" },
    errors: [401, 403],
    handler: async ({ res, user: caller }) => {
      const user = unitCaller(caller);
      const items = await registeredPersons(deps.db, user.unitId);
      res.json({ items: items.map((p) => ({ ...p, itemLabels: p.items.map(itemLabel) })) });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/cancellations',
    summary: "Request the cancellation of persons, a reason each (starts publicity-cancel; the request PDF follows)",
    allow: [publicity],
    responses: { 201: "started: id, number, persons" },
    errors: [400, 401, 403, 422, 503],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const checked = validateSubmission(await formSchema(deps.db, FORM.publicityCancel), (req.body ?? {}).data ?? {});
      const v = checked.values as { contactName?: string; contactPhone?: string; persons?: Array<{ personId?: string; reason?: string }> };
      const ids = personIds(v.persons ?? [], checked.errors);
      if (ids.length > PUBLICITY_OPS.maxBatch) checked.errors.persons = `一次最多 ${PUBLICITY_OPS.maxBatch} 人 / At most ${PUBLICITY_OPS.maxBatch} persons at once`;
      if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
      const registered = new Map((await registeredPersons(deps.db, user.unitId)).map((p) => [p.personId, p]));
      const fields: Record<string, string> = {};
      ids.forEach((id, i) => {
        const p = registered.get(id);
        if (!p) fields[`persons.${i}.personId`] = '该人员未在本单位执业公示 / The person is not registered at this unit';
        else if (p.inProgress) fields[`persons.${i}.personId`] = `该人员有办理中的申请 ${p.inProgress} / The person has an application in progress (${p.inProgress})`;
      });
      if (Object.keys(fields).length) throw new ApiError(422, 'NOT_ELIGIBLE', '所选人员中有不能注销的 / Some selected persons cannot be cancelled', fields);
      const reasons = new Map((v.persons ?? []).map((p) => [String(p.personId), String(p.reason).trim()]));
      const now = new Date();
      const created = await createAndStart(deps, PROCESS.publicityCancel, async (trx) => {
        const number = publicityCancelNumber(localYear(now), await nextCounter(trx, NUMBER_PREFIX.publicityCancel, localYear(now)));
        const data: CancelData = {
          contactName: v.contactName!.trim(),
          contactPhone: v.contactPhone!.trim(),
          persons: ids.map((id) => {
            const p = registered.get(id)!;
            return { personId: id, name: p.name, idNumber: p.idNumber, reason: reasons.get(id)!, items: p.items.map(itemLabel) };
          }),
        };
        const [row] = await trx('applications')
          .insert({ number, process_id: PROCESS.publicityCancel, status: APPLICATION_STATUS.submitted, unit_id: user.unitId, data: JSON.stringify({ type: 'cancel', ...data }) })
          .returning(['id', 'number']);
        for (const id of ids) {
          await addPublicityApplicationRow(trx, { applicationId: row.id, practitionerId: id, unitId: user.unitId, type: 'cancel', items: registered.get(id)!.items, previousRecordId: registered.get(id)!.recordId, reason: reasons.get(id)! });
        }
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: { persons: ids.length } });
        return row;
      });
      res.status(201).json({ ...created, status: APPLICATION_STATUS.submitted, persons: ids.length });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/publicity/cancellations/{id}',
    summary: "A cancellation: contact, persons with reasons, documents, stamped form (its unit; staff)",
    allow: [signedIn],
    responses: { 200: "cancellation" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const staff = user.kind === 'reviewer' || user.kind === 'admin';
      // the unit's accounts that act in publicity (as for the upload), and staff
      if (!staff && !publicity.admits(user)) throw publicity.refusal(user);
      const app = isUuid(req.params.id) ? await getApplication(deps.db, req.params.id) : undefined;
      if (!app || app.process_id !== PROCESS.publicityCancel || (!staff && app.unit_id !== user.unitId)) throw new ApiError(404, 'NOT_FOUND', '没有这个注销申请 / No such cancellation');
      const rows = await publicityRowsOf(deps.db, app.id);
      const persons = await Promise.all(rows.map(async (r) => {
        const p = await getPractitioner(deps.db, r.practitioner_id);
        return { personId: r.practitioner_id, name: p?.name ?? '', idNumber: p ? maskIdNumber(p.id_number) : '', reason: r.reason, items: r.items.map(itemLabel) };
      }));
      const documents = await deps.db('documents').where({ application_id: app.id }).orderBy('created_at').select('id', 'kind', 'code', 'title', 'number', 'status');
      const data = app.data as { contactName?: string; contactPhone?: string; stampedForm?: { id: string; name: string } };
      res.json({
        id: app.id, number: app.number, status: app.status, reason: app.decision_reason, submittedAt: app.created_at,
        contactName: data.contactName, contactPhone: data.contactPhone, count: persons.length, persons, stampedForm: data.stampedForm ?? null, documents,
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/publicity/cancellations/{id}/stamped-form',
    summary: "Hand in the stamped request form (a file uploaded with POST /api/files); the review starts",
    allow: [publicity],
    responses: { 202: "in review" },
    errors: [400, 401, 403, 404, 409],
    handler: async ({ req, res, user: caller }) => {
      const user = unitCaller(caller);
      const app = isUuid(req.params.id) ? await getApplication(deps.db, req.params.id) : undefined;
      if (!app || app.process_id !== PROCESS.publicityCancel || app.unit_id !== user.unitId) throw new ApiError(404, 'NOT_FOUND', '没有这个注销申请 / No such cancellation');
      if (app.status !== APPLICATION_STATUS.submitted) throw new ApiError(409, 'ALREADY_UPLOADED', '申请表已上传，正在审核或已办结 / The form was uploaded already; the case is in review or finished');
      const fileId = String(((req.body ?? {}).file ?? {}).id ?? (req.body ?? {}).fileId ?? '');
      const file = isUuid(fileId) ? await deps.db('files').where({ id: fileId, owner_account_id: user.accountId }).first() : undefined;
      if (!file) throw validationFailed({ file: '请先上传盖章后的申请表（jpg/png/pdf）/ Upload the stamped form first (jpg/png/pdf)' });
      const stampedForm = { id: file.id as string, name: file.original_name as string };
      await deps.db.transaction(async (trx) => {
        await trx('applications').where({ id: app.id }).update({ data: JSON.stringify({ ...app.data, stampedForm }) });
        await trx('files').where({ id: file.id }).update({ attached_application_id: app.id });
        await transition(trx, app.id, APPLICATION_STATUS.inReview, { from: [APPLICATION_STATUS.submitted], actor: user.login, action: 'stamped-form-uploaded', details: { file: stampedForm } });
        // buffered by the engine until the case waits for it (the request PDF may still be in the making);
        // published before the commit, so a refused message changes nothing; the message id makes a
        // repeat after a failed commit a no-op
        try {
          await deps.engine.zeebe.publishMessage({ name: MESSAGE.publicityCancelUploaded, correlationKey: app.id, messageId: `stamped:${app.id}`, variables: {} as never, timeToLive: 24 * 3600_000 });
        } catch (err) {
          if (!/ALREADY_EXISTS/.test(String((err as Error).message))) {
            deps.log.error('could not publish the upload message', { error: err as Error, applicationId: app.id });
            throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
          }
        }
      });
      res.status(202).json({ id: app.id, number: app.number, status: APPLICATION_STATUS.inReview, stampedForm });
    },
  }));
  return routes;
}
