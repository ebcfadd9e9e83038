/**
 * The local engine's gRPC gateway tells clients not to compress (a client on the same machine
 * gains nothing from gzip and pays for it on both sides) and still answers a client that sends
 * gzip before it has seen that: the JS SDK compresses a channel's requests until the server's
 * grpc-accept-encoding leaves gzip out.
 */
import http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../core/config';
import { localEngineAuthorization } from '../../core/local-engine-auth';

const config = loadConfig();

/** One unary call of Topology (an empty request), the message gzipped or not: the answer's headers and trailers. */
function topology(gzip: boolean): Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; bytes: number }> {
  const message = gzip ? gzipSync(Buffer.alloc(0)) : Buffer.alloc(0);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt8(gzip ? 1 : 0, 0);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${config.engine.grpcAddress}`);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': '/gateway_protocol.Gateway/Topology',
      'content-type': 'application/grpc',
      te: 'trailers',
      authorization: localEngineAuthorization(config.engine.dataDir),
      ...(gzip ? { 'grpc-encoding': 'gzip' } : {}),
    });
    let headers: http2.IncomingHttpHeaders = {};
    let bytes = 0;
    req.on('response', (h) => (headers = h));
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('trailers', (trailers) => {
      resolve({ headers, trailers, bytes });
      session.close();
    });
    req.on('error', reject);
    req.end(frame);
  });
}

it('leaves gzip out of grpc-accept-encoding, and still understands a gzipped request', async () => {
  const plain = await topology(false);
  expect(plain.trailers['grpc-status']).toBe('0');
  expect(plain.bytes).toBeGreaterThan(5); // a topology: brokers, partitions
  expect(String(plain.headers['grpc-accept-encoding'] ?? '')).not.toMatch(/gzip/);
  const gzipped = await topology(true);
  expect(gzipped.trailers['grpc-status']).toBe('0');
  expect(gzipped.bytes).toBe(plain.bytes);
});
