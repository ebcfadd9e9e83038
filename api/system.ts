/**
 * Brings up the whole system in order — database (and migrations), Redis, engine, deployment,
 * workers, HTTP — and takes it down in reverse. Used by `npm start` and by the tests.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Redis from 'ioredis';
import { createEngineClients, Engine } from '../core/camunda';
import { requireSupportedCluster } from '../core/engine-client';
import { Config, ROOT } from '../core/config';
import { createDb, Db, ensureDatabase, migrate } from '../core/db';
import { createLogger, Logger } from '../core/logger';
import { createMailer, Mailer } from '../core/mailer';
import type { SmtpSink } from '../core/smtp-sink';
import { createRedis, ensureRedis } from '../core/redis';
import { httpSmsProvider, outboxSmsProvider, SmsProvider } from '../core/sms';
import { startWorkers, JOBS } from '../workers';
import { closeRenderPool, renderThreads, warmRenderPool } from '../documents/pool';
import { closeLintPool } from '../domain/lint';
import type { RunningWorkers } from '../workers/runtime';
import { createApp } from './app';
import { createCreditProvider } from '../core/credit';
import { deployAll, DeployReport } from './deploy';
import { seedDevelopment } from '../db/seed';
import { seedPractitioners } from '../db/publicity/seed-practitioners';
import { httpIdentityProvider, IdentityProvider, registryIdentityProvider } from '../core/identity';
import { createInboxStream, inboxPublisher } from './inbox-stream';

export interface System {
  config: Config;
  db: Db;
  redis: Redis;
  engine: Engine;
  mailer: Mailer;
  sms: SmsProvider;
  workers?: RunningWorkers;
  server?: http.Server;
  sink?: SmtpSink;
  log: Logger;
  deployed: DeployReport[];
  url?: string;
  /** The API's clock: now() = real time + offsetMs (tests move it forward, e.g. past a rating window). */
  clock: { offsetMs: number; now(): Date };
  stop(): Promise<void>;
}

export interface StartOptions {
  /** false: do not start job workers (e.g. an API-only process). */
  workers?: boolean;
  /** false: do not listen for HTTP. */
  http?: boolean;
  /** Start the local engine if needed (default true when config says local). */
  startEngine?: boolean;
  /** Stop the local engine on stop() when this call started it (default true). */
  stopEngine?: boolean;
  log?: Logger;
}

export async function startSystem(config: Config, opts: StartOptions = {}): Promise<System> {
  const log = opts.log ?? createLogger(config.logLevel, { service: 'permitflow' });
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.warn('error while stopping', { error: err as Error }));
  };
  try {
    // Development conveniences (an embedded PostgreSQL, the local engine, the SMTP sink) are loaded
    // only when used, never in production: their packages are development dependencies.
    const production = config.env === 'production';
    if (!production) {
      const { ensurePostgres } = await import('../core/postgres');
      const postgres = await ensurePostgres(config.databaseUrl, (m) => log.info(m));
      if (postgres.started) cleanups.push(() => postgres.stop());
    }
    await ensureDatabase(config.databaseUrl);
    const db = createDb(config.databaseUrl);
    cleanups.push(() => db.destroy());
    const applied = await migrate(db);
    if (applied.length) log.info('migrations applied', { applied });
    if (config.seed) {
      const seeded = await seedDevelopment(db);
      if (seeded.length) log.info('seed accounts created (see README)', { logins: seeded });
      const persons = await seedPractitioners(db);
      if (persons.length) log.info('seed practitioners created (db/seed-practitioners.ts)', { count: persons.length });
    }

    const redisStart = await ensureRedis(config.redisUrl);
    if (redisStart.started) log.info('started a local redis-server', { url: config.redisUrl });
    const redis = createRedis(config.redisUrl);
    redis.on('error', (err) => log.warn('redis error', { error: err }));
    await redis.connect();
    cleanups.push(async () => void (await redis.quit()));

    let engineStarted = false;
    if (config.engine.local && opts.startEngine !== false && !production) {
      const { startLocalEngine, stopLocalEngine } = await import('../engine/launcher');
      const r = await startLocalEngine({ ...config.engine, log: (m) => log.info(m) });
      engineStarted = r.started;
      if (r.started) log.info('local engine started', { millis: r.millis, grpc: config.engine.grpcAddress, rest: config.engine.restAddress });
      if (r.started && opts.stopEngine !== false) cleanups.push(async () => void (await stopLocalEngine(config.engine.dataDir)));
    }
    const engine = createEngineClients(config.engine);
    cleanups.push(() => engine.close());
    cleanups.push(() => closeLintPool()); // the admin's model checks
    await requireSupportedCluster(engine.rest);

    const deployed = await deployAll(db, engine);
    log.info('deployed', { resources: deployed.map((d) => `${d.name}@${d.version}${d.changed ? ' (new)' : ''}`) });

    let sink: SmtpSink | undefined;
    if (config.smtp.startSink && !production) {
      const { SmtpSink } = await import('../core/smtp-sink');
      sink = new SmtpSink(path.join(ROOT, '.cache', 'mail'));
      await sink.start(config.smtp.port, config.smtp.host);
      log.info('SMTP sink listening; mail is saved to .cache/mail', { port: config.smtp.port });
      cleanups.push(() => sink!.stop());
    }
    const mailer = createMailer(config.smtp);
    cleanups.push(async () => mailer.close());
    const sms: SmsProvider = config.sms.provider === 'http' ? httpSmsProvider(config.sms) : outboxSmsProvider(db);

    const identity: IdentityProvider = config.identity.provider === 'http' ? httpIdentityProvider(config.identity) : registryIdentityProvider(db);
    const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
    const system: System = { config, db, redis, engine, mailer, sms, sink, log, deployed, clock, stop };

    if (opts.workers !== false) {
      fs.mkdirSync(config.fileStoreDir, { recursive: true });
      system.workers = startWorkers(
        engine.zeebe,
        JOBS,
        { db, mailer, sms, log, now: () => new Date(), publicUrl: config.http.publicUrl, fileStoreDir: config.fileStoreDir, publishInbox: inboxPublisher(redis), redis, identity },
        config.workers,
      );
      cleanups.push(() => closeRenderPool()); // cleanups run in reverse: after the workers that render stopped
      void warmRenderPool().then(
        (warmed) => warmed && log.info('PDF threads warmed', { threads: renderThreads() }),
        (error: Error) => log.warn('the PDF threads could not be warmed', { error }),
      );
      cleanups.push(() => system.workers!.stop());
      log.info('workers started', { types: system.workers.types });
    }

    if (opts.http !== false) {
      const stream = await createInboxStream(redis, log);
      const app = createApp({
        inboxStream: stream.router,
        db,
        redis,
        engine,
        log,
        secureCookies: config.http.publicUrl.startsWith('https:'),
        loginPerIpPerMinute: config.loginPerIpPerMinute,
        anonymousPerIpPerMinute: config.anonymousPerIpPerMinute,
        anonymousUploadsPerHour: config.anonymousUploadsPerHour,
        fileStoreDir: config.fileStoreDir,
        sms,
        now: clock.now,
        publicUrl: config.http.publicUrl,
        credit: createCreditProvider(db, config.credit),
      });
      const server = http.createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => resolve());
      });
      const addr = server.address() as { port: number };
      system.server = server;
      system.url = `http://${config.http.host}:${addr.port}`;
      cleanups.push(async () => {
        await stream.close(); // ends the event streams, so the server can close
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
      log.info('API listening', { url: system.url, engineStartedHere: engineStarted });
    }
    return system;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The entry points' ending: on SIGINT or SIGTERM the system stops once, then the process exits. */
export function stopOnSignals(system: Pick<System, 'stop'>, log: Logger): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await system.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
