/**
 * Special-equipment licensing (issue 7): the licence catalogue (categories, items with their level,
 * the authority they route to), the inspector item codes, and a person's inspector applications.
 */
import express, { Router } from 'express';
import type { Db } from '../../core/db';
import { licensingAuthority } from '../../domain/licensing';
import { PROCESS } from '../../domain/names';
import { requireUser } from '../auth';
import { route } from '../errors';

export function licensingRouter(deps: { db: Db }): Router {
  const router = express.Router();

  router.get(
    '/api/licensing/catalogue',
    route(async (req, res) => {
      const user = requireUser(req);
      const [categories, items] = await Promise.all([deps.db('licence_categories').orderBy('code'), deps.db('licence_items').orderBy('sort')]);
      const unit = user.unitId ? await deps.db('units').where({ id: user.unitId }).first('province') : undefined;
      res.json({
        categories: categories.map((c) => ({ code: c.code, name: c.name, agency: { name: c.agency_name, contact: c.agency_contact, phone: c.agency_phone } })),
        items: items.map((i) => ({ code: i.code, category: i.category, project: i.project, name: i.name, level: i.level })),
        // what the approving authority would be for a national and for a provincial choice, for this unit
        authorities: unit ? { national: licensingAuthority([{ level: 'national' }], unit.province), provincial: licensingAuthority([], unit.province) } : null,
      });
    }),
  );

  router.get(
    '/api/inspector/items',
    route(async (req, res) => {
      requireUser(req);
      const rows = await deps.db('inspector_items').orderBy('sort');
      res.json({ items: rows.map((r) => ({ code: r.code, type: r.type, name: r.name })) });
    }),
  );

  router.get(
    '/api/inspector/applications',
    route(async (req, res) => {
      const user = requireUser(req);
      const rows = await deps.db('applications')
        .where({ process_id: PROCESS.inspectorQualification, applicant_login: user.login })
        .orderBy('created_at', 'desc')
        .limit(200);
      const accepted = new Map(
        (await deps.db('audit').whereIn('application_id', rows.map((r) => r.id)).where({ action: 'accept' }).select('application_id', 'at')).map((a) => [a.application_id, a.at]),
      );
      res.json({
        items: rows.map((r) => ({
          id: r.id, number: r.number, itemCode: r.data.itemCode, category: r.data.category, status: r.status, reason: r.decision_reason,
          submittedAt: r.created_at, acceptedAt: accepted.get(r.id) ?? null, decidedAt: r.decided_at,
        })),
      });
    }),
  );
  return router;
}
