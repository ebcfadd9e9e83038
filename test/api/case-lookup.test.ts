/**
 * GET /api/public/cases/lookup — where is my case: by number with the unit's USCC or the contact
 * mobile, or signed in as the case's unit; the applicant's timeline (submitted, under review,
 * returned with the opinion, resubmitted, approved / rejected), the working days used and left of a
 * limited process, and the next-step sentence. A wrong second factor answers exactly as a missing
 * number; the endpoint is in the anonymous rate-limit groups.
 */
import type { Request, Response } from 'express';
import { hashPassword } from '../../core/passwords';
import { anonymousLimits } from '../../api/rate-limit';
import { workingDaysBetween } from '../../domain/calendar';
import { freshUscc, registrationBody } from '../support/fixtures';
import { eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
/* eslint-disable @typescript-eslint/no-explicit-any */

let sys: TestSystem;
const MOBILE = '13712345678';
const REASON = '法定代表人姓名有误 / wrong legal representative';
const stamp = Date.now();
const reg = { uscc: freshUscc(), number: `REG-LK-${stamp}`, id: '' };
const rejected = { uscc: freshUscc(), number: `REG-LKR-${stamp}`, id: '' };
const permit = { number: `PPN-LK-${stamp}`, id: '', unitId: '', uscc: freshUscc(), created: new Date(Date.now() - 10 * 86_400_000) };
const unitLogin = { login: `lk${stamp}`, password: 'Lookup2026!x' };
const otherLogin = { login: `lko${stamp}`, password: 'Lookup2026!x' };

const get = async (query: Record<string, string>) => {
  const r = await fetch(`${sys.url}/api/public/cases/lookup?${new URLSearchParams(query)}`);
  return { status: r.status, body: (await r.json()) as any };
};
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function registrationCase(c: { uscc: string; number: string }, status: string): Promise<string> {
  const [app] = await sys.db('applications')
    .insert({ number: c.number, process_id: 'unit-registration', status, subject_key: c.uscc, data: JSON.stringify({ unit: { uscc: c.uscc, name: '查询测试单位' }, contact: { name: '李四', mobile: MOBILE } }), created_at: minutesAgo(60) })
    .returning('id');
  return app.id;
}

beforeAll(async () => {
  sys = await startTestSystem();
  // returned once, resubmitted, now under review again
  reg.id = await registrationCase(reg, 'in_review');
  await sys.db('audit').insert([
    { application_id: reg.id, actor: 'applicant', action: 'submit', from_status: null, to_status: 'submitted', at: minutesAgo(50) },
    { application_id: reg.id, actor: 'system', action: 'validated', from_status: 'submitted', to_status: 'in_review', at: minutesAgo(49) },
    { application_id: reg.id, actor: 'reviewer1', action: 'reject', from_status: 'in_review', to_status: 'rejected', details: JSON.stringify({ decision: 'reject', reason: REASON }), at: minutesAgo(40) },
    { application_id: reg.id, actor: 'applicant', action: 'resubmit', from_status: 'rejected', to_status: 'submitted', at: minutesAgo(30) },
    { application_id: reg.id, actor: 'system', action: 'validated', from_status: 'submitted', to_status: 'in_review', at: minutesAgo(29) },
  ]);
  // rejected for good
  rejected.id = await registrationCase(rejected, 'rejected');
  await sys.db('applications').where({ id: rejected.id }).update({ decision: 'reject', decided_at: minutesAgo(5) });
  await sys.db('audit').insert([
    { application_id: rejected.id, actor: 'applicant', action: 'submit', to_status: 'submitted', at: minutesAgo(20) },
    // the step completed, then the status set: one rejection; staff audit after it: not shown
    { application_id: rejected.id, actor: 'reviewer1', action: 'task-complete', details: JSON.stringify({ decision: 'reject', reason: '材料不全 / materials incomplete' }), at: minutesAgo(6) },
    { application_id: rejected.id, actor: 'reviewer1', action: 'reject', from_status: 'in_review', to_status: 'rejected', details: JSON.stringify({ decision: 'reject', reason: '材料不全 / materials incomplete' }), at: minutesAgo(5) },
    { application_id: rejected.id, actor: 'admin1', action: 'personal-data-revealed', details: JSON.stringify({ fields: ['mobile'] }), at: minutesAgo(4) },
  ]);
  // a unit's power-permit case submitted 10 days ago (statutory limit 20 working days)
  const units = await sys.db('units')
    .insert([permit.uscc, freshUscc()].map((uscc, i) => ({ uscc, name: `查询测试单位${i}${stamp}`, legal_representative: '蒋一', province: '110000', city: '110100', district: '110101', address: '北京市东城区查询路 1 号', postcode: '100010', phone: '010-1111111', status: 'active' })))
    .returning('id');
  permit.unitId = units[0].id;
  const hash = await hashPassword(unitLogin.password);
  await sys.db('accounts').insert([
    { login: unitLogin.login, password_hash: hash, kind: 'unit-main', display_name: '主帐号', email: `${unitLogin.login}@example.test`, unit_id: units[0].id, status: 'active' },
    { login: otherLogin.login, password_hash: hash, kind: 'unit-main', display_name: '主帐号', email: `${otherLogin.login}@example.test`, unit_id: units[1].id, status: 'active' },
  ]);
  const [pp] = await sys.db('applications')
    .insert({ number: permit.number, process_id: 'power-permit-new', status: 'in_review', unit_id: permit.unitId, data: JSON.stringify({}), created_at: permit.created })
    .returning('id');
  permit.id = pp.id;
  await sys.db('audit').insert([
    { application_id: permit.id, actor: unitLogin.login, action: 'submit', to_status: 'submitted', at: permit.created },
    // a middle step approved is still under review to the applicant
    { application_id: permit.id, actor: 'reviewer1', action: 'task-complete', details: JSON.stringify({ decision: 'approve' }), at: new Date(permit.created.getTime() + 3_600_000) },
  ]);
});
afterAll(async () => {
  const ids = [reg.id, rejected.id, permit.id].filter(Boolean);
  await sys.db('audit').whereIn('application_id', ids).delete();
  await sys.db('applications').whereIn('id', ids).delete();
  await sys.db('accounts').whereIn('login', [unitLogin.login, otherLogin.login]).delete();
  await sys.db('units').where('name', 'like', `查询测试单位%${stamp}`).delete();
  await sys.stop();
});

describe('the case lookup', () => {
  it('by number and USCC: status, timeline with the return and its opinion, what happens next', async () => {
    const r = await get({ number: reg.number, uscc: reg.uscc.toLowerCase() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number: reg.number, processId: 'unit-registration', status: 'in_review', workingDays: null });
    expect(r.body.processName).toEqual(expect.any(String));
    expect(Math.abs(Date.parse(r.body.submittedAt) - minutesAgo(50).getTime())).toBeLessThan(5000);
    expect(r.body.timeline.map((s: any) => s.kind)).toEqual(['submitted', 'under-review', 'returned', 'resubmitted', 'under-review']);
    expect(r.body.timeline[2].opinion).toBe(REASON);
    expect(r.body.timeline.filter((s: any) => s.opinion).length).toBe(1);
    expect(r.body.next).toMatch(/审查.* \/ .*review/);
    // no staff names and no internal details
    expect(JSON.stringify(r.body)).not.toContain('reviewer1');
  });

  it('by number and the contact mobile; a final rejection ends the timeline as rejected with its opinion', async () => {
    const r = await get({ number: rejected.number, mobile: MOBILE });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('rejected');
    expect(Math.abs(Date.parse(r.body.decidedAt) - minutesAgo(5).getTime())).toBeLessThan(5000);
    expect(r.body.timeline.map((s: any) => [s.kind, s.opinion])).toEqual([['submitted', null], ['rejected', '材料不全 / materials incomplete']]);
    expect(r.body.next).toMatch(/重新提交.* \/ .*resubmit/);
  });

  it('working days used and left of a process with a statutory limit', async () => {
    const r = await get({ number: permit.number, uscc: permit.uscc });
    expect(r.status).toBe(200);
    const used = workingDaysBetween(permit.created, new Date());
    expect(used).toBeGreaterThan(0);
    expect(r.body.workingDays).toEqual({ limit: 20, used, left: 20 - used, overdue: false, state: 'counting' });
    expect(r.body.timeline.map((s: any) => s.kind)).toEqual(['submitted', 'under-review']);
  });

  it('a wrong second factor answers exactly as a missing number', async () => {
    const missing = await get({ number: `NOPE-${stamp}`, uscc: reg.uscc });
    expect(missing.status).toBe(404);
    const mismatches: Array<Record<string, string>> = [{ number: reg.number, uscc: freshUscc() }, { number: reg.number, mobile: '13900000000' }, { number: permit.number, uscc: reg.uscc }, { number: rejected.number, uscc: reg.uscc }];
    for (const q of mismatches) {
      const r = await get(q);
      expect(r.status).toBe(404);
      expect(r.body).toEqual(missing.body);
    }
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/ \/ /) });
  });

  it('anonymous without a second factor: 400 on the field; without a number: 400', async () => {
    const r = await get({ number: reg.number });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual(['uscc']);
    expect((await get({ uscc: reg.uscc })).status).toBe(400);
  });

  it("signed in as the case's unit: no second factor needed; another unit gets the missing-number answer", async () => {
    const own = await signIn(sys.url, unitLogin.login, unitLogin.password);
    const mine = await own.call('GET', `/api/public/cases/lookup?number=${permit.number}`);
    expect(mine.status).toBe(200);
    expect(mine.body.number).toBe(permit.number);
    const other = await signIn(sys.url, otherLogin.login, otherLogin.password);
    const theirs = await other.call('GET', `/api/public/cases/lookup?number=${permit.number}`);
    const missing = await get({ number: `NOPE-${stamp}`, uscc: reg.uscc });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
  });

  it('a registration rejected on the engine: the lookup shows the submission and the rejection with its reason', async () => {
    const body = registrationBody();
    const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { number: string; processInstanceKey: string };
    const task = await eventually(async () => {
      const r = await sys.engineRest<{ items: Array<{ userTaskKey: string }> }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'CREATED' } });
      return r.body.items[0];
    }, 20000, 'the review task');
    const reason = '营业执照图片不清晰 / The business licence image is unreadable';
    expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'reject', reason } })).status).toBe(204);
    const r = await eventually(async () => {
      const l = await get({ number: created.number, uscc: body.unit.uscc });
      return l.body.status === 'rejected' ? l : undefined;
    }, 20000, 'the rejection in the lookup');
    expect(r.body.timeline[0].kind).toBe('submitted');
    expect(r.body.timeline.at(-1)).toMatchObject({ kind: 'rejected', opinion: expect.stringContaining(reason) });
    expect(r.body.timeline.filter((s: any) => s.kind === 'rejected' || s.kind === 'returned').length).toBe(1);
    expect((await get({ number: created.number, mobile: body.contact.mobile })).body.number).toBe(created.number);
  });

  it('is one of the anonymous rate-limited groups', async () => {
    const limit = anonymousLimits(sys.redis, 2);
    const ip = `10.77.${stamp % 250}.7`;
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const req = { method: 'GET', path: '/api/public/cases/lookup', ip } as unknown as Request;
        const res = { setHeader: () => undefined } as unknown as Response;
        limit(req, res, (err?: unknown) => {
          outcomes.push(err ? (err as { status: number }).status : 'next');
          resolve();
        });
      });
    }
    await sys.redis.del(`rl:anon:case-lookup:${ip}`);
    expect(outcomes).toEqual(['next', 'next', 429]);
  });
});
