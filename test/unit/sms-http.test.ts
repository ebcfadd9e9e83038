/** The HTTP SMS provider posts JSON signed with HMAC-SHA256 over "<timestamp>.<body>". */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { httpSmsProvider } from '../../core/sms';

it('signs each message and passes the idempotency key; a gateway error fails the send', async () => {
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const secret = 'a-very-secret-signing-key';
    const sms = httpSmsProvider({ endpoint: `http://127.0.0.1:${port}/send`, secret, sender: 'PermitFlow' });
    await expect(sms.send({ to: '13812345678', text: '【PermitFlow】验证码 123456', idempotencyKey: 'k-1' })).resolves.toEqual({ id: 'gw-1' });
    const { headers, body } = seen[0];
    expect(JSON.parse(body)).toEqual({ to: '13812345678', text: '【PermitFlow】验证码 123456', sender: 'PermitFlow' });
    expect(headers['idempotency-key']).toBe('k-1');
    const expected = createHmac('sha256', secret).update(`${headers['x-timestamp']}.${body}`).digest('hex');
    expect(headers['x-signature']).toBe(expected);
    status = 503;
    await expect(sms.send({ to: '13812345678', text: 'x', idempotencyKey: 'k-2' })).rejects.toThrow(/503/);
  } finally {
    server.close();
  }
});
