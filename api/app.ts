/** The Express application: JSON in and out, request logs, the routes, one error shape. */
import express, { Express, Router } from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import path from 'node:path';
import { ROOT } from '../core/config';
import { errorHandler } from './errors';
import { securityHeaders } from './security-headers';
import { anonymousLimits } from './rate-limit';
import { openapi } from './openapi';
import { healthRouter } from './health';
import { registrationsRouter } from './routes/registrations';
import { tasksRouter } from './routes/tasks';
import { applicationsRouter } from './routes/applications';
import { filesRouter } from './routes/files';
import { documentsRouter } from './routes/documents';
import { appealsRouter } from './routes/appeals';
import { passwordResetRouter } from './routes/password-reset';
import { unitAccountsRouter } from './routes/unit-accounts';
import { unitProfileRouter } from './routes/unit-profile';
import { adminCasesRouter, adminRouter } from './routes/admin';
import { adminWorkbenchRouter } from './routes/admin-workbench';
import { publicityOpsRouter } from './routes/publicity-ops';
import { publicPublicityRouter } from './routes/public-publicity';
import { licensingRouter } from './routes/licensing';
import type { SmsProvider } from '../core/sms';
import { authRouter, sessions } from './auth';
import { appraisalRouter } from './routes/appraisal';
import { publicityRouter } from './routes/publicity';
import { powerPermitsRouter } from './routes/power-permits';
import type { CreditProvider } from '../core/credit';
import { ratingsRouter, selfInspectionRouter } from './routes/ratings-self-inspection';

export interface AppDeps {
  db: Db;
  redis: Redis;
  engine: Engine;
  log: Logger;
  secureCookies?: boolean;
  loginPerIpPerMinute?: number;
  /** requests per minute and address to each anonymous endpoint group (api/rate-limit.ts) */
  anonymousPerIpPerMinute?: number;
  fileStoreDir: string;
  sms: SmsProvider;
  inboxStream?: Router;
  /** the API's clock (tests move it: rating windows); default: the real time */
  now?: () => Date;
  publicUrl?: string;
  credit?: CreditProvider;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ https: (deps.publicUrl ?? '').startsWith('https:') }));
  app.use(express.json({ limit: '1mb' }));
  app.use(refuseUnstorable);
  app.use((req, res, next) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      deps.log.info('request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - t0) / 1000n) / 1000,
      });
    });
    next();
  });
  app.get('/api/openapi.json', (_req, res) => void res.json(openapi));
  app.use(healthRouter(deps));
  app.use(sessions(deps.redis, deps.db));
  app.use(anonymousLimits(deps.redis, deps.anonymousPerIpPerMinute ?? 20));
  app.use(authRouter({ ...deps, secureCookies: deps.secureCookies ?? false, loginPerIpPerMinute: deps.loginPerIpPerMinute ?? 30 }));
  app.use(registrationsRouter(deps));
  if (deps.inboxStream) app.use(deps.inboxStream);
  app.use(tasksRouter(deps));
  app.use(applicationsRouter(deps));
  app.use(passwordResetRouter(deps));
  app.use(unitAccountsRouter(deps));
  app.use(unitProfileRouter(deps));
  app.use(adminRouter(deps));
  app.use(adminCasesRouter(deps));
  app.use(adminWorkbenchRouter(deps));
  app.use(filesRouter({ db: deps.db, storeDir: deps.fileStoreDir, redis: deps.redis }));
  app.use(documentsRouter({ db: deps.db, redis: deps.redis, fileStoreDir: deps.fileStoreDir }));
  app.use(appealsRouter(deps));
  app.use(appraisalRouter(deps));
  app.use(publicityRouter(deps));
  // practitioner publicity: batch add, cancellation, public query (issue 5 items 8–10)
  app.use(publicityOpsRouter(deps));
  app.use(publicPublicityRouter(deps));
  app.use(licensingRouter(deps));
  // power-facility permits, ratings, self-inspection (issue 8)
  app.use(powerPermitsRouter(deps));
  app.use(ratingsRouter({ ...deps, publicUrl: deps.publicUrl ?? '' }));
  app.use(selfInspectionRouter(deps));
  // the browser app, built by scripts/build-web.js (Vite) into web/build/: hashed assets cached for
  // good, index.html always revalidated
  app.use('/assets', express.static(path.join(ROOT, 'web', 'build', 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(path.join(ROOT, 'web', 'build'), { index: 'index.html', setHeaders: (res, file) => file.endsWith('.html') && res.setHeader('cache-control', 'no-cache') }));
  app.use('/vendor/formio', express.static(path.join(ROOT, 'node_modules', '@formio', 'js', 'dist')));
  app.use('/vendor/bpmn-js', express.static(path.join(ROOT, 'node_modules', 'bpmn-js', 'dist')));
  app.use('/vendor/zeebe-moddle', express.static(path.join(ROOT, 'node_modules', 'zeebe-bpmn-moddle', 'resources')));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: '没有这个接口 / No such endpoint' } });
  });
  app.use(errorHandler(deps.log));
  return app;
}

/**
 * PostgreSQL cannot store the NUL character in text or jsonb, nor an unpaired UTF-16 surrogate in
 * jsonb: a request carrying one anywhere (URL, or a value or key of a JSON body) is refused with
 * 400 here, rather than failing later in the database.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function unstorable(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return UNSTORABLE.test(v);
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (UNSTORABLE.test(k) || unstorable(x, depth + 1)) return true;
  return false;
}

function refuseUnstorable(req: express.Request, res: express.Response, next: express.NextFunction): void {
  // in the path or the query string (%00 decodes to NUL in route parameters and query values)
  if (/%00/.test(req.originalUrl) || (req.body && typeof req.body === 'object' && unstorable(req.body))) {
    res.status(400).json({ error: { code: 'INVALID_CHARACTER', message: '请求中含有无法保存的字符（NUL 或不成对的代理项）/ The request contains a character that cannot be stored (NUL or an unpaired surrogate)' } });
    return;
  }
  next();
}
