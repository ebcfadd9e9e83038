/**
 * Uploads made before anyone can sign in (a registration's licence and certificates, an account
 * appeal's authorisation letter) belong to the browser that made them: the first anonymous upload
 * sets a random cookie (HttpOnly, one day), each upload keeps its hash, and a registration or an
 * appeal may use only the files its own browser uploaded and no application uses yet.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db } from '../core/db';
import { cookies } from './auth';

export const UPLOADER_COOKIE = 'pf_uploader';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The hash of this browser's uploader token, or null when it has none. */
export function uploaderOf(req: Request): string | null {
  const token = cookies(req)[UPLOADER_COOKIE];
  return token && TOKEN.test(token) ? hashOf(token) : null;
}

/** This browser's uploader hash, setting a new token cookie on the answer when it has none. */
export function ensureUploader(req: Request, res: Response, secure: boolean): string {
  const known = uploaderOf(req);
  if (known) return known;
  const token = randomBytes(32).toString('base64url');
  res.append('Set-Cookie', `${UPLOADER_COOKIE}=${token}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=86400${secure ? '; Secure' : ''}`);
  return hashOf(token);
}

export const NOT_YOURS = '文件不存在或不是在本浏览器上传的，请重新上传 / The file does not exist or was not uploaded in this browser: upload it again';

/**
 * Which of the ids this browser may attach to a new application: anonymous uploads of its own
 * that no application uses. `alsoAllowed`: files an application being corrected already holds.
 */
export async function usableAnonymousFiles(db: Db, req: Request, ids: string[], alsoAllowed: Set<string> = new Set()): Promise<Set<string>> {
  const uploader = uploaderOf(req);
  const wanted = [...new Set(ids)].filter((id) => !alsoAllowed.has(id));
  const own =
    uploader && wanted.length
      ? await db('files').whereIn('id', wanted).whereNull('owner_account_id').whereNull('attached_application_id').where({ anon_owner_hash: uploader }).pluck('id')
      : [];
  return new Set<string>([...own, ...[...alsoAllowed].filter((id) => ids.includes(id))]);
}

/** Every file id named in an application's stored data (the files a correction may keep). */
export function fileIdsIn(data: unknown): Set<string> {
  return new Set(JSON.stringify(data ?? null).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
}
