/**
 * A visitor's browser before sign-in, as the registration and appeal pages are: its anonymous
 * uploads set the uploader cookie, which it sends with everything after (api/anonymous-uploads.ts).
 */
import { PNG } from './fixtures';

export interface AnonymousVisitor {
  /** POST /api/files; the stored file's answer ({ id, name, size, type, url }). */
  upload(name: string, content?: Buffer): Promise<{ id: string; name: string; size: number; type: string; url: string }>;
  /** A JSON request with this browser's cookie. */
  send(method: string, path: string, body?: unknown): Promise<Response>;
}

export function anonymousVisitor(baseUrl: string): AnonymousVisitor {
  let cookie = '';
  const headers = () => (cookie ? { cookie } : {}) as Record<string, string>;
  return {
    async upload(name, content = PNG) {
      const fd = new FormData();
      fd.append('file', new Blob([content]), name);
      const r = await fetch(`${baseUrl}/api/files`, { method: 'POST', body: fd, headers: headers() });
      if (r.status !== 201) throw new Error(`anonymous upload: ${r.status} ${await r.text()}`);
      const set = r.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0];
      return (await r.json()) as never;
    },
    send(method, path, body) {
      return fetch(`${baseUrl}${path}`, { method, headers: { ...headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    },
  };
}
