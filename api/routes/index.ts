/**
 * Every declared route of the API, by area. The app serves them (api/app.ts) and the OpenAPI
 * document is generated from them (api/openapi.ts).
 */
import { authRoutes } from '../auth';
import type { ApiDeps } from '../deps';
import type { RouteDef } from '../route';
import { accountsRoutes } from './accounts';
import { adminCasesRoutes, adminRoutes, adminWorkbenchRoutes, noticesRoutes } from './admin';
import { applicationsRoutes } from './applications';
import { appraisalRoutes } from './appraisal';
import { caseLookupRoutes } from './case-lookup';
import { documentsRoutes } from './documents';
import { filesRoutes } from './files';
import { licensingRoutes } from './licensing';
import { messagesRoutes } from './messages';
import { powerPermitsRoutes, ratingsRoutes, selfInspectionRoutes } from './power-permit';
import { publicityOpsRoutes, publicityRoutes, publicPublicityRoutes } from './publicity';
import { publicityPersonsRoutes } from './publicity-persons';
import { signupRoutes } from './signup';
import { tasksRoutes } from './tasks';

export function allRoutes(deps: ApiDeps): RouteDef[] {
  return [
    ...authRoutes(deps),
    ...accountsRoutes(deps),
    ...signupRoutes(deps),
    ...tasksRoutes(deps),
    ...applicationsRoutes(deps),
    ...adminRoutes(deps),
    ...adminCasesRoutes(deps),
    ...adminWorkbenchRoutes(deps),
    ...noticesRoutes(deps),
    ...filesRoutes(deps),
    ...documentsRoutes(deps),
    ...appraisalRoutes(deps),
    ...publicityRoutes(deps),
    ...publicityOpsRoutes(deps),
    ...publicityPersonsRoutes(deps),
    ...publicPublicityRoutes(deps),
    ...licensingRoutes(deps),
    ...powerPermitsRoutes(deps),
    ...ratingsRoutes(deps),
    ...selfInspectionRoutes(deps),
    ...messagesRoutes(deps),
    ...caseLookupRoutes(deps),
  ];
}

/**
 * The declarations alone (for the OpenAPI document and the access-matrix test): the route
 * factories only close over their dependencies, which a handler reads when it runs.
 */
export function declaredRoutes(): RouteDef[] {
  const unused = new Proxy({} as ApiDeps, {
    get: (_t, key) => {
      throw new Error(`a route factory read deps.${String(key)} while declaring its routes`);
    },
  });
  return allRoutes(unused);
}
