/** Generated documents: Chinese PDF read back, idempotent issue, access, public verification, tampering. */
import { issueDocument } from '../../db/documents';
import { normalizeVerificationCode, newVerificationCode } from '../../documents/code';
import { pdfText } from '../../documents/parse';
import { DOCUMENT_KIND } from '../../domain/registry';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { signedInUnit, freshLogin, createApplication } from '../support/factories';

let sys: TestSystem;
let owner: Client;
let stranger: Client;
let reviewer: Client;
let unitId: string;
let applicationId: string;

async function unitAccount(name: string): Promise<{ client: Client; unitId: string }> {
  const { unit, client } = await signedInUnit(sys, {
    unit: { name, legal_representative: '钱一', district: '110108', address: '北京市海淀区文书路 1 号', postcode: '100080', phone: '010-1' },
    account: { login: freshLogin('doc'), displayName: '钱一' },
  });
  return { client, unitId: unit.id };
}

const deps = () => ({ db: sys.db, fileStoreDir: sys.config.fileStoreDir, publicUrl: 'https://permitflow.example', now: () => new Date('2026-11-23T06:30:00Z') });

const layout = {
  title: '从业人员公示申请表',
  number: { label: '申请编号', value: 'GS2026-000042' },
  sections: [
    { heading: '一、人员信息', fields: [['姓名', '欧阳明'], ['身份证号', '110101********0015'], ['工作单位', '北京文书检测有限公司']] as Array<[string, string]> },
    { heading: '二、公示项目', table: { columns: ['项目代码', '项目名称', '级别'], rows: [['Y-GL', '锅炉检验', '高级'], ['Y-RQ', '压力容器检验', '中级']] } },
    { heading: '三、承诺', paragraphs: ['本人承诺所填信息真实、准确、完整，如有虚假愿承担相应法律责任。'] },
  ],
  signatures: ['申请人签字 / Signature', '单位盖章 / Unit stamp'],
};

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await unitAccount('北京文书检测有限公司');
  owner = a.client;
  unitId = a.unitId;
  stranger = (await unitAccount('另一家检测有限公司')).client;
  const r = await createAccount(sys, { kind: 'reviewer', groups: ['unit-reviewers'] });
  reviewer = await signIn(sys.url, r.login, r.password);
  const app = await createApplication(sys.db, { number: `DOC${Date.now()}`, processId: 'unit-qualification', unitId });
  applicationId = app.id;
});
afterAll(async () => {
  await sys?.stop();
});

describe('verification codes', () => {
  it('are 12 unambiguous characters and are read back however they are typed', () => {
    const codes = new Set(Array.from({ length: 2000 }, newVerificationCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) {
      expect(c).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      expect(normalizeVerificationCode(c.toLowerCase().replace(/-/g, ' '))).toBe(c);
    }
    expect(normalizeVerificationCode('ABCD-EFGH-JK0O')).toBeUndefined(); // 0 and O are never printed
    expect(normalizeVerificationCode('ABCD-EFGH')).toBeUndefined();
  });
});

describe('documents', () => {
  let doc: Awaited<ReturnType<typeof issueDocument>>;
  let pdf: Buffer;

  beforeAll(async () => {
    doc = await issueDocument(deps(), { key: `sample:${applicationId}`, kind: DOCUMENT_KIND.sample, title: '从业人员公示申请表', applicationId, unitId, number: 'GS2026-000042', layout });
  });

  it('is a PDF whose text, read back, holds the number, the names in Chinese and its own verification code', async () => {
    const res = await owner.raw(`/api/documents/${doc.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('GS2026-000042');
    expect(text).toContain('欧阳明');
    expect(text).toContain('北京文书检测有限公司');
    expect(text).toContain('压力容器检验');
    expect(text).toContain(doc.code);
    expect(text).toContain(`https://permitflow.example/#/verify/${doc.code}`);
  });

  it('is issued once per key: a retried job gets the same document and code', async () => {
    const again = await issueDocument(deps(), { key: `sample:${applicationId}`, kind: DOCUMENT_KIND.sample, title: '从业人员公示申请表', applicationId, unitId, number: 'GS2026-000042', layout });
    expect(again.id).toBe(doc.id);
    expect(again.code).toBe(doc.code);
    expect(await sys.db('documents').where({ idempotency_key: `sample:${applicationId}` }).count().first()).toEqual({ count: '1' });
  });

  it('is listed with its application for the unit and staff, and hidden from other units and the public', async () => {
    const mine = await owner.call('GET', `/api/applications/${applicationId}/documents`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: doc.id, code: doc.code, number: 'GS2026-000042', url: `/api/documents/${doc.id}` })]);
    expect((await reviewer.call('GET', `/api/documents/${doc.id}`)).status).toBe(200);
    expect((await stranger.call('GET', `/api/documents/${doc.id}`)).status).toBe(404);
    expect((await stranger.call('GET', `/api/applications/${applicationId}/documents`)).status).toBe(404);
    expect((await fetch(`${sys.url}/api/documents/${doc.id}`)).status).toBe(401);
  });

  it('resolves its verification code publicly, however it is typed', async () => {
    const res = await fetch(`${sys.url}/api/public/verify/${doc.code.toLowerCase().replace(/-/g, '')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: doc.code, kind: 'sample', title: '从业人员公示申请表', number: 'GS2026-000042', sha256: doc.sha256, status: 'valid' });
    const unknown = await fetch(`${sys.url}/api/public/verify/ZZZZ-ZZZZ-ZZZZ`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/验证码/);
  });

  it('matches the issued file byte for byte, and refuses a tampered copy', async () => {
    const post = (body: Buffer, type = 'application/pdf') => fetch(`${sys.url}/api/public/verify/${doc.code}`, { method: 'POST', headers: { 'content-type': type }, body });
    const same = await post(pdf);
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ matches: true, sha256: doc.sha256, uploadedSha256: doc.sha256 });
    const tampered = Buffer.from(pdf.toString('latin1').replace('GS2026-000042', 'GS2026-000043'), 'latin1');
    const other = await post(tampered.equals(pdf) ? Buffer.concat([pdf, Buffer.from('%tampered')]) : tampered);
    expect(other.status).toBe(200);
    const body = (await other.json()) as { matches: boolean; uploadedSha256: string };
    expect(body.matches).toBe(false);
    expect(body.uploadedSha256).not.toBe(doc.sha256);
    expect((await post(Buffer.from('not a pdf'), 'text/plain')).status).toBe(415);
  });

  it('reports a revoked document as not valid', async () => {
    const d2 = await issueDocument(deps(), { key: `sample:revoked:${applicationId}`, kind: DOCUMENT_KIND.sample, title: '样例证书', applicationId, unitId, layout: { title: '样例证书', sections: [{ paragraphs: ['作废测试'] }] } });
    await sys.db('documents').where({ id: d2.id }).update({ status: 'revoked', revoked_reason: '证书已注销', revoked_at: new Date() });
    const res = await fetch(`${sys.url}/api/public/verify/${d2.code}`);
    expect((await res.json()) as object).toMatchObject({ status: 'revoked', revokedReason: '证书已注销' });
  });
});
