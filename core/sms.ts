/**
 * SMS through a provider interface. `outbox` (development and tests) stores each message in the
 * sms_outbox table; `http` posts JSON to a gateway, signed with HMAC-SHA256 over
 * "<timestamp>.<body>" in X-Signature, with X-Timestamp and an Idempotency-Key header.
 */
import { createHmac } from 'node:crypto';
import type { Db } from './db';

export interface SmsMessage {
  to: string;
  text: string;
  /** The same key is never sent twice (by the outbox; the HTTP gateway gets it as a header). */
  idempotencyKey: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ id: string }>;
}

export function outboxSmsProvider(db: Db): SmsProvider {
  return {
    name: 'outbox',
    async send(m) {
      const [row] = await db('sms_outbox')
        .insert({ recipient: m.to, text: m.text, idempotency_key: m.idempotencyKey })
        .onConflict('idempotency_key')
        .merge(['idempotency_key'])
        .returning('id');
      return { id: String(row.id) };
    },
  };
}

export function httpSmsProvider(opts: { endpoint: string; secret: string; sender: string; timeoutMs?: number }): SmsProvider {
  return {
    name: 'http',
    async send(m) {
      const body = JSON.stringify({ to: m.to, text: m.text, sender: opts.sender });
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', opts.secret).update(`${timestamp}.${body}`).digest('hex');
      const res = await fetch(opts.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signature, 'idempotency-key': m.idempotencyKey },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
      const data = (await res.json().catch(() => ({}))) as { id?: string };
      return { id: data.id ?? m.idempotencyKey };
    },
  };
}
