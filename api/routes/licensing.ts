/**
 * Special-equipment licensing: the licence catalogue (categories, items with their level,
 * the authority they route to), the inspector item codes, and a person's inspector applications.
 */
import type { Db } from '../../core/db';
import { licensingAuthority } from '../../domain/licensing/rules';
import { PROCESS } from '../../domain/registry';
import { declare, RouteDef, signedIn } from '../route';

export function licensingRoutes(deps: { db: Db }): RouteDef[] {
  const routes: RouteDef[] = [];

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
    summary: "The signed-in person's inspector qualification applications with their status",
    allow: [signedIn],
    responses: { 200: "{ items: [{ id, number, itemCode, category, status, reason, submittedAt, acceptedAt, decidedAt }] }" },
    errors: [401],
    handler: async ({ res, user }) => {
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
    },
  }));
  return routes;
}
