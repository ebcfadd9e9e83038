/**
 * appraisal-review on the real engine, through the API as the unit, the association office and
 * the review-team leader: straight pass, pre-review return and resubmit, the invitation date
 * window, the PDF-only letter scan, rectification rounds, re-review, the rectification reminder
 * (engine clock pinned), the rating, the temporary files and the unit's "my tasks" (to do / done).
 */
import fs from 'node:fs';
import { pdfText } from '../../documents/parse';
import { documentPath } from '../../db/documents';
import { chineseDate } from '../../domain/appraisal/rules';
import { addWorkingDays, localDate } from '../../domain/calendar';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, eventually, pinEngineClock, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { signedInUnit, freshLogin } from '../support/factories';

let sys: TestSystem;
let office: Client;
let leader: Client;
let leaderLogin: string;

/** A small but real PDF (the server decides the type from the first bytes). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
  sys = await startTestSystem();
  const o = await createAccount(sys, { groups: ['appraisal-office'] });
  office = await signIn(sys.url, o.login, o.password);
  const l = await createAccount(sys, { groups: ['appraisal-leaders'] });
  leaderLogin = l.login;
  leader = await signIn(sys.url, l.login, l.password);
});
afterAll(async () => {
  await sys?.stop();
});

const DAY = 86_400_000;
const inDays = (n: number) => localDate(new Date(Date.now() + n * DAY));

async function newUnit() {
  const uscc = freshUscc();
  const { unit, email, client } = await signedInUnit(sys, {
    unit: { uscc, name: `评审测试检验有限公司${uscc.slice(-4)}`, legal_representative: '刘三江', address: '北京市朝阳区和平街西苑2号楼', postcode: '100029', phone: '010-64000000' },
    account: { login: freshLogin('ar'), displayName: '陈晨', mobile: '18513661392' },
  });
  return { unit, email, client };
}

type Unit = Awaited<ReturnType<typeof newUnit>>;

/** The open task of an element in this instance, once the inbox mirror has it. */
async function taskAt(pik: string, elementId: string): Promise<string> {
  const row = await eventually(async () => (await sys.db('tasks').where({ process_instance_key: pik, element_id: elementId, state: 'CREATED' }).first()) ?? undefined, 20000, `task ${elementId}`);
  return row.user_task_key;
}

async function complete(client: Client, pik: string, elementId: string, data: Record<string, unknown>) {
  const key = await taskAt(pik, elementId);
  const r = await client.call('POST', `/api/tasks/${key}/complete`, { data });
  expect([r.status, r.body]).toEqual([200, expect.objectContaining({ completed: true })]);
  return key;
}

async function upload(client: Client, name: string, content: Buffer) {
  const r = await client.upload(name, content);
  expect(r.status).toBe(201);
  return [{ storage: 'url', originalName: name, data: { id: r.body.id, name } }];
}

async function projectData(u: Unit) {
  return {
    address: '北京市朝阳区和平街西苑2号楼', postcode: '100029', contactName: '陈晨', contactPhone: '010-64000000', contactMobile: '18513661392', email: u.email,
    uscc: u.unit.uscc, legalRepresentative: '刘三江', institutionType: 'inspection',
    acceptanceDecisionNo: 'TS-SL-2026-0815', acceptanceDate: '2026-11-02', reviewType: 'initial', acceptanceCategory: 'inspection', province: '北京市',
    qualityManual: await upload(u.client, '质量手册.pdf', PDF), procedureList: await upload(u.client, '程序文件目录.pdf', PDF),
    acceptanceDecision: await upload(u.client, '受理决定书.png', PNG), applicationForm: await upload(u.client, '申请书.pdf', PDF), otherFiles: await upload(u.client, '其他.png', PNG),
  };
}

async function create(u: Unit) {
  const r = await u.client.call('POST', '/api/appraisals', { data: { contactName: '陈晨' } });
  expect(r.status).toBe(201);
  expect(r.body.number).toMatch(/^PSS\d{8}-\d{5}$/);
  return r.body as { id: string; number: string; processInstanceKey: string };
}

/** From a new project to the on-site review (the leader's task open). */
async function toOnsite(u: Unit, opts: { proposedDate?: string; reviewDate?: string } = {}) {
  const p = await create(u);
  const pik = p.processInstanceKey;
  await complete(u.client, pik, 'edit-project', await projectData(u));
  await complete(office, pik, 'pre-review', { decision: 'approve' });
  await complete(u.client, pik, 'propose-invitation', { proposedDate: opts.proposedDate ?? inDays(10) });
  await complete(office, pik, 'approve-invitation', { decision: 'approve' });
  await complete(u.client, pik, 'upload-stamped-letter', { stampedLetter: await upload(u.client, '商洽函（盖章）.pdf', PDF) });
  await complete(office, pik, 'plan-review', { reviewDate: opts.reviewDate ?? inDays(12), teamLeader: leaderLogin, teamMembers: '王五、赵六' });
  await complete(u.client, pik, 'confirm-notice', { received: true });
  await taskAt(pik, 'onsite-review');
  return p;
}

async function conclude(pik: string, conclusion: string, extra: Record<string, unknown> = {}) {
  const materials = await upload(leader, '现场评审记录.pdf', PDF);
  return complete(leader, pik, 'onsite-review', { onsiteMaterials: materials, conclusion, findings: '评审组意见', ...extra });
}

async function rateAndClose(u: Unit, pik: string, id: string) {
  await complete(u.client, pik, 'rate-team', { professionalism: 5, attitude: 4, discipline: 5, efficiency: 3, overall: 4, comment: '评审组专业、认真。' });
  await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik}`)).body.state === 'COMPLETED') || undefined, 20000, 'completed');
  await eventually(async () => (await sys.db('applications').where({ id, status: 'approved' }).first()) ?? undefined, 20000, 'closed');
}

async function completedElements(pik: string): Promise<string[]> {
  const r = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: pik, state: 'COMPLETED' }, page: { from: 0, limit: 500 } });
  return r.body.items.map((i) => i.elementId);
}

describe('appraisal-review', () => {
  it('straight pass: draft with number → submit → … → on-site pass → rating → closed; letters and uploads listed with their steps', async () => {
    const u = await newUnit();
    const p = await toOnsite(u);
    const pik = p.processInstanceKey;
    // the on-site task is the project's leader's
    const onsite = await sys.db('tasks').where({ process_instance_key: pik, element_id: 'onsite-review', state: 'CREATED' }).first();
    expect(onsite.assignee).toBe(leaderLogin);
    await conclude(pik, 'pass');
    await rateAndClose(u, pik, p.id);
    const done = await completedElements(pik);
    expect(done).toEqual(expect.arrayContaining(['negotiation-letter', 'review-notice', 'rate-team', 'close-project', 'closed']));
    expect(done).not.toContain('rectification');
    expect(done).not.toContain('confirm-invitation');
    const trail = await sys.db('audit').where({ application_id: p.id }).whereNot({ action: 'task-complete' }).orderBy('id').pluck('action');
    expect(trail).toEqual(['create', 'submit', 'pre-review-approve', 'close']);

    const files = await u.client.call('GET', `/api/appraisals/${p.id}/files`);
    expect(files.status).toBe(200);
    const steps = files.body.items.map((f: { step: string; kind: string }) => `${f.kind}:${f.step}`);
    expect(steps.filter((s: string) => s === 'upload:edit-project')).toHaveLength(5);
    expect(steps).toEqual(expect.arrayContaining(['letter:negotiation-letter', 'upload:upload-stamped-letter', 'letter:review-notice', 'upload:onsite-review']));
    const leaderFile = files.body.items.find((f: { step: string }) => f.step === 'onsite-review');
    expect(leaderFile.stepName).toContain('现场评审');
    // the unit can open the leader's on-site materials through its project
    const got = await u.client.call('GET', leaderFile.url);
    expect(got.status).toBe(200);
    // another unit cannot see the project
    const other = await newUnit();
    expect((await other.client.call('GET', `/api/appraisals/${p.id}/files`)).status).toBe(404);
  });

  it('both letters, read back from their PDFs, carry the project number, the unit name and the dates in Chinese', async () => {
    const u = await newUnit();
    const proposedDate = inDays(9);
    const reviewDate = inDays(14);
    const p = await toOnsite(u, { proposedDate, reviewDate });
    const files = (await u.client.call('GET', `/api/appraisals/${p.id}/files`)).body.items as Array<{ kind: string; step: string; url: string }>;
    const letters = files.filter((f) => f.kind === 'letter');
    expect(letters.map((f) => f.step)).toEqual(['negotiation-letter', 'review-notice']);
    const read = async (url: string) => {
      const doc = await sys.db('documents').where({ id: url.split('/').pop() }).first();
      expect(doc).toMatchObject({ application_id: p.id, number: p.number });
      expect((await u.client.call('GET', url)).status).toBe(200); // the document's unit may read it
      return pdfText(fs.readFileSync(documentPath(sys.config.fileStoreDir, doc.id)));
    };
    const negotiation = (await read(letters[0].url)).replace(/\s+/g, '');
    const notice = (await read(letters[1].url)).replace(/\s+/g, '');
    for (const text of [negotiation, notice]) {
      expect(text).toContain(p.number);
      expect(text).toContain(u.unit.name);
    }
    expect(negotiation).toContain('鉴定评审商洽函');
    expect(negotiation).toContain(chineseDate(proposedDate));
    expect(negotiation).toContain(chineseDate('2026-11-02')); // acceptance date
    expect(notice).toContain('鉴定评审通知函');
    expect(notice).toContain(chineseDate(reviewDate));
    expect(chineseDate(reviewDate)).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  });

  it('pre-review return: the unit fixes the project (its data prefilled) and resubmits', async () => {
    const u = await newUnit();
    const p = await create(u);
    const pik = p.processInstanceKey;
    const data = await projectData(u);
    await complete(u.client, pik, 'edit-project', { ...data, remarks: '第一次提交' });
    expect((await sys.db('applications').where({ id: p.id }).first()).status).toBe('submitted');
    await complete(office, pik, 'pre-review', { decision: 'return', reason: '质量手册版本过旧，请更新' });
    const again = await taskAt(pik, 'edit-project');
    const detail = await u.client.call('GET', `/api/tasks/${again}`);
    expect(detail.body.prefill).toMatchObject({ remarks: '第一次提交', acceptanceDecisionNo: 'TS-SL-2026-0815' });
    expect(detail.body.history.some((h: { action: string }) => h.action === 'task-complete')).toBe(true);
    await complete(u.client, pik, 'edit-project', { ...data, remarks: '已更新质量手册' });
    await complete(office, pik, 'pre-review', { decision: 'approve' });
    await taskAt(pik, 'propose-invitation');
    const app = await sys.db('applications').where({ id: p.id }).first();
    expect(app.status).toBe('in_review');
    expect(app.data.remarks).toBe('已更新质量手册');
    const trail = await sys.db('audit').where({ application_id: p.id }).whereNot({ action: 'task-complete' }).orderBy('id').pluck('action');
    expect(trail).toEqual(['create', 'submit', 'resubmit', 'pre-review-approve']);
  });

  it('invitation: a date 3 days ahead is refused with a field error (and 5 days), 6 days is accepted; the letter scan must be a PDF (415)', async () => {
    const u = await newUnit();
    const p = await create(u);
    const pik = p.processInstanceKey;
    await complete(u.client, pik, 'edit-project', await projectData(u));
    await complete(office, pik, 'pre-review', { decision: 'approve' });
    const key = await taskAt(pik, 'propose-invitation');
    for (const days of [3, 5]) {
      const refused = await u.client.call('POST', `/api/tasks/${key}/complete`, { data: { proposedDate: inDays(days) } });
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.error.fields)).toEqual(['proposedDate']);
      expect(refused.body.error.fields.proposedDate).toContain('5 日内');
    }
    expect((await sys.db('tasks').where({ user_task_key: key }).first()).state).toBe('CREATED');
    await complete(u.client, pik, 'propose-invitation', { proposedDate: inDays(6) });
    await complete(office, pik, 'approve-invitation', { decision: 'approve' });
    const scanKey = await taskAt(pik, 'upload-stamped-letter');
    const png = await u.client.call('POST', `/api/tasks/${scanKey}/complete`, { data: { stampedLetter: await upload(u.client, '商洽函.png', PNG) } });
    expect(png.status).toBe(415);
    expect(png.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect((await sys.db('tasks').where({ user_task_key: scanKey }).first()).state).toBe('CREATED');
    await complete(u.client, pik, 'upload-stamped-letter', { stampedLetter: await upload(u.client, '商洽函.pdf', PDF) });
    await taskAt(pik, 'plan-review');
  });

  it('two rectification rounds, then accepted and closed', async () => {
    const u = await newUnit();
    const p = await toOnsite(u);
    const pik = p.processInstanceKey;
    await conclude(pik, 'rectification', { rectificationDays: 15 });
    const first = await taskAt(pik, 'upload-rectification');
    const row = await sys.db('tasks').where({ user_task_key: first }).first();
    expect(row.candidate_groups).toEqual([`unit:${u.unit.id}`]);
    expect(new Date(row.due_date).toISOString()).toBe(addWorkingDays(new Date(row.created_at), 15).toISOString());
    await complete(u.client, pik, 'upload-rectification', { rectificationMaterials: await upload(u.client, '整改报告一.pdf', PDF) });
    await complete(leader, pik, 'verify-rectification', { decision: 'redo', reason: '第3项未整改到位' });
    await complete(u.client, pik, 'upload-rectification', { rectificationMaterials: await upload(u.client, '整改报告二.pdf', PDF) });
    await complete(leader, pik, 'verify-rectification', { decision: 'accept' });
    await rateAndClose(u, pik, p.id);
    const done = await completedElements(pik);
    expect(done.filter((e) => e === 'upload-rectification')).toHaveLength(2);
    expect(done.filter((e) => e === 'verify-rectification')).toHaveLength(2);
    const files = (await u.client.call('GET', `/api/appraisals/${p.id}/files`)).body.items.filter((f: { step: string }) => f.step === 'upload-rectification');
    expect(files.map((f: { title: string }) => f.title)).toEqual(['整改资料：整改报告一.pdf', '整改资料：整改报告二.pdf']);
  });

  it('re-review once (confirm the invitation, on-site again), then pass', async () => {
    const u = await newUnit();
    const p = await toOnsite(u);
    const pik = p.processInstanceKey;
    await conclude(pik, 're-review');
    await complete(u.client, pik, 'confirm-invitation', { confirmed: true, note: '同意复评' });
    await conclude(pik, 'pass');
    await rateAndClose(u, pik, p.id);
    const done = await completedElements(pik);
    expect(done.filter((e) => e === 'onsite-review')).toHaveLength(2);
    expect(done.filter((e) => e === 'confirm-invitation')).toHaveLength(1);
  });

  it('rating stored: scores and comment in appraisal_ratings with the team leader; readable by the unit; a score of 6 refused', async () => {
    const u = await newUnit();
    const p = await toOnsite(u);
    const pik = p.processInstanceKey;
    await conclude(pik, 'pass');
    const key = await taskAt(pik, 'rate-team');
    const bad = await u.client.call('POST', `/api/tasks/${key}/complete`, { data: { professionalism: 6, attitude: 4, discipline: 5, efficiency: 3, overall: 4 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['professionalism']);
    await rateAndClose(u, pik, p.id);
    const row = await sys.db('appraisal_ratings').where({ application_id: p.id }).first();
    expect(row).toMatchObject({ team_leader: leaderLogin, score_professionalism: 5, score_attitude: 4, score_discipline: 5, score_efficiency: 3, score_overall: 4, comment: '评审组专业、认真。' });
    const api = await u.client.call('GET', `/api/appraisals/${p.id}/rating`);
    expect(api.body).toMatchObject({ teamLeader: leaderLogin, scores: { professionalism: 5, overall: 4 }, comment: '评审组专业、认真。' });
  });

  it("my tasks: the unit's to-do and done lists across its projects; another unit sees none of them", async () => {
    const u = await newUnit();
    const p = await create(u);
    const key = await taskAt(p.processInstanceKey, 'edit-project');
    const todo = await u.client.call('GET', '/api/tasks?state=CREATED');
    expect(todo.body.items.map((t: { id: string }) => t.id)).toEqual([key]);
    expect(todo.body.items[0]).toMatchObject({ processId: 'appraisal-review', applicationNumber: p.number, elementId: 'edit-project' });
    const other = await newUnit();
    expect((await other.client.call('GET', '/api/tasks?state=CREATED')).body.items).toEqual([]);
    expect((await other.client.call('POST', `/api/tasks/${key}/complete`, { data: {} })).status).toBe(404);
    await complete(u.client, p.processInstanceKey, 'edit-project', await projectData(u));
    const done = await eventually(async () => {
      const r = await u.client.call('GET', '/api/tasks?state=COMPLETED');
      return r.body.items.length ? r.body.items : undefined;
    }, 10000, 'done list');
    expect(done.map((t: { id: string }) => t.id)).toEqual([key]);
    expect((await u.client.call('GET', '/api/tasks?state=CREATED')).body.items).toEqual([]); // now with the office
  });

  it('rectification deadline: the reminder e-mail goes out before the deadline, the overdue notice after it (engine clock pinned); the task stays open', async () => {
    const u = await newUnit();
    const p = await toOnsite(u);
    const pik = p.processInstanceKey;
    await conclude(pik, 'rectification', { rectificationDays: 5 });
    const key = await taskAt(pik, 'upload-rectification');
    const task = await sys.db('tasks').where({ user_task_key: key }).first();
    // the reminder is due 3 working days before the deadline: the end of the 2nd working day of 5
    const reminderAt = addWorkingDays(new Date(task.created_at), 5 - 3).getTime();
    expect(new Date(task.due_date).toISOString()).toBe(addWorkingDays(new Date(task.created_at), 5).toISOString());
    expect(reminderAt).toBeLessThan(new Date(task.due_date).getTime());
    expect(reminderAt).toBeGreaterThan(Date.now());
    await withEngineClock(sys, reminderAt + 60_000, async () => {
      const mail = await sys.sink.waitFor((m) => m.to.includes(u.email), 30000);
      expect(mail.subject).toContain('整改即将到期');
      expect(mail.text).toContain(p.number);
      expect(mail.text).toContain(localDate(new Date(task.due_date)));
      const notes = await sys.db('notifications').where({ application_id: p.id, template: 'appraisal-rectification-reminder' });
      expect(notes).toHaveLength(1);
      expect(await sys.db('notifications').where({ application_id: p.id, template: 'appraisal-rectification-overdue' })).toHaveLength(0);
      // past the deadline: the overdue notice; both timers are non-interrupting, the unit can still upload
      await pinEngineClock(sys, new Date(task.due_date).getTime() + 60_000);
      const overdue = await sys.sink.waitFor((m) => m.to.includes(u.email) && m.subject.includes('整改已超期'), 30000);
      expect(overdue.text).toContain(p.number);
      expect((await sys.db('tasks').where({ user_task_key: key }).first()).state).toBe('CREATED');
      await complete(u.client, pik, 'upload-rectification', { rectificationMaterials: await upload(u.client, '整改报告.pdf', PDF) });
      await taskAt(pik, 'verify-rectification');
    });
  });
});
