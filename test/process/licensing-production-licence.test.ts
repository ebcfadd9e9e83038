/**
 * production-licence on the real engine: straight approval with the acceptance decision
 * and the licence as PDFs read back; two supplement/correction rounds where only flagged fields may
 * change; routing of a national-level item to the national authority; the agency returning the
 * applicant's proposed dates once; the review feedback form hidden from the applicant; the statutory clock
 * paused while the case is at the agency, reminding the authority before the limit and marking the
 * case overdue after it, across National Day (engine clock pinned).
 */
import { documentPath } from '../../db/documents';
import { pdfText } from '../../documents/parse';
import { FORM } from '../../domain/registry';
import { localDate } from '../../domain/calendar';
import fs from 'node:fs';
import { Client, createAccount, eventually, pinEngineClock, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { formalAcceptance, authorityGroups, complete, completeTask, licenceApplication, licensingUnit, staffClient, taskOf } from '../support/licensing';

let sys: TestSystem;
let national: Client;
let beijing: Client;
let agency: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  national = await staffClient(sys, [authorityGroups.national]);
  beijing = await staffClient(sys, [authorityGroups.beijing]);
  agency = await staffClient(sys, [authorityGroups.agency]);
}, 60_000);
afterAll(async () => {
  await sys?.stop();
});

async function submit(applicant: Client, data: Record<string, unknown>): Promise<{ id: string; number: string }> {
  const r = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data });
  expect(r.status).toBe(201);
  return r.body;
}

const ok = (r: { status: number; body: unknown }) => expect({ status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({ status: 200, body: 'ok' });

async function status(id: string, want: string) {
  await eventually(async () => (await sys.db('applications').where({ id }).first()).status === want, 20000, `status ${want}`);
}

async function pdfOf(applicationId: string, kind: string): Promise<{ text: string; number: string }> {
  // the row is written a moment before its file
  const doc = await eventually(async () => {
    const row = await sys.db('documents').where({ application_id: applicationId, kind }).first();
    return row && fs.existsSync(documentPath(sys.config.fileStoreDir, row.id)) ? row : undefined;
  }, 20000, `document ${kind}`);
  return { text: await pdfText(fs.readFileSync(documentPath(sys.config.fileStoreDir, doc.id))), number: doc.number };
}

const FEEDBACK = {
  reviewFrom: '2026-11-07', reviewTo: '2026-11-08', reviewCategory: 'pressure-vessel', reviewAgency: '中国特种设备检测研究院', reviewers: '段晓斌、孙晓',
  q1: 'no', q1Explain: '评审人员未接受任何补贴或礼品。',
  q2: 'no', q2Explain: '评审严格按照许可规则进行。',
  q3: 'no', q3Explain: '无其他影响公正性的问题。',
  q4: 'yes', q4Explain: '对评审组工作非常满意，机密反馈文本 X7Q。',
};

/** A local date (Asia/Shanghai) this many days from today. */
const ahead = (days: number) => localDate(new Date(Date.now() + days * 86400_000));

/** The applicant's contact block in its letter to the agency. */
const LETTER = { contactName: '李四', contactPhone: '010-68001234', contactAddress: '北京市西城区许可路 1 号', postcode: '100093', email: 'licence@example.test' };

/**
 * From acceptance through the negotiation (the applicant proposes dates with its contact block, the
 * agency answers with its opinion and the final dates, or returns the proposal), the appraisal and
 * the feedback to the decision.
 */
async function acceptedToDecision(applicant: Client, id: string, opts: { returnDatesOnce?: boolean; withoutFeedback?: boolean } = {}) {
  await status(id, 'appraisal');
  // the letter starts from the application's contact block
  const letter = await taskOf(applicant, id, FORM.licenceDatesPropose);
  const letterDetail = await applicant.call('GET', `/api/tasks/${letter.id}`);
  expect(letterDetail.body.prefill).toMatchObject({ contactName: '李四', contactPhone: '18311255455', contactAddress: '北京市西城区许可路 1 号' });
  expect(letterDetail.body.earliestDate).toBe(ahead(6));
  if (opts.returnDatesOnce) {
    // dates within 5 days of today are refused, naming the field, and nothing is written
    const tooSoon = await complete(applicant, id, FORM.licenceDatesPropose, { ...LETTER, appraisalFrom: ahead(5), appraisalTo: ahead(8) });
    expect(tooSoon.status).toBe(400);
    expect(Object.keys(tooSoon.body.error.fields)).toEqual(['appraisalFrom']);
    expect(tooSoon.body.error.fields.appraisalFrom).toContain('5 日内');
    expect(await sys.db('licence_date_proposals').where({ application_id: id })).toHaveLength(0);
    expect((await taskOf(applicant, id, FORM.licenceDatesPropose)).id).toBe(letter.id);
    ok(await complete(applicant, id, FORM.licenceDatesPropose, { ...LETTER, appraisalFrom: ahead(10), appraisalTo: ahead(11), note: '请安排两天现场评审' }));
    // the agency reads the letter with the contact block
    const answer = await taskOf(agency, id, FORM.licenceDatesOpinion);
    const answerDetail = await agency.call('GET', `/api/tasks/${answer.id}`);
    expect(answerDetail.body.negotiation).toEqual([expect.objectContaining({ round: 1, proposedFrom: ahead(10), proposedTo: ahead(11), decision: null, contact: expect.objectContaining({ name: '李四', phone: '010-68001234', address: '北京市西城区许可路 1 号', postcode: '100093' }) })]);
    // returning needs an opinion
    const bare = await complete(agency, id, FORM.licenceDatesOpinion, { decision: 'return' });
    expect(bare.status).toBe(400);
    expect(Object.keys(bare.body.error.fields)).toEqual(['opinion']);
    ok(await complete(agency, id, FORM.licenceDatesOpinion, { decision: 'return', opinion: '该时段评审组已满，请改约下旬' }));
    // back to the applicant, who sees why
    const again = await eventually(async () => {
      const t = await taskOf(applicant, id, FORM.licenceDatesPropose);
      return t.id !== letter.id ? t : undefined;
    }, 20000, 'the second letter');
    const againDetail = await applicant.call('GET', `/api/tasks/${again.id}`);
    expect(againDetail.body.negotiation).toEqual([expect.objectContaining({ round: 1, decision: 'return', opinion: '该时段评审组已满，请改约下旬' })]);
    expect(againDetail.body.prefill).toMatchObject({ contactPhone: '010-68001234', postcode: '100093' });
  }
  // an end before the start is refused
  const bad = await complete(applicant, id, FORM.licenceDatesPropose, { ...LETTER, appraisalFrom: ahead(15), appraisalTo: ahead(14) });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields)).toEqual(['appraisalTo']);
  ok(await complete(applicant, id, FORM.licenceDatesPropose, { ...LETTER, appraisalFrom: ahead(14), appraisalTo: ahead(16) }));
  // accepting needs the final dates
  const noDates = await complete(agency, id, FORM.licenceDatesOpinion, { decision: 'accept', opinion: '同意' });
  expect(noDates.status).toBe(400);
  expect(noDates.body.error.fields.finalFrom).toBeDefined();
  ok(await complete(agency, id, FORM.licenceDatesOpinion, { decision: 'accept', opinion: '同意，评审组长段晓斌', finalFrom: ahead(15), finalTo: ahead(16) }));
  const appraisal = await taskOf(agency, id, FORM.licenceAppraisal);
  const detail = await agency.call('GET', `/api/tasks/${appraisal.id}`);
  expect(detail.body.licence.appraisal).toMatchObject({ from: ahead(15), to: ahead(16) });
  // while the case is at the agency the statutory clock is paused
  const paused = await applicant.call('GET', `/api/applications/${id}`);
  expect(paused.body.statutoryClock).toMatchObject({ state: 'paused', limitWorkingDays: 20 });
  ok(await complete(agency, id, FORM.licenceAppraisal, { conclusion: 'meets', reportSummary: '现场鉴定评审符合许可条件。' }));
  await status(id, 'in_review');
  const running = await applicant.call('GET', `/api/applications/${id}`);
  expect(running.body.statutoryClock).toMatchObject({ state: 'counting', limitWorkingDays: 20 });
  expect(running.body.statutoryClock.usedWorkingDays + running.body.statutoryClock.leftWorkingDays).toBe(20);
  // the review feedback form: a draft first, then submitted
  const fbTask = await taskOf(applicant, id, FORM.licenceFeedback);
  if (opts.withoutFeedback) return fbTask;
  // its header starts from the case: the unit, the agency and the final dates
  const fbDetail = await applicant.call('GET', `/api/tasks/${fbTask.id}`);
  expect(fbDetail.body.prefill).toMatchObject({ reviewAgency: '中国特种设备检测研究院', reviewFrom: ahead(15), reviewTo: ahead(16) });
  expect(fbDetail.body.prefill.unitName).toBeTruthy();
  expect((await applicant.call('PUT', `/api/drafts/task:${fbTask.id}`, { data: FEEDBACK })).status).toBe(200);
  // a period ending before it starts, or no category, is refused on its field
  const badPeriod = await complete(applicant, id, FORM.licenceFeedback, { ...FEEDBACK, reviewTo: '2026-11-06' });
  expect(badPeriod.status).toBe(400);
  expect(Object.keys(badPeriod.body.error.fields)).toEqual(['reviewTo']);
  const noCategory = await complete(applicant, id, FORM.licenceFeedback, { ...FEEDBACK, reviewCategory: undefined });
  expect(noCategory.status).toBe(400);
  expect(Object.keys(noCategory.body.error.fields)).toEqual(['reviewCategory']);
  // the unit's name is the case's, whatever the browser sent
  ok(await complete(applicant, id, FORM.licenceFeedback, { ...FEEDBACK, unitName: '别的单位' }));
  const stored = await sys.db('licence_cases').where({ application_id: id }).first('feedback');
  expect(stored.feedback).toMatchObject({ reviewCategory: 'pressure-vessel', reviewers: '段晓斌、孙晓', unitName: fbDetail.body.prefill.unitName });
  return fbTask;
}

describe('production-licence', () => {
  it('straight approval: provincial items go to the province; acceptance decision and licence as PDFs; the clock stops', async () => {
    const { client: applicant, unit } = await licensingUnit(sys, '陕西测试阀门制造有限公司');
    const catalogue = await applicant.call('GET', '/api/licensing/catalogue');
    expect(catalogue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'M-ESV-B', level: 'provincial' }), expect.objectContaining({ code: 'M-SV-A', level: 'national' })]));
    const app = await submit(applicant, licenceApplication(unit, ['M-ESV-B']));
    const review = await taskOf(beijing, app.id, FORM.licenceFormalReview);
    expect(review.candidateGroups).toEqual([authorityGroups.beijing]);
    // the national authority does not see a provincial case
    expect((await national.call('GET', `/api/tasks/${review.id}`)).status).toBe(404);
    // the acceptance records whether it is charged for and when the materials came: both required,
    // the day neither after today nor before the submission; nothing is written when refused
    const noReceipt = await complete(beijing, app.id, FORM.licenceFormalReview, { decision: 'accept' });
    expect(noReceipt.status).toBe(400);
    expect(Object.keys(noReceipt.body.error.fields).sort()).toEqual(['feeCharged', 'materialsReceivedOn']);
    const future = await complete(beijing, app.id, FORM.licenceFormalReview, formalAcceptance(ahead(1)));
    expect(future.status).toBe(400);
    expect(future.body.error.fields.materialsReceivedOn).toContain('不能晚于今天');
    const early = await complete(beijing, app.id, FORM.licenceFormalReview, formalAcceptance(ahead(-3)));
    expect(early.status).toBe(400);
    expect(early.body.error.fields.materialsReceivedOn).toContain('不能早于申请提交日期');
    expect(await sys.db('licence_cases').where({ application_id: app.id }).first('fee_charged', 'materials_received_on')).toEqual({ fee_charged: null, materials_received_on: null });
    ok(await complete(beijing, app.id, FORM.licenceFormalReview, { ...formalAcceptance(ahead(0)), feeCharged: 'yes' }));

    const acceptance = await pdfOf(app.id, 'licence-acceptance');
    expect(acceptance.number).toMatch(/^TSSL2026-\d{6}$/);
    expect(acceptance.text).toContain(acceptance.number);
    expect(acceptance.text).toContain(unit.name);
    expect(acceptance.text).toContain('紧急切断阀B');
    expect(acceptance.text).toContain('中国特种设备检测研究院');
    expect(acceptance.text).toContain('段晓斌');
    expect(acceptance.text).toContain('20 个工作日');
    expect(acceptance.text).toContain('北京市市场监督管理局');
    expect(acceptance.text).toMatch(/接收材料时间\s*\S*\s*/);
    expect(acceptance.text).toContain(ahead(0));
    expect(acceptance.text).toMatch(/是否收费\s*是/);

    await acceptedToDecision(applicant, app.id);
    ok(await complete(beijing, app.id, FORM.licenceDecision, { decision: 'approve' }));
    await status(app.id, 'approved');
    const licence = await pdfOf(app.id, 'production-licence');
    expect(licence.number).toMatch(/^TS2026-\d{6}$/);
    expect(licence.text).toContain(licence.number);
    expect(licence.text).toContain(unit.name);
    expect(licence.text).toContain(unit.uscc);
    expect(licence.text).toContain(acceptance.number);
    expect(licence.text).toContain('紧急切断阀B');
    const done = await applicant.call('GET', `/api/applications/${app.id}`);
    expect(done.body.licence).toMatchObject({ acceptanceNumber: acceptance.number, licenceNumber: licence.number, authority: { level: 'provincial', name: '北京市市场监督管理局' } });
    expect(done.body.statutoryClock.state).toBe('stopped');
    const docs = await applicant.call('GET', `/api/applications/${app.id}/documents`);
    expect(docs.body.items.map((d: { number: string }) => d.number)).toEqual([acceptance.number, licence.number]);
    await eventually(async () => sys.sink.messages.find((m) => m.subject.includes(app.number)), 20000, 'approval e-mail');
  }, 120_000);

  it('the application content as the manual lists it: a scope row only for a chosen item, a certification valid after it was granted, a founding date not in the future', async () => {
    const { client: applicant, unit } = await licensingUnit(sys, '北京申请内容测试阀门有限公司');
    const data = licenceApplication(unit, ['M-ESV-B']);
    const before = await sys.db('applications').where({ unit_id: unit.id }).count({ n: '*' });
    const r = await applicant.call('POST', '/api/applications', {
      processId: 'production-licence',
      data: {
        ...data,
        registeredCapital: -1,
        website: 'licence.example.test',
        foundedOn: ahead(30),
        itemScopes: [{ item: 'M-ESV-B', parameters: 'DN25–DN300' }, { item: 'M-SV-A', parameters: 'DN15–DN200' }, { item: 'M-ESV-B', parameters: '重复' }],
        certifications: [{ body: '中国质量认证中心', certifiedOn: '2024-05-01', validUntil: '2024-04-30' }],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({
      registeredCapital: expect.stringContaining('不能小于 0'),
      website: expect.stringContaining('http://'),
      foundedOn: expect.stringContaining('不能晚于今天'),
      'itemScopes.1.item': expect.stringContaining('未在许可项目中选择'),
      'itemScopes.2.item': expect.stringContaining('每个项目只填一行'),
      'certifications.0.validUntil': expect.stringContaining('有效期应晚于认证日期'),
    });
    expect(await sys.db('applications').where({ unit_id: unit.id }).count({ n: '*' })).toEqual(before);
    // complete, it is kept with the case for the reviewers
    const app = await submit(applicant, data);
    const row = await sys.db('applications').where({ id: app.id }).first('data');
    expect(row.data).toMatchObject({ registeredCapital: 11500, industry: 'C', managementRepresentative: '李四', qualityHead: '王五', itemScopes: [{ item: 'M-ESV-B', parameters: 'DN25–DN300，PN ≤ 4.0 MPa' }], certifications: [{ body: '中国质量认证中心' }] });
  }, 60_000);

  it('no feedback form within 10 days: the decision goes on without it and the case history says so (engine clock pinned)', async () => {
    const { client: applicant, unit } = await licensingUnit(sys, '北京反馈逾期测试阀门有限公司');
    const app = await submit(applicant, licenceApplication(unit, ['M-ESV-B']));
    ok(await complete(beijing, app.id, FORM.licenceFormalReview, formalAcceptance()));
    const feedback = await acceptedToDecision(applicant, app.id, { withoutFeedback: true });
    await withEngineClock(sys, Date.now() + 10 * 86400_000 + 60_000, async () => {
      await taskOf(beijing, app.id, FORM.licenceDecision);
    });
    expect((await sys.db('tasks').where({ user_task_key: feedback.id }).first()).state).not.toBe('CREATED');
    const history = (await applicant.call('GET', `/api/applications/${app.id}`)).body.history as Array<{ action: string; opinion: string | null }>;
    expect(history.find((h) => h.action === 'licence-feedback-lapsed')).toMatchObject({ opinion: expect.stringContaining('未在期限内提交鉴定评审反馈表') });
    ok(await complete(beijing, app.id, FORM.licenceDecision, { decision: 'approve' }));
    await status(app.id, 'approved');
    expect((await sys.db('licence_cases').where({ application_id: app.id }).first()).feedback_at).toBeNull();
  }, 120_000);

  it('two supplement/correction rounds: only the flagged parts and fields may change, then accepted', async () => {
    const { client: applicant, unit } = await licensingUnit(sys, '北京补正测试制造有限公司');
    const original = licenceApplication(unit, ['M-ESV-B', 'M-PE']);
    const app = await submit(applicant, original);

    // round 1: the work history and the whole staff part
    const noReasons = await complete(beijing, app.id, FORM.licenceFormalReview, { decision: 'correct', corrections: [] });
    expect(noReasons.status).toBe(400);
    ok(await complete(beijing, app.id, FORM.licenceFormalReview, { decision: 'correct', corrections: [{ field: 'workHistory', reason: '未说明近三年产量' }, { field: 'partStaff', reason: '缺少无损检测人员' }] }));
    await status(app.id, 'correction');
    const task1 = await taskOf(applicant, app.id, FORM.licenceSupplement);
    const d1 = await applicant.call('GET', `/api/tasks/${task1.id}`);
    expect(d1.body.correction).toMatchObject({ round: 1, editable: expect.arrayContaining(['workHistory', 'staff']) });
    expect(d1.body.correction.editable.sort()).toEqual(['staff', 'workHistory']);
    expect(d1.body.prefill.unitName).toBe(unit.name);
    const comps: Array<Record<string, unknown>> = [];
    const walk = (cs: Array<Record<string, unknown>>) => cs.forEach((c) => (comps.push(c), Array.isArray(c.components) && c.type !== 'datagrid' && walk(c.components as never)));
    walk(d1.body.form.schema.components);
    expect(comps.find((c) => c.key === 'unitName')!.disabled).toBe(true);
    expect(comps.find((c) => c.key === 'workHistory')!.disabled).toBeUndefined();
    expect(comps.find((c) => c.key === 'staff')!.disabled).toBeUndefined();

    // a change to an unflagged field is refused, naming the field
    const sneaky = await applicant.call('POST', `/api/tasks/${task1.id}/complete`, { data: { ...original, unitName: '改名有限公司', workHistory: '近三年产量 2 万台。' } });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.error.code).toBe('FIELD_NOT_FLAGGED');
    expect(Object.keys(sneaky.body.error.fields)).toEqual(['unitName']);
    const round1 = { ...original, workHistory: '近三年生产紧急切断阀 2.1 万台、聚乙烯管件 5 千件。', staff: [...original.staff, { name: '赵六', position: '无损检测人员', certificateNo: 'RT-II-0099' }] };
    ok(await applicant.call('POST', `/api/tasks/${task1.id}/complete`, { data: { ...round1, supplementNote: '已补充' } }));
    await status(app.id, 'in_review');

    // round 2: the contact's mobile
    ok(await complete(beijing, app.id, FORM.licenceFormalReview, { decision: 'correct', corrections: [{ field: 'contactPhone', reason: '联系电话无法接通' }] }));
    await status(app.id, 'correction');
    const task2 = await taskOf(applicant, app.id, FORM.licenceSupplement);
    const d2 = await applicant.call('GET', `/api/tasks/${task2.id}`);
    expect(d2.body.correction).toMatchObject({ round: 2, editable: ['contactPhone'] });
    expect(d2.body.prefill.workHistory).toBe(round1.workHistory);
    const again = await applicant.call('POST', `/api/tasks/${task2.id}/complete`, { data: { ...round1, contactPhone: '13912345678', workHistory: '再改一次' } });
    expect(again.status).toBe(422);
    expect(Object.keys(again.body.error.fields)).toEqual(['workHistory']);
    ok(await applicant.call('POST', `/api/tasks/${task2.id}/complete`, { data: { ...round1, contactPhone: '13912345678' } }));
    await status(app.id, 'in_review');
    ok(await complete(beijing, app.id, FORM.licenceFormalReview, formalAcceptance()));
    await status(app.id, 'appraisal');

    const row = await sys.db('applications').where({ id: app.id }).first();
    expect(row.data).toMatchObject({ unitName: unit.name, contactPhone: '13912345678', workHistory: round1.workHistory });
    expect(row.data.staff).toHaveLength(2);
    const notices = await sys.db('licence_corrections').where({ application_id: app.id }).orderBy('round');
    expect(notices.map((n) => [n.round, !!n.resolved_at])).toEqual([[1, true], [2, true]]);
    const pdfs = await sys.db('documents').where({ application_id: app.id, kind: 'licence-correction-notice' }).orderBy('created_at');
    expect(pdfs.map((p) => p.number)).toEqual([`${app.number}-B1`, `${app.number}-B2`]);
    await eventually(async () => fs.existsSync(documentPath(sys.config.fileStoreDir, pdfs[0].id)), 10000, 'notice file');
    const notice1 = await pdfText(fs.readFileSync(documentPath(sys.config.fileStoreDir, pdfs[0].id)));
    expect(notice1).toContain('缺少无损检测人员');
    expect(notice1).toContain(unit.name);
    const actions = (await sys.db('audit').where({ application_id: app.id }).orderBy('id')).map((a) => a.action);
    expect(actions.filter((a) => a === 'correction-notice')).toHaveLength(2);
    expect(actions.filter((a) => a === 'resubmit')).toHaveLength(2);
  }, 120_000);

  it('a change after a first-time licence: started from the licence, approved under the same number, the old scope in its history', async () => {
    const { client: applicant, unit } = await licensingUnit(sys, '北京变更测试阀门有限公司');
    // a change without a licence is refused, naming the field, and nothing is written
    const count = async () => Number((await sys.db('applications').where({ unit_id: unit.id }).count({ n: '*' }))[0].n);
    const early = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data: { ...licenceApplication(unit, ['M-ESV-B']), applicationCategory: 'change', currentLicence: 'TS2026-999999' } });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual({ currentLicence: expect.stringContaining('本单位没有编号为 TS2026-999999 的许可证') });
    expect(await count()).toBe(0);

    // the first-time licence
    const first = await submit(applicant, { ...licenceApplication(unit, ['M-ESV-B']), applicationCategory: 'first' });
    ok(await complete(beijing, first.id, FORM.licenceFormalReview, formalAcceptance()));
    await acceptedToDecision(applicant, first.id);
    ok(await complete(beijing, first.id, FORM.licenceDecision, { decision: 'approve' }));
    await status(first.id, 'approved');
    const issued = await pdfOf(first.id, 'production-licence');
    const list = await applicant.call('GET', '/api/licensing/licences');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    const [held] = list.body.items;
    expect(held).toMatchObject({ number: issued.number, status: 'valid', category: 'manufacture', items: [{ code: 'M-ESV-B', name: '紧急切断阀B' }], itemScope: 'DN25–DN300', applicationId: first.id });

    // a second first-time application for an item the unit holds is refused, naming the field
    const again = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data: { ...licenceApplication(unit, ['M-ESV-B', 'M-PE']), applicationCategory: 'first' } });
    expect(again.status).toBe(400);
    expect(Object.keys(again.body.error.fields)).toEqual(['applicationCategory']);
    expect(again.body.error.fields.applicationCategory).toContain(`本单位已持有有效许可证 ${issued.number}`);
    // a change may not switch the licence category
    const otherCategory = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data: { ...licenceApplication(unit, ['I-CR-A'], 'installation'), applicationCategory: 'change', currentLicence: issued.number } });
    expect(otherCategory.status).toBe(400);
    expect(Object.keys(otherCategory.body.error.fields)).toEqual(['licenceCategory']);
    expect(await count()).toBe(1);

    // the change starts from the licence: the form prefilled with its category, items and scope
    const detail = await applicant.call('GET', `/api/licensing/licences/${held.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.prefill).toMatchObject({ applicationCategory: 'change', currentLicence: issued.number, licenceCategory: 'manufacture', itemScope: 'DN25–DN300', unitName: unit.name });
    expect(detail.body.prefill.licenceItems).toMatchObject({ 'M-ESV-B': true, 'M-PE': false });
    const change = await submit(applicant, {
      ...detail.body.prefill,
      licenceItems: { ...detail.body.prefill.licenceItems, 'M-PE': true },
      itemScope: 'DN25–DN300；聚乙烯管件 dn20–dn630',
      declarationDate: '2026-11-30',
      declarationAgreed: true,
    });
    // one change or upgrade of a licence at a time
    const twice = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data: { ...detail.body.prefill, applicationCategory: 'upgrade', declarationDate: '2026-11-30', declarationAgreed: true } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toEqual({ currentLicence: expect.stringContaining(`已有办理中的变更或升级申请 ${change.number}`) });
    ok(await complete(beijing, change.id, FORM.licenceFormalReview, formalAcceptance()));
    await acceptedToDecision(applicant, change.id);
    ok(await complete(beijing, change.id, FORM.licenceDecision, { decision: 'approve' }));
    await status(change.id, 'approved');
    const changed = await pdfOf(change.id, 'production-licence');
    // the same licence, its number kept, its scope replaced; no second licence
    expect(changed.number).toBe(issued.number);
    expect(changed.text).toContain('聚乙烯管件');
    const rows = await sys.db('production_licences').where({ unit_id: unit.id });
    expect(rows).toHaveLength(1);
    expect([...rows[0].item_codes].sort()).toEqual(['M-ESV-B', 'M-PE']);
    expect(rows[0]).toMatchObject({ number: issued.number, item_scope: 'DN25–DN300；聚乙烯管件 dn20–dn630', application_id: change.id });
    expect((await sys.db('licence_cases').where({ application_id: change.id }).first())).toMatchObject({ application_kind: 'change', licence_id: held.id, licence_number: issued.number });
    expect((await applicant.call('GET', `/api/applications/${change.id}`)).body.licence).toMatchObject({ applicationCategory: 'change', currentLicence: issued.number, licenceNumber: issued.number });
    const after = await applicant.call('GET', `/api/licensing/licences/${held.id}`);
    expect(after.body.licence).toMatchObject({ validUntil: held.validUntil, issuedOn: held.issuedOn, items: [{ code: 'M-ESV-B' }, { code: 'M-PE' }] });
    expect(after.body.history).toEqual([
      expect.objectContaining({ kind: 'first', applicationId: first.id, previous: null }),
      expect.objectContaining({ kind: 'change', applicationId: change.id, number: change.number, previous: expect.objectContaining({ itemCodes: ['M-ESV-B'], itemScope: 'DN25–DN300', applicationId: first.id }) }),
    ]);

    // once expired: listed as such, and no longer a starting point for a change or an upgrade
    await sys.db('production_licences').where({ id: held.id }).update({ valid_until: '2020-01-01' });
    const expired = await applicant.call('GET', '/api/licensing/licences?status=expired');
    expect(expired.body.items.map((l: { number: string; status: string }) => [l.number, l.status])).toEqual([[issued.number, 'expired']]);
    expect((await applicant.call('GET', '/api/licensing/licences?status=valid')).body.total).toBe(0);
    expect((await applicant.call('GET', `/api/licensing/licences/${held.id}`)).body.prefill).toBeNull();
    const late = await applicant.call('POST', '/api/applications', { processId: 'production-licence', data: { ...detail.body.prefill, applicationCategory: 'upgrade', declarationDate: '2026-11-30', declarationAgreed: true } });
    expect(late.status).toBe(400);
    expect(late.body.error.fields).toEqual({ currentLicence: expect.stringContaining('已过期') });
    expect(await count()).toBe(2);
    // another unit neither lists nor reads it
    const other = await licensingUnit(sys, '北京变更测试他人有限公司');
    expect((await other.client.call('GET', '/api/licensing/licences')).body.total).toBe(0);
    expect((await other.client.call('GET', `/api/licensing/licences/${held.id}`)).status).toBe(404);
  }, 240_000);

  describe('a national-level item', () => {
    let applicant: Client;
    let app: { id: string; number: string };
    let feedbackTaskId: string;

    it('goes to the national authority, whatever the province', async () => {
      const u = await licensingUnit(sys, '北京国家级阀门有限公司');
      applicant = u.client;
      app = await submit(applicant, licenceApplication(u.unit, ['M-ESV-B', 'M-SV-A']));
      const review = await taskOf(national, app.id, FORM.licenceFormalReview);
      expect(review.candidateGroups).toEqual([authorityGroups.national]);
      expect((await beijing.call('GET', `/api/tasks/${review.id}`)).status).toBe(404);
      expect((await beijing.call('POST', `/api/tasks/${review.id}/complete`, { data: { decision: 'accept' } })).status).toBe(404);
      const lc = await sys.db('licence_cases').where({ application_id: app.id }).first();
      expect(lc).toMatchObject({ authority_level: 'national', authority_group: authorityGroups.national, authority_name: '国家市场监督管理总局' });
      ok(await complete(national, app.id, FORM.licenceFormalReview, formalAcceptance()));
      const acceptance = await pdfOf(app.id, 'licence-acceptance');
      expect(acceptance.text).toContain('国家市场监督管理总局');
      expect(acceptance.text).toContain('安全阀A');
    }, 60_000);

    it('the applicant proposes dates in a letter, the agency returns it once, then answers with its opinion and the final dates', async () => {
      const fb = await acceptedToDecision(applicant, app.id, { returnDatesOnce: true });
      feedbackTaskId = fb.id;
      const lc = await sys.db('licence_cases').where({ application_id: app.id }).first();
      expect(lc).toMatchObject({ dates_returned: 1, appraisal_from: ahead(15), appraisal_to: ahead(16), appraisal_conclusion: 'meets' });
      const letters = await sys.db('licence_date_proposals').where({ application_id: app.id }).orderBy('round');
      expect(letters.map((l) => [l.round, l.proposed_from, l.decision, l.final_from])).toEqual([
        [1, ahead(10), 'return', null],
        [2, ahead(14), 'accept', ahead(15)],
      ]);
      expect(letters[1]).toMatchObject({ contact_name: '李四', contact_phone: '010-68001234', contact_address: '北京市西城区许可路 1 号' });
      const proposals = await sys.db('audit').where({ application_id: app.id, action: 'task-complete' }).whereRaw("details->>'elementId' = 'dates-propose'");
      expect(proposals).toHaveLength(2);
      // the contact block stays out of the audit trail
      expect(JSON.stringify(proposals)).not.toContain('010-68001234');
      // the applicant's case history: the return with the agency's opinion, then the final dates
      const mine = await applicant.call('GET', `/api/applications/${app.id}`);
      const answers = (mine.body.history as Array<{ elementId: string; decision: string; opinion: string; step: string }>).filter((h) => h.elementId === 'dates-opinion');
      expect(answers).toEqual([
        expect.objectContaining({ decision: 'return', opinion: '该时段评审组已满，请改约下旬', step: '鉴定评审机构意见 Agency answers with the final dates' }),
        expect.objectContaining({ decision: 'accept', opinion: expect.stringContaining(`最终确定的鉴定评审日期：${ahead(15)} 至 ${ahead(16)}`) }),
      ]);
      expect(mine.body.licence.appraisal).toMatchObject({ from: ahead(15), to: ahead(16), returned: 1 });
      expect(mine.body.licence.negotiation).toEqual([
        expect.objectContaining({ round: 1, decision: 'return', opinion: '该时段评审组已满，请改约下旬' }),
        expect.objectContaining({ round: 2, decision: 'accept', finalFrom: ahead(15), finalTo: ahead(16) }),
      ]);
    }, 120_000);

    it('the review feedback form is for the authority only: never in the applicant\'s reads after submission', async () => {
      const secret = 'X7Q';
      const mine = await applicant.call('GET', `/api/applications/${app.id}`);
      expect(mine.body.licence).toMatchObject({ feedbackSubmitted: true, feedback: null });
      expect(JSON.stringify(mine.body)).not.toContain(secret);
      const task = await applicant.call('GET', `/api/tasks/${feedbackTaskId}`);
      expect(task.status).toBe(200);
      expect(JSON.stringify(task.body)).not.toContain(secret);
      expect((await applicant.call('GET', `/api/drafts/task:${feedbackTaskId}`)).status).toBe(404);
      const list = await applicant.call('GET', '/api/applications');
      expect(JSON.stringify(list.body)).not.toContain(secret);
      // nor in the agency's, nor in the engine's variables or the audit trail
      const agencyView = await agency.call('GET', `/api/applications/${app.id}`);
      expect(agencyView.body.licence.feedback).toBeNull();
      const audit = await sys.db('audit').where({ application_id: app.id });
      expect(JSON.stringify(audit)).not.toContain(secret);
      // the authority reads it, on the case and on its decision task
      const authority = await national.call('GET', `/api/applications/${app.id}`);
      expect(authority.body.licence.feedback).toMatchObject({ q1: 'no', q4: 'yes', q4Explain: expect.stringContaining(secret) });
      const decision = await taskOf(national, app.id, FORM.licenceDecision);
      const detail = await national.call('GET', `/api/tasks/${decision.id}`);
      expect(detail.body.licence.feedback.q4Explain).toContain(secret);
      ok(await national.call('POST', `/api/tasks/${decision.id}/complete`, { data: { decision: 'reject', reason: '鉴定评审结论与现场情况不符' } }));
      await status(app.id, 'rejected');
      const done = await applicant.call('GET', `/api/applications/${app.id}`);
      expect(done.body).toMatchObject({ status: 'rejected', reason: '鉴定评审结论与现场情况不符', statutoryClock: { state: 'stopped' } });
    }, 60_000);
  });
});

describe('the statutory clock acts (engine clock pinned, National Day 2026)', () => {
  // the engine's clock and the API's "today" move together; back to now afterwards
  const pin = async (iso: string) => {
    const ts = Date.parse(iso);
    await pinEngineClock(sys, ts);
    sys.clock.offsetMs = ts - Date.now();
  };
  const settle = () => new Promise((r) => setTimeout(r, 3000)); // three of the engine's 1 s due-date checks
  const alerts = (id: string, action: string) => sys.db('audit').where({ application_id: id, action });

  it('pauses while at the agency, reminds the authority 3 working days before the limit, marks the case overdue after it', async () => {
    const email = `clock-${Date.now()}@example.test`;
    const officer = await createAccount(sys, { kind: 'reviewer', groups: [authorityGroups.beijing], email });
    const authority = await signIn(sys.url, officer.login, officer.password);
    const mailsTo = (number: string) => sys.sink.messages.filter((m) => m.to.includes(email) && m.text.includes(number));
    try {
      await withEngineClock(sys, Date.parse('2026-09-10T02:00:00Z'), async () => {
        // Thu 10 Sep 2026, 10:00 Beijing time: submitted and accepted; the case goes to the agency
        await pin('2026-09-10T02:00:00Z');
        const { client: applicant, unit } = await licensingUnit(sys, '北京时限测试阀门有限公司');
        const app = await submit(applicant, licenceApplication(unit, ['M-ESV-B']));
        ok(await complete(authority, app.id, FORM.licenceFormalReview, formalAcceptance('2026-09-10')));
        await status(app.id, 'appraisal');
        ok(await complete(applicant, app.id, FORM.licenceDatesPropose, { ...LETTER, appraisalFrom: '2026-09-17', appraisalTo: '2026-09-18' }));
        ok(await complete(agency, app.id, FORM.licenceDatesOpinion, { decision: 'accept', opinion: '同意', finalFrom: '2026-09-17', finalTo: '2026-09-18' }));
        const appraisal = await taskOf(agency, app.id, FORM.licenceAppraisal);

        // Mon 21 Sep: eight working days at the agency (the make-up Sunday 20 Sep among them) use none of the limit
        await pin('2026-09-21T02:00:00Z');
        const atAgency = (await applicant.call('GET', `/api/applications/${app.id}`)).body.statutoryClock;
        expect(atAgency).toMatchObject({ state: 'paused', usedWorkingDays: 0, leftWorkingDays: 20, pausedWorkingDays: 8, overdue: false, dueDate: null });
        ok(await completeTask(agency, appraisal.id, { conclusion: 'meets', reportSummary: '现场鉴定评审符合许可条件。' }));
        await status(app.id, 'in_review');
        // 20 working days from Mon 21 Sep: the Mid-Autumn (25–27 Sep) and National Day (1–7 Oct) holidays are skipped,
        // the make-up Saturday 10 Oct counts: the limit ends with Mon 26 Oct, the reminder goes at the end of Wed 21 Oct
        const lc = await eventually(async () => {
          const row = await sys.db('licence_cases').where({ application_id: app.id }).first();
          return row.statutory_due_at ? row : undefined;
        }, 20000, 'the statutory due date');
        expect(new Date(lc.statutory_due_at).toISOString()).toBe('2026-10-26T15:59:59.999Z');
        ok(await complete(applicant, app.id, FORM.licenceFeedback, FEEDBACK));
        // the decision task is due when the limit ends
        const decision = await taskOf(authority, app.id, FORM.licenceDecision);
        const listed = (await authority.call('GET', '/api/tasks?state=CREATED&limit=200')).body.items.find((t: { id: string }) => t.id === decision.id);
        expect(listed).toMatchObject({ dueDate: '2026-10-26T15:59:59.999Z', overdue: false });

        // Mon 12 Oct: 21 calendar days on, but only 10 working days used
        await pin('2026-10-12T02:00:00Z');
        await settle();
        expect((await applicant.call('GET', `/api/applications/${app.id}`)).body.statutoryClock).toMatchObject({ state: 'counting', usedWorkingDays: 10, leftWorkingDays: 10, overdue: false });
        expect(await alerts(app.id, 'licence-clock-reminder')).toHaveLength(0);

        // Wed 21 Oct 23:00: not yet; Thu 22 Oct 00:00:30: the authority is reminded, once
        await pin('2026-10-21T15:00:00Z');
        await settle();
        expect(await alerts(app.id, 'licence-clock-reminder')).toHaveLength(0);
        await pin('2026-10-21T16:00:30Z');
        const reminder = await sys.sink.waitFor((m) => m.to.includes(email) && m.text.includes(app.number), 20000);
        expect(reminder.subject).toContain('即将届满');
        expect(reminder.text).toContain('2026-10-26');
        const [reminded] = await eventually(async () => {
          const rows = await alerts(app.id, 'licence-clock-reminder');
          return rows.length ? rows : undefined;
        }, 10000, 'the reminder audit row');
        expect(reminded.details.note).toContain('含今日尚余 3 个工作日');
        await settle();
        expect(await alerts(app.id, 'licence-clock-reminder')).toHaveLength(1);
        expect(mailsTo(app.number)).toHaveLength(1);
        expect(await alerts(app.id, 'licence-clock-overdue')).toHaveLength(0);

        // Mon 26 Oct 23:00, the last working day: not overdue; Tue 27 Oct 00:00:30: overdue
        await pin('2026-10-26T15:00:00Z');
        await settle();
        expect(await alerts(app.id, 'licence-clock-overdue')).toHaveLength(0);
        expect((await sys.db('licence_cases').where({ application_id: app.id }).first()).overdue_at).toBeNull();
        await pin('2026-10-26T16:00:30Z');
        const overdueMail = await sys.sink.waitFor((m) => m.to.includes(email) && m.text.includes(app.number) && m.subject.includes('已超过'), 20000);
        expect(overdueMail.text).toContain('标记为超期');
        await eventually(async () => (await sys.db('licence_cases').where({ application_id: app.id }).first()).overdue_at ?? undefined, 10000, 'the case marked overdue');
        await settle();
        expect(await alerts(app.id, 'licence-clock-overdue')).toHaveLength(1);

        // overdue on the case, in the inbox and in the applicant's case history
        const viewed = (await applicant.call('GET', `/api/applications/${app.id}`)).body;
        expect(viewed.statutoryClock).toMatchObject({ state: 'counting', overdue: true, overdueAt: expect.any(String), remindedAt: expect.any(String) });
        const overdueTasks = (await authority.call('GET', '/api/tasks?state=CREATED&overdue=true&limit=200')).body.items;
        expect(overdueTasks.find((t: { id: string }) => t.id === decision.id)).toMatchObject({ overdue: true });
        const history = viewed.history as Array<{ action: string; opinion: string | null }>;
        expect(history.find((h) => h.action === 'licence-clock-reminder')?.opinion).toContain('2026-10-26');
        expect(history.find((h) => h.action === 'licence-clock-overdue')?.opinion).toContain('已超过法定办结时限');

        // decided late: the case ends as usual
        ok(await completeTask(authority, decision.id, { decision: 'approve' }));
        await status(app.id, 'approved');
      });
    } finally {
      sys.clock.offsetMs = 0;
      await sys.db('accounts').where({ id: officer.id }).update({ status: 'disabled' });
    }
  }, 180_000);
});
