/** Uploads (type from content, size cap), drafts, and starting an application from a start form. */
import fs from 'node:fs';
import http from 'node:http';
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { enterprise } from '../support/power-permit';

let sys: TestSystem;
let unitClient: Client;
let cookieHeaders: Record<string, string>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '上传测试有限公司', legal_representative: '吴八', province: '110000', city: '110100', district: '110101', address: '北京市东城区测试街 1 号', postcode: '100010', phone: '010-1234567', status: 'active' })
    .returning('*');
  const login = `up${Date.now()}`;
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '周九', email: `${login}@example.test`, unit_id: unit.id, status: 'active' });
  unitClient = await signIn(sys.url, login, 'Unit2026!x');
  const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: 'Unit2026!x' }) });
  const body = (await res.json()) as { csrfToken: string };
  cookieHeaders = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], 'x-csrf-token': body.csrfToken };
});
afterAll(async () => {
  await sys?.stop();
});

async function upload(content: Buffer, name: string, type = 'application/octet-stream') {
  const fd = new FormData();
  fd.append('file', new Blob([content], { type }), name);
  const res = await fetch(`${sys.url}/api/files`, { method: 'POST', headers: cookieHeaders, body: fd });
  return { status: res.status, body: (await res.json()) as { id: string; type: string; error?: { code: string } } };
}

interface Refusal {
  status: number;
  body: { error: { code: string; fields?: Record<string, string> } };
  /** the file bytes written before the server hung up (or all of them) */
  sent: number;
}

/**
 * POSTs a multipart body of a PDF file `total` bytes long on a keep-alive connection, written as
 * the server takes it, until the server has answered and hung up, or everything is sent.
 */
function streamUpload(total: number, declareLength: boolean): Promise<Refusal> {
  const boundary = `pf${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  const { hostname, port } = new URL(sys.url);
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<Refusal>((resolve, reject) => {
    let sent = 0;
    let status = 0;
    let text = '';
    let hungUp = false;
    let answered = false;
    let allSent = false;
    const req = http.request({
      host: hostname,
      port,
      path: '/api/files',
      method: 'POST',
      agent,
      headers: {
        ...cookieHeaders,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(head.length + PDF.length + total + tail.length) } : {}),
      },
    });
    const finish = () => {
      if (answered && (hungUp || allSent)) resolve({ status, body: JSON.parse(text), sent });
    };
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        answered = true;
        finish();
      });
    });
    req.on('socket', (socket) =>
      socket.on('close', () => {
        hungUp = true;
        if (!answered && status === 0) reject(new Error(`hung up without an answer after ${sent} bytes`));
        finish();
      }),
    );
    // a write after the server closed fails (EPIPE, ECONNRESET): the hang-up looked for
    req.on('error', () => undefined);
    const pump = () => {
      while (!hungUp && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!hungUp)
        req.end(tail, () => {
          allSent = true;
          finish();
        });
    };
    req.write(head);
    req.write(PDF);
    pump();
  }).finally(() => agent.destroy());
}

describe('files', () => {
  it('without a session, uploads are limited per address and hour (429 past the limit, nothing stored)', async () => {
    const address = '198.51.100.77';
    await sys.redis.set(`rl:upload:${address}`, String(sys.config.anonymousUploadsPerHour), 'EX', 3600);
    const files = Number((await sys.db('files').count<{ n: string }[]>({ n: '*' }))[0].n);
    const fd = new FormData();
    fd.append('file', new Blob([PNG], { type: 'image/png' }), 'licence.png');
    const res = await fetch(`${sys.url}/api/files`, { method: 'POST', headers: { 'x-forwarded-for': address }, body: fd });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number((await sys.db('files').count<{ n: string }[]>({ n: '*' }))[0].n)).toBe(files);
    await sys.redis.del(`rl:upload:${address}`);
  });

  it('decides the type from the content, not the name, and serves the file back', async () => {
    const png = await upload(PNG, 'photo.pdf', 'application/pdf');
    expect(png.status).toBe(201);
    expect(png.body.type).toBe('image/png');
    const pdf = await upload(PDF, 'scan.jpg');
    expect(pdf.body.type).toBe('application/pdf');
    const back = await fetch(`${sys.url}/api/files/${png.body.id}`, { headers: cookieHeaders });
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('stores a path-traversal file name as plain metadata, never as a path', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const evil = await upload(PNG, '../../../../tmp/pf-evil.png', 'image/png');
    expect(evil.status).toBe(201);
    expect(fs.existsSync('/tmp/pf-evil.png')).toBe(false);
    expect(fs.existsSync(path.join(sys.config.fileStoreDir, evil.body.id))).toBe(true);
    const back = await fetch(`${sys.url}/api/files/${evil.body.id}`, { headers: cookieHeaders });
    expect(back.headers.get('content-disposition')).not.toContain('/');
    expect(back.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a script named .png (415) and a file over 5 MB (413), keeping nothing', async () => {
    const before = Number((await sys.db('files').count())[0].count);
    const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'evil.png', 'image/png');
    expect(fake.status).toBe(415);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)]);
    const tooBig = await upload(big, 'big.pdf', 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect(Number((await sys.db('files').count())[0].count)).toBe(before);
  });

  it('stops reading an upload well over 5 MB at the cap: 413 naming the file field, the connection closed, no file and no row left', async () => {
    const rows = Number((await sys.db('files').count())[0].count);
    fs.mkdirSync(sys.config.fileStoreDir, { recursive: true });
    const stored = fs.readdirSync(sys.config.fileStoreDir).sort();
    const total = 256 * 1024 * 1024;
    // streamed without a length: the cap is found while reading
    const streamed = await streamUpload(total, false);
    expect({ status: streamed.status, code: streamed.body.error.code, field: streamed.body.error.fields?.file }).toEqual({
      status: 413,
      code: 'FILE_TOO_LARGE',
      field: '文件不能超过 5 MB / The file must not exceed 5 MB',
    });
    // the server hung up: the rest of the body was never taken in
    expect(streamed.sent).toBeLessThan(total);
    // declared with its length: refused before reading
    const declared = await streamUpload(total, true);
    expect([declared.status, declared.body.error.fields?.file, declared.sent < total]).toEqual([413, '文件不能超过 5 MB / The file must not exceed 5 MB', true]);
    expect(Number((await sys.db('files').count())[0].count)).toBe(rows);
    expect(fs.readdirSync(sys.config.fileStoreDir).sort()).toEqual(stored);
    // the same session uploads again at once
    expect((await upload(PNG, 'after.png')).status).toBe(201);
  });

  it('takes anonymous uploads (registration, appeal) readable by staff only; another unit cannot read a file', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([PNG]), 'x.png');
    const anon = await fetch(`${sys.url}/api/files`, { method: 'POST', body: fd });
    expect(anon.status).toBe(201);
    const anonId = ((await anon.json()) as { id: string }).id;
    expect((await fetch(`${sys.url}/api/files/${anonId}`)).status).toBe(401);
    expect((await unitClient.call('GET', `/api/files/${anonId}`)).status).toBe(404);
    const mine = await upload(PNG, 'mine.png');
    const stranger = await createAccount(sys, { kind: 'unit-main' });
    const s = await signIn(sys.url, stranger.login, stranger.password);
    expect((await s.call('GET', `/api/files/${mine.body.id}`).catch(() => ({ status: 0 }))).status).toBe(404);
  });
});

describe('drafts and applications', () => {
  it('saves and resumes a half-filled start form', async () => {
    expect((await unitClient.call('GET', '/api/drafts/start:unit-qualification')).status).toBe(404);
    const saved = await unitClient.call('PUT', '/api/drafts/start:unit-qualification', { data: { certificateNo: 'HALF-1' } });
    expect(saved.status).toBe(200);
    const again = await unitClient.call('GET', '/api/drafts/start:unit-qualification');
    expect(again.body.data).toEqual({ certificateNo: 'HALF-1' });
    expect((await unitClient.call('PUT', '/api/drafts/whatever', { data: {} })).status).toBe(400);
  });

  it('申请废弃 of an unnumbered draft removes it: the row is gone, reading it is 404', async () => {
    expect((await unitClient.call('PUT', '/api/drafts/start:power-permit-renewal', { data: { downgrade: 'no' } })).status).toBe(200);
    const account = await sys.db('drafts').where({ scope: 'start:power-permit-renewal' }).first();
    expect(account.data).toEqual({ downgrade: 'no' });
    expect((await unitClient.call('DELETE', '/api/drafts/start:power-permit-renewal')).status).toBe(204);
    expect(await sys.db('drafts').where({ account_id: account.account_id, scope: 'start:power-permit-renewal' }).first()).toBeUndefined();
    expect((await unitClient.call('GET', '/api/drafts/start:power-permit-renewal')).status).toBe(404);
  });

  it('a numbered power-permit application keeps its typed changes as its own draft (app:<id>), removed when it is discarded', async () => {
    const e = await enterprise(sys);
    const saved = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-renewal', data: { downgrade: 'no' }, draft: true });
    expect(saved.status).toBe(201);
    const scope = `app:${saved.body.id}`;
    expect((await e.client.call('PUT', `/api/drafts/${scope}`, { data: { downgrade: 'yes' } })).status).toBe(200);
    expect((await e.client.call('GET', `/api/drafts/${scope}`)).body.data).toEqual({ downgrade: 'yes' });
    // another account's draft of the same application is its own (none here)
    expect((await unitClient.call('GET', `/api/drafts/${scope}`)).status).toBe(404);
    expect((await e.client.call('PUT', '/api/drafts/app:not-an-id', { data: {} })).status).toBe(400);

    const discarded = await e.client.call('POST', `/api/power-permits/applications/${saved.body.id}/discard`, {});
    expect(discarded.status).toBe(200);
    expect((await sys.db('applications').where({ id: saved.body.id }).first()).status).toBe('discarded');
    expect(await sys.db('drafts').where({ scope }).first()).toBeUndefined();
    expect((await e.client.call('GET', `/api/drafts/${scope}`)).status).toBe(404);
    // discarded once: not again, not continued
    expect((await e.client.call('POST', `/api/power-permits/applications/${saved.body.id}/discard`, {})).status).toBe(409);
    expect((await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-renewal', data: {}, draft: true, id: saved.body.id })).status).toBe(409);
  });

  it('validates the start form on the server with the form rules and stores file ids only', async () => {
    const before = Number((await sys.db('applications').count())[0].count);
    const bad = await unitClient.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'bribery', certificateNo: 'X', issueDate: '05/01/2026', expiryDate: '2030-01-01' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['certificate', 'certificateNo', 'issueDate', 'qualificationType']);
    const notMine = await unitClient.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'testing-approval', certificateNo: 'OK-1', issueDate: '2026-01-05', expiryDate: '2031-01-04', certificate: [{ data: { id: '00000000-0000-4000-8000-000000000000' } }] },
    });
    expect(notMine.status).toBe(400);
    expect(Object.keys(notMine.body.error.fields)).toEqual(['certificate']);
    expect((await unitClient.call('POST', '/api/applications', { processId: 'unit-registration', data: {} })).status).toBe(400);
    expect(Number((await sys.db('applications').count())[0].count)).toBe(before);

    const file = await upload(PNG, '证书.png');
    const ok = await unitClient.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'testing-approval', certificateNo: 'OK-2', issueDate: '2026-01-05', expiryDate: '2031-01-04', certificate: [{ storage: 'url', name: file.body.id, originalName: '证书.png', url: `/api/files/${file.body.id}`, size: 10, data: file.body }] },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.number).toMatch(/^QUA\d{8}-\d{5}$/);
    const row = await sys.db('applications').where({ id: ok.body.id }).first();
    expect(row.data.certificate).toEqual([{ id: file.body.id, name: '证书.png' }]);
    expect((await unitClient.call('GET', '/api/drafts/start:unit-qualification')).status).toBe(404); // the draft is gone once submitted
    const list = await unitClient.call('GET', '/api/applications');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(ok.body.id);
    const detail = await unitClient.call('GET', `/api/applications/${ok.body.id}`);
    expect(detail.body.progress.state).toBe('ACTIVE');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['submit']);
  });
});
