/**
 * The public practitioner query (issue 5 item 10, DESIGN contract GET /api/public/publicity):
 * anonymous, by name + ID number or by unit (a part of its name, or its USCC). Only publicity
 * records valid today are shown; ID numbers are masked and mobiles never shown. Rate-limited per
 * IP in Redis, since anyone may call it.
 */
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import { PUBLICITY_OPS } from '../../domain/names';
import { localDate } from '../../domain/publicity';
import { isQueryName, isQueryUnit, publicPerson } from '../../domain/publicity-ops';
import { isValidIdNumber, maskIdNumber, MESSAGES } from '../../domain/validators';
import { publicByPerson, publicByUnit } from '../../db/publicity-ops';
import { ApiError, validationFailed } from '../errors';
import { declare, RouteDef, anyone } from '../route';

const UNIT_LIMIT = 200;
const WINDOW_S = 60;

export function publicPublicityRoutes(deps: { db: Db; redis: Redis; publicQueryPerMinute?: number }): RouteDef[] {
  const routes: RouteDef[] = [];
  const perMinute = () => deps.publicQueryPerMinute ?? PUBLICITY_OPS.publicQueryPerMinute;

  routes.push(declare({
    method: 'get',
    path: '/api/public/publicity',
    summary: "Public practitioner query (no login; rate-limited per IP): by name + ID number, or by unit name / USCC. Valid publicity only; ID numbers masked",
    allow: [anyone],
    responses: { 200: "items: name, masked idNumber, unit, items, startDate, validUntil" },
    errors: [400, 404, 429],
    handler: async ({ req, res }) => {
      const key = `rl:public-publicity:${req.ip}`;
      const count = await deps.redis.incr(key);
      if (count === 1) await deps.redis.expire(key, WINDOW_S);
      if (count > perMinute()) {
        const ttl = await deps.redis.ttl(key);
        res.setHeader('Retry-After', String(ttl > 0 ? ttl : WINDOW_S));
        throw new ApiError(429, 'RATE_LIMITED', '查询过于频繁，请稍后再试 / Too many queries; try again in a minute');
      }
      const q = req.query as Record<string, unknown>;
      const name = q.name;
      const idNumber = q.idNumber;
      const unit = q.unit;
      const today = localDate(new Date());
      if (unit !== undefined && (name !== undefined || idNumber !== undefined)) {
        throw validationFailed({ unit: '请按姓名 + 身份证号或按单位查询，二选一 / Search by name + ID number, or by unit, not both' });
      }
      if (unit !== undefined) {
        if (!isQueryUnit(unit)) throw validationFailed({ unit: '单位名称或统一社会信用代码应为 2–100 个字符 / Unit name or USCC: 2 to 100 characters' });
        const rows = await publicByUnit(deps.db, unit, today, UNIT_LIMIT);
        if (!rows.length) throw new ApiError(404, 'NOT_FOUND', '未找到该单位的有效执业公示 / No valid publicity found for this unit');
        res.setHeader('Cache-Control', 'no-store');
        res.json({ query: { unit: unit.trim() }, date: today, count: rows.length, truncated: rows.length === UNIT_LIMIT, items: rows.map(publicPerson) });
        return;
      }
      const fields: Record<string, string> = {};
      if (!isQueryName(name)) fields.name = '请输入姓名（1–50 个字符）/ Enter the name (1 to 50 characters)';
      if (typeof idNumber !== 'string' || !idNumber.trim()) fields.idNumber = MESSAGES.required;
      else if (!isValidIdNumber(idNumber.trim())) fields.idNumber = MESSAGES.idNumber;
      if (Object.keys(fields).length) throw validationFailed(fields);
      const rows = await publicByPerson(deps.db, name as string, idNumber as string, today);
      // the manual's wording: no such person, or the name and ID number do not match
      if (!rows.length) throw new ApiError(404, 'NOT_FOUND', '查无此人或身份证和姓名不匹配，或无有效执业公示 / No valid publicity for this name and ID number');
      res.setHeader('Cache-Control', 'no-store');
      res.json({ query: { name: (name as string).trim(), idNumber: maskIdNumber((idNumber as string).trim().toUpperCase()) }, date: today, count: rows.length, truncated: false, items: rows.map(publicPerson) });
    },
  }));
  return routes;
}
