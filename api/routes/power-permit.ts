/**
 * Power-facility permits (承装（修、试）电力设施许可), the enterprise's side:
 * what the unit holds and is offered (free-trade-zone fast track, acceptance with missing
 * materials), the completeness check, submitting any of the power-permit processes, delivering
 * the missing materials, and ending a case in progress (业务办理终止). The routes parse and answer;
 * the work is api/services/power-permit.ts.
 */
import type { Engine } from '../../core/camunda';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { APPLICATION_STATUS, PROCESS, TASK_STATE } from '../../domain/registry';
import { Mobile, Uscc, Uuid } from '../../domain/schema';
import { ApiError, tooManyCodes, validationFailed } from '../errors';
import { checkCode, randomCode, storeCode, takeSmsCodeAllowance } from '../../core/codes';
import type { SmsProvider } from '../../core/sms';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';
import { admin, anyone, declare, RouteDef, signedIn, unit, unitCaller } from '../route';
import { NO_APPLICATION, powerPermitService, type PowerPermitDeps, type SubmitBody } from '../services/power-permit';
import { randomBytes } from 'node:crypto';
import { localDate } from '../../domain/calendar';
import type Redis from 'ioredis';
import QRCode from 'qrcode';
import { maskMobile } from '../../domain/validators';

const licensing = unit({ areas: ['licensing'] });

export function powerPermitsRoutes(deps: PowerPermitDeps): RouteDef[] {
  const routes: RouteDef[] = [];
  const service = powerPermitService(deps);

  routes.push(declare({
    method: 'get',
    path: '/api/power-permits/me',
    summary: "The unit's permit, basic info (from the registration), fast track, statutory limits, and whether acceptance with missing materials is offered",
    allow: [licensing],
    responses: { 200: "permit state" },
    errors: [401, 403],
    handler: async ({ res, user }) => {
      res.json(await service.state(unitCaller(user).unitId));
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/check',
    summary: "Completeness check of a power-permit application: every missing item (section, field, message), the missing materials per category, and the computed totals; fastTrack: true checks the reduced materials of the free-trade-zone fast track",
    allow: [licensing],
    responses: { 200: "{ complete, missing[], totals }" },
    errors: [400, 401, 403],
    handler: async ({ req, res, user }) => {
      const { processId, data, fastTrack } = (req.body ?? {}) as { processId?: string; data?: unknown; fastTrack?: unknown };
      res.json(await service.check(unitCaller(user).unitId, processId, data, fastTrack));
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/applications',
    summary: "Submit a power-permit process (new, registration change, item change, renewal, reissue, cancel, personnel change); 422 INCOMPLETE with the missing list; missingMaterials: true asks for acceptance with missing materials (422 MISSING_MATERIALS_REFUSED when not offered). fastTrack: true chooses the free-trade-zone fast track (a unit in the zone with a clean credit record, else 422 FAST_TRACK_REFUSED with the reason) and needs commitments: true (the commitments confirmed, else 400 on the field). draft: true saves it as a draft application (保存: a number, no check, no case); id submits the unit's own draft, or submits a returned application (退回补正) again — the same case goes on",
    allow: [licensing],
    responses: { 200: "draft saved, or a returned application submitted again", 201: "application, processInstanceKey, fastTrack, statutoryDays" },
    errors: [400, 401, 403, 404, 409, 422, 503],
    handler: async ({ req, res, user }) => {
      const { status, body } = await service.submit(user, (req.body ?? {}) as SubmitBody);
      res.status(status).json(body);
    },
  }));

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
      res.json(await service.deliverMaterials(user, params.id, (req.body ?? {}).data));
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
      res.json(await service.terminate(user, params.id, (req.body ?? {}).reason));
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/power-permits/applications/{id}/discard',
    params: { id: Uuid },
    notFound: NO_APPLICATION,
    summary: "Discard (申请废弃) a draft or a returned application not yet submitted again: its waiting case (if any) is cancelled and it is marked discarded; 409 while under review or once ended",
    allow: [licensing],
    responses: { 200: "discarded" },
    errors: [401, 404, 409, 503],
    handler: async ({ req, res, user, params }) => {
      res.json(await service.discard(user, params.id, (req.body ?? {}).reason));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/free-trade-zone',
    summary: "The units designated in the free-trade-zone pilot (自贸区试点, admins)",
    allow: [admin],
    responses: { 200: "{ items: [{ id, uscc, name }] }" },
    errors: [401, 403],
    handler: async ({ res }) => {
      res.json(await service.freeTradeZone());
    },
  }));

  routes.push(declare({
    method: 'put',
    path: '/api/admin/free-trade-zone',
    summary: "Put a unit (by USCC) in the free-trade-zone pilot or take it out (admins): its units may then choose the fast track; 404 for an unknown USCC",
    allow: [admin],
    body: {
      type: 'object',
      required: ['uscc', 'freeTradeZone'],
      properties: { uscc: Uscc, freeTradeZone: { type: 'boolean', message: '请选择是否在自贸区试点范围内 / Choose whether the unit is in the free-trade zone' } },
      additionalProperties: false,
    },
    responses: { 200: "{ uscc, name, freeTradeZone }" },
    errors: [400, 401, 403, 404],
    handler: async ({ res, user, body }) => {
      const { uscc, freeTradeZone } = body as { uscc: string; freeTradeZone: boolean };
      res.json(await service.setZone(user, uscc, freeTradeZone));
    },
  }));
  return routes;
}

/**
 * Power-facility permits, the two smaller parts:
 * - Service rating (好差评): a link and QR code per finished case; stars and a comment from a
 *   mobile number confirmed by an SMS code sent to it, one rating per mobile per 5 days (Redis: the
 *   time of the last rating, kept 5 days, compared with the API clock so tests can move time);
 *   results for admins.
 * - Self-inspection campaigns (企业自查): an admin launches one for a year; every licensed
 *   enterprise gets a task (multi-instance); a submission is refused until every required item is
 *   there; progress (submitted / pending) for the admin.
 */
const RatingToken = { type: 'string', pattern: '^[A-Za-z0-9_-]{10,64}$' } as const;
const NO_LINK = '评价链接无效 / Invalid rating link';
/**
 * A self-inspection is one of the unit's own tasks: the same accounts as its task group (the main
 * account, sub-accounts allowed in appraisal or licensing).
 */
const selfInspection = unit({ areas: ['appraisal', 'licensing'], what: ['企业自查', 'self-inspections'] });
export const RATING_WINDOW_MS = 5 * 86_400_000;
const FINISHED = [APPLICATION_STATUS.approved, APPLICATION_STATUS.rejected, APPLICATION_STATUS.terminated] as string[];



const RATING_CODE_TTL_S = 600;
const RATING_CODE_TRIES = 5;
const ratingCodeKey = (token: string, mobile: string) => `rating:code:${token}:${mobile}`;

export function ratingsRoutes(deps: { db: Db; redis: Redis; sms: SmsProvider; now?: () => Date; publicUrl: string }): RouteDef[] {
  const routes: RouteDef[] = [];
  const now = () => (deps.now ? deps.now() : new Date());

  routes.push(declare({
    method: 'get',
    path: '/api/applications/{id}/rating-link',
    params: { id: Uuid },
    notFound: '没有这个申请 / No such application',
    summary: "The rating link and QR code (PNG data URL) of a finished case",
    allow: [signedIn],
    responses: { 200: "{ token, url, qr }" },
    errors: [401, 404, 409],
    handler: async ({ req, res, user }) => {
      const q = deps.db('applications').where({ id: req.params.id });
      if (user.kind !== 'admin' && user.kind !== 'reviewer') q.where({ unit_id: user.unitId ?? '00000000-0000-0000-0000-000000000000' });
      const app = await q.first();
      if (!app) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
      if (!FINISHED.includes(app.status)) throw new ApiError(409, 'NOT_FINISHED', '案件办结后才能评价 / A case can be rated once it is finished');
      await deps.db('rating_links').insert({ token: randomBytes(18).toString('base64url'), application_id: app.id }).onConflict('application_id').ignore();
      const { token } = await deps.db('rating_links').where({ application_id: app.id }).first();
      const url = `${deps.publicUrl.replace(/\/$/, '')}/#/rate/${token}`;
      res.json({ token, url, qr: await QRCode.toDataURL(url, { margin: 1, width: 240 }) });
    },
  }));

  async function linkOf(token: string) {
    const row = await deps.db('rating_links as l').join('applications as a', 'a.id', 'l.application_id').where('l.token', token).first('a.id', 'a.number', 'a.process_id', 'a.status');
    if (!row) throw new ApiError(404, 'NOT_FOUND', NO_LINK);
    return row as { id: string; number: string; process_id: string; status: string };
  }

  routes.push(declare({
    method: 'get',
    path: '/api/public/ratings/{token}',
    params: { token: RatingToken },
    notFound: NO_LINK,
    summary: "The case a rating link is for",
    allow: [anyone],
    responses: { 200: "case" },
    errors: [404],
    handler: async ({ req, res }) => {
      const app = await linkOf(req.params.token);
      res.json({ number: app.number, processId: app.process_id, status: app.status });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/public/ratings/{token}/sms-code',
    params: { token: RatingToken },
    notFound: NO_LINK,
    summary: `Send a code to the mobile that will rate (valid ${RATING_CODE_TTL_S / 60} minutes; the day's cap of codes per mobile applies: 429 TOO_MANY_CODES)`,
    allow: [anyone],
    body: { type: 'object', required: ['mobile'], properties: { mobile: { ...Mobile, message: '请输入正确的手机号码 / Enter a valid mobile number' } }, additionalProperties: false },
    responses: { 202: '{ sentTo (masked), expiresInMinutes }' },
    errors: [400, 404, 429],
    handler: async ({ req, res, body }) => {
      const app = await linkOf(req.params.token);
      const { mobile } = body as { mobile: string };
      const day = localDate(now());
      if (!(await takeSmsCodeAllowance(deps.redis, mobile, day))) throw tooManyCodes();
      const code = randomCode();
      await storeCode(deps.redis, ratingCodeKey(req.params.token, mobile), code, mobile, RATING_CODE_TTL_S);
      await deps.sms.send({ to: mobile, text: renderSms(SMS_TEMPLATE.ratingCode, { code, minutes: RATING_CODE_TTL_S / 60, applicationNumber: app.number }), idempotencyKey: `rating:${req.params.token}:${mobile}:${randomBytes(6).toString('hex')}` });
      res.status(202).json({ sentTo: maskMobile(mobile), expiresInMinutes: RATING_CODE_TTL_S / 60 });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/public/ratings/{token}',
    params: { token: RatingToken },
    notFound: NO_LINK,
    summary: "Rate a case: stars 1–5 and a comment, from a mobile confirmed by the code sent to it; one rating per mobile per 5 days (429 RATING_TOO_SOON)",
    allow: [anyone],
    body: {
      type: 'object',
      required: ['mobile', 'code', 'stars'],
      properties: {
        code: { type: 'string', pattern: '^[0-9]{6}$', message: '请输入短信中的 6 位验证码 / Enter the 6-digit code from the SMS' },
        mobile: { ...Mobile, message: '请输入正确的手机号码 / Enter a valid mobile number' },
        stars: { type: 'integer', minimum: 1, maximum: 5, message: '请选择 1–5 星 / Choose 1 to 5 stars' },
        comment: { type: 'string', maxLength: 1000, message: '评价内容最多 1000 字 / At most 1000 characters' },
      },
    },
    responses: { 201: "rated" },
    errors: [400, 404, 429],
    handler: async ({ req, res, body }) => {
      const app = await linkOf(req.params.token);
      const { mobile, stars, comment, code } = body;
      // the mobile is the rater's: the code sent to it for this link (used up once right)
      const check = await checkCode(deps.redis, ratingCodeKey(req.params.token, mobile), code, { maxTries: RATING_CODE_TRIES });
      if (check.result === 'wrong') throw validationFailed({ code: `验证码不正确，还可尝试 ${check.triesLeft} 次 / Wrong code: ${check.triesLeft} tries left` });
      if (check.result === 'expired') throw validationFailed({ code: '验证码已失效，请重新获取 / The code has expired: ask for a new one' });
      if (check.result === 'too-many') throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes: ask for a new one', { code: '请重新获取验证码 / Ask for a new code' });
      const key = `rating:mobile:${mobile}`;
      const at = now();
      const last = await deps.redis.get(key);
      if (last && at.getTime() - Number(last) < RATING_WINDOW_MS) {
        const next = new Date(Number(last) + RATING_WINDOW_MS);
        res.setHeader('Retry-After', String(Math.ceil((next.getTime() - at.getTime()) / 1000)));
        throw new ApiError(429, 'RATING_TOO_SOON', `同一手机号 5 天内只能评价一次，请于 ${next.toISOString().slice(0, 10)} 后再评 / One rating per mobile number in 5 days`);
      }
      // the time of this rating, kept as long as the window lasts
      await deps.redis.set(key, String(at.getTime()), 'PX', RATING_WINDOW_MS);
      const [row] = await deps.db('ratings').insert({ application_id: app.id, mobile, stars, comment: typeof comment === 'string' ? comment.trim() || null : null, rated_at: at }).returning('id');
      res.status(201).json({ id: String(row.id), ratedAt: at.toISOString() });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/ratings',
    summary: "Ratings (admins): summary (count, average, by stars) and the latest 500",
    allow: [admin],
    responses: { 200: "ratings" },
    errors: [401, 403],
    handler: async ({ res }) => {
      const rows = await deps.db('ratings as r').join('applications as a', 'a.id', 'r.application_id').orderBy('r.id', 'desc').limit(500).select('r.id', 'a.number', 'a.process_id', 'r.mobile', 'r.stars', 'r.comment', 'r.rated_at');
      const byStars: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
      const all = await deps.db('ratings').select('stars').count('* as n').groupBy('stars');
      let count = 0;
      let sum = 0;
      for (const r of all as Array<{ stars: number; n: string }>) {
        byStars[r.stars] = Number(r.n);
        count += Number(r.n);
        sum += r.stars * Number(r.n);
      }
      res.json({
        summary: { count, average: count ? Math.round((sum / count) * 100) / 100 : null, byStars },
        items: rows.map((r) => ({ id: String(r.id), applicationNumber: r.number, processId: r.process_id, mobile: maskMobile(r.mobile), stars: r.stars, comment: r.comment, ratedAt: r.rated_at })),
      });
    },
  }));
  return routes;
}

export function selfInspectionRoutes(deps: { db: Db; engine: Engine; log: Logger; now?: () => Date }): RouteDef[] {
  const routes: RouteDef[] = [];
  const service = powerPermitService(deps);

  routes.push(declare({
    method: 'post',
    path: '/api/admin/self-inspections',
    summary: "Launch a self-inspection campaign for a year: one task per licensed enterprise",
    allow: [admin],
    responses: { 201: "campaign" },
    errors: [400, 401, 403, 503],
    handler: async ({ req, res, user }) => {
      const year = Number((req.body ?? {}).year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw validationFailed({ year: '请输入自查年度 / Enter the year' });
      const title = String((req.body ?? {}).title ?? '').trim().slice(0, 200) || `承装（修、试）${year}年自查`;
      const [campaign] = await deps.db('self_inspection_campaigns').insert({ year, title, launched_by: user.login }).returning('*');
      try {
        const started = await deps.engine.zeebe.createProcessInstance({ bpmnProcessId: PROCESS.selfInspectionCampaign, variables: { campaignId: campaign.id } as never });
        await deps.db('self_inspection_campaigns').where({ id: campaign.id }).update({ process_instance_key: String(started.processInstanceKey) });
        res.status(201).json({ id: campaign.id, year, title, processInstanceKey: String(started.processInstanceKey) });
      } catch (err) {
        await deps.db('self_inspection_campaigns').where({ id: campaign.id }).delete();
        deps.log.error('could not start the campaign', { error: err as Error });
        throw new ApiError(503, 'ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后再试 / The process engine is unavailable; try again later');
      }
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/admin/self-inspections/{id}',
    params: { id: Uuid },
    notFound: '没有这个自查 / No such campaign',
    summary: "Campaign progress: enterprises, submitted, pending",
    allow: [admin],
    responses: { 200: "progress" },
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      const c = await deps.db('self_inspection_campaigns').where({ id: req.params.id }).first();
      if (!c) throw new ApiError(404, 'NOT_FOUND', '没有这个自查 / No such campaign');
      const counts = await deps.db('applications').where({ campaign_id: c.id }).select('status').count('* as n').groupBy('status');
      const by = Object.fromEntries((counts as Array<{ status: string; n: string }>).map((r) => [r.status, Number(r.n)]));
      res.json({ id: c.id, year: c.year, title: c.title, enterprises: c.enterprise_count, submitted: by[APPLICATION_STATUS.submitted] ?? 0, pending: by[APPLICATION_STATUS.pending] ?? 0 });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/self-inspections',
    summary: "The unit's self-inspections and their open task",
    allow: [selfInspection],
    responses: { 200: "items" },
    errors: [401, 403],
    handler: async ({ res, user }) => {
      const { unitId } = unitCaller(user);
      const rows = await deps.db('applications as a')
        .join('self_inspection_campaigns as c', 'c.id', 'a.campaign_id')
        .leftJoin('tasks as t', function () {
          this.on('t.application_id', 'a.id').andOnVal('t.state', TASK_STATE.created);
        })
        .where('a.unit_id', unitId)
        .orderBy('a.created_at', 'desc')
        .select('a.id', 'a.number', 'a.status', 'c.year', 'c.title', 't.user_task_key');
      res.json({ items: rows.map((r) => ({ id: r.id, number: r.number, status: r.status, year: r.year, title: r.title, taskId: r.user_task_key ?? null })) });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/self-inspections/{id}/submit',
    params: { id: Uuid },
    notFound: '没有这个自查 / No such self-inspection',
    summary: "Submit a self-inspection; 422 INCOMPLETE with every missing required item",
    allow: [signedIn],
    responses: { 200: "submitted" },
    errors: [401, 404, 409, 422],
    handler: async ({ req, res, user }) => {
      if (!user.unitId) throw new ApiError(404, 'NOT_FOUND', '没有这个自查 / No such self-inspection');
      if (!selfInspection.admits(user)) throw selfInspection.refusal(user);
      res.json(await service.submitSelfInspection(user, req.params.id, (req.body ?? {}).data));
    },
  }));
  return routes;
}
