/**
 * 注册人员管理 / 注册证书管理 (manual 000 menus): the combined query of the unit's registered persons
 * (name, ID number, certificate number, item, status, end dates) filtered and paged on the server
 * with ID numbers and mobiles masked; the certificate query with validity; the statistics by
 * status, item and certificate validity; field-level Chinese 400s; another unit sees none of it.
 * Records are written directly through the registry (no process instance).
 */
import { endRecord } from '../../db/publicity/practitioners';
import { addDays, localDate } from '../../domain/publicity/rules';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

let sys: TestSystem;
let unit: Client;
let other: Client;
const today = localDate(new Date());
const P: Record<string, { id: string; idNumber: string; recordId?: string }> = {};
const tag = Date.now().toString().slice(-6);

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const u = await unitWithAccount(sys.db);
  unit = await signIn(sys.url, u.login, u.password);
  const o = await unitWithAccount(sys.db);
  other = await signIn(sys.url, o.login, o.password);
  const unitId = u.unit.id;
  P.jia = await seedPerson(sys.db, { name: '综查甲', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId, mobile: '13912345678' });
  P.yi = await seedPerson(sys.db, { name: '综查乙', qualifications: [{ itemCode: 'S-UT', grade: 1 }], recordItems: [{ itemCode: 'S-UT', grade: 1 }], unitId, validUntil: addDays(today, -10) });
  P.bing = await seedPerson(sys.db, { name: '综查丙', qualifications: [{ itemCode: 'S-UT', grade: 2 }, { itemCode: 'Y-GL', grade: 1 }], recordItems: [{ itemCode: 'S-UT', grade: 2 }, { itemCode: 'Y-GL', grade: 1 }], unitId, validUntil: addDays(today, 30) });
  P.ding = await seedPerson(sys.db, { name: '综查丁', qualifications: [{ itemCode: 'Y-GL', grade: 1 }], recordItems: [{ itemCode: 'Y-GL', grade: 1 }], unitId });
  await sys.db.transaction((trx) => endRecord(trx, { recordId: P.ding.recordId!, reason: 'cancelled' }));
  P.wu = await seedPerson(sys.db, { name: '综查戊', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: o.unit.id });
  for (const [k, no] of Object.entries({ jia: `ZC${tag}-A`, yi: `ZC${tag}-B`, bing: `ZC${tag}-C`, ding: `ZC${tag}-D` })) {
    await sys.db('publicity_records').where({ id: P[k].recordId }).update({ certificate_no: no });
  }
});
afterAll(async () => {
  await sys?.stop();
});

type Listed = { items: Array<Record<string, unknown>>; total: number; page: number; pageSize: number };
const get = async (path: string, q: Record<string, string | number> = {}, who = unit): Promise<Listed> => {
  const r = await who.call('GET', `${path}?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`);
  expect(r.status).toBe(200);
  return r.body as Listed;
};
const names = (r: Listed) => r.items.map((i) => String(i.name).slice(-1));

describe('注册人员综合查询', () => {
  it('lists the unit’s registered persons by name with status, items, validity; ID numbers and mobiles masked', async () => {
    const all = await get('/api/publicity/persons');
    expect(all.total).toBe(4);
    expect(new Set(names(all))).toEqual(new Set(['甲', '乙', '丙', '丁']));
    const jia = all.items.find((i) => i.name === '综查甲')!;
    expect(jia).toMatchObject({ status: 'valid', certificateNo: `ZC${tag}-A`, mobile: '139****5678', typeLabel: '初始', itemLabels: [expect.stringMatching(/^Y-GL 锅炉检验/)] });
    expect(jia.idNumber).toBe(`${P.jia.idNumber.slice(0, 6)}***********${P.jia.idNumber.slice(-1)}`);
    expect(JSON.stringify(all)).not.toContain(P.jia.idNumber);
    expect(all.items.find((i) => i.name === '综查乙')).toMatchObject({ status: 'expired', daysLeft: null });
    expect(all.items.find((i) => i.name === '综查丙')).toMatchObject({ status: 'valid', daysLeft: 30 });
    expect(all.items.find((i) => i.name === '综查丁')).toMatchObject({ status: 'ended', endReason: expect.stringMatching(/^已注销/), endedOn: today });
    expect((all as unknown as { itemOptions: unknown[] }).itemOptions).toContainEqual({ code: 'S-UT', label: 'S-UT 超声检测' });
    // another unit sees only its own
    expect(names(await get('/api/publicity/persons', {}, other))).toEqual(['戊']);
  });

  it('filters by name, ID number, certificate number, item, status and end dates, and pages on the server', async () => {
    expect(names(await get('/api/publicity/persons', { name: '查丙' }))).toEqual(['丙']);
    expect(names(await get('/api/publicity/persons', { idNumber: P.yi.idNumber }))).toEqual(['乙']);
    expect(names(await get('/api/publicity/persons', { certificateNo: `${tag}-d` }))).toEqual(['丁']);
    expect(new Set(names(await get('/api/publicity/persons', { itemCode: 'S-UT' })))).toEqual(new Set(['乙', '丙']));
    expect(new Set(names(await get('/api/publicity/persons', { status: 'valid' })))).toEqual(new Set(['甲', '丙']));
    expect(names(await get('/api/publicity/persons', { status: 'expired' }))).toEqual(['乙']);
    expect(names(await get('/api/publicity/persons', { status: 'ended' }))).toEqual(['丁']);
    expect(names(await get('/api/publicity/persons', { itemCode: 'Y-GL', status: 'valid', validTo: addDays(today, 60) }))).toEqual(['丙']);
    expect(new Set(names(await get('/api/publicity/persons', { validFrom: addDays(today, 31) })))).toEqual(new Set(['甲', '丁']));
    const page2 = await get('/api/publicity/persons', { pageSize: 3, page: 2 });
    expect({ total: page2.total, page: page2.page, pageSize: page2.pageSize, n: page2.items.length }).toEqual({ total: 4, page: 2, pageSize: 3, n: 1 });
    const page1 = await get('/api/publicity/persons', { pageSize: 3, page: 1 });
    expect(new Set([...names(page1), ...names(page2)]).size).toBe(4);
    expect((await get('/api/publicity/persons', { name: '%' })).total).toBe(0); // "%" is a character, not a wildcard
  });

  it('refuses a bad condition with field-level Chinese messages', async () => {
    const bad = await unit.call('GET', '/api/publicity/persons?status=gone&idNumber=123&itemCode=X-XX&validFrom=2026-13-01&pageSize=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({
      status: expect.stringMatching(/注册状态/), idNumber: expect.stringMatching(/身份证/), itemCode: expect.stringMatching(/资质项目/),
      validFrom: expect.stringMatching(/YYYY-MM-DD/), pageSize: expect.stringMatching(/每页/),
    });
    const backwards = await unit.call('GET', '/api/publicity/persons?validFrom=2027-05-01&validTo=2027-04-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields.validTo).toMatch(/结束日期不能早于开始日期/);
  });
});

describe('注册人员证书查询', () => {
  it('finds the unit’s certificates by number with their validity, soonest end first', async () => {
    const all = await get('/api/publicity/certificates');
    expect(all.items.map((i) => i.certificateNo)).toEqual([`ZC${tag}-B`, `ZC${tag}-C`, `ZC${tag}-A`, `ZC${tag}-D`].sort((a, b) => {
      const until = (c: string) => String(all.items.find((i) => i.certificateNo === c)!.validUntil);
      return until(a).localeCompare(until(b)) || a.localeCompare(b);
    }));
    const one = await get('/api/publicity/certificates', { certificateNo: `ZC${tag}-C` });
    expect(one.items).toEqual([expect.objectContaining({ name: '综查丙', status: 'valid', validUntil: addDays(today, 30), daysLeft: 30 })]);
    expect((await get('/api/publicity/certificates', { certificateNo: `ZC${tag}-A` }, other)).total).toBe(0);
    // a record without a certificate number is not a certificate
    await sys.db('publicity_records').where({ id: P.jia.recordId }).update({ certificate_no: null });
    expect((await get('/api/publicity/certificates', { name: '综查甲' })).total).toBe(0);
    await sys.db('publicity_records').where({ id: P.jia.recordId }).update({ certificate_no: `ZC${tag}-A` });
    const bad = await unit.call('GET', `/api/publicity/certificates?certificateNo=${'9'.repeat(41)}&status=x`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({ certificateNo: expect.stringMatching(/证书编号最多 40 个字符/), status: expect.stringMatching(/注册状态/) });
  });
});

describe('单位注册人员统计', () => {
  it('counts the unit’s registered persons by status, the current ones by item and grade, and the certificates', async () => {
    const r = await unit.call('GET', '/api/publicity/persons/statistics');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ date: today, total: 4, byStatus: { valid: 2, expired: 1, ended: 1 }, certificates: { valid: 2, expiringSoon: 1, expired: 1, soonDays: 90 } });
    expect(r.body.byItem).toEqual([
      { itemCode: 'S-UT', grade: 1, label: 'S-UT 超声检测', gradeLabel: '检测员', valid: 0, expired: 1 },
      { itemCode: 'S-UT', grade: 2, label: 'S-UT 超声检测', gradeLabel: '检测师', valid: 1, expired: 0 },
      { itemCode: 'Y-GL', grade: 1, label: 'Y-GL 锅炉检验', gradeLabel: '检验员', valid: 1, expired: 0 },
      { itemCode: 'Y-GL', grade: 2, label: 'Y-GL 锅炉检验', gradeLabel: '检验师', valid: 1, expired: 0 },
    ]);
    expect((await other.call('GET', '/api/publicity/persons/statistics')).body).toMatchObject({ total: 1, byStatus: { valid: 1, expired: 0, ended: 0 } });
  });
});
