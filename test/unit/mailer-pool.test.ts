/** The pooled SMTP transport: every message delivered once, over a bounded number of reused connections. */
import { createMailer } from '../../core/mailer';
import { SmtpSink } from '../../core/smtp-sink';

describe('createMailer (pooled SMTP)', () => {
  it('sends 30 messages at once over at most 2 connections, at most 10 messages each, each message once', async () => {
    const sink = new SmtpSink();
    const port = await sink.start(0);
    const mailer = createMailer({ host: '127.0.0.1', port, from: 'PermitFlow <noreply@permitflow.local>', maxConnections: 2, maxMessages: 10 });
    try {
      const sent = await Promise.all(
        Array.from({ length: 30 }, (_, i) => mailer.send({ to: `u${i}@example.test`, subject: `通知 ${i}`, text: `正文 ${i}`, messageId: `<pool-${i}@permitflow.local>` })),
      );
      expect(sent.map((s) => s.messageId)).toEqual(Array.from({ length: 30 }, (_, i) => `<pool-${i}@permitflow.local>`));
      await sink.waitFor(() => sink.messages.length >= 30);
      const ids = sink.messages.map((m) => m.messageId).sort();
      expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `<pool-${i}@permitflow.local>`).sort());
      expect(sink.messages.find((m) => m.messageId === '<pool-7@permitflow.local>')).toMatchObject({ to: ['u7@example.test'], subject: '通知 7' });
      expect(sink.connections.maxOpen).toBeLessThanOrEqual(2);
      // 30 messages, 10 a connection at most: at least 3 connections, and far fewer than one per message
      expect(sink.connections.total).toBeGreaterThanOrEqual(3);
      expect(sink.connections.total).toBeLessThanOrEqual(6);
    } finally {
      mailer.close();
      await sink.stop();
    }
  });
});
