/**
 * The unit's own profile (seed 004 §3): contact phone and invoicing information are edited
 * directly; the identifying fields (name, USCC, legal representative, address, postcode) only
 * through a unit-info-change application. Secondary units (branches) and qualifications with
 * their expiry status.
 */
import express, { Router } from 'express';
import type { Db } from '../../core/db';
import { isValidDivisionPath } from '../../domain/admin-divisions';
import { QUALIFICATION_STATUS, UNIT_CHANGE_FIELDS } from '../../domain/names';
import { isValidPhone, isValidPostcode, isValidUscc, MESSAGES } from '../../domain/validators';
import { requireUser, SessionUser } from '../auth';
import { ApiError, route, validationFailed } from '../errors';

const INVOICE_FIELDS = ['title', 'taxNumber', 'bank', 'bankAccount', 'address', 'phone'] as const;
export const EXPIRING_DAYS = 90;

function unitOf(user: SessionUser): string {
  if (!user.unitId || (user.kind !== 'unit-main' && user.kind !== 'unit-sub')) throw new ApiError(403, 'NO_UNIT', '只有单位帐号可以查看单位信息 / Only unit accounts have a unit profile');
  return user.unitId;
}

const profile = (u: Record<string, unknown>) => ({
  id: u.id, name: u.name, uscc: u.uscc, legalRepresentative: u.legal_representative, province: u.province, city: u.city, district: u.district,
  address: u.address, postcode: u.postcode, phone: u.phone, institutionType: u.institution_type, invoice: u.invoice ?? {}, parentUnitId: u.parent_unit_id ?? null,
});

/** active, expiring (within 90 days) or expired, as of today (Asia/Shanghai). */
export function qualificationStatus(expiry: string, today = new Date()): 'active' | 'expiring' | 'expired' {
  const local = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (expiry < local) return 'expired';
  const soon = new Date(Date.parse(`${local}T00:00:00Z`) + EXPIRING_DAYS * 86_400_000).toISOString().slice(0, 10);
  return expiry <= soon ? 'expiring' : 'active';
}

export function unitProfileRouter(deps: { db: Db }): Router {
  const router = express.Router();

  router.get(
    '/api/unit/profile',
    route(async (req, res) => {
      const unit = await deps.db('units').where({ id: unitOf(requireUser(req)) }).first();
      res.json(profile(unit));
    }),
  );

  router.patch(
    '/api/unit/profile',
    route(async (req, res) => {
      const user = requireUser(req);
      const unitId = unitOf(user);
      if (user.kind !== 'unit-main') throw new ApiError(403, 'NOT_MAIN_ACCOUNT', '只有单位主帐号可以修改单位信息 / Only the main account can edit the profile');
      const b = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      for (const k of Object.keys(UNIT_CHANGE_FIELDS)) {
        if (k in b) fields[k] = '该项不能直接修改，请提交单位信息变更申请 / This field changes only through a unit information change request';
      }
      const change: Record<string, unknown> = {};
      if ('phone' in b) {
        if (!isValidPhone(b.phone)) fields.phone = MESSAGES.phone;
        else change.phone = b.phone;
      }
      if ('invoice' in b) {
        const inv = b.invoice as Record<string, unknown>;
        if (!inv || typeof inv !== 'object' || Array.isArray(inv)) fields.invoice = '开票信息应为对象 / Invoicing information must be an object';
        else {
          for (const k of Object.keys(inv)) if (!(INVOICE_FIELDS as readonly string[]).includes(k)) fields[`invoice.${k}`] = '不允许的字段 / Unknown field';
          for (const k of INVOICE_FIELDS) if (inv[k] !== undefined && (typeof inv[k] !== 'string' || String(inv[k]).length > 200)) fields[`invoice.${k}`] = '最多 200 个字符 / At most 200 characters';
          if (typeof inv.taxNumber === 'string' && inv.taxNumber && !isValidUscc(inv.taxNumber)) fields['invoice.taxNumber'] = MESSAGES.uscc;
          change.invoice = JSON.stringify(inv);
        }
      }
      if (Object.keys(fields).length) throw validationFailed(fields);
      if (!Object.keys(change).length) throw new ApiError(400, 'NOTHING_TO_CHANGE', '没有要修改的内容 / Nothing to change');
      const [row] = await deps.db('units').where({ id: unitId }).update(change).returning('*');
      res.json(profile(row));
    }),
  );

  router.get(
    '/api/unit/branches',
    route(async (req, res) => {
      const rows = await deps.db('units').where({ parent_unit_id: unitOf(requireUser(req)) }).orderBy('created_at');
      res.json({ items: rows.map(profile) });
    }),
  );

  router.post(
    '/api/unit/branches',
    route(async (req, res) => {
      const user = requireUser(req);
      const unitId = unitOf(user);
      if (user.kind !== 'unit-main') throw new ApiError(403, 'NOT_MAIN_ACCOUNT', '只有单位主帐号可以添加二级单位 / Only the main account can add secondary units');
      const b = (req.body ?? {}) as Record<string, string>;
      const fields: Record<string, string> = {};
      if (typeof b.name !== 'string' || b.name.trim().length < 2) fields.name = MESSAGES.required;
      if (b.uscc !== undefined && b.uscc !== '' && !isValidUscc(b.uscc)) fields.uscc = MESSAGES.uscc;
      if (!isValidDivisionPath(String(b.province), String(b.city), String(b.district))) fields.district = MESSAGES.adminDivision;
      if (typeof b.address !== 'string' || b.address.trim().length < 5) fields.address = '至少 5 个字符 / At least 5 characters';
      if (!isValidPostcode(String(b.postcode))) fields.postcode = MESSAGES.postcode;
      if (!isValidPhone(b.phone)) fields.phone = MESSAGES.phone;
      if (Object.keys(fields).length) throw validationFailed(fields);
      if (b.uscc && (await deps.db('units').where({ uscc: b.uscc }).first())) throw new ApiError(409, 'DUPLICATE', '该统一社会信用代码已注册 / This USCC is registered', { uscc: '该统一社会信用代码已注册 / This USCC is registered' });
      const parent = await deps.db('units').where({ id: unitId }).first();
      const [row] = await deps.db('units')
        .insert({
          uscc: b.uscc || null, name: b.name.trim(), legal_representative: parent.legal_representative, province: b.province, city: b.city, district: b.district,
          address: b.address.trim(), postcode: b.postcode, phone: b.phone, institution_type: parent.institution_type, status: 'active', parent_unit_id: unitId, activated_at: deps.db.fn.now(),
        })
        .returning('*');
      res.status(201).json(profile(row));
    }),
  );

  router.get(
    '/api/unit/qualifications',
    route(async (req, res) => {
      const rows = await deps.db('unit_qualifications').where({ unit_id: unitOf(requireUser(req)) }).orderBy('expiry_date');
      const today = new Date();
      res.json({
        items: rows.map((q) => {
          const expiry = typeof q.expiry_date === 'string' ? q.expiry_date : new Date(q.expiry_date.getTime() - q.expiry_date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
          return { id: q.id, type: q.qualification_type, certificateNo: q.certificate_no, expiryDate: expiry, status: q.status === QUALIFICATION_STATUS.expired ? 'expired' : qualificationStatus(expiry, today), applicationId: q.application_id };
        }),
      });
    }),
  );
  return router;
}
