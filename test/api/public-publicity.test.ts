/**
 * GET /api/public/publicity — anonymous: by name + ID number or by unit; only records valid today;
 * ID numbers masked, mobiles never shown; bad input 400; nothing found 404; rate-limited 429.
 */
import { addDays } from '../../domain/publicity/rules';
import { endRecord } from '../../db/publicity/practitioners';
import { maskIdNumber } from '../../domain/validators';
import { startTestSystem, TestSystem } from '../support/harness';
import { freshIdNumber, seedPerson, today, unitWithAccount } from '../support/publicity-fixtures';

let sys: TestSystem;
let unit: { id: string; name: string; uscc: string };
let valid: { id: string; idNumber: string };
let ended: { id: string; idNumber: string; recordId?: string };
let expired: { id: string; idNumber: string };
let future: { id: string; idNumber: string };
const MOBILE = '13912345678';

/** this suite's own client address (the app trusts a loopback proxy), so its queries never count against other suites' 127.0.0.1 */
const CLIENT = { 'x-forwarded-for': '198.51.100.23' };
const get = async (query: Record<string, string>) => {
  const r = await fetch(`${sys.url}/api/public/publicity?${new URLSearchParams(query)}`, { headers: CLIENT });
  return { status: r.status, headers: r.headers, body: (await r.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const resetLimit = async () => {
  const keys = await sys.redis.keys(`rl:public-publicity:*${CLIENT['x-forwarded-for']}`);
  if (keys.length) await sys.redis.del(...keys);
};

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  ({ unit } = await unitWithAccount(sys.db, { name: `公示查询测试检验所${Date.now()}` }));
  const q = [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 3 }];
  valid = await seedPerson(sys.db, { name: '查询有效', qualifications: q, recordItems: [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 3 }], unitId: unit.id, mobile: MOBILE });
  ended = await seedPerson(sys.db, { name: '查询已注销', qualifications: q, recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
  await sys.db.transaction(async (trx) => endRecord(trx, { recordId: ended.recordId!, reason: 'cancelled' }));
  expired = await seedPerson(sys.db, { name: '查询已过期', qualifications: q, recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id, startDate: addDays(today(), -1500), validUntil: addDays(today(), -1) });
  future = await seedPerson(sys.db, { name: '查询未开始', qualifications: q, recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id, startDate: addDays(today(), 5) });
});
beforeEach(resetLimit);
afterAll(async () => {
  await resetLimit();
  await sys?.stop();
});

describe('GET /api/public/publicity', () => {
  it('finds a person with a valid record by name + ID number: ID masked, items listed, no mobile', async () => {
    const r = await get({ name: '查询有效', idNumber: valid.idNumber });
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(1);
    const p = r.body.items[0];
    expect(p).toMatchObject({ name: '查询有效', idNumber: maskIdNumber(valid.idNumber), unit: unit.name, startDate: addDays(today(), -200) });
    expect(p.idNumber).toMatch(/^\d{6}\*{11}[\dX]$/);
    expect(p.items.map((i: { itemCode: string; grade: number }) => [i.itemCode, i.grade])).toEqual([['Y-GL', 2], ['Y-RQ', 3]]);
    expect(p.items[1].label).toContain('压力容器检验');
    const raw = JSON.stringify(r.body);
    expect(raw).not.toContain(valid.idNumber);
    expect(raw).not.toContain(valid.idNumber.slice(6, 14)); // the birth date
    expect(raw).not.toContain(MOBILE);
    expect(r.body.query.idNumber).toBe(maskIdNumber(valid.idNumber));
    expect(r.headers.get('cache-control')).toBe('no-store');
    // a lower-case x and surrounding spaces are accepted as typed
    expect((await get({ name: ' 查询有效 ', idNumber: ` ${valid.idNumber.toLowerCase()} ` })).status).toBe(200);
  });

  it('shows only valid records: ended, expired and not yet started ones are not found', async () => {
    for (const [name, p] of [['查询已注销', ended], ['查询已过期', expired], ['查询未开始', future]] as const) {
      const r = await get({ name, idNumber: p.idNumber });
      expect([name, r.status, r.body.error.code]).toEqual([name, 404, 'NOT_FOUND']);
    }
    const byUnit = await get({ unit: unit.name });
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.items.map((p: { name: string }) => p.name)).toEqual(['查询有效']);
    expect((await get({ unit: unit.uscc })).body.items.map((p: { name: string }) => p.name)).toEqual(['查询有效']);
    expect((await get({ unit: unit.name.slice(0, 8) })).body.items.map((p: { name: string }) => p.name)).toContain('查询有效');
  });

  it('not found: a wrong name for the ID, an unknown ID, an unknown unit; LIKE wildcards are literal', async () => {
    expect((await get({ name: '别人', idNumber: valid.idNumber })).status).toBe(404);
    const r = await get({ name: '查询有效', idNumber: freshIdNumber() });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('查无此人');
    expect((await get({ unit: '不存在的单位名称' })).status).toBe(404);
    expect((await get({ unit: '%%' })).status).toBe(404);
    expect((await get({ unit: '__' })).status).toBe(404);
  });

  it('bad input is a 400 with the fields named', async () => {
    const cases: Array<[Record<string, string>, string[]]> = [
      [{}, ['idNumber', 'name']],
      [{ name: '查询有效' }, ['idNumber']],
      [{ idNumber: valid.idNumber }, ['name']],
      [{ name: '查询有效', idNumber: valid.idNumber.slice(0, 17) + (valid.idNumber[17] === '0' ? '1' : '0') }, ['idNumber']],
      [{ name: '查询有效', idNumber: '12345' }, ['idNumber']],
      [{ name: 'x'.repeat(51), idNumber: valid.idNumber }, ['name']],
      [{ unit: '检' }, ['unit']],
      [{ unit: unit.name, name: '查询有效' }, ['unit']],
    ];
    for (const [query, fields] of cases) {
      const r = await get(query);
      expect([query, r.status, r.body.error.code, Object.keys(r.body.error.fields).sort()]).toEqual([query, 400, 'VALIDATION_FAILED', fields]);
    }
    const arr = await fetch(`${sys.url}/api/public/publicity?name=a&name=b&idNumber=${valid.idNumber}`, { headers: CLIENT });
    expect(arr.status).toBe(400);
  });

  it('is rate-limited per IP: the 31st query in a minute is refused with Retry-After', async () => {
    for (let i = 0; i < 30; i++) expect((await get({ unit: unit.uscc })).status).toBe(200);
    const r = await get({ unit: unit.uscc });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
