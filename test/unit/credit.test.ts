/** The credit-check providers: the HTTP provider's request and answer; configuration checked at start. */
import http from 'node:http';
import { loadConfig } from '../../core/config';
import { httpCreditProvider, missingMaterialsOffer } from '../../core/credit';

it('asks the credit service by USCC and reads its answer; a bad answer is an error, not a pass', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url!);
    const uscc = new URL(req.url!, 'http://x').searchParams.get('uscc');
    res.setHeader('content-type', 'application/json');
    res.end(uscc === 'BAD' ? '{"rating":"?"}' : JSON.stringify({ good: uscc === 'GOOD', rating: uscc === 'GOOD' ? 'A' : 'C' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  try {
    const p = httpCreditProvider({ endpoint: `http://127.0.0.1:${port}/credit` });
    expect(await p.check({ id: 'u1', uscc: 'GOOD' })).toEqual({ good: true, rating: 'A', source: 'http' });
    expect(await p.check({ id: 'u2', uscc: 'POOR' })).toEqual({ good: false, rating: 'C', source: 'http' });
    await expect(p.check({ id: 'u3', uscc: 'BAD' })).rejects.toThrow(/good/);
    expect(seen[0]).toBe('/credit?uscc=GOOD');
  } finally {
    server.close();
  }
});

it('configuration: table by default; http needs an endpoint', () => {
  expect(loadConfig({}).credit).toEqual({ provider: 'table', endpoint: '' });
  expect(() => loadConfig({ CREDIT_PROVIDER: 'http' })).toThrow(/CREDIT_ENDPOINT/);
  expect(() => loadConfig({ CREDIT_PROVIDER: 'magic' })).toThrow(/CREDIT_PROVIDER/);
  expect(loadConfig({ CREDIT_PROVIDER: 'http', CREDIT_ENDPOINT: 'https://credit.example/api' }).credit.provider).toBe('http');
});

it('an unreachable credit service refuses the option with a reason instead of failing', async () => {
  const p = httpCreditProvider({ endpoint: 'http://127.0.0.1:9/credit', timeoutMs: 500 });
  const db = Object.assign(() => ({ where: () => ({ where: () => ({ orderBy: () => ({ first: async () => undefined }) }) }) }), {}) as never;
  const offer = await missingMaterialsOffer(db, p, { id: 'u', uscc: 'X' }, new Date());
  expect(offer).toMatchObject({ offered: false, credit: { rating: 'unavailable' } });
  expect(offer.reason).toContain('暂不可用');
});
