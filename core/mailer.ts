/** E-mail over SMTP with nodemailer (the development and test sink is core/smtp-sink.ts). */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Sent as the Message-ID, so a retried send of the same notification is recognisable. */
  messageId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  host: string;
  port: number;
  from: string;
  /** starttls: the upgrade is required; implicit: TLS from the first byte; off: the development sink only */
  tls?: 'starttls' | 'implicit' | 'off';
  user?: string;
  password?: string;
  /** SMTP connections kept open at most (default 3): sends beyond them wait for a free one */
  maxConnections?: number;
  /** messages sent over one connection before it is replaced (default 100) */
  maxMessages?: number;
}

/**
 * A pooled SMTP transport: a few connections kept open and reused, so that an e-mail costs one
 * MAIL/RCPT/DATA exchange instead of a TCP connect, greeting, EHLO (and TLS and AUTH) each.
 * Bounded both ways (connections, messages per connection), so a burst of notifications queues
 * here rather than opening a connection per message against the relay's limits. Exactly once per
 * event is the notification ledger's concern (workers/notify.ts), not the transport's.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const tls = opts.tls ?? 'off';
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: opts.maxConnections ?? 3,
    maxMessages: opts.maxMessages ?? 100,
    host: opts.host,
    port: opts.port,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls',
    ignoreTLS: tls === 'off',
    auth: opts.user ? { user: opts.user, pass: opts.password ?? '' } : undefined,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: opts.from, ...mail });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
