/**
 * publicity-application on the real engine: initial approve (form PDF, verification, certificate),
 * change refused within a year, change with a resignation certificate, renewal, the three-element
 * check (correct once; twice → manual verification passed / failed), the SMS code's 24 h life, and
 * the 7-day window (engine clock pinned).
 */
import fs from 'node:fs';
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { activateRecord, addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { confirmationCodeKey } from '../../db/publicity/codes';
import { SMS_CODES_PER_MOBILE_PER_DAY, takeSmsCodeAllowance } from '../../core/codes';
import { documentPath } from '../../db/documents';
import { pdfText } from '../../documents/parse';
import { addDays, addYears, localDate } from '../../domain/publicity/rules';
import { PNG } from '../support/fixtures';
import { Client, createAccount, eventually, pinEngineClock, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { signedInUnit } from '../support/factories';

let sys: TestSystem;
let unit: { id: string; name: string; email: string; client: Client };
let other: { id: string };
let reviewer: Client;
const today = () => localDate(new Date());

async function makeUnit(name: string, institutionType = 'inspection') {
  const { unit, email, client } = await signedInUnit(sys, {
    unit: { name, legal_representative: '张三', address: '北京市朝阳区建国路 88 号', postcode: '100022', phone: '010-65001234', institution_type: institutionType, activated_at: sys.db.fn.now() },
    account: { displayName: `${name} 联系人`, mobile: '13812345678' },
  });
  return { id: unit.id, name, email, client };
}

let seq = Math.floor(Math.random() * 400) + 100;
const mobileOf = (n: number) => `139${String(10_000_000 + n * 7919).slice(-8)}`;

/** A person with one valid Y-GL grade-2 qualification (and a lower one), and optionally a record. */
async function person(opts: { record?: { unitId: string; sinceDays: number; validDays?: number } } = {}) {
  seq += 1;
  const idNumber = makeIdNumber('110105', `19${80 + (seq % 15)}0${1 + (seq % 9)}1${seq % 9}`, seq);
  const name = `测试人员${String.fromCharCode(0x4e00 + (seq % 2000))}${String.fromCharCode(0x4e00 + ((seq * 7) % 2000))}`;
  const mobile = mobileOf(seq);
  const { row } = await upsertPractitioner(sys.db, { name, idNumber, mobile, gender: '男', workYears: 8 });
  await addQualification(sys.db, { practitionerId: row.id, itemCode: 'Y-GL', grade: 1, certificateNo: `C${seq}-1`, issueDate: '2016-01-01', expiryDate: addYears(today(), 3) });
  await addQualification(sys.db, { practitionerId: row.id, itemCode: 'Y-GL', grade: 2, certificateNo: `C${seq}-2`, issueDate: '2023-01-01', expiryDate: addYears(today(), 3) });
  if (opts.record) {
    const start = addDays(today(), -opts.record.sinceDays);
    await sys.db.transaction((trx) =>
      activateRecord(trx, {
        practitionerId: row.id, unitId: opts.record!.unitId, type: 'initial', items: [{ itemCode: 'Y-GL', grade: 2 }], startDate: start,
        validUntil: opts.record!.validDays !== undefined ? addDays(today(), opts.record!.validDays) : addYears(start, 4), action: 'imported',
      }),
    );
  }
  return { id: row.id, name, idNumber, mobile };
}

type Person = Awaited<ReturnType<typeof person>>;

async function apply(p: Person, extra: Record<string, unknown> = {}, mobile = p.mobile) {
  return unit.client.call('POST', '/api/publicity/applications', {
    data: { name: p.name, idNumber: p.idNumber, mobile, commitment1: true, commitment2: true, commitment3: true, ...extra },
  });
}

async function lastSms(mobile: string): Promise<{ text: string; code: string }> {
  const row = await eventually(async () => sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first(), 10000, `an SMS to ${mobile}`);
  return { text: row.text, code: /确认码 (\d{6})/.exec(row.text)![1] };
}

async function upload(): Promise<string> {
  const r = await unit.client.upload('申报单.png', PNG);
  expect(r.status).toBe(201);
  return r.body.id;
}

async function openTask(applicationId: string, formKey: string) {
  return eventually(async () => sys.db('tasks').where({ application_id: applicationId, state: 'CREATED', form_key: formKey }).first(), 15000, `a ${formKey} task`);
}

async function review(applicationId: string, data: Record<string, unknown>) {
  const task = await openTask(applicationId, 'publicity-application-review');
  expect(task.candidate_groups).toEqual(['publicity-reviewers']);
  const r = await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data });
  expect(r.status).toBe(200);
}

async function status(id: string, want: string) {
  return eventually(async () => {
    const a = await sys.db('applications').where({ id }).first();
    return a.status === want ? a : undefined;
  }, 15000, `application ${id} to be ${want}`);
}

/** sms code → upload + code → in review */
async function codeAndConfirm(id: string, mobile: string) {
  const sent = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
  expect(sent).toMatchObject({ status: 202, body: { identity: 'passed', sent: true } });
  const { code } = await lastSms(mobile);
  const confirmed = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code });
  expect(confirmed).toMatchObject({ status: 202, body: { status: 'in_review' } });
}

async function endEvents(processInstanceKey: string): Promise<string[]> {
  return eventually(async () => {
    const r = await sys.engineRest<{ items: Array<{ elementId: string; type: string; state: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey, type: 'END_EVENT' } });
    // the process's own end events (not the window subprocess's)
    const ids = (r.body.items ?? []).filter((i) => i.state === 'COMPLETED' && i.elementId !== 'window-done').map((i) => i.elementId);
    return ids.length ? ids : undefined;
  }, 15000, 'an end event');
}

beforeAll(async () => {
  sys = await startTestSystem();
  unit = await makeUnit('测试特种设备检验有限公司');
  other = await makeUnit('原执业检验有限公司');
  const acc = await createAccount(sys, { groups: ['publicity-reviewers'] });
  reviewer = await signIn(sys.url, acc.login, acc.password);
});
afterAll(async () => {
  await sys?.stop();
});

describe('publicity-application', () => {
  it('initial: number, application form PDF (Chinese, verifiable), code, review approve → active record and certificate', async () => {
    const p = await person();
    const search = await unit.client.call('GET', `/api/publicity/candidates?name=${encodeURIComponent(p.name)}&idNumber=${p.idNumber}`);
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ type: 'initial', typeLabel: '初始', eligible: true, registered: false, items: [{ itemCode: 'Y-GL', grade: 2 }] });
    expect(search.body.rules).toHaveLength(7);

    const created = await apply(p);
    expect(created.status).toBe(201);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect(created.body).toMatchObject({ status: 'awaiting_upload', type: 'initial', items: [{ itemCode: 'Y-GL', grade: 2 }] });
    expect(created.body.number).toMatch(new RegExp(`^A${year}D1\\d{4}$`));
    expect(created.body.uploadDeadline).toBeTruthy();
    const id = created.body.id as string;

    // the application form: parsed back, verified by its code, a tampered copy does not match
    const doc = await eventually(async () => sys.db('documents').where({ application_id: id, kind: 'publicity-application-form' }).first(), 15000, 'the application form');
    expect(doc.number).toBe(created.body.number);
    const file = documentPath(sys.config.fileStoreDir, doc.id);
    await eventually(async () => fs.existsSync(file), 10000, 'the PDF file');
    const pdf = fs.readFileSync(file);
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain(created.body.number);
    expect(text).toContain(p.name);
    expect(text).toContain('执业公示申请表');
    expect(text).toContain(unit.name);
    const verified = await fetch(`${sys.url}/api/public/verify/${doc.code}`);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ number: created.body.number, sha256: doc.sha256, status: 'valid' });
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0xff;
    const post = (body: Buffer) => fetch(`${sys.url}/api/public/verify/${doc.code}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body }).then((r) => r.json());
    expect(await post(tampered)).toMatchObject({ matches: false });
    expect(await post(pdf)).toMatchObject({ matches: true });
    const detail = await unit.client.call('GET', `/api/publicity/applications/${id}`);
    expect(detail.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['publicity-application-form']);

    // code: refused without it, with a wrong one; the right one starts the review
    const early = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code: '000000' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'NO_CODE' } } });
    const sent = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect(sent).toMatchObject({ status: 202, body: { identity: 'passed', sent: true, expiresInSeconds: 86400 } });
    const sms = await lastSms(p.mobile);
    expect(sms.text).toContain(created.body.number);
    const wrong = String((Number(sms.code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code: wrong });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'CODE_WRONG', message: expect.stringContaining('验证码错误') } } });
    const ok = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code: sms.code });
    expect(ok).toMatchObject({ status: 202, body: { status: 'in_review' } });

    await review(id, { decision: 'approve' });
    const app = await status(id, 'approved');
    expect(app.data.certificateNo).toMatch(/^P\d{10}$/);
    const rec = await sys.db('publicity_records').where({ practitioner_id: p.id, status: 'active' }).first();
    expect(rec).toMatchObject({ unit_id: unit.id, type: 'initial', items: [{ itemCode: 'Y-GL', grade: 2 }], certificate_no: app.data.certificateNo, application_id: id });
    const cert = await eventually(async () => sys.db('documents').where({ application_id: id, kind: 'publicity-certificate' }).first(), 15000, 'the certificate');
    await eventually(async () => fs.existsSync(documentPath(sys.config.fileStoreDir, cert.id)), 10000, 'the certificate file');
    expect((await pdfText(fs.readFileSync(documentPath(sys.config.fileStoreDir, cert.id)))).replace(/\s+/g, '')).toContain(p.name);
    const mail = await sys.sink.waitFor((m) => m.to.includes(unit.email) && m.subject.includes(created.body.number) && m.subject.includes('通过'), 15000);
    expect(mail.subject).toContain('申请已通过');
    expect(await endEvents(app.process_instance_key)).toEqual(['approved']);
  });

  it('change within a year is refused with the rule named; no number is used', async () => {
    const p = await person({ record: { unitId: other.id, sinceDays: 120 } });
    const r = await apply(p);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('NOT_ELIGIBLE');
    expect(Object.keys(r.body.error.fields)).toEqual(['change-one-year']);
    expect(r.body.error.fields['change-one-year']).toMatch(/未满 1 年/);
    const app = await sys.db('applications').where({ id: r.body.application.id }).first();
    expect(app).toMatchObject({ status: 'ineligible' });
    expect(app.number.startsWith('TMP-')).toBe(true);
    expect(app.decision_reason).toContain('[change-one-year]');
    expect(await endEvents(app.process_instance_key)).toEqual(['ineligible']);
    await sys.sink.waitFor((m) => m.to.includes(unit.email) && m.subject.includes('不符合条件'), 15000);
  });

  it('reject 驳回 with reasons: listed under rejected; numbers stay gap-free', async () => {
    const p = await person();
    const a = await apply(p);
    expect(a.status).toBe(201);
    await codeAndConfirm(a.body.id, p.mobile);
    await review(a.body.id, { decision: 'reject', reason: '申报单未加盖公章' });
    const app = await status(a.body.id, 'rejected');
    expect(app.decision_reason).toBe('申报单未加盖公章');
    const rejected = await unit.client.call('GET', '/api/publicity/applications?status=rejected');
    expect(rejected.body.items.map((i: { id: string }) => i.id)).toContain(a.body.id);
    expect(rejected.body.items[0].person.idNumber).toMatch(/\*{8}/);
    const next = await apply(await person());
    expect(Number(next.body.number.slice(-5))).toBe(Number(a.body.number.slice(-5)) + 1);
  });

  it('change from a unit that has not cancelled needs the resignation certificate; approved, the old record ends', async () => {
    const p = await person({ record: { unitId: other.id, sinceDays: 800 } });
    const without = await apply(p);
    expect(without.status).toBe(422);
    expect(Object.keys(without.body.error.fields)).toEqual(['resignation-certificate']);
    const file = await unit.client.upload('离职证明.png', PNG);
    const r = await apply(p, { resignationCertificate: [{ data: { id: file.body.id }, originalName: '离职证明.png' }] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'change', typeLabel: '变更' });
    const old = await sys.db('publicity_records').where({ practitioner_id: p.id, status: 'active' }).first();
    await codeAndConfirm(r.body.id, p.mobile);
    await review(r.body.id, { decision: 'approve' });
    await status(r.body.id, 'approved');
    expect(await sys.db('publicity_records').where({ id: old.id }).first()).toMatchObject({ status: 'ended', end_reason: 'changed-unit' });
    expect(await sys.db('publicity_records').where({ practitioner_id: p.id, status: 'active' }).first()).toMatchObject({ unit_id: unit.id, type: 'change' });
    const row = await sys.db('publicity_applications').where({ application_id: r.body.id }).first();
    expect(row).toMatchObject({ previous_unit_id: other.id, resignation_file_id: file.body.id });
  });

  it('renewal: due within 90 days, approved → valid four more years', async () => {
    const p = await person({ record: { unitId: unit.id, sinceDays: 4 * 365 - 30, validDays: 30 } });
    const r = await apply(p);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'renewal', typeLabel: '续期' });
    await codeAndConfirm(r.body.id, p.mobile);
    await review(r.body.id, { decision: 'approve' });
    await status(r.body.id, 'approved');
    const rec = await sys.db('publicity_records').where({ practitioner_id: p.id, status: 'active' }).select('*', sys.db.raw("to_char(valid_until, 'YYYY-MM-DD') AS until")).first();
    expect(rec).toMatchObject({ unit_id: unit.id, type: 'renewal', until: addYears(addDays(today(), 30), 4) });
    expect((await sys.db('publicity_history').where({ practitioner_id: p.id }).orderBy('id')).map((h) => h.action)).toEqual(['imported', 'renewed']);
  });

  it('three-element mismatch → the mobile corrected once → passed, code to the corrected mobile', async () => {
    const p = await person();
    const r = await apply(p, {}, '13700000000');
    const id = r.body.id;
    const first = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect(first).toMatchObject({ status: 422, body: { error: { code: 'IDENTITY_MISMATCH', message: expect.stringContaining('修改机会仅此一次') } } });
    expect(await sys.db('sms_outbox').where({ recipient: '13700000000' }).first()).toBeUndefined();
    const noMobile = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect(noMobile.status).toBe(400);
    const second = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, { mobile: p.mobile });
    expect(second).toMatchObject({ status: 202, body: { identity: 'passed', sent: true } });
    const { code } = await lastSms(p.mobile);
    const again = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, { mobile: '13700000001' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'MOBILE_FIXED' } } });
    const ok = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code });
    expect(ok).toMatchObject({ status: 202, body: { status: 'in_review' } });
    expect(await sys.db('publicity_applications').where({ application_id: id }).first()).toMatchObject({ mobile: p.mobile, mobile_corrections: 1, identity_mismatches: 1, identity_status: 'passed' });
  });

  describe('two mismatches → manual identity verification', () => {
    async function twoMismatches() {
      const p = await person();
      const r = await apply(p, {}, '13700000002');
      const id = r.body.id;
      expect((await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {})).body.error.code).toBe('IDENTITY_MISMATCH');
      const second = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, { mobile: '13700000003' });
      expect(second).toMatchObject({ status: 422, body: { error: { code: 'IDENTITY_MANUAL' } } });
      await status(id, 'identity_pending');
      const v = await eventually(async () => sys.db('identity_verifications').where({ source_application_id: id }).first(), 10000, 'the verification');
      expect(v).toMatchObject({ status: 'pending', system_result: 'mismatch', mobile: '13700000003', practitioner_id: p.id });
      const waiting = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
      expect(waiting).toMatchObject({ status: 409, body: { error: { code: 'IDENTITY_MANUAL_PENDING' } } });
      const task = await openTask(id, 'identity-manual-verification-review');
      expect(task.process_definition_id).toBe('identity-manual-verification');
      return { p, id, v, task };
    }

    it('passed: the verified mobile is kept, the code goes to it, and the case goes on to review', async () => {
      const { p, id, v, task } = await twoMismatches();
      const done = await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'passed', reason: '运营商证明一致' } });
      expect(done.status).toBe(200);
      await status(id, 'awaiting_upload');
      expect(await sys.db('identity_verifications').where({ id: v.id }).first()).toMatchObject({ status: 'passed', reason: '运营商证明一致' });
      expect((await sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe('13700000003');
      const { code } = await lastSms('13700000003');
      const ok = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code });
      expect(ok).toMatchObject({ status: 202, body: { status: 'in_review' } });
      const list = await unit.client.call('GET', '/api/publicity/identity-verifications');
      expect(list.body.items.find((i: { id: string }) => i.id === v.id)).toMatchObject({ status: 'passed', mobile: '137****0003' });
    });

    it('failed: the case ends failed and the applicant is told', async () => {
      const { id, task } = await twoMismatches();
      await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'failed', reason: '手机号非本人实名' } });
      const app = await status(id, 'failed');
      expect(app.decision_reason).toContain('手机号非本人实名');
      expect(await endEvents(app.process_instance_key)).toEqual(['identity-failed']);
      await sys.sink.waitFor((m) => m.to.includes(unit.email) && m.subject.includes('实名验证未通过') && m.subject.includes(app.number), 15000);
    });
  });

  it('the SMS code lives 24 hours: after that it is refused with a message; a new one works', async () => {
    const p = await person();
    const r = await apply(p);
    const id = r.body.id;
    await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    const { code } = await lastSms(p.mobile);
    const ttl = await sys.redis.ttl(confirmationCodeKey(id));
    expect(ttl).toBeGreaterThan(86400 - 60);
    expect(ttl).toBeLessThanOrEqual(86400);
    // 24 hours pass: Redis drops the key at its TTL; expire it now instead of waiting
    await sys.redis.pexpire(confirmationCodeKey(id), 1);
    await new Promise((res) => setTimeout(res, 20));
    const expired = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code });
    expect(expired).toMatchObject({ status: 400, body: { error: { code: 'CODE_EXPIRED', message: expect.stringContaining('24 小时') } } });
    expect((await sys.db('applications').where({ id }).first()).status).toBe('awaiting_upload');
    const resent = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect(resent).toMatchObject({ status: 202, body: { identity: 'passed', sent: true } });
    const fresh = await lastSms(p.mobile);
    const ok = await unit.client.call('POST', `/api/publicity/applications/${id}/confirm`, { formFileId: await upload(), code: fresh.code });
    expect(ok).toMatchObject({ status: 202, body: { status: 'in_review' } });
  });

  it('a mobile with no SMS codes left today: the code request answers 429 naming the mobile, nothing is checked or sent', async () => {
    const p = await person();
    const r = await apply(p);
    const id = r.body.id;
    await status(id, 'awaiting_upload');
    // the day's codes used up by other kinds (password reset codes and the like)
    for (let i = 0; i < SMS_CODES_PER_MOBILE_PER_DAY; i++) await takeSmsCodeAllowance(sys.redis, p.mobile, localDate(new Date()));
    const refused = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect({ status: refused.status, code: refused.body.error.code, field: Object.keys(refused.body.error.fields ?? {}) }).toEqual({ status: 429, code: 'TOO_MANY_CODES', field: ['mobile'] });
    expect((await sys.db('publicity_applications').where({ application_id: id }).first()).identity_status).toBe('unchecked');
    expect(await sys.db('sms_outbox').where({ recipient: p.mobile }).count()).toEqual([{ count: '0' }]);
  });

  it('7-day window: nothing uploaded → the case ends failed and the applicant is e-mailed (engine clock pinned)', async () => {
    const p = await person();
    const r = await apply(p);
    expect(r.status).toBe(201);
    const id = r.body.id;
    await eventually(async () => {
      const s = await sys.engineRest<{ items: Array<{ elementId: string; state: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: (await sys.db('applications').where({ id }).first()).process_instance_key, elementId: 'code-requested', state: 'ACTIVE' } });
      return (s.body.items ?? []).length > 0;
    }, 15000, 'the window to open');
    await withEngineClock(sys, Date.now() + 7 * 86400_000 + 60_000, async () => {
      const app = await status(id, 'failed');
      expect(app.decision_reason).toContain('7 天');
      const mail = await sys.sink.waitFor((m) => m.to.includes(unit.email) && m.subject.includes('过期') && m.subject.includes(r.body.number), 20000);
      expect(mail.text).toContain('作废');
      expect(await endEvents(app.process_instance_key)).toEqual(['expired']);
    });
    const late = await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {});
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'NOT_IN_WINDOW' } } });
  });

  it('the window runs 7 days from creation: manual check on day 5, passed on day 6, still lapses at the end of day 7; the printed form then verifies as void (engine clock pinned)', async () => {
    const DAY = 86400_000;
    const created = Date.now();
    const p = await person();
    const r = await apply(p, {}, '13700000005');
    const id = r.body.id;
    const form = await eventually(async () => sys.db('documents').where({ application_id: id, kind: 'publicity-application-form' }).first(), 20000, 'the printed application form');
    expect(((await (await fetch(`${sys.url}/api/public/verify/${form.code}`)).json()) as { status: string }).status).toBe('valid');
    await withEngineClock(sys, created + 5 * DAY, async () => {
      // day 5: the mobile does not match twice → manual identity verification
      expect((await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, {})).body.error.code).toBe('IDENTITY_MISMATCH');
      expect((await unit.client.call('POST', `/api/publicity/applications/${id}/sms-code`, { mobile: '13700000006' })).body.error.code).toBe('IDENTITY_MANUAL');
      const task = await openTask(id, 'identity-manual-verification-review');
      // day 6: passed; the applicant may go on, within what is left of the window
      await pinEngineClock(sys, created + 6 * DAY);
      expect((await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'passed', reason: '运营商证明一致' } })).status).toBe(200);
      await status(id, 'awaiting_upload');
      // the end of day 7 (not 7 days after the manual check): the case lapses
      await pinEngineClock(sys, created + 7 * DAY + 60_000);
      const app = await status(id, 'failed');
      expect(app.decision_reason).toContain('7 天');
      expect(await endEvents(app.process_instance_key)).toEqual(['expired']);
    });
    const verified = await (await fetch(`${sys.url}/api/public/verify/${form.code}`)).json();
    expect(verified).toMatchObject({ status: 'revoked', revokedReason: expect.stringContaining('过期作废') });
  });

  it('the 申报单 list filters on the server: a part of the name, the whole ID number, the status; pages with the total; bad conditions 400', async () => {
    const a = await person();
    const b = await person();
    const ra = await apply(a);
    await apply(b);
    await status(ra.body.id, 'awaiting_upload');
    const byId = await unit.client.call('GET', `/api/publicity/applications?idNumber=${a.idNumber}`);
    expect(byId.body).toMatchObject({ total: 1, items: [{ id: ra.body.id, person: { name: a.name } }] });
    const byName = await unit.client.call('GET', `/api/publicity/applications?name=${encodeURIComponent(b.name.slice(-2))}`);
    expect(byName.body.items.map((i: { person: { name: string } }) => i.person.name)).toContain(b.name);
    expect(byName.body.items.map((i: { person: { name: string } }) => i.person.name)).not.toContain(a.name);
    const waiting = await unit.client.call('GET', `/api/publicity/applications?status=awaiting_upload&idNumber=${a.idNumber}`);
    expect(waiting.body.items[0].uploadDeadline).toBeTruthy();
    const paged = await unit.client.call('GET', '/api/publicity/applications?pageSize=1&page=2');
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);
    const bad = await unit.client.call('GET', '/api/publicity/applications?idNumber=12345&pageSize=0');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['idNumber', 'pageSize']);
  });
});
