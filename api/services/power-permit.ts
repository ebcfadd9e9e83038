/**
 * Power-facility permits (承装（修、试）电力设施许可), the enterprise's side as services the routes
 * call (api/routes/power-permit.ts): the unit's completeness context, what a submission must have,
 * saving a draft, submitting (a new application, the unit's draft, or a returned one again — the same
 * case goes on), delivering the missing materials, ending a case in progress and discarding one,
 * and submitting a self-inspection (企业自查).
 * Every change is one transaction with its audit rows; a process the engine does not start leaves
 * nothing behind (a draft stays the draft it was).
 */
import type { Knex } from 'knex';
import type { Engine } from '../../core/camunda';
import { createCreditProvider, CreditProvider, missingMaterialsOffer } from '../../core/credit';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { audit, nextApplicationNumber } from '../../db/applications';
import { setFreeTradeZone, unitZone, zoneUnits } from '../../db/power-permit';
import { fileRef, FormDefinition, validateSubmission } from '../../domain/formio';
import { checkCompleteness, CompletenessContext, type MissingItem } from '../../domain/power-permit/completeness';
import { applyDelivery } from '../../domain/power-permit/delivery';
import { FAST_TRACK_PROCESSES, MISSING_MATERIALS_PROCESSES, MISSING_MATERIALS_WORKING_DAYS, reminderWorkingDays, STATUTORY_DAYS } from '../../domain/power-permit/rules';
import { APPLICATION_STATUS, FORM, MESSAGE, PP_VAR, PROCESS, ProcessId, startable, TASK_STATE, VAR } from '../../domain/registry';
import { isUuid } from '../../domain/schema';
import { activePermit } from '../../workers/power-permit/permit';
import type { SessionUser } from '../auth';
import { ApiError, validationFailed } from '../errors';
import { unitCaller } from '../route';

/** 422 with every missing item: as fields (field → message) and as the ordered list with sections. */
export const incomplete = (message: string, missing: MissingItem[]) =>
  new ApiError(422, 'INCOMPLETE', message, Object.fromEntries(missing.map((m) => [m.field, m.message])), { missing });

export type Data = Record<string, unknown>;
/** One of the power-permit processes: an own key of the table ("hasOwnProperty", "constructor" … are not). */
export const isPowerPermitProcess = (id: unknown): id is ProcessId => !!startable(id, 'power-permits');
export const NO_APPLICATION = '没有这个申请 / No such application';
/** The statuses named in the refusals. */
export const STATUS_ZH: Record<string, string> = {
  draft: '保存（草稿）', submitted: '已提交', in_review: '审核中', returned: '退回补正', approved: '已通过', rejected: '已驳回', terminated: '已终止', discarded: '已废弃',
};

/** Every file a submission names (Form.io's url-storage values or our { id, name }), with where it is. */
function filesIn(v: unknown, at = ''): Array<{ id: string; at: string }> {
  if (Array.isArray(v)) {
    return v.flatMap((x, i) => {
      const f = x && typeof x === 'object' && !Array.isArray(x) && ('originalName' in x || 'storage' in x || ('id' in x && 'name' in x && Object.keys(x).length <= 3)) ? fileRef(x) : undefined;
      return f ? [{ id: f.id, at }] : filesIn(x, `${at}.${i}`);
    });
  }
  if (v && typeof v === 'object') return Object.entries(v as Data).flatMap(([k, x]) => filesIn(x, at ? `${at}.${k}` : k));
  return [];
}

/** The files must exist and belong to the account submitting them. */
export async function checkFiles(db: Db, accountId: string, data: Data): Promise<void> {
  const files = filesIn(data);
  if (!files.length) return;
  const owned = new Set(await db('files').whereIn('id', [...new Set(files.map((f) => f.id))]).where({ owner_account_id: accountId }).pluck('id'));
  const bad = files.filter((f) => !owned.has(f.id));
  if (bad.length) throw validationFailed(Object.fromEntries(bad.map((f) => [f.at, '文件不存在或不属于您 / The file does not exist or is not yours'])));
}

/** Removes what the applicant may not set: basic info comes from the registration. */
export function cleanData(data: unknown): Data {
  const d = data && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Data) } : {};
  delete d.basicInfo;
  // the fast track is the server's record of the applicant's choice, never part of the form's data
  delete d.fastTrack;
  if (d.downgrade === 'true') d.downgrade = true;
  if (d.downgrade === 'false') d.downgrade = false;
  return d;
}

export const basicInfo = (unit: Data) => ({ name: unit.name, uscc: unit.uscc, legalRepresentative: unit.legal_representative, address: unit.address, postcode: unit.postcode, phone: unit.phone });

/** The body of a submission: the process, its data, and how it is submitted. */
export type SubmitBody = { processId?: string; data?: unknown; missingMaterials?: unknown; draft?: unknown; id?: unknown; fastTrack?: unknown; commitments?: unknown };
/** What a route answers: its status and body. */
export type Answer = { status: number; body: Record<string, unknown> };

/** One submission, checked for its process and its files. */
type Submission = { user: SessionUser; unitId: string; pid: ProcessId; numberPrefix: string; data: Data; id: unknown };

/** The free-trade-zone fast track: offered to a unit in the zone with a clean credit record (the reason when not). */
export type FastTrackOffer = { offered: boolean; reason: string | null; credit: string };

export type PowerPermitDeps = { db: Db; engine: Engine; log: Logger; now?: () => Date; credit?: CreditProvider };

export function powerPermitService(deps: PowerPermitDeps) {
  const now = () => (deps.now ? deps.now() : new Date());
  let provider: CreditProvider | undefined;
  const credit = () => (provider ??= deps.credit ?? createCreditProvider(deps.db));

  async function context(unitId: string, fastTrack = false): Promise<{ ctx: CompletenessContext; unit: Data }> {
    const unit = await deps.db('units').where({ id: unitId }).first();
    const permit = await activePermit(deps.db, unitId);
    return {
      unit,
      ctx: {
        now: now(),
        unit: { name: unit.name, legalRepresentative: unit.legal_representative, address: unit.address },
        permit: permit ? { number: permit.number, categories: permit.categories, personnel: permit.personnel ?? [] } : null,
        fastTrack,
      },
    };
  }

  const basicInfo = (unit: Data) => ({ name: unit.name, uscc: unit.uscc, legalRepresentative: unit.legal_representative, address: unit.address, postcode: unit.postcode, phone: unit.phone });

  /**
   * What a submission must have: complete, or (acceptance with missing materials) offered to the
   * unit and missing nothing that cannot follow later. Throws the refusal; writes nothing.
   */
  async function admissible(processId: ProcessId, data: Data, unitId: string, withMissing: boolean, reoffer: boolean, fastTrack: boolean) {
    const { ctx, unit } = await context(unitId, fastTrack);
    const checked = checkCompleteness(processId, data, ctx);
    if (withMissing) {
      if (!MISSING_MATERIALS_PROCESSES.includes(processId)) throw validationFailed({ missingMaterials: '容缺受理仅适用于新申请和许可事项变更 / Only a new application or an item change can be accepted with missing materials' });
      if (reoffer) {
        const offer = await missingMaterialsOffer(deps.db, credit(), { id: unitId, uscc: String(unit.uscc) }, now());
        if (!offer.offered) throw new ApiError(422, 'MISSING_MATERIALS_REFUSED', `不能申请容缺受理：${offer.reason}`, { missingMaterials: offer.reason! });
      }
      // the category and the submitter cannot follow later; everything else can
      const blocking = checked.missing.filter((m) => m.field === 'permit' || m.field.startsWith('categories') || m.field.startsWith('submitter') || m.field.startsWith('nature'));
      if (blocking.length) throw incomplete('申请类别和提交人信息不能容缺 / The category and the submitter cannot be delivered later', blocking);
    } else if (!checked.complete) {
      throw incomplete(`申请材料不完整，缺少 ${checked.missing.length} 项 / The application is incomplete: ${checked.missing.length} items missing`, checked.missing);
    }
    return { checked, unit };
  }

  /** 自贸区: the unit is designated in the free-trade zone and the credit service reports a clean record. */
  async function fastTrackOffer(unit: Data): Promise<FastTrackOffer> {
    if (unit.free_trade_zone !== true) return { offered: false, reason: '贵单位不在自贸区试点范围内，不能选择自贸区办理 / Your unit is not in the free-trade-zone pilot', credit: 'not-checked' };
    const record = await credit().check({ id: String(unit.id), uscc: String(unit.uscc) }).catch(() => ({ good: false, rating: 'unavailable', source: 'none' }));
    if (record.rating === 'unavailable') return { offered: false, reason: '信用查询暂不可用，请稍后再试 / The credit check is unavailable; try again later', credit: record.rating };
    if (!record.good) return { offered: false, reason: '企业信用情况不符合自贸区办理条件（须信用良好） / The credit record does not allow the free-trade-zone fast track', credit: record.rating };
    return { offered: true, reason: null, credit: record.rating };
  }

  /**
   * The applicant's choice of the fast track, checked before anything is written: a service the
   * manual offers it for, the unit in the zone with a clean credit record, the commitments confirmed.
   */
  async function chooseFastTrack(pid: ProcessId, unitId: string, b: SubmitBody): Promise<boolean> {
    if (b.fastTrack === undefined || b.fastTrack === false) return false;
    if (b.fastTrack !== true) throw validationFailed({ fastTrack: '请选择是否按自贸区办理 / Choose whether to apply on the free-trade-zone fast track' });
    if (!FAST_TRACK_PROCESSES.includes(pid)) throw validationFailed({ fastTrack: '此业务没有自贸区办理 / This service has no free-trade-zone fast track' });
    const unit = await deps.db('units').where({ id: unitId }).first();
    const offer = await fastTrackOffer(unit);
    if (!offer.offered) throw new ApiError(422, 'FAST_TRACK_REFUSED', `不能选择自贸区办理：${offer.reason}`, { fastTrack: offer.reason! });
    if (b.commitments !== true) throw validationFailed({ commitments: '请阅读并勾选确认自贸区办理的告知承诺事项 / Confirm the commitments of the free-trade-zone fast track' });
    return true;
  }

  /**
   * The unit's own application of this process in one of these statuses (404 / 409 otherwise); in a
   * transaction, locked for the change.
   */
  async function ownOpen(trx: Knex.Transaction | Db, unitId: string, id: unknown, processId: string, statuses: string[]): Promise<Data> {
    if (!isUuid(id)) throw validationFailed({ id: '申请编号无效 / Invalid application id' });
    const q = trx('applications').where({ id, unit_id: unitId, process_id: processId });
    const app = await ('isTransaction' in trx && trx.isTransaction ? q.forUpdate() : q).first();
    if (!app) throw new ApiError(404, 'NOT_FOUND', NO_APPLICATION);
    if (!statuses.includes(app.status)) throw new ApiError(409, 'NOT_EDITABLE', `申请状态为“${STATUS_ZH[app.status] ?? app.status}”，不能修改或再次提交 / The application is ${app.status} and cannot be changed`);
    return app;
  }

  /**
   * Submits a power-permit process: draft: true saves it (保存: a number, no check, no case); id
   * submits the unit's own draft, or a returned application (退回补正) again; otherwise a new
   * application and its case.
   */
  async function submit(user: SessionUser, b: SubmitBody): Promise<Answer> {
    const { unitId } = unitCaller(user);
    const { processId, data: raw, missingMaterials, draft, id } = b;
    const start = startable(processId, 'power-permits');
    if (!start) throw validationFailed({ processId: '不是承装（修、试）许可业务 / Not a power-permit process' });
    const pid = processId as ProcessId;
    const data = cleanData(raw);
    await checkFiles(deps.db, user.accountId, data);
    const s: Submission = { user, unitId, pid, numberPrefix: start.numberPrefix, data, id };
    if (draft === true) return saveDraft(s);
    // the application submitted (again): found and in a state to submit before anything is checked
    const existing = id !== undefined ? await ownOpen(deps.db, unitId, id, pid, [APPLICATION_STATUS.draft, APPLICATION_STATUS.returned]) : undefined;
    const returned = existing?.status === APPLICATION_STATUS.returned ? existing : undefined;
    if (returned) return resubmit(s, returned);
    return submitNew(s, missingMaterials === true, await chooseFastTrack(pid, unitId, b));
  }

  /** 保存: kept as the unit entered it; checked when submitted. */
  async function saveDraft({ user, unitId, pid, numberPrefix, data, id }: Submission): Promise<Answer> {
    if (id !== undefined) await ownOpen(deps.db, unitId, id, pid, [APPLICATION_STATUS.draft]);
    const { unit } = await context(unitId);
    const stored = { ...data, basicInfo: basicInfo(unit) };
    const saved = await deps.db.transaction(async (trx) => {
      if (id !== undefined) {
        const app = await ownOpen(trx, unitId, id, pid, [APPLICATION_STATUS.draft]);
        await trx('applications').where({ id: app.id }).update({ data: JSON.stringify(stored), updated_at: trx.fn.now() });
        return { id: String(app.id), number: String(app.number), created: false };
      }
      const number = await nextApplicationNumber(trx, numberPrefix, now());
      const [row] = await trx('applications').insert({ number, process_id: pid, status: APPLICATION_STATUS.draft, unit_id: unitId, data: JSON.stringify(stored) }).returning(['id', 'number']);
      await audit(trx, { applicationId: row.id, actor: user.login, action: 'save-draft', to: APPLICATION_STATUS.draft });
      return { id: String(row.id), number: String(row.number), created: true };
    });
    return { status: saved.created ? 201 : 200, body: { id: saved.id, number: saved.number, status: APPLICATION_STATUS.draft } };
  }

  /** 退回补正 → submitted again: the case (and an acceptance with missing materials) goes on. */
  async function resubmit({ user, unitId, pid, data, id }: Submission, returned: Data): Promise<Answer> {
    const withMissing = !!(returned.data as Data).missingItems;
    // the case goes on as it started: on the fast track or not
    const fastTrack = (returned.data as Data).fastTrack === true;
    const { checked, unit } = await admissible(pid, data, unitId, withMissing, false, fastTrack);
    // accepted with missing materials and complete now: the materials are delivered with it
    const delivers = withMissing && checked.complete;
    const stored = { ...data, basicInfo: basicInfo(unit), totals: checked.totals, ...(fastTrack ? { fastTrack } : {}), ...(withMissing && !delivers ? { missingItems: checked.missing } : {}), ...(delivers ? { materialsDeliveredAt: now().toISOString() } : {}) };
    await deps.db.transaction(async (trx) => {
      const app = await ownOpen(trx, unitId, id, pid, [APPLICATION_STATUS.returned]);
      await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.submitted, data: JSON.stringify(stored), decision_reason: null, updated_at: trx.fn.now() });
      // the round before stays in the audit row: the reviewer sees what was corrected
      await audit(trx, { applicationId: String(app.id), actor: user.login, action: 'resubmit', from: APPLICATION_STATUS.returned, to: APPLICATION_STATUS.submitted, details: { previous: app.data } });
      if (delivers) await audit(trx, { applicationId: String(app.id), actor: user.login, action: 'materials-delivered' });
      try {
        await deps.engine.zeebe.publishMessage({ name: MESSAGE.powerPermitResubmitted, correlationKey: String(app.id), messageId: `resubmit:${app.id}:${Date.now()}`, variables: {} as never, timeToLive: 3_600_000 });
        if (delivers) await deps.engine.zeebe.publishMessage({ name: MESSAGE.powerPermitMaterialsSubmitted, correlationKey: String(app.id), messageId: `materials:${app.id}`, variables: {} as never, timeToLive: 3_600_000 });
      } catch (err) {
        deps.log.error('could not publish the resubmission', { error: err as Error, applicationId: app.id });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
    });
    return { status: 200, body: { id: returned.id, number: returned.number, status: APPLICATION_STATUS.submitted, processInstanceKey: returned.process_instance_key, resubmitted: true, missingMaterials: withMissing && !delivers, missing: withMissing ? checked.missing : [], totals: checked.totals } };
  }

  /** A new application, or the unit's draft, submitted: its case starts, or nothing stays written. */
  async function submitNew({ user, unitId, pid, numberPrefix, data, id }: Submission, withMissing: boolean, fastTrack: boolean): Promise<Answer> {
    const { checked, unit } = await admissible(pid, data, unitId, withMissing, true, fastTrack);
    const days = STATUTORY_DAYS[pid]!;
    const statutoryDays = fastTrack ? days.fastTrack : days.normal;
    const stored = { ...data, basicInfo: basicInfo(unit), totals: checked.totals, ...(fastTrack ? { fastTrack, commitmentsConfirmedAt: now().toISOString() } : {}), ...(withMissing ? { missingItems: checked.missing } : {}) };
    const submitted = { fastTrack, missingMaterials: withMissing, missing: withMissing ? checked.missing.length : 0 };
    const app = await deps.db.transaction(async (trx) => {
      if (id !== undefined) {
        // the unit's draft (保存) is submitted: its number stays
        const draftRow = await ownOpen(trx, unitId, id, pid, [APPLICATION_STATUS.draft]);
        await trx('applications').where({ id: draftRow.id }).update({ status: APPLICATION_STATUS.submitted, data: JSON.stringify(stored), updated_at: trx.fn.now() });
        await audit(trx, { applicationId: String(draftRow.id), actor: user.login, action: 'submit', from: APPLICATION_STATUS.draft, to: APPLICATION_STATUS.submitted, details: submitted });
        return { id: String(draftRow.id), number: String(draftRow.number), fromDraft: true };
      }
      const number = await nextApplicationNumber(trx, numberPrefix, now());
      const [row] = await trx('applications')
        .insert({ number, process_id: pid, status: APPLICATION_STATUS.submitted, unit_id: unitId, data: JSON.stringify(stored) })
        .returning(['id', 'number']);
      await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: submitted });
      return { id: String(row.id), number: String(row.number), fromDraft: false };
    });
    const variables: Data = {
      [VAR.applicationId]: app.id,
      [PP_VAR.fastTrack]: fastTrack,
      [PP_VAR.statutoryDays]: statutoryDays,
      [PP_VAR.reminderDays]: reminderWorkingDays(statutoryDays),
      [PP_VAR.missingMaterials]: withMissing,
      [PP_VAR.downgrade]: data.downgrade === true,
    };
    // a person of a personnel change is named in the case's data only: the engine gets its place in the list
    if (pid === PROCESS.personnelChange) variables[PP_VAR.changes] = (data.changes as Data[]).map((c, ref) => ({ ref, action: c.action, role: c.role }));
    let processInstanceKey: string;
    try {
      const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: pid, variables: variables as never });
      processInstanceKey = String(started.processInstanceKey);
      await deps.db('applications').where({ id: app.id }).update({ process_instance_key: processInstanceKey });
    } catch (err) {
      deps.log.error('could not start the power-permit process; undoing the submission', { error: err as Error, applicationId: app.id });
      await deps.db.transaction(async (trx) => {
        await trx('audit').where({ application_id: app.id, action: 'submit' }).delete();
        // a draft stays the draft it was; a new application goes
        if (app.fromDraft) await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.draft, data: JSON.stringify({ ...data, basicInfo: basicInfo(unit) }) });
        else {
          await trx('audit').where({ application_id: app.id }).delete();
          await trx('applications').where({ id: app.id }).delete();
        }
      });
      throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
    }
    return { status: 201, body: { id: app.id, number: app.number, status: APPLICATION_STATUS.submitted, processInstanceKey, fastTrack, statutoryDays: variables.statutoryDays, missingMaterials: withMissing, missing: withMissing ? checked.missing : [], totals: checked.totals } };
  }

  async function ownApplication(user: SessionUser, id: string): Promise<Data> {
    const app = await deps.db('applications').where({ id, unit_id: user.unitId }).first();
    if (!app || !isPowerPermitProcess(app.process_id)) throw new ApiError(404, 'NOT_FOUND', NO_APPLICATION);
    return app;
  }

  /** Delivers the missing materials of an application accepted with them (422 while still incomplete). */
  async function deliverMaterials(user: SessionUser, id: string, raw: unknown): Promise<Record<string, unknown>> {
    const app = await ownApplication(user, id);
    const data = app.data as Data;
    if (!data.missingItems) throw new ApiError(409, 'NOT_MISSING_MATERIALS', '此申请不是容缺受理 / This application was not accepted with missing materials');
    // the deadline passed: the case ended with the violation; the reason is the deadline, not just the ended case
    const missed = await deps.db('missing_materials_violations').where({ application_id: app.id }).first();
    if (missed) {
      const due = missed.due_at ? `（${new Date(missed.due_at).toISOString().slice(0, 10)}）` : '';
      throw new ApiError(409, 'MATERIALS_DEADLINE_PASSED', `容缺材料补交期限${due}已过，申请已终止，不能再补交 / The deadline for the missing materials has passed; the application has ended`);
    }
    if (app.status !== APPLICATION_STATUS.submitted && app.status !== APPLICATION_STATUS.inReview) throw new ApiError(409, 'NOT_ACTIVE', '申请已办结 / The case has ended');
    // what the server computed is never delivered
    const { totals: _t, basicInfo: _b, missingItems: _m, materialsDeliveredAt: _d, commitmentsConfirmedAt: _c, ...delivery } = cleanData(raw);
    await checkFiles(deps.db, user.accountId, delivery);
    // only the items the acceptance listed as missing; the reviewed fields stay as reviewed
    const { merged, refused } = applyDelivery(data, delivery, data.missingItems as MissingItem[]);
    if (Object.keys(refused).length) {
      throw new ApiError(422, 'REVIEWED_FIELD_CHANGED', `补正材料只能提交受理时列出的缺项，不能修改已审查的内容：${Object.keys(refused).join('、')} / Only the missing items can be delivered; reviewed fields cannot change`, refused);
    }
    delete merged.totals;
    const { ctx } = await context(String(app.unit_id), data.fastTrack === true);
    const checked = checkCompleteness(String(app.process_id), merged, ctx);
    if (!checked.complete) throw incomplete(`材料仍不完整，缺少 ${checked.missing.length} 项 / Still incomplete`, checked.missing);
    await deps.db('applications').where({ id: app.id }).update({ data: JSON.stringify({ ...merged, totals: checked.totals, materialsDeliveredAt: now().toISOString() }), updated_at: deps.db.fn.now() });
    await audit(deps.db, { applicationId: String(app.id), actor: user.login, action: 'materials-delivered' });
    await deps.engine.zeebe.publishMessage({ name: MESSAGE.powerPermitMaterialsSubmitted, correlationKey: String(app.id), messageId: `materials:${app.id}`, variables: {} as never, timeToLive: 3_600_000 });
    return { delivered: true, totals: checked.totals };
  }

  /** 业务办理终止: the instance is cancelled (its open tasks leave the inbox), the application terminated. */
  async function terminate(user: SessionUser, id: string, reasonGiven: unknown): Promise<Record<string, unknown>> {
    const app = await ownApplication(user, id);
    if (app.status === APPLICATION_STATUS.returned || app.status === APPLICATION_STATUS.draft) throw new ApiError(409, 'NOT_ACTIVE', '申请未在审查中：请修改后提交，或申请废弃 / The application is not under review: submit it or discard it');
    if (app.status !== APPLICATION_STATUS.submitted && app.status !== APPLICATION_STATUS.inReview) throw new ApiError(409, 'NOT_ACTIVE', '申请已办结，不能终止 / The case has ended and cannot be terminated');
    try {
      // cancels the instance and its called review: the tasks' canceling listeners take them off the inbox
      await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
    } catch (err) {
      throw new ApiError(409, 'NOT_ACTIVE', `案件不在运行中 / The case is not running (${(err as Error).message.slice(0, 120)})`);
    }
    const reason = String(reasonGiven ?? '').trim().slice(0, 500) || '申请人申请终止 / Terminated by the applicant';
    await deps.db.transaction(async (trx) => {
      await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.terminated, decision_reason: reason, decided_at: now(), updated_at: trx.fn.now() });
      await audit(trx, { applicationId: String(app.id), actor: user.login, action: 'terminate', from: String(app.status), to: APPLICATION_STATUS.terminated, details: { reason } });
    });
    return { terminated: true, status: APPLICATION_STATUS.terminated };
  }

  /** 申请废弃: a draft or a returned application not yet submitted again; its waiting case (if any) is cancelled. */
  async function discard(user: SessionUser, id: string, reasonGiven: unknown): Promise<Record<string, unknown>> {
    await ownApplication(user, id);
    const reason = String(reasonGiven ?? '').trim().slice(0, 500) || null;
    const from = await deps.db.transaction(async (trx) => {
      // locked: a resubmission of the same application waits for this and then finds it discarded
      const app = await trx('applications').where({ id: id }).forUpdate().first();
      const status = String(app.status);
      if (status === APPLICATION_STATUS.submitted || status === APPLICATION_STATUS.inReview) {
        throw new ApiError(409, 'UNDER_REVIEW', '申请正在审查中，不能废弃；如需停止办理，请申请业务办理终止 / The application is under review and cannot be discarded; terminate it instead');
      }
      if (status !== APPLICATION_STATUS.draft && status !== APPLICATION_STATUS.returned) {
        throw new ApiError(409, 'NOT_DISCARDABLE', `申请状态为“${STATUS_ZH[status] ?? status}”，不能废弃 / Only a draft or a returned application can be discarded`);
      }
      await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.discarded, decided_at: now(), updated_at: trx.fn.now(), ...(reason ? { decision_reason: reason } : {}) });
      await audit(trx, { applicationId: String(app.id), actor: user.login, action: 'discard', from: status, to: APPLICATION_STATUS.discarded, details: reason ? { reason } : undefined });
      // what the unit's accounts typed into it since (saved automatically) goes with it
      await trx('drafts').where({ scope: `app:${app.id}` }).delete();
      // a returned application's case waits for the resubmission: it ends with the discard (or nothing is written)
      if (app.process_instance_key) {
        try {
          await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
        } catch (err) {
          const message = (err as Error).message ?? '';
          // already gone (ended meanwhile): nothing to cancel
          if (!/NOT_FOUND|not found/i.test(message)) {
            deps.log.error('could not cancel the discarded case', { error: err as Error, applicationId: app.id });
            throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
          }
        }
      }
      return status;
    });
    return { discarded: true, from, status: APPLICATION_STATUS.discarded };
  }

  /** What the unit holds and is offered: permit, basic info, fast track, statutory limits, acceptance with missing materials. */
  async function state(unitId: string): Promise<Record<string, unknown>> {
    const { unit, ctx } = await context(unitId);
    const permit = await activePermit(deps.db, unitId);
    const offer = await missingMaterialsOffer(deps.db, credit(), { id: unitId, uscc: String(unit.uscc) }, now());
    const fast = await fastTrackOffer(unit);
    return {
      basicInfo: basicInfo(unit),
      freeTradeZone: unit.free_trade_zone === true,
      fastTrack: { ...fast, processes: FAST_TRACK_PROCESSES, statutoryDays: Object.fromEntries(FAST_TRACK_PROCESSES.map((p) => [p, STATUTORY_DAYS[p]!.fastTrack])) },
      permit: permit ? { number: permit.number, categories: permit.categories, issuedOn: permit.issued_on, validUntil: permit.valid_until, documentId: permit.document_id, personnel: ctx.permit?.personnel.length ?? 0 } : null,
      // the permit's registered staff (the personnel change picks from them: 离职 or a changed role)
      staff: ctx.permit?.personnel ?? [],
      missingMaterials: { offered: offer.offered, reason: offer.reason, credit: offer.credit.rating, violationAt: offer.violationAt, processes: MISSING_MATERIALS_PROCESSES, workingDays: MISSING_MATERIALS_WORKING_DAYS },
      statutoryDays: Object.fromEntries(Object.entries(STATUTORY_DAYS).map(([p, d]) => [p, d!.normal])),
    };
  }

  /** The completeness check of a power-permit application: every missing item and the totals. */
  async function check(unitId: string, processId: unknown, data: unknown, fastTrack?: unknown) {
    if (!isPowerPermitProcess(processId)) throw validationFailed({ processId: '不是承装（修、试）许可业务 / Not a power-permit process' });
    // the reduced materials of the fast track, where it applies
    const { ctx } = await context(unitId, fastTrack === true && FAST_TRACK_PROCESSES.includes(processId));
    return checkCompleteness(processId, cleanData(data), ctx);
  }

  /** 企业自查: the unit's self-inspection submitted through its open task; 422 INCOMPLETE with every missing required item. */
  async function submitSelfInspection(user: SessionUser, id: string, data: unknown): Promise<{ submitted: true }> {
    const { unitId } = unitCaller(user);
    const app = await deps.db('applications').where({ id: id, unit_id: unitId }).whereNotNull('campaign_id').first();
    if (!app) throw new ApiError(404, 'NOT_FOUND', '没有这个自查 / No such self-inspection');
    if (app.status !== APPLICATION_STATUS.pending) throw new ApiError(409, 'ALREADY_SUBMITTED', '自查已提交 / Already submitted');
    const task = await deps.db('tasks').where({ application_id: app.id, state: TASK_STATE.created }).first();
    if (!task) throw new ApiError(409, 'TASK_NOT_OPEN', '自查任务尚未就绪或已关闭 / The self-inspection task is not open');
    const form = await deps.db('forms').where({ key: FORM.selfInspection }).first();
    const checked = validateSubmission(form.schema as FormDefinition, data ?? {});
    const files = Object.values(checked.values).flatMap((v) => (Array.isArray(v) ? v : [])).filter((f): f is { id: string } => !!f && typeof f === 'object' && 'id' in f);
    if (files.length) {
      const owned = await deps.db('files').whereIn('id', files.map((f) => f.id)).where({ owner_account_id: user.accountId }).pluck('id');
      if (files.some((f) => !owned.includes(f.id))) checked.errors.report = '文件不存在或不属于您 / The file does not exist or is not yours';
    }
    if (Object.keys(checked.errors).length) {
      const missing = Object.entries(checked.errors).map(([field, message]) => ({ section: '自查 Self-inspection', field, message }));
      throw new ApiError(422, 'INCOMPLETE', `自查资料不完整，缺少 ${missing.length} 项 / The self-inspection is incomplete`, checked.errors, { missing });
    }
    try {
      await deps.engine.rest.completeUserTask({ userTaskKey: task.user_task_key, variables: {} });
    } catch (err) {
      throw new ApiError(409, 'TASK_NOT_OPEN', `自查任务已关闭 / The task is closed (${(err as Error).message.slice(0, 100)})`);
    }
    await deps.db.transaction(async (trx) => {
      await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.submitted, data: JSON.stringify({ ...app.data, ...checked.values }), updated_at: trx.fn.now() });
      await audit(trx, { applicationId: app.id, actor: user.login, action: 'self-inspection-submit', from: APPLICATION_STATUS.pending, to: APPLICATION_STATUS.submitted });
    });
    return { submitted: true };
  }

  /** 自贸区试点 (an official designation, set by an administrator): the units in the zone. */
  async function freeTradeZone(): Promise<Record<string, unknown>> {
    return { items: await zoneUnits(deps.db) };
  }

  /** Puts a unit (by USCC) in the free-trade zone or takes it out; 404 for an unknown USCC. */
  async function setZone(user: SessionUser, uscc: string, inZone: boolean): Promise<Record<string, unknown>> {
    const unit = await unitZone(deps.db, uscc);
    if (!unit) throw new ApiError(404, 'NOT_FOUND', '没有这个统一社会信用代码的单位 / No unit with this USCC', { uscc: '没有这个统一社会信用代码的单位 / No unit with this USCC' });
    if (unit.free_trade_zone !== inZone) await setFreeTradeZone(deps.db, unit.id, inZone, user.login);
    return { uscc: unit.uscc, name: unit.name, freeTradeZone: inZone };
  }

  return { state, check, submit, deliverMaterials, terminate, discard, submitSelfInspection, freeTradeZone, setZone };
}
