/**
 * An SMTP sink for development and tests: accepts every message, keeps them in memory and,
 * optionally, as .eml files. Uses development-only packages (smtp-server, mailparser): loaded only
 * when a sink is started, never in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId?: string;
}

/** A local SMTP server that accepts every message. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** SMTP connections accepted so far, and the most open at once */
  readonly connections = { total: 0, open: 0, maxOpen: 0 };
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];

  constructor(private readonly saveDir?: string) {}

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections.total++;
        this.connections.maxOpen = Math.max(this.connections.maxOpen, ++this.connections.open);
        callback();
      },
      onClose: () => {
        this.connections.open--;
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          try {
            // mailparser is loaded with the first message (most test files send none)
            const { simpleParser } = await import('mailparser');
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
    // a client that dies mid-session (a killed worker's pooled connection) is its own problem,
    // not the sink's: the server reports it as an error event, which must not end the process
    this.server.on('error', () => undefined);
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
