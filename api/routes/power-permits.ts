/**
 * Power-facility permits (承装（修、试）电力设施许可, issue 8), the enterprise's side:
 * what the unit holds and is offered (free-trade-zone fast track, acceptance with missing
 * materials), the completeness check, submitting any of the power-permit processes, delivering
 * the missing materials, and ending a case in progress (业务办理终止).
 */
import type { Engine } from '../../core/camunda';
import { createCreditProvider, CreditProvider, missingMaterialsOffer } from '../../core/credit';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { audit, nextApplicationNumber } from '../../db/applications';
import { checkCompleteness, CompletenessContext } from '../../domain/power-permit-completeness';
import { fileRef } from '../../domain/formio';
import { APPLICATION_STATUS, MESSAGE, POWER_PERMIT_STARTS, PP_VAR, PROCESS, ProcessId, STATUTORY_DAYS, VAR } from '../../domain/names';
import { activePermit } from '../../workers/power-permit';
import type { SessionUser } from '../auth';
import { Uuid } from '../../domain/schema';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, unit, unitCaller } from '../route';
import type { MissingItem } from '../../domain/power-permit-completeness';

/** 422 with every missing item: as fields (field → message) and as the ordered list with sections. */
const incomplete = (message: string, missing: MissingItem[]) =>
  new ApiError(422, 'INCOMPLETE', message, Object.fromEntries(missing.map((m) => [m.field, m.message])), { missing });

type Data = Record<string, unknown>;
/** One of the power-permit processes: an own key of the table ("hasOwnProperty", "constructor" … are not). */
const isPowerPermitProcess = (id: unknown): id is ProcessId => typeof id === 'string' && Object.hasOwn(POWER_PERMIT_STARTS, id);
const NO_APPLICATION = '没有这个申请 / No such application';

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
async function checkFiles(db: Db, accountId: string, data: Data): Promise<void> {
  const files = filesIn(data);
  if (!files.length) return;
  const owned = new Set(await db('files').whereIn('id', [...new Set(files.map((f) => f.id))]).where({ owner_account_id: accountId }).pluck('id'));
  const bad = files.filter((f) => !owned.has(f.id));
  if (bad.length) throw validationFailed(Object.fromEntries(bad.map((f) => [f.at, '文件不存在或不属于您 / The file does not exist or is not yours'])));
}

/** Removes what the applicant may not set: basic info comes from the registration. */
function cleanData(data: unknown): Data {
  const d = data && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Data) } : {};
  delete d.basicInfo;
  if (d.downgrade === 'true') d.downgrade = true;
  if (d.downgrade === 'false') d.downgrade = false;
  return d;
}

const licensing = unit({ areas: ['licensing'] });

export function powerPermitsRoutes(deps: { db: Db; engine: Engine; log: Logger; now?: () => Date; credit?: CreditProvider }): RouteDef[] {
  const routes: RouteDef[] = [];
  const now = () => (deps.now ? deps.now() : new Date());
  let provider: CreditProvider | undefined;
  const credit = () => (provider ??= deps.credit ?? createCreditProvider(deps.db));

  async function context(unitId: string): Promise<{ ctx: CompletenessContext; unit: Data }> {
    const unit = await deps.db('units').where({ id: unitId }).first();
    const permit = await activePermit(deps.db, unitId);
    return {
      unit,
      ctx: {
        now: now(),
        unit: { name: unit.name, legalRepresentative: unit.legal_representative, address: unit.address },
        permit: permit ? { number: permit.number, categories: permit.categories, personnel: permit.personnel ?? [] } : null,
      },
    };
  }

  const basicInfo = (unit: Data) => ({ name: unit.name, uscc: unit.uscc, legalRepresentative: unit.legal_representative, address: unit.address, postcode: unit.postcode, phone: unit.phone });

  routes.push(declare({
    method: 'get',
    path: '/api/power-permits/me',
    summary: "The unit's permit, basic info (from the registration), fast track, statutory limits, and whether acceptance with missing materials is offered",
    allow: [licensing],
    responses: { 200: "permit state" },
    errors: [401, 403],
    handler: async ({ res, user }) => {
      const { unitId } = unitCaller(user);
      const { unit, ctx } = await context(unitId);
      const permit = await activePermit(deps.db, unitId);
      const offer = await missingMaterialsOffer(deps.db, credit(), { id: unitId, uscc: String(unit.uscc) }, now());
      res.json({
        basicInfo: basicInfo(unit),
        fastTrack: unit.free_trade_zone === true,
        permit: permit ? { number: permit.number, categories: permit.categories, issuedOn: permit.issued_on, validUntil: permit.valid_until, documentId: permit.document_id, personnel: ctx.permit?.personnel.length ?? 0 } : null,
        missingMaterials: { offered: offer.offered, reason: offer.reason, credit: offer.credit.rating, violationAt: offer.violationAt },
        statutoryDays: Object.fromEntries(Object.entries(STATUTORY_DAYS).map(([p, d]) => [p, unit.free_trade_zone ? d!.fastTrack : d!.normal])),
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/check',
    summary: "Completeness check of a power-permit application: every missing item (section, field, message) and the computed totals",
    allow: [licensing],
    responses: { 200: "{ complete, missing[], totals }" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      const { processId, data } = (req.body ?? {}) as { processId?: string; data?: unknown };
      if (!isPowerPermitProcess(processId)) throw validationFailed({ processId: '不是承装（修、试）许可业务 / Not a power-permit process' });
      const { ctx } = await context(unitId);
      res.json(checkCompleteness(processId, cleanData(data), ctx));
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/applications',
    summary: "Submit a power-permit process (new, registration change, item change, renewal, reissue, cancel, personnel change); 422 INCOMPLETE with the missing list; missingMaterials: true asks for acceptance with missing materials (422 MISSING_MATERIALS_REFUSED when not offered)",
    allow: [licensing],
    responses: { 201: "application, processInstanceKey, fastTrack, statutoryDays" },
    errors: [400, 401, 403, 422, 503],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      const { processId, data: raw, missingMaterials } = (req.body ?? {}) as { processId?: string; data?: unknown; missingMaterials?: unknown };
      const start = isPowerPermitProcess(processId) ? POWER_PERMIT_STARTS[processId as ProcessId] : undefined;
      if (!start) throw validationFailed({ processId: '不是承装（修、试）许可业务 / Not a power-permit process' });
      const data = cleanData(raw);
      await checkFiles(deps.db, user.accountId, data);
      const { ctx, unit } = await context(unitId);
      const checked = checkCompleteness(processId!, data, ctx);
      const withMissing = missingMaterials === true;
      if (withMissing) {
        if (processId !== PROCESS.powerPermitNew) throw validationFailed({ missingMaterials: '容缺受理仅适用于新申请 / Only a new application can be accepted with missing materials' });
        const offer = await missingMaterialsOffer(deps.db, credit(), { id: unitId, uscc: String(unit.uscc) }, now());
        if (!offer.offered) throw new ApiError(422, 'MISSING_MATERIALS_REFUSED', `不能申请容缺受理：${offer.reason}`, { missingMaterials: offer.reason! });
        // the category and the submitter cannot follow later; everything else can
        const blocking = checked.missing.filter((m) => m.field === 'permit' || m.field.startsWith('categories') || m.field.startsWith('submitter') || m.field.startsWith('nature'));
        if (blocking.length) throw incomplete('申请类别和提交人信息不能容缺 / The category and the submitter cannot be delivered later', blocking);
      } else if (!checked.complete) {
        throw incomplete(`申请材料不完整，缺少 ${checked.missing.length} 项 / The application is incomplete: ${checked.missing.length} items missing`, checked.missing);
      }
      const fastTrack = unit.free_trade_zone === true;
      const days = STATUTORY_DAYS[processId as ProcessId]!;
      const stored = { ...data, basicInfo: basicInfo(unit), totals: checked.totals, ...(withMissing ? { missingItems: checked.missing } : {}) };
      const app = await deps.db.transaction(async (trx) => {
        const number = await nextApplicationNumber(trx, start.numberPrefix, now());
        const [row] = await trx('applications')
          .insert({ number, process_id: processId, status: APPLICATION_STATUS.submitted, unit_id: unitId, data: JSON.stringify(stored) })
          .returning(['id', 'number']);
        await audit(trx, { applicationId: row.id, actor: user.login, action: 'submit', to: APPLICATION_STATUS.submitted, details: { fastTrack, missingMaterials: withMissing, missing: withMissing ? checked.missing.length : 0 } });
        return row as { id: string; number: string };
      });
      const variables: Data = {
        [VAR.applicationId]: app.id,
        [PP_VAR.fastTrack]: fastTrack,
        [PP_VAR.statutoryDays]: fastTrack ? days.fastTrack : days.normal,
        [PP_VAR.missingMaterials]: withMissing,
        [PP_VAR.downgrade]: data.downgrade === true,
      };
      if (processId === PROCESS.personnelChange) variables[PP_VAR.changes] = (data.changes as Data[]).map((c) => ({ action: c.action, role: c.role, name: c.name, idNumber: String(c.idNumber).toUpperCase() }));
      let processInstanceKey: string;
      try {
        const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: processId!, variables: variables as never });
        processInstanceKey = String(started.processInstanceKey);
        await deps.db('applications').where({ id: app.id }).update({ process_instance_key: processInstanceKey });
      } catch (err) {
        deps.log.error('could not start the power-permit process; removing the application', { error: err as Error, applicationId: app.id });
        await deps.db('audit').where({ application_id: app.id }).delete();
        await deps.db('applications').where({ id: app.id }).delete();
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
      res.status(201).json({ id: app.id, number: app.number, status: APPLICATION_STATUS.submitted, processInstanceKey, fastTrack, statutoryDays: variables.statutoryDays, missingMaterials: withMissing, missing: withMissing ? checked.missing : [], totals: checked.totals });
    },
  }));

  async function ownApplication(user: SessionUser, id: string): Promise<Data> {
    const app = await deps.db('applications').where({ id, unit_id: user.unitId }).first();
    if (!app || !isPowerPermitProcess(app.process_id)) throw new ApiError(404, 'NOT_FOUND', NO_APPLICATION);
    return app;
  }

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/applications/{id}/materials',
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "Deliver the missing materials (acceptance with missing materials); 422 while still incomplete",
    allow: [licensing],
    responses: { 200: "delivered" },
    errors: [401, 404, 409, 422],
    handler: async ({ req, res, user, params }) => {
      const app = await ownApplication(user, params.id);
      const data = app.data as Data;
      if (!data.missingItems) throw new ApiError(409, 'NOT_MISSING_MATERIALS', '此申请不是容缺受理 / This application was not accepted with missing materials');
      if (app.status !== APPLICATION_STATUS.submitted && app.status !== APPLICATION_STATUS.inReview) throw new ApiError(409, 'NOT_ACTIVE', '申请已办结 / The case has ended');
      const delivered = cleanData((req.body ?? {}).data);
      await checkFiles(deps.db, user.accountId, delivered);
      const merged = { ...data, ...delivered };
      delete merged.missingItems;
      delete merged.totals;
      const { ctx } = await context(String(app.unit_id));
      const checked = checkCompleteness(String(app.process_id), merged, ctx);
      if (!checked.complete) throw incomplete(`材料仍不完整，缺少 ${checked.missing.length} 项 / Still incomplete`, checked.missing);
      await deps.db('applications').where({ id: app.id }).update({ data: JSON.stringify({ ...merged, totals: checked.totals, materialsDeliveredAt: now().toISOString() }), updated_at: deps.db.fn.now() });
      await audit(deps.db, { applicationId: String(app.id), actor: user.login, action: 'materials-delivered' });
      await deps.engine.zeebe.publishMessage({ name: MESSAGE.powerPermitMaterialsSubmitted, correlationKey: String(app.id), messageId: `materials:${app.id}`, variables: {} as never, timeToLive: 3_600_000 });
      res.json({ delivered: true, totals: checked.totals });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/applications/{id}/terminate',
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "End a case in progress (业务办理终止): the instance is cancelled, its open tasks leave the inbox",
    allow: [licensing],
    responses: { 200: "terminated" },
    errors: [401, 404, 409],
    handler: async ({ req, res, user, params }) => {
      const app = await ownApplication(user, params.id);
      if (app.status !== APPLICATION_STATUS.submitted && app.status !== APPLICATION_STATUS.inReview) throw new ApiError(409, 'NOT_ACTIVE', '申请已办结，不能终止 / The case has ended and cannot be terminated');
      try {
        // cancels the instance and its called review: the tasks' canceling listeners take them off the inbox
        await deps.engine.zeebe.cancelProcessInstance(String(app.process_instance_key));
      } catch (err) {
        throw new ApiError(409, 'NOT_ACTIVE', `案件不在运行中 / The case is not running (${(err as Error).message.slice(0, 120)})`);
      }
      const reason = String((req.body ?? {}).reason ?? '').trim().slice(0, 500) || '申请人申请终止 / Terminated by the applicant';
      await deps.db.transaction(async (trx) => {
        await trx('applications').where({ id: app.id }).update({ status: APPLICATION_STATUS.terminated, decision_reason: reason, decided_at: now(), updated_at: trx.fn.now() });
        await audit(trx, { applicationId: String(app.id), actor: user.login, action: 'terminate', from: String(app.status), to: APPLICATION_STATUS.terminated, details: { reason } });
      });
      res.json({ terminated: true, status: APPLICATION_STATUS.terminated });
    },
  }));
  return routes;
}
