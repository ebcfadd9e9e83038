/** E-mail over SMTP with nodemailer, and an SMTP sink for development and tests. */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId?: string;
}

/** A local SMTP server that accepts every message; keeps them in memory and, optionally, as .eml files. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];

  constructor(private readonly saveDir?: string) {}

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          try {
            const parsed: ParsedMail = await simpleParser(raw);
            const to = ([] as Array<{ value: Array<{ address?: string }> }>)
              .concat((parsed.to as never) ?? [])
              .flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.messages.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId });
            if (this.saveDir) {
              fs.mkdirSync(this.saveDir, { recursive: true });
              fs.writeFileSync(path.join(this.saveDir, `${Date.now()}-${this.messages.length}.eml`), raw);
            }
            this.waiters.splice(0).forEach((w) => w());
            callback();
          } catch (err) {
            callback(err as Error);
          }
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = (this.server as unknown as { server: { address(): { port: number } } }).server.address();
    return address.port;
  }

  /** Resolves with the first message that matches, waiting for it up to timeoutMs. */
  async waitFor(match: (m: ReceivedMail) => boolean, timeoutMs = 15000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching e-mail arrived within ' + timeoutMs + ' ms');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
