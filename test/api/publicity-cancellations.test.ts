/**
 * The unit's cancellation requests (注销申请, manual §3.3.4): the list's conditions (person name or
 * ID number, number, request date, status) filtered and paged on the server; a new request is
 * 待提交 until the stamped form is handed in; the courier number; delete only before the hand-in
 * (409 with a Chinese message after it); another unit sees none of it. Rows are written directly
 * (no process instance): the process test covers the engine's side.
 */
import { addPublicityApplicationRow } from '../../db/publicity/practitioners';
import { PROCESS } from '../../domain/registry';
import { createApplication } from '../support/factories';
import { PNG } from '../support/fixtures';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

let sys: TestSystem;
let unit: Client;
let other: Client;
let unitId: string;
const persons: Array<{ id: string; idNumber: string }> = [];
const ids: Record<string, string> = {};

/** A cancellation row of the unit: its number, status, request day (China time) and persons. */
async function cancellation(number: string, status: string, day: string, who: number[], data: Record<string, unknown> = {}) {
  const app = await createApplication(sys.db, { processId: PROCESS.publicityCancel, status, unitId, number, data: { type: 'cancel', contactName: '列表联系人', contactPhone: '010-66667777', ...data } });
  await sys.db('applications').where({ id: app.id }).update({ created_at: `${day}T10:00:00+08:00` });
  for (const i of who) await addPublicityApplicationRow(sys.db, { applicationId: app.id, practitionerId: persons[i].id, unitId, type: 'cancel', reason: '离职' });
  return app.id;
}

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const u = await unitWithAccount(sys.db);
  unitId = u.unit.id;
  unit = await signIn(sys.url, u.login, u.password);
  const o = await unitWithAccount(sys.db);
  other = await signIn(sys.url, o.login, o.password);
  for (const name of ['列表注销甲', '列表注销乙', '另一人丙']) {
    persons.push(await seedPerson(sys.db, { name, qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId }));
  }
  const tag = Date.now().toString().slice(-6);
  ids.pending = await cancellation(`D2026E${tag}01`, 'pending', '2026-03-01', [0]);
  ids.legacy = await cancellation(`D2026E${tag}02`, 'submitted', '2026-03-05', [1]); // made before 待提交 existed: still not handed in
  ids.review = await cancellation(`D2026E${tag}03`, 'in_review', '2026-03-10', [0, 1], { courierNumber: 'SF1234567890' });
  ids.approved = await cancellation(`D2026E${tag}04`, 'approved', '2026-04-02', [2]);
  ids.rejected = await cancellation(`D2026E${tag}05`, 'rejected', '2026-04-20', [2]);
  await sys.db('applications').where({ id: ids.rejected }).update({ decision_reason: '申请表未盖章' });
  ids.deleted = await cancellation(`D2026E${tag}06`, 'deleted', '2026-04-21', [2]);
  ids.tag = tag;
});
afterAll(async () => {
  await sys?.stop();
});

const list = async (q: Record<string, string | number> = {}) => {
  const r = await unit.call('GET', `/api/publicity/cancellations?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`);
  expect(r.status).toBe(200);
  return r.body as { items: Array<Record<string, unknown>>; total: number; page: number; pageSize: number };
};
const numbers = (r: { items: Array<Record<string, unknown>> }) => r.items.map((i) => String(i.number).slice(-2));

describe('the cancellation list', () => {
  it('lists the unit’s requests newest first with the manual’s columns; 待提交 until handed in; deleted ones left out', async () => {
    const all = await list();
    expect(all.total).toBe(5);
    expect(numbers(all)).toEqual(['05', '04', '03', '02', '01']);
    const review = all.items.find((i) => i.id === ids.review)!;
    expect(review).toMatchObject({ contactName: '列表联系人', contactPhone: '010-66667777', persons: 2, courierNumber: 'SF1234567890', status: 'in_review', deletable: false, requestDocumentId: null });
    expect(all.items.find((i) => i.id === ids.legacy)).toMatchObject({ status: 'pending', deletable: true });
    expect(all.items.find((i) => i.id === ids.rejected)).toMatchObject({ status: 'rejected', reason: '申请表未盖章', deletable: false });
    // another unit sees none of them
    expect((await other.call('GET', '/api/publicity/cancellations')).body.total).toBe(0);
  });

  it('filters by person, ID number, number, request date and status, and pages on the server', async () => {
    expect(numbers(await list({ name: '注销乙' }))).toEqual(['03', '02']);
    expect(numbers(await list({ idNumber: persons[0].idNumber }))).toEqual(['03', '01']);
    expect(numbers(await list({ number: `${ids.tag}04` }))).toEqual(['04']);
    expect(numbers(await list({ dateFrom: '2026-03-05', dateTo: '2026-04-02' }))).toEqual(['04', '03', '02']);
    expect(numbers(await list({ status: 'pending' }))).toEqual(['02', '01']);
    expect(numbers(await list({ status: 'rejected', name: '丙' }))).toEqual(['05']);
    const page2 = await list({ pageSize: 2, page: 2 });
    expect({ total: page2.total, page: page2.page, n: numbers(page2) }).toEqual({ total: 5, page: 2, n: ['03', '02'] });
    expect((await list({ name: '%' })).total).toBe(0); // "%" is a character, not a wildcard

    const bad = await unit.call('GET', '/api/publicity/cancellations?status=deleted&idNumber=123&dateFrom=2026-13-01&page=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({ status: expect.stringMatching(/待提交/), idNumber: expect.stringMatching(/身份证/), dateFrom: expect.stringMatching(/YYYY-MM-DD/), page: expect.stringMatching(/页码/) });
    const backwards = await unit.call('GET', '/api/publicity/cancellations?dateFrom=2026-05-01&dateTo=2026-04-01');
    expect(backwards.body.error.fields.dateTo).toMatch(/结束日期不能早于开始日期/);
  });

  it('keeps a courier number while the request is pending or in review', async () => {
    const bad = await unit.call('PATCH', `/api/publicity/cancellations/${ids.pending}`, { courierNumber: '顺丰 12' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.courierNumber).toMatch(/快递单号应为/);
    const ok = await unit.call('PATCH', `/api/publicity/cancellations/${ids.pending}`, { courierNumber: 'YT9876543210' });
    expect(ok.body).toEqual({ id: ids.pending, courierNumber: 'YT9876543210' });
    expect((await unit.call('GET', `/api/publicity/cancellations/${ids.pending}`)).body).toMatchObject({ courierNumber: 'YT9876543210', status: 'pending', deletable: true });
    expect((await unit.call('PATCH', `/api/publicity/cancellations/${ids.review}`, { courierNumber: 'SF0000000001' })).status).toBe(200);
    const finished = await unit.call('PATCH', `/api/publicity/cancellations/${ids.approved}`, { courierNumber: 'SF0000000002' });
    expect(finished.status).toBe(409);
    expect(finished.body.error.message).toMatch(/已办结/);
    expect((await other.call('PATCH', `/api/publicity/cancellations/${ids.pending}`, { courierNumber: 'SF0000000003' })).status).toBe(404);
  });

  it('deletes a request only before the hand-in: after it 409 with a Chinese message, nothing changed', async () => {
    for (const id of [ids.review, ids.approved, ids.rejected]) {
      const refused = await unit.call('DELETE', `/api/publicity/cancellations/${id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'ALREADY_SUBMITTED', message: expect.stringMatching(/^申请已提交（已上传盖章申请表），不能删除/) });
    }
    expect((await sys.db('applications').where({ id: ids.review }).first()).status).toBe('in_review');
    expect((await other.call('DELETE', `/api/publicity/cancellations/${ids.pending}`)).status).toBe(404);

    // the person of the pending request is taken until it is deleted
    const taken = async () => (await unit.call('GET', '/api/publicity/cancel/candidates')).body.items.find((p: { personId: string }) => p.personId === persons[0].id).inProgress;
    expect(await taken()).toBeTruthy();
    expect((await unit.call('DELETE', `/api/publicity/cancellations/${ids.pending}`)).status).toBe(204);
    expect((await unit.call('DELETE', `/api/publicity/cancellations/${ids.pending}`)).status).toBe(404);
    expect((await sys.db('applications').where({ id: ids.pending }).first()).status).toBe('deleted');
    expect(await sys.db('audit').where({ application_id: ids.pending, action: 'delete' }).first()).toMatchObject({ from_status: 'pending', to_status: 'deleted' });
    expect((await list()).items.map((i) => i.id)).not.toContain(ids.pending);
    // persons[0] is still in the in-review request: taken by that one now
    expect(await taken()).toBe((await sys.db('applications').where({ id: ids.review }).first()).number);
    // a request made before 待提交 existed is deletable too
    expect((await unit.call('DELETE', `/api/publicity/cancellations/${ids.legacy}`)).status).toBe(204);
    // a deleted request takes no stamped form
    const file = (await unit.upload('a.png', PNG)).body;
    expect((await unit.call('POST', `/api/publicity/cancellations/${ids.legacy}/stamped-form`, { file: { id: file.id } })).status).toBe(409);
  });
});
