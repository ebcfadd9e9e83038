/**
 * The public case lookup (办件查询) and the service catalogue (办事指南). Both anonymous; the lookup
 * is rate-limited per address (api/rate-limit.ts, group case-lookup) and answers a missing number
 * and a wrong second factor alike. The logic lives in db/case-lookup.ts and
 * domain/service-catalogue.ts.
 */
import type { Db } from '../../core/db';
import { lookupCase } from '../../db/case-lookup';
import { serviceCatalogue } from '../../domain/service-catalogue';
import { ApiError, validationFailed } from '../errors';
import { anyone, declare, RouteDef } from '../route';

const NOT_FOUND = '没有找到该办件，请核对办件编号和验证信息 / No case found; check the number and the verification details';

export function caseLookupRoutes(deps: { db: Db }): RouteDef[] {
  // built when the app starts: a model or form the catalogue cannot read fails the start, not a visitor
  const catalogue = serviceCatalogue();
  return [
    declare<Record<string, string>, { number: string; uscc?: string; mobile?: string }>({
      method: 'get',
      path: '/api/public/cases/lookup',
      summary: "Where is my case (no login; rate-limited per address): by number with the unit's USCC or the application's contact mobile, or signed in as the case's unit. A wrong second factor answers as a missing number",
      allow: [anyone],
      query: {
        number: { type: 'string', minLength: 1, maxLength: 32 },
        uscc: { type: 'string', minLength: 1, maxLength: 18 },
        mobile: { type: 'string', minLength: 1, maxLength: 11 },
      },
      queryRequired: ['number'],
      responses: { 200: 'number, processId, processName, status, statusLabel, submittedAt, decidedAt, timeline (at, kind: submitted|resubmitted|under-review|returned|approved|rejected|terminated, label, opinion), workingDays (limit, used, left, overdue, state) or null, next' },
      errors: [400, 404, 429],
      handler: async ({ user, query }) => {
        if (!user && !query.uscc && !query.mobile) {
          throw validationFailed({ uscc: '请填写统一社会信用代码或联系人手机号 / Give the USCC or the contact mobile' });
        }
        const found = await lookupCase(deps.db, String(query.number), {
          uscc: query.uscc === undefined ? undefined : String(query.uscc),
          mobile: query.mobile === undefined ? undefined : String(query.mobile),
          user: user ? { kind: user.kind, unitId: user.unitId, login: user.login } : undefined,
        });
        if (!found) throw new ApiError(404, 'NOT_FOUND', NOT_FOUND);
        return found;
      },
    }),
    declare({
      method: 'get',
      path: '/api/public/services',
      summary: 'The service catalogue (办事指南): every service an applicant starts, by area, with who may apply, the materials (upload fields: formats, size limit, required), the steps, the time limit in working days, fees and legal basis (null where not defined)',
      allow: [anyone],
      responses: { 200: 'items: area, processId, name, applicants, applicantText, startWith, formKey, materials, steps, timeLimit, fees, legalBasis' },
      handler: async () => ({ items: catalogue }),
    }),
  ];
}
