/**
 * Three-element check 三要素验证 (name + ID number + mobile) through a provider interface.
 * `registry` (default) compares with the mobile the person registered in the practitioner
 * registry; `http` asks a carrier verification service: JSON POST signed like core/sms.ts
 * (HMAC-SHA256 over "<timestamp>.<body>" in X-Signature, X-Timestamp, X-App-Id), answering
 * { "result": "match" | "mismatch" } (or { "match": true | false }).
 */
import { createHmac } from 'node:crypto';
import type { Db } from './db';

export interface IdentityQuery {
  name: string;
  idNumber: string;
  mobile: string;
}

export interface IdentityResult {
  match: boolean;
  /** provider's own words, kept for the audit trail */
  detail?: string;
}

export interface IdentityProvider {
  readonly name: string;
  verify(q: IdentityQuery): Promise<IdentityResult>;
}

export function registryIdentityProvider(db: Db): IdentityProvider {
  return {
    name: 'registry',
    async verify(q) {
      const p = await db('practitioners').where({ id_number: q.idNumber.trim().toUpperCase() }).first();
      if (!p) return { match: false, detail: 'no such person' };
      if (p.name !== q.name.trim()) return { match: false, detail: 'name differs' };
      if (!p.mobile || p.mobile !== q.mobile) return { match: false, detail: 'mobile differs from the registered one' };
      return { match: true };
    },
  };
}

export function httpIdentityProvider(opts: { endpoint: string; secret: string; appId: string; timeoutMs?: number }): IdentityProvider {
  return {
    name: 'http',
    async verify(q) {
      const body = JSON.stringify({ name: q.name, idNumber: q.idNumber, mobile: q.mobile });
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', opts.secret).update(`${timestamp}.${body}`).digest('hex');
      const res = await fetch(opts.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signature, 'x-app-id': opts.appId },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`identity service answered ${res.status}`);
      const data = (await res.json().catch(() => ({}))) as { result?: string; match?: boolean; message?: string };
      if (data.result === 'match' || data.match === true) return { match: true, detail: data.message };
      if (data.result === 'mismatch' || data.match === false) return { match: false, detail: data.message };
      throw new Error('identity service gave no result');
    },
  };
}
