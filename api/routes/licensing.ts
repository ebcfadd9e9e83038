/**
 * Special-equipment licensing: the licence catalogue (categories, items with their level,
 * the authority they route to), the inspector item codes, and a person's inspector applications
 * (filtered, and withdrawn while they wait for acceptance).
 */
import { containsPattern, Db, pageOf } from '../../core/db';
import { localDate } from '../../domain/calendar';
import type { Engine } from '../../core/camunda';
import { licensingAuthority, NATIONAL_AUTHORITY_NAME } from '../../domain/licensing/rules';
import { APPLICATION_STATUS, INSPECTOR_CATEGORY, INSPECTOR_PERSON_TYPE, MESSAGE, PROCESS } from '../../domain/registry';
import { transition } from '../../db/applications';
import { Uuid } from '../../domain/schema';
import { APPLICATION_KIND, dayOf, LicenceStatus, licenceStatus, ProductionLicenceRow, whereLicenceStatus } from '../../db/licensing';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, signedIn, unit, unitCaller } from '../route';

const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', message: '日期格式为 YYYY-MM-DD / A date as YYYY-MM-DD' } as const;
const LICENCE_STATUSES: LicenceStatus[] = ['valid', 'expired', 'cancelled', 'revoked'];
const licensingUnit = unit({ areas: ['licensing'] });

/** A licence row as the list and the detail show it. */
async function licenceView(db: Db, rows: ProductionLicenceRow[], today: string) {
  const codes = [...new Set(rows.flatMap((r) => r.item_codes))];
  const [items, categories] = await Promise.all([
    codes.length ? db('licence_items').whereIn('code', codes).select('code', 'name', 'sort') : [],
    db('licence_categories').select('code', 'name'),
  ]);
  const itemName = new Map(items.map((i) => [i.code, { name: i.name, sort: i.sort }]));
  const categoryName = new Map(categories.map((c) => [c.code, c.name]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    category: r.category,
    categoryName: categoryName.get(r.category) ?? r.category,
    items: [...r.item_codes].sort((a, b) => (itemName.get(a)?.sort ?? 0) - (itemName.get(b)?.sort ?? 0)).map((code) => ({ code, name: itemName.get(code)?.name ?? code })),
    itemScope: r.item_scope,
    authority: r.authority_name,
    issuedOn: dayOf(r.issued_on),
    validUntil: dayOf(r.valid_until),
    status: licenceStatus(r, today),
    applicationId: r.application_id,
    updatedAt: r.updated_at,
  }));
}

/** Why an inspector application can no longer be withdrawn (null: it can). */
async function withdrawalRefusal(db: Db, app: { id: string; status: string }): Promise<{ code: string; message: string } | null> {
  if (app.status === APPLICATION_STATUS.withdrawn) return { code: 'ALREADY_WITHDRAWN', message: '该申请已撤销 / The application was already withdrawn' };
  if (app.status === APPLICATION_STATUS.accepted || app.status === APPLICATION_STATUS.approved) {
    return { code: 'ALREADY_ACCEPTED', message: '申请已受理，受理后不能撤回 / The application has been accepted and can no longer be withdrawn' };
  }
  if (app.status !== APPLICATION_STATUS.submitted) return { code: 'ALREADY_DECIDED', message: '申请已办结，不能撤回 / The application has been decided and can no longer be withdrawn' };
  // the authority decided on acceptance (a refusal is recorded a moment later): too late as well
  const decided = await db('audit').where({ application_id: app.id, action: 'task-complete' }).whereRaw("details->>'elementId' = 'accept'").first('id');
  return decided ? { code: 'ALREADY_DECIDED', message: '受理部门已作出受理决定，不能撤回 / The authority has decided on acceptance; it can no longer be withdrawn' } : null;
}

interface InspectorRow {
  id: string;
  number: string;
  status: string;
  data: Record<string, string | undefined>;
  decision_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  item_name: string | null;
  item_type: string | null;
}

/** 提交机构 of an inspector application. */
const INSPECTOR_AUTHORITY_NAME = NATIONAL_AUTHORITY_NAME;
const INSPECTOR_STATUSES = [APPLICATION_STATUS.submitted, APPLICATION_STATUS.accepted, APPLICATION_STATUS.approved, APPLICATION_STATUS.rejected, APPLICATION_STATUS.withdrawn];

export function licensingRoutes(deps: { db: Db; engine: Engine; now?: () => Date }): RouteDef[] {
  const routes: RouteDef[] = [];
  const today = () => localDate(deps.now ? deps.now() : new Date());

  routes.push(declare({
    method: 'get',
    path: '/api/licensing/licences',
    summary: "许可管理: the unit's production licences with their status (valid, expired, cancelled, revoked) and validity, filtered by number (a part of it), status and validity (validFrom / validTo: valid until on or after / on or before), paged (page, pageSize up to 200)",
    query: {
      number: { type: 'string', maxLength: 40, message: '许可证编号最多 40 个字符 / At most 40 characters' },
      status: { type: 'string', enum: LICENCE_STATUSES, message: '状态应为有效、已过期、已注销或已撤销 / Status is valid, expired, cancelled or revoked' },
      validFrom: DAY,
      validTo: DAY,
      page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
      pageSize: { type: 'integer', minimum: 1, maximum: 200, message: '每页 1 到 200 条 / 1 to 200 per page' },
    },
    allow: [licensingUnit],
    responses: { 200: "{ items: [{ id, number, category, categoryName, items, itemScope, authority, issuedOn, validUntil, status, applicationId }], total, page, pageSize }" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      const q = req.query as Record<string, string | undefined>;
      if (q.validFrom && q.validTo && q.validTo < q.validFrom) {
        throw validationFailed({ validTo: '有效期止不能早于有效期起 / The end of the range must not be before its start' });
      }
      const day = today();
      const filtered = () => {
        const b = deps.db('production_licences').where({ unit_id: unitId });
        if (q.number?.trim()) b.whereRaw('number ilike ?', [containsPattern(q.number.trim())]);
        if (q.status) whereLicenceStatus(b, q.status as LicenceStatus, day);
        if (q.validFrom) b.where('valid_until', '>=', q.validFrom);
        if (q.validTo) b.where('valid_until', '<=', q.validTo);
        return b;
      };
      const { items, ...paging } = await pageOf<ProductionLicenceRow>(filtered, q, (b) => b.orderBy([{ column: 'valid_until', order: 'desc' }, { column: 'number', order: 'asc' }]).select('*'));
      res.json({ items: await licenceView(deps.db, items, day), ...paging });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/licensing/licences/{id}',
    summary: "One of the unit's production licences with its history (the first issue, every change or upgrade with the scope it replaced) and, while it is valid, the application form prefilled for a change or upgrade of it",
    params: { id: Uuid },
    allow: [licensingUnit],
    responses: { 200: "{ licence, history: [{ kind, applicationId, number, previous, at }], prefill }" },
    errors: [401, 403, 404],
    handler: async ({ req, res, user }) => {
      const { unitId } = unitCaller(user);
      const row = await deps.db<ProductionLicenceRow>('production_licences').where({ id: req.params.id, unit_id: unitId }).first();
      if (!row) throw new ApiError(404, 'NOT_FOUND', '没有这个许可证 / No such licence');
      const [licence] = await licenceView(deps.db, [row], today());
      const history = await deps.db('production_licence_history as h')
        .leftJoin('applications as a', 'a.id', 'h.application_id')
        .where('h.licence_id', row.id)
        .orderBy('h.id')
        .select('h.kind', 'h.application_id', 'a.number', 'h.previous', 'h.at');
      // the application that issued or last changed it, its items and scope replaced by the licence's
      let prefill: Record<string, unknown> | null = null;
      if (licence.status === 'valid') {
        const last = row.application_id ? await deps.db('applications').where({ id: row.application_id }).first('data') : undefined;
        const catalogue: string[] = await deps.db('licence_items').where({ category: row.category }).orderBy('sort').pluck('code');
        prefill = {
          ...((last?.data ?? {}) as Record<string, unknown>),
          applicationCategory: APPLICATION_KIND.change,
          currentLicence: row.number,
          licenceCategory: row.category,
          licenceItems: Object.fromEntries(catalogue.map((c) => [c, row.item_codes.includes(c)])),
          itemScope: row.item_scope ?? '',
        };
        delete prefill.declarationAgreed;
        delete prefill.declarationDate;
      }
      res.json({
        licence,
        history: history.map((h) => ({ kind: h.kind, applicationId: h.application_id, number: h.number, previous: h.previous, at: h.at })),
        prefill,
      });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/licensing/catalogue',
    summary: "Special-equipment licence categories (with the appraisal agency) and items (with their level: national items go to the national authority); the authority this unit would apply to",
    allow: [signedIn],
    responses: { 200: "{ categories, items: [{ code, category, project, name, level }], authorities }" },
    errors: [401],
    handler: async ({ res, user }) => {
      const [categories, items] = await Promise.all([deps.db('licence_categories').orderBy('code'), deps.db('licence_items').orderBy('sort')]);
      const unit = user.unitId ? await deps.db('units').where({ id: user.unitId }).first('province') : undefined;
      res.json({
        categories: categories.map((c) => ({ code: c.code, name: c.name, agency: { name: c.agency_name, contact: c.agency_contact, phone: c.agency_phone } })),
        items: items.map((i) => ({ code: i.code, category: i.category, project: i.project, name: i.name, level: i.level })),
        // what the approving authority would be for a national and for a provincial choice, for this unit
        authorities: unit ? { national: licensingAuthority([{ level: 'national' }], unit.province), provincial: licensingAuthority([], unit.province) } : null,
      });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/inspector/items',
    summary: "Inspector qualification item codes (Y-GL, Y-RQ, Y-DT, S-QZ, …)",
    allow: [signedIn],
    responses: { 200: "{ items: [{ code, type, name }] }" },
    errors: [401],
    handler: async ({ res }) => {
      const rows = await deps.db('inspector_items').orderBy('sort');
      res.json({ items: rows.map((r) => ({ code: r.code, type: r.type, name: r.name })) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/inspector/applications',
    summary: "人员申请管理: the signed-in person's inspector qualification applications (申请年度, 人员类型, 项目代号 and name, 申请类别, 申请状态 — submitted is 待受理 —, 提交机构, 申请日期, 受理日期), filtered by item code or name (a part of it), person type, category, status and year, paged (page, pageSize up to 200)",
    query: {
      item: { type: 'string', maxLength: 40, message: '项目代号或名称最多 40 个字符 / At most 40 characters' },
      personType: { type: 'string', enum: Object.values(INSPECTOR_PERSON_TYPE), message: '人员类型应为检验人员或检测人员 / Inspector or tester' },
      category: { type: 'string', enum: Object.values(INSPECTOR_CATEGORY), message: '申请类别应为取证、考试换证、审核换证或变更 / Obtain, renew by exam, renew by review or change' },
      status: { type: 'string', enum: INSPECTOR_STATUSES, message: '申请状态不在可选范围内 / Not a status of an inspector application' },
      year: { type: 'integer', minimum: 2000, maximum: 2100, message: '申请年度应为四位年份 / A four-digit year' },
      page: { type: 'integer', minimum: 1, maximum: 100000, message: '页码应为正整数 / The page is a whole number from 1' },
      pageSize: { type: 'integer', minimum: 1, maximum: 200, message: '每页 1 到 200 条 / 1 to 200 per page' },
    },
    allow: [signedIn],
    responses: { 200: "{ items: [{ id, number, year, personType, itemCode, itemName, category, status, reason, authority, submittedAt, acceptedAt, decidedAt, withdrawable }], total, page, pageSize }" },
    errors: [400, 401],
    handler: async ({ res, user, query }) => {
      const q = query as Record<string, string | undefined>;
      const filtered = () => {
        const b = deps.db('applications as a')
          .leftJoin('inspector_items as i', 'i.code', deps.db.raw("a.data->>'itemCode'"))
          .where({ 'a.process_id': PROCESS.inspectorQualification, 'a.applicant_login': user.login });
        if (q.item?.trim()) b.where((w) => w.whereRaw("a.data->>'itemCode' ilike ?", [containsPattern(q.item!.trim())]).orWhereRaw('i.name ilike ?', [containsPattern(q.item!.trim())]));
        // an application from before the person type was asked: the type of its item
        if (q.personType) b.whereRaw("coalesce(a.data->>'personType', i.type) = ?", [q.personType]);
        if (q.category) b.whereRaw("a.data->>'category' = ?", [q.category]);
        if (q.status) b.where('a.status', q.status);
        if (q.year) b.whereRaw("extract(year from a.created_at at time zone 'Asia/Shanghai') = ?", [Number(q.year)]);
        return b;
      };
      const { items, ...paging } = await pageOf<InspectorRow>(filtered, q, (b) =>
        b.orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.number', order: 'desc' }]).select('a.id', 'a.number', 'a.status', 'a.data', 'a.decision_reason', 'a.created_at', 'a.decided_at', 'i.name as item_name', 'i.type as item_type'),
      );
      const accepted = new Map(
        (await deps.db('audit').whereIn('application_id', items.map((r) => r.id)).where({ action: 'accept' }).select('application_id', 'at')).map((a) => [a.application_id, a.at]),
      );
      res.json({
        items: items.map((r) => ({
          id: r.id, number: r.number, year: Number(localDate(r.created_at).slice(0, 4)), personType: r.data.personType ?? r.item_type ?? null,
          itemCode: r.data.itemCode, itemName: r.item_name ?? null, category: r.data.category, status: r.status, reason: r.decision_reason,
          authority: INSPECTOR_AUTHORITY_NAME, submittedAt: r.created_at, acceptedAt: accepted.get(r.id) ?? null, decidedAt: r.decided_at,
          withdrawable: r.status === APPLICATION_STATUS.submitted,
        })),
        ...paging,
      });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/inspector/applications/{id}/withdraw',
    params: { id: Uuid },
    notFound: '没有这个申请 / No such application',
    summary: "撤回: the person withdraws an own inspector application while it waits for acceptance (待受理); after acceptance, or once it has ended, 409 with the reason and nothing changes. The process leaves the acceptance task (its withdrawal message) and ends as 已撤销",
    allow: [signedIn],
    body: { type: 'object', properties: { reason: { type: 'string', maxLength: 500, message: '撤回原因最多 500 个字符 / At most 500 characters' } }, additionalProperties: false },
    responses: { 200: "{ id, status: 'withdrawn' }" },
    errors: [400, 401, 404, 409, 503],
    handler: async ({ user, params, body }) => {
      const reason = (typeof body.reason === 'string' && body.reason.trim()) || '申请人撤回 / Withdrawn by the applicant';
      const at = deps.now ? deps.now() : new Date();
      await deps.db.transaction(async (trx) => {
        // locked: the authority's acceptance of the same application waits for this, or this for it
        const app = await trx('applications').where({ id: params.id, process_id: PROCESS.inspectorQualification, applicant_login: user.login }).forUpdate().first();
        if (!app) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
        const refusal = await withdrawalRefusal(trx, app);
        if (refusal) throw new ApiError(409, refusal.code, refusal.message);
        await transition(trx, app.id, APPLICATION_STATUS.withdrawn, {
          from: [APPLICATION_STATUS.submitted], actor: user.login, action: 'withdraw', set: { decision: 'withdraw', decision_reason: reason, decided_at: at }, details: { reason },
        });
        // in the transaction: when the engine cannot take the message, nothing is written
        await deps.engine.zeebe
          .publishMessage({ name: MESSAGE.inspectorWithdrawn, correlationKey: app.id, messageId: `withdrawn:${app.id}`, variables: {} as never, timeToLive: 3_600_000 })
          .catch(() => {
            throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
          });
      });
      return { id: params.id, status: APPLICATION_STATUS.withdrawn };
    },
  }));
  return routes;
}
