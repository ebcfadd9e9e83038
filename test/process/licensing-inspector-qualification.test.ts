/**
 * inspector-qualification on the real engine: a person applies once in each category
 * (obtain, renew by exam, renew by review, change) with a photo and attachments; the authority
 * accepts and reviews; the person's list shows each application's status. Unit accounts cannot apply.
 */
import { hashPassword } from '../../core/passwords';
import { FORM, GROUP } from '../../domain/registry';
import { idCheckChar } from '../../domain/validators';
import { PNG } from '../support/fixtures';
import { Client, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { complete, licensingUnit, staffClient } from '../support/licensing';

let sys: TestSystem;
let person: Client;
let authority: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  const login = `p${Date.now().toString(36)}`;
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '孙雪峰', email: `${login}@example.test`, status: 'active' });
  person = await signIn(sys.url, login, 'Person2026!x');
  authority = await staffClient(sys, [GROUP.inspectorAuthority]);
}, 60_000);
afterAll(async () => {
  await sys?.stop();
});

const idNumber = () => {
  const f = `11010819880315${String(100 + Math.floor(Math.random() * 899))}`;
  return f + idCheckChar(f);
};

async function upload(name: string) {
  const r = await person.upload(name, PNG);
  expect(r.status).toBe(201);
  return { id: r.body.id as string, name: r.body.name as string };
}

async function application(category: string, itemCode: string, extra: Record<string, unknown> = {}) {
  return {
    name: '孙雪峰', idNumber: idNumber(), mobile: '18311112222', email: 'sxf@example.test', education: 'bachelor', major: '机械工程', workYears: 6,
    category, itemCode, photo: [await upload('photo.png')], attachments: [await upload('application-form.png'), await upload('diploma.png')], declaration: true, ...extra,
  };
}

it('a person applies once in each category; the authority accepts and reviews; the list shows each status', async () => {
  const cases = [
    { category: 'obtain', itemCode: 'Y-GL', accept: true, approve: true },
    { category: 'renew-exam', itemCode: 'Y-RQ', accept: true, approve: true, extra: { certificateNo: 'TSZ-Y-RQ-2022-0101' } },
    { category: 'renew-review', itemCode: 'Y-DT', accept: true, approve: false, extra: { certificateNo: 'TSZ-Y-DT-2021-0033' } },
    { category: 'change', itemCode: 'S-QZ', accept: false, approve: false, extra: { certificateNo: 'TSZ-S-QZ-2023-0007', changeDetails: '工作单位变更' } },
  ];
  // an item code outside the seeded list is refused
  const bad = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application('obtain', 'X-XX') });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.itemCode).toBeDefined();
  // renewing needs the current certificate number
  const noCert = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application('renew-exam', 'Y-RQ') });
  expect(noCert.status).toBe(400);
  expect(noCert.body.error.fields.certificateNo).toBeDefined();

  // the photo must be a picture, not a PDF
  const pdf = await person.upload('photo.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
  expect(pdf.status).toBe(201);
  const notPhoto = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: { ...(await application('obtain', 'Y-GL')), photo: [{ id: pdf.body.id, name: 'photo.pdf' }] } });
  expect(notPhoto.status).toBe(400);
  expect(notPhoto.body.error.fields.photo).toBeDefined();

  const ids: string[] = [];
  for (const c of cases) {
    const r = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application(c.category, c.itemCode, c.extra) });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  const items = await person.call('GET', '/api/inspector/items');
  expect(items.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['Y-GL', 'Y-RQ', 'Y-DT', 'S-QZ']));

  for (const [i, c] of cases.entries()) {
    const r = await complete(authority, ids[i], FORM.inspectorAccept, c.accept ? { decision: 'accept' } : { decision: 'reject', reason: '材料不齐全' });
    expect(r.status).toBe(200);
  }
  for (const [i, c] of cases.entries()) {
    if (!c.accept) continue;
    await eventually(async () => (await sys.db('applications').where({ id: ids[i] }).first()).status === 'accepted', 20000, 'accepted');
    const r = await complete(authority, ids[i], FORM.inspectorReview, c.approve ? { decision: 'approve' } : { decision: 'reject', reason: '继续教育学时不足' });
    expect(r.status).toBe(200);
  }
  const want = ['approved', 'approved', 'rejected', 'rejected'];
  await eventually(async () => {
    const list = await person.call('GET', '/api/inspector/applications');
    const byId = new Map(list.body.items.map((x: { id: string; status: string }) => [x.id, x.status]));
    return ids.every((id, i) => byId.get(id) === want[i]);
  }, 20000, 'final statuses');
  const list = await person.call('GET', '/api/inspector/applications');
  const rows = ids.map((id) => list.body.items.find((x: { id: string }) => x.id === id));
  expect(rows.map((r) => [r.category, r.itemCode, r.status])).toEqual(cases.map((c, i) => [c.category, c.itemCode, want[i]]));
  expect(rows[0].acceptedAt).not.toBeNull();
  expect(rows[3]).toMatchObject({ acceptedAt: null, reason: '材料不齐全' });
  expect(rows[2].reason).toBe('继续教育学时不足');
  // the person's cases, and only theirs
  const mine = await person.call('GET', '/api/applications');
  expect(mine.body.items.map((x: { id: string }) => x.id).sort()).toEqual([...ids].sort());
  expect((await person.call('GET', `/api/applications/${ids[0]}`)).body.data.photo[0].name).toBe('photo.png');
}, 120_000);

it('is for persons: a unit account cannot apply, and a person cannot apply for a unit licence', async () => {
  const { client: unit } = await licensingUnit(sys, '人员资格测试单位');
  const r = await unit.call('POST', '/api/applications', { processId: 'inspector-qualification', data: {} });
  expect(r.status).toBe(403);
  const p = await person.call('POST', '/api/applications', { processId: 'production-licence', data: {} });
  expect(p.status).toBe(403);
});
