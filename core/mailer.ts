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
}

export function createMailer(opts: MailerOptions): Mailer {
  const tls = opts.tls ?? 'off';
  const transport = nodemailer.createTransport({
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
