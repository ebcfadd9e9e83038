/**
 * publicity-add (batch of 20 persons, consent counts, renewals offered afterwards) and
 * publicity-cancel (reasons, request PDF, stamped form, review, records ended) on the real engine.
 */
import { hashPassword } from '../../core/passwords';
import { pdfText } from '../../documents/parse';
import { addDays } from '../../domain/publicity/rules';
import { maskIdNumber } from '../../domain/validators';
import { addPublicityApplicationRow, endRecord } from '../../db/publicity/practitioners';
import { publicityAddApplyJob, publicityCancelApplyJob, publicityCancelRequestJob } from '../../workers/publicity/ops';
import { PNG } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { seedPerson, today, unitWithAccount } from '../support/publicity-fixtures';

// a full run shares the engine with every suite before it: the batch and the PDFs may wait their turn
jest.setTimeout(240_000);
let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const approved = (id: string) => eventually(async () => (await sys.db('applications').where({ id }).whereIn('status', ['approved', 'rejected']).first()) ?? undefined, 90_000, `application ${id} decided`);

describe('publicity-add', () => {
  it('adds the pending items of 20 persons in one batch after the consent "20 persons, M items"; renewals due are offered afterwards', async () => {
    const { unit, login, password } = await unitWithAccount(sys.db);
    const persons: Array<{ id: string; idNumber: string }> = [];
    for (let i = 0; i < 20; i++) {
      // each holds Y-GL 2 (published) and Y-RQ 1 + 2 (only grade 2 is added); every fourth also Y-DT 3 (a second item)
      const quals = [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 1 }, { itemCode: 'Y-RQ', grade: 2 }, { itemCode: 'S-UT', grade: 2 }, { itemCode: 'Y-QZ', grade: 2, expiryDate: addDays(today(), -1) }];
      if (i % 4 === 0) quals.push({ itemCode: 'Y-DT', grade: 3 });
      persons.push(await seedPerson(sys.db, { name: `追加人员${String(i + 1).padStart(2, '0')}`, qualifications: quals, recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id }));
    }
    // two persons with nothing to add, whose publicity ends within 90 days (one already ended)
    const dueSoon = await seedPerson(sys.db, { name: '续期人员甲', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id, validUntil: addDays(today(), 30) });
    const dueLater = await seedPerson(sys.db, { name: '续期人员乙', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id, validUntil: addDays(today(), 200) });
    const client = await signIn(sys.url, login, password);

    const list = await client.call('GET', '/api/publicity/add/candidates');
    expect(list.status).toBe(200);
    expect(list.body.totals).toEqual({ persons: 20, items: 25 });
    const first = list.body.items.find((c: { personId: string }) => c.personId === persons[0].id);
    expect(first.pending).toEqual([{ itemCode: 'Y-DT', grade: 3 }, { itemCode: 'Y-RQ', grade: 2 }]);
    expect(first.idNumber).toBe(maskIdNumber(persons[0].idNumber));
    expect(JSON.stringify(list.body)).not.toContain(persons[0].idNumber);

    const selection = persons.map((p) => ({ personId: p.id }));
    // the consent must name the counts of the selection
    const stale = await client.call('POST', '/api/publicity/add', { data: { persons: selection, consentPersons: 20, consentItems: 20, consent: true } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONSENT_MISMATCH', fields: { consentPersons: '20', consentItems: '25' } });
    const noConsent = await client.call('POST', '/api/publicity/add', { data: { persons: selection, consentPersons: 20, consentItems: 25, consent: false } });
    expect(noConsent.status).toBe(400);
    expect(Object.keys(noConsent.body.error.fields)).toEqual(['consent']);
    const stranger = await client.call('POST', '/api/publicity/add', { data: { persons: [...selection, { personId: dueSoon.id }], consentPersons: 21, consentItems: 25, consent: true } });
    expect(stranger.status).toBe(422);
    expect(Object.keys(stranger.body.error.fields)).toEqual(['persons.20.personId']);

    const t0 = Date.now();
    const res = await client.call('POST', '/api/publicity/add', { data: { persons: selection, consentPersons: 20, consentItems: 25, consent: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ persons: 20, items: 25, status: 'submitted' });
    expect(res.body.number).toMatch(/^A\d{4}D1\d{4}$/);
    // while it runs the persons are not offered again
    const again = await client.call('POST', '/api/publicity/add', { data: { persons: selection.slice(0, 1), consentPersons: 1, consentItems: 2, consent: true } });
    expect(again.status).toBe(422);

    const app = await approved(res.body.id);
    expect(app.status).toBe('approved');
    const batchMs = Date.now() - t0;
    const records = await sys.db('publicity_records').whereIn('practitioner_id', persons.map((p) => p.id)).where({ status: 'active' });
    expect(records).toHaveLength(20);
    for (const r of records) {
      const i = persons.findIndex((p) => p.id === r.practitioner_id);
      const expected = [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 2 }];
      if (i % 4 === 0) expected.unshift({ itemCode: 'Y-DT', grade: 3 }); // sorted by item code
      expect(r.items).toEqual(expected);
      expect(r.application_id).toBe(res.body.id);
    }
    const history = await sys.db('publicity_history').where({ application_id: res.body.id, action: 'items-added' });
    expect(history).toHaveLength(20);
    expect(await sys.db('publicity_applications').where({ application_id: res.body.id, type: 'add' })).toHaveLength(20);
    // a redelivered job adds nothing twice
    const deps = { db: sys.db, mailer: sys.mailer, sms: sys.sms, log: sys.log, now: () => new Date(), publicUrl: sys.config.http.publicUrl, fileStoreDir: sys.config.fileStoreDir };
    const job = { key: '1', type: 'x', processInstanceKey: '1', bpmnProcessId: 'publicity-add', processDefinitionKey: '1', elementId: 'apply', elementInstanceKey: '1', headers: {}, retries: 1 };
    expect(await publicityAddApplyJob({ applicationId: res.body.id }, job, deps)).toEqual({ personsAdded: 20, itemsAdded: 25 });
    expect(await sys.db('publicity_history').where({ application_id: res.body.id })).toHaveLength(20);
    const mail = await sys.sink.waitFor((m) => m.to.includes(`${login}@example.test`), 60_000);
    expect(mail.text).toContain(res.body.number);
    process.stdout.write(`publicity-add: 20 persons / 25 items applied ${batchMs} ms after the request\n`);

    // nothing left to add; the renewals due are offered (within 90 days, soonest first)
    expect((await client.call('GET', '/api/publicity/add/candidates')).body.totals).toEqual({ persons: 0, items: 0 });
    const renewals = await client.call('GET', '/api/publicity/renewals');
    expect(renewals.body.items.map((p: { personId: string }) => p.personId)).toEqual([dueSoon.id]);
    expect(renewals.body.items[0]).toMatchObject({ name: '续期人员甲', expired: false, daysLeft: 30 });
    expect((await client.call('GET', '/api/publicity/renewals?days=366')).body.items.map((p: { personId: string }) => p.personId)).toEqual([dueSoon.id, dueLater.id]);
    expect((await client.call('GET', '/api/publicity/renewals?days=abc')).status).toBe(400);
  });

  it('a batch where a person no longer qualifies when it is applied adds nothing and is rejected with the reason', async () => {
    const { unit, login } = await unitWithAccount(sys.db);
    const a = await seedPerson(sys.db, { name: '批次甲', qualifications: [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
    const b = await seedPerson(sys.db, { name: '批次乙', qualifications: [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'Y-RQ', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
    // stored as the API stores a batch, then b's publicity ends before the process runs
    const [app] = await sys.db('applications').insert({ number: `ADDTEST${Date.now()}`, process_id: 'publicity-add', status: 'submitted', unit_id: unit.id, data: JSON.stringify({ type: 'add', persons: [] }) }).returning('*');
    for (const p of [a, b]) await addPublicityApplicationRow(sys.db, { applicationId: app.id, practitionerId: p.id, unitId: unit.id, type: 'add', items: [{ itemCode: 'Y-RQ', grade: 2 }] });
    await sys.db.transaction((trx) => endRecord(trx, { recordId: b.recordId!, reason: 'cancelled' }));
    const started = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'publicity-add', variables: { applicationId: app.id } });
    await sys.db('applications').where({ id: app.id }).update({ process_instance_key: String(started.processInstanceKey) });
    const decided = await approved(app.id);
    expect(decided.status).toBe('rejected');
    expect(decided.decision_reason).toContain('批次乙');
    expect((await sys.db('publicity_records').where({ practitioner_id: a.id, status: 'active' }).first()).items).toEqual([{ itemCode: 'Y-GL', grade: 2 }]);
    expect(await sys.db('publicity_history').where({ application_id: app.id })).toHaveLength(0);
    const mail = await sys.sink.waitFor((m) => m.to.includes(`${login}@example.test`), 60_000);
    expect(mail.text).toContain('批次乙');
    const ended = await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${started.processInstanceKey}`)).body.state === 'COMPLETED') || undefined, 60_000, 'instance completed');
    expect(ended).toBe(true);
  });

  it('refuses other kinds of accounts', async () => {
    const reviewer = await createAccount(sys, { groups: ['publicity-reviewers'] });
    const c = await signIn(sys.url, reviewer.login, reviewer.password);
    expect((await c.call('GET', '/api/publicity/add/candidates')).status).toBe(403);
    expect((await fetch(`${sys.url}/api/publicity/add/candidates`)).status).toBe(401);
    // a sub-account needs the publicity area
    const { unit } = await unitWithAccount(sys.db);
    const sub = `sub${Date.now()}`;
    await sys.db('accounts').insert({ login: sub, password_hash: await hashPassword('Sub2026!x'), kind: 'unit-sub', display_name: '子帐号', unit_id: unit.id, status: 'active', permissions: ['qualification'] });
    const subClient = await signIn(sys.url, sub, 'Sub2026!x');
    expect((await subClient.call('GET', '/api/publicity/cancel/candidates')).status).toBe(403);
    await sys.db('accounts').where({ login: sub }).update({ permissions: ['publicity'] });
    expect((await (await signIn(sys.url, sub, 'Sub2026!x')).call('GET', '/api/publicity/cancel/candidates')).status).toBe(200);
  });
});

describe('publicity-cancel', () => {
  async function setUp() {
    const u = await unitWithAccount(sys.db);
    const mk = (name: string) => seedPerson(sys.db, { name, qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: u.unit.id });
    const persons = [await mk('注销人员甲'), await mk('注销人员乙'), await mk('留任人员丙')];
    const client = await signIn(sys.url, u.login, u.password);
    const reviewer = await createAccount(sys, { groups: ['publicity-reviewers'] });
    return { ...u, persons, client, reviewer: await signIn(sys.url, reviewer.login, reviewer.password) };
  }

  async function request(client: Client, persons: Array<{ id: string }>) {
    const res = await client.call('POST', '/api/publicity/cancellations', {
      data: { contactName: '注销联系人', contactPhone: '010-66668888', persons: [{ personId: persons[0].id, reason: '已离职，劳动合同解除' }, { personId: persons[1].id, reason: '退休' }] },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; processInstanceKey: string };
  }

  async function uploadAndReview(s: Awaited<ReturnType<typeof setUp>>, id: string, decision: Record<string, unknown>) {
    const file = (await s.client.upload('盖章申请表.png', PNG)).body as { id: string };
    const up = await s.client.call('POST', `/api/publicity/cancellations/${id}/stamped-form`, { file: { id: file.id } });
    expect(up.status).toBe(202);
    expect(up.body.stampedForm).toEqual({ id: file.id, name: '盖章申请表.png' });
    expect((await s.client.call('POST', `/api/publicity/cancellations/${id}/stamped-form`, { file: { id: file.id } })).status).toBe(409);
    const task = await eventually(async () => (await sys.db('tasks').where({ application_id: id, state: 'CREATED' }).first()) ?? undefined, 90_000, 'review task');
    expect(task).toMatchObject({ element_id: 'review', candidate_groups: ['publicity-reviewers'], form_key: 'publicity-cancel-review' });
    const done = await s.reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: decision });
    expect(done.status).toBe(200);
    return approved(id);
  }

  it('approve: the request lists each person with the reason; after the stamped form and the review the publicity ends', async () => {
    const s = await setUp();
    const created = await request(s.client, s.persons);
    expect(created.number).toMatch(/^D\d{4}E\d{6}$/);
    // the persons are taken while the case runs
    const cands = (await s.client.call('GET', '/api/publicity/cancel/candidates')).body.items;
    expect(cands.find((p: { personId: string }) => p.personId === s.persons[0].id).inProgress).toBe(created.number);
    const twice = await s.client.call('POST', '/api/publicity/cancellations', { data: { contactName: '联系人', contactPhone: '010-1234567', persons: [{ personId: s.persons[0].id, reason: '再次' }] } });
    expect(twice.status).toBe(422);

    const detail = await s.client.call('GET', `/api/publicity/cancellations/${created.id}`);
    expect(detail.body).toMatchObject({ number: created.number, count: 2, contactName: '注销联系人', contactPhone: '010-66668888', status: 'pending', deletable: true, courierNumber: null });
    expect(detail.body.persons.map((p: { name: string; reason: string }) => [p.name, p.reason])).toEqual([['注销人员甲', '已离职，劳动合同解除'], ['注销人员乙', '退休']]);
    expect(detail.body.persons[0].idNumber).toBe(maskIdNumber(s.persons[0].idNumber));

    // the request form (PDF): parsed back, it names the persons and their reasons; its code resolves
    const doc = await eventually(async () => (await sys.db('documents').where({ application_id: created.id, kind: 'publicity-cancellation-request' }).first()) ?? undefined, 90_000, 'the request PDF');
    const download = await fetch(`${sys.url}/api/documents/${doc.id}`);
    expect(download.status).toBe(401);
    // the row is written before the file (the API answers 404 "still being made" in between)
    const stored = await eventually(async () => {
      const r = await s.client.raw(`/api/documents/${doc.id}`);
      return r.status === 200 ? r : (await r.body?.cancel(), undefined);
    }, 30_000, 'the request PDF stored');
    const pdf = Buffer.from(await stored.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    for (const expected of [created.number, '执业公示注销申请表', '注销人员甲', '注销人员乙', '已离职，劳动合同解除', '退休', '注销联系人', '010-66668888', s.unit.name, maskIdNumber(s.persons[0].idNumber)]) {
      expect([expected, text.includes(expected.replace(/\s+/g, ''))]).toEqual([expected, true]);
    }
    expect(text).not.toContain('留任人员丙');
    expect(text).not.toContain(s.persons[0].idNumber);
    const verified = await (await fetch(`${sys.url}/api/public/verify/${doc.code}`)).json();
    expect(verified).toMatchObject({ kind: 'publicity-cancellation-request', number: created.number, sha256: doc.sha256 });
    expect((await s.client.call('GET', `/api/publicity/cancellations/${created.id}`)).body.documents).toEqual([expect.objectContaining({ id: doc.id, code: doc.code })]);

    const app = await uploadAndReview(s, created.id, { decision: 'approve' });
    expect(app.status).toBe('approved');
    const ended = await sys.db('publicity_records').whereIn('practitioner_id', [s.persons[0].id, s.persons[1].id]);
    expect(ended.map((r) => [r.status, r.end_reason])).toEqual([['ended', 'cancelled'], ['ended', 'cancelled']]);
    expect((await sys.db('publicity_records').where({ practitioner_id: s.persons[2].id }).first()).status).toBe('active');
    const history = await sys.db('publicity_history').where({ application_id: created.id, action: 'cancelled' }).orderBy('id');
    expect(history.map((h) => h.details.cancelReason)).toEqual(['已离职，劳动合同解除', '退休']);
    expect(await sys.sink.waitFor((m) => m.to.includes(`${s.login}@example.test`) && m.text.includes(created.number), 60_000)).toBeDefined();
    // a redelivered job does nothing twice: the same document, no second ending or history row
    const deps = { db: sys.db, mailer: sys.mailer, sms: sys.sms, log: sys.log, now: () => new Date(), publicUrl: sys.config.http.publicUrl, fileStoreDir: sys.config.fileStoreDir };
    const job = { key: '1', type: 'x', processInstanceKey: created.processInstanceKey, bpmnProcessId: 'publicity-cancel', processDefinitionKey: '1', elementId: 'x', elementInstanceKey: '99', headers: {}, retries: 1 };
    expect(await publicityCancelRequestJob({ applicationId: created.id }, job, deps)).toEqual({ cancellationDocumentId: doc.id });
    expect(await publicityCancelApplyJob({ applicationId: created.id }, job, deps)).toEqual({ personsEnded: 0 });
    expect(await sys.db('publicity_history').where({ application_id: created.id })).toHaveLength(2);
    expect(await sys.db('documents').where({ application_id: created.id })).toHaveLength(1);
    // no longer in the public query
    // (from an address of its own: the anonymous query is limited per address, and other suites query from 127.0.0.1)
    const pub = await fetch(`${sys.url}/api/public/publicity?unit=${encodeURIComponent(s.unit.name)}`, { headers: { 'x-forwarded-for': '198.51.100.41' } });
    const found = (await pub.json()) as { items?: Array<{ name: string }> };
    expect({ status: pub.status, names: found.items?.map((p) => p.name) ?? found }).toEqual({ status: 200, names: ['留任人员丙'] });
  });

  it('reject: the reason is kept and the publicity stays', async () => {
    const s = await setUp();
    const created = await request(s.client, s.persons);
    const app = await uploadAndReview(s, created.id, { decision: 'reject', reason: '申请表未盖章' });
    expect(app).toMatchObject({ status: 'rejected', decision_reason: '申请表未盖章' });
    expect(await sys.db('publicity_records').whereIn('practitioner_id', s.persons.map((p) => p.id)).where({ status: 'active' })).toHaveLength(3);
  });

  it('delete before the hand-in: the case ends in the engine, the request form is revoked, the persons are free; after the hand-in 409', async () => {
    const s = await setUp();
    const created = await request(s.client, s.persons);
    const doc = await eventually(async () => (await sys.db('documents').where({ application_id: created.id, kind: 'publicity-cancellation-request' }).first()) ?? undefined, 90_000, 'the request PDF');
    expect((await s.client.call('DELETE', `/api/publicity/cancellations/${created.id}`)).status).toBe(204);
    await eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${created.processInstanceKey}`)).body.state === 'TERMINATED' || undefined, 15000, 'instance terminated');
    expect((await sys.db('documents').where({ id: doc.id }).first()).status).toBe('revoked');
    const verified = await (await fetch(`${sys.url}/api/public/verify/${doc.code}`)).json();
    expect(JSON.stringify(verified)).toMatch(/revoked|作废|撤销/);
    // the persons can be requested again; this request is handed in and cannot be deleted
    const again = await request(s.client, s.persons);
    await uploadAndReview(s, again.id, { decision: 'approve' });
    const refused = await s.client.call('DELETE', `/api/publicity/cancellations/${again.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/不能删除/);
  });

  it('refuses a person of another unit, a missing reason, and a stamped form that is not yours', async () => {
    const s = await setUp();
    const other = await setUp();
    const bad = await s.client.call('POST', '/api/publicity/cancellations', { data: { contactName: '联系人', contactPhone: '010-1234567', persons: [{ personId: other.persons[0].id, reason: '离职' }] } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['persons.0.personId']);
    const noReason = await s.client.call('POST', '/api/publicity/cancellations', { data: { contactName: '联系人', contactPhone: '010-1234567', persons: [{ personId: s.persons[0].id }] } });
    expect(noReason.status).toBe(400);
    expect(Object.keys(noReason.body.error.fields)).toEqual(['persons.0.reason']);
    const created = await request(s.client, s.persons);
    const theirs = (await other.client.upload('别人的.png', PNG)).body as { id: string };
    expect((await s.client.call('POST', `/api/publicity/cancellations/${created.id}/stamped-form`, { file: { id: theirs.id } })).status).toBe(400);
    expect((await other.client.call('GET', `/api/publicity/cancellations/${created.id}`)).status).toBe(404);
    expect((await other.client.call('POST', `/api/publicity/cancellations/${created.id}/stamped-form`, { file: { id: theirs.id } })).status).toBe(404);
  });
});
