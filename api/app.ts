/** The Express application: JSON in and out, request logs, the routes, one error shape. */
import express, { Express } from 'express';
import path from 'node:path';
import { ROOT } from '../core/config';
import { errorHandler } from './errors';
import { securityHeaders } from './security-headers';
import { anonymousLimits } from './rate-limit';
import { openapi } from './openapi';
import { healthRouter } from './health';
import { sessions } from './auth';
import { metricsRouter } from './metrics';
import { AppDeps, withDefaults } from './deps';
import { serve } from './route';
import { allRoutes } from './routes';

export type { AppDeps };

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
  // no ETag on API answers: express hashed every body for one, and the answers are current data
  // that the browser asks for again anyway
  app.set('etag', false);
  app.get('/api/openapi.json', (_req, res) => void res.json(openapi));
  app.use(healthRouter(deps));
  app.use(sessions(deps.redis, deps.db));
  app.use(metricsRouter(deps));
  app.use(anonymousLimits(deps.redis, deps.anonymousPerIpPerMinute ?? 20, deps.log));
  if (deps.inboxStream) app.use(deps.inboxStream);
  app.use(serve(allRoutes(withDefaults(deps))));
  // the browser app, built by scripts/build-web.js (Vite) into web/build/: hashed assets cached for
  // good, index.html always revalidated
  app.use('/assets', express.static(path.join(ROOT, 'web', 'build', 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(path.join(ROOT, 'web', 'build'), { index: 'index.html', setHeaders: (res, file) => file.endsWith('.html') && res.setHeader('cache-control', 'no-cache') }));
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
