/**
 * The one API client of the browser app: JSON in and out, the session's CSRF token on every
 * change, the server's error body turned into an ApiError (code, message in the current
 * language, field errors), and a 401 sends the user to sign-in.
 */
import { session, onUnauthorized } from './session';
import { errorMessage } from '../i18n';
import type { ApiErrorBody, MissingItem } from '../../../types/api';

export type { MissingItem };

/** The server's error body (ApiErrorBody) as read from an answer that may not be one. */
export interface ErrorBody {
  error?: Partial<ApiErrorBody['error']>;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
    readonly missing?: MissingItem[],
    readonly raw?: string,
    /** what else the error body says (captchaRequired at sign-in) */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function toApiError(status: number, statusText: string, body: ErrorBody | undefined): ApiError {
  const e = body?.error ?? {};
  const code = e.code ?? `HTTP_${status}`;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.fields ?? {})) fields[k] = errorMessage(undefined, v);
  const { code: _c, message: _m, fields: _f, missing: _x, ...extra } = e;
  return new ApiError(errorMessage(code, e.message ?? statusText), status, code, fields, e.missing, e.message, extra);
}

export async function api<T = unknown>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session.csrf && method !== 'GET') headers['x-csrf-token'] = session.csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = toApiError(res.status, res.statusText, data as ErrorBody);
    if (res.status === 401 && !path.startsWith('/api/auth/') && path !== '/api/me') onUnauthorized();
    throw err;
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** Text (a BPMN diagram, an XML version). */
export async function getText(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw toApiError(res.status, res.statusText, undefined);
  return res.text();
}

export interface UploadedFile {
  id: string;
  name: string;
  url: string;
  size: number;
  type: string;
}

/** One file to /api/files (multipart) with the CSRF token. */
export async function uploadFile(file: File | Blob, fileName?: string): Promise<UploadedFile> {
  const fd = new FormData();
  fd.append('file', file, fileName ?? (file as File).name);
  const res = await fetch('/api/files', { method: 'POST', body: fd, headers: session.csrf ? { 'x-csrf-token': session.csrf } : {}, credentials: 'same-origin' });
  const data = (await res.json().catch(() => undefined)) as ErrorBody & UploadedFile;
  if (!res.ok) throw toApiError(res.status, res.statusText, data);
  return data;
}

/** Query string from an object, dropping empty values. */
export function qs(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
