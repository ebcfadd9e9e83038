/** Uploads (type from content, size cap), drafts, and starting an application from a start form. */
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

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

describe('files', () => {
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
