/** Sub-accounts of a unit, managed by its main account only, with per-area permissions. */
import express, { Router } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import { hashPassword } from '../../core/passwords';
import { UNIT_AREAS } from '../../domain/names';
import { isValidEmail, isValidLogin, isValidMobile, isValidPassword, MESSAGES } from '../../domain/validators';
import { requireUser, revokeSessions, SessionUser } from '../auth';
import { ApiError, route, validationFailed } from '../errors';

function requireMain(user: SessionUser): string {
  if (user.kind !== 'unit-main' || !user.unitId) throw new ApiError(403, 'NOT_MAIN_ACCOUNT', '只有单位主帐号可以管理子帐号 / Only the unit main account can manage sub-accounts');
  return user.unitId;
}

const present = (a: Record<string, unknown>) => ({ id: a.id, login: a.login, displayName: a.display_name, email: a.email, mobile: a.mobile, permissions: a.permissions, status: a.status });

function checkPermissions(value: unknown, fields: Record<string, string>): string[] {
  if (!Array.isArray(value) || value.some((p) => !(UNIT_AREAS as readonly string[]).includes(p))) {
    fields.permissions = `权限应为 ${UNIT_AREAS.join(', ')} 中的若干项 / Permissions must be some of ${UNIT_AREAS.join(', ')}`;
    return [];
  }
  return [...new Set(value as string[])];
}

export function unitAccountsRouter(deps: { db: Db; redis: Redis }): Router {
  const router = express.Router();

  router.get(
    '/api/unit/accounts',
    route(async (req, res) => {
      const unitId = requireMain(requireUser(req));
      const rows = await deps.db('accounts').where({ unit_id: unitId }).orderBy('created_at');
      res.json({ items: rows.map(present) });
    }),
  );

  router.post(
    '/api/unit/accounts',
    route(async (req, res) => {
      const unitId = requireMain(requireUser(req));
      const b = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      if (!isValidLogin(b.login)) fields.login = MESSAGES.login;
      if (typeof b.displayName !== 'string' || b.displayName.trim().length < 2) fields.displayName = MESSAGES.required;
      if (typeof b.email !== 'string' || !isValidEmail(b.email)) fields.email = MESSAGES.email;
      if (typeof b.mobile !== 'string' || !isValidMobile(b.mobile)) fields.mobile = MESSAGES.mobile;
      if (!isValidPassword(b.password)) fields.password = MESSAGES.password;
      const permissions = checkPermissions(b.permissions ?? [], fields);
      if (Object.keys(fields).length) throw validationFailed(fields);
      if (await deps.db('accounts').whereRaw('lower(login) = lower(?)', [String(b.login)]).first()) {
        throw new ApiError(409, 'DUPLICATE', '登录帐号已被使用 / This login name is taken', { login: '登录帐号已被使用 / This login name is taken' });
      }
      const [row] = await deps.db('accounts')
        .insert({
          unit_id: unitId, login: b.login, password_hash: await hashPassword(String(b.password)), kind: 'unit-sub', display_name: String(b.displayName).trim(),
          email: b.email, mobile: b.mobile, permissions, status: 'active',
        })
        .returning('*');
      res.status(201).json(present(row));
    }),
  );

  router.patch(
    '/api/unit/accounts/:id',
    route(async (req, res) => {
      const unitId = requireMain(requireUser(req));
      const account = await deps.db('accounts').where({ id: req.params.id, unit_id: unitId, kind: 'unit-sub' }).first();
      if (!account) throw new ApiError(404, 'NOT_FOUND', '没有这个子帐号 / No such sub-account');
      const b = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      const change: Record<string, unknown> = {};
      if (b.permissions !== undefined) change.permissions = checkPermissions(b.permissions, fields);
      if (b.status !== undefined) {
        if (b.status !== 'active' && b.status !== 'disabled') fields.status = '应为 active 或 disabled / Must be active or disabled';
        change.status = b.status;
      }
      if (Object.keys(fields).length) throw validationFailed(fields);
      if (!Object.keys(change).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
      const [row] = await deps.db('accounts').where({ id: account.id }).update(change).returning('*');
      // new permissions or a disabled account take effect at once: its sessions end
      await revokeSessions(deps.redis, account.id);
      res.json(present(row));
    }),
  );
  return router;
}
