/** What the API's routes use: the one set of dependencies every handler receives. */
import type { Router } from 'express';
import type Redis from 'ioredis';
import type { Engine } from '../core/camunda';
import type { CreditProvider } from '../core/credit';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import type { SmsProvider } from '../core/sms';

export interface AppDeps {
  db: Db;
  redis: Redis;
  engine: Engine;
  log: Logger;
  secureCookies?: boolean;
  loginPerIpPerMinute?: number;
  /** requests per minute and address to each anonymous endpoint group (api/rate-limit.ts) */
  anonymousPerIpPerMinute?: number;
  /** uploads per hour and address without a session (registration, appeal) */
  anonymousUploadsPerHour?: number;
  fileStoreDir: string;
  sms: SmsProvider;
  inboxStream?: Router;
  /** the API's clock (tests move it: rating windows); default: the real time */
  now?: () => Date;
  publicUrl?: string;
  credit?: CreditProvider;
}

/** AppDeps with its defaults filled in. */
export type ApiDeps = Omit<AppDeps, 'inboxStream' | 'secureCookies' | 'loginPerIpPerMinute' | 'publicUrl'> & {
  secureCookies: boolean;
  loginPerIpPerMinute: number;
  publicUrl: string;
};

export const withDefaults = (deps: AppDeps): ApiDeps => ({
  ...deps,
  secureCookies: deps.secureCookies ?? false,
  loginPerIpPerMinute: deps.loginPerIpPerMinute ?? 30,
  publicUrl: deps.publicUrl ?? '',
});
