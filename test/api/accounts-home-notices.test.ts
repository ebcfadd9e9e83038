/**
 * The unit's home page figures (persons in publicity, what waits for the account) and the notices
 * (公示通知 / 会员通知) admins write, publish, withdraw and delete: declared schemas with field-level
 * Chinese messages, admin-only writes, every write audited, units reading only published ones.
 */
import { PROCESS, unitTaskGroup } from '../../domain/registry';
import { createApplication, createUnitAccount } from '../support/factories';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { seedPerson, today, unitWithAccount } from '../support/publicity-fixtures';
import { addDays } from '../../domain/publicity/rules';

let sys: TestSystem;
let admin: Client;
let unit: Client;
let sub: Client;
let unitId: string;
const taskKeys: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'admin' });
  admin = await signIn(sys.url, a.login, a.password);
  const u = await unitWithAccount(sys.db, { name: `首页测试检验有限公司${Date.now().toString(36)}` });
  unitId = u.unit.id;
  unit = await signIn(sys.url, u.login, u.password);
  const s = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['qualification'] });
  sub = await signIn(sys.url, s.login, s.password);
});
afterAll(async () => {
  if (taskKeys.length) await sys.db('tasks').whereIn('user_task_key', taskKeys).delete();
  await sys?.stop();
});

describe('the unit home page', () => {
  it('counts the persons in publicity today and what waits: open tasks, drafts, cases waiting without a task', async () => {
    const empty = await unit.call('GET', '/api/unit/home');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ personsInPublicity: 0, waiting: { tasks: 0, drafts: 0, cases: 0, total: 0 } });

    // two persons in publicity, one whose publicity lapsed yesterday (still "active" until the nightly job), one ended
    await seedPerson(sys.db, { name: '公示甲', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId });
    await seedPerson(sys.db, { name: '公示乙', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId });
    await seedPerson(sys.db, { name: '过期丙', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId, validUntil: addDays(today(), -1) });
    const ended = await seedPerson(sys.db, { name: '注销丁', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId });
    await sys.db('publicity_records').where({ id: ended.recordId }).update({ status: 'ended', end_reason: 'cancelled', ended_at: sys.db.fn.now() });

    // a publicity form to upload (no task), a cancellation not handed in (no task), a correction with its own
    // task (counted once, as a task), a finished case (not counted); a task of the unit's group; a draft
    await createApplication(sys.db, { processId: PROCESS.publicityApplication, status: 'awaiting_upload', unitId });
    await createApplication(sys.db, { processId: PROCESS.publicityCancel, status: 'pending', unitId });
    const corr = await createApplication(sys.db, { processId: PROCESS.productionLicence, status: 'correction', unitId });
    await createApplication(sys.db, { processId: PROCESS.publicityCancel, status: 'approved', unitId });
    const key = (n: number) => String(6_000_000_000_000 + n * 1e9 + Math.floor(Math.random() * 1e9));
    taskKeys.push(key(1), key(2));
    await sys.db('tasks').insert(taskKeys.map((k, i) => ({
      user_task_key: k, process_instance_key: '1', process_definition_id: 'production-licence', element_id: 'correct', application_id: i === 0 ? corr.id : null,
      form_key: 'production-licence', candidate_groups: [unitTaskGroup(unitId)], candidate_users: [], state: 'CREATED', last_event: 'creating',
    })));
    expect((await unit.call('PUT', '/api/drafts/start:unit-qualification', { data: { certificateNo: 'HOME-1' } })).status).toBeLessThan(300);

    const home = await unit.call('GET', '/api/unit/home');
    expect(home.body).toMatchObject({ personsInPublicity: 2, waiting: { tasks: 2, drafts: 1, cases: 2, total: 5 } });
    expect(home.body.unit.name).toMatch(/^首页测试检验有限公司/);
    // a sub-account outside appraisal and licensing has no unit tasks, and no drafts of its own
    expect((await sub.call('GET', '/api/unit/home')).body).toMatchObject({ personsInPublicity: 2, waiting: { tasks: 0, drafts: 0, cases: 2, total: 2 } });
    expect((await admin.call('GET', '/api/unit/home')).status).toBe(403);
  });
});

describe('notices', () => {
  it('are written by admins with field-level Chinese messages, published, changed, withdrawn and deleted, each audited', async () => {
    const bad = await admin.call('POST', '/api/admin/notices', { kind: 'news', title: ' ', body: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['body', 'extra', 'kind', 'title']);
    expect(bad.body.error.fields.kind).toMatch(/公示通知或会员通知/);
    expect(bad.body.error.fields.title).toMatch(/请填写标题/);
    expect(bad.body.error.fields.body).toMatch(/请填写通知内容/);
    const missing = await admin.call('POST', '/api/admin/notices', {});
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(['body', 'kind', 'title']);
    expect(missing.body.error.fields.title).toMatch(/请填写标题/);
    expect((await admin.call('POST', '/api/admin/notices', { kind: 'member', title: '长'.repeat(201), body: '内容' })).body.error.fields.title).toMatch(/200/);
    // units and reviewers do not write notices
    expect((await unit.call('POST', '/api/admin/notices', { kind: 'member', title: '单位写的', body: '内容' })).status).toBe(403);
    expect(await sys.db('notices').where({ title: '单位写的' })).toHaveLength(0);

    const tag = Date.now().toString(36);
    const pub = await admin.call('POST', '/api/admin/notices', { kind: 'publicity', title: `关于2026年度执业公示的通知 ${tag}`, body: '各单位：请于 12 月 31 日前完成续期申报。' });
    expect(pub.status).toBe(201);
    expect(pub.body).toMatchObject({ kind: 'publicity', status: 'published' });
    expect(pub.body.publishedAt).toBeTruthy();
    const draft = await admin.call('POST', '/api/admin/notices', { kind: 'member', title: `会员年费缴纳通知 ${tag}`, body: '请按时缴纳会员年费。', publish: false });
    expect(draft.body).toMatchObject({ status: 'unpublished', publishedAt: null });

    // units read the published ones only
    const seen = await unit.call('GET', '/api/notices?pageSize=100');
    expect(seen.status).toBe(200);
    const titles = seen.body.items.map((n: { title: string }) => n.title);
    expect(titles).toContain(`关于2026年度执业公示的通知 ${tag}`);
    expect(titles).not.toContain(`会员年费缴纳通知 ${tag}`);
    expect((await unit.call('GET', `/api/notices/${pub.body.id}`)).body.body).toBe('各单位：请于 12 月 31 日前完成续期申报。');
    expect((await unit.call('GET', `/api/notices/${draft.body.id}`)).status).toBe(404);
    expect((await unit.call('GET', '/api/notices?kind=news')).body.error.fields.kind).toMatch(/公示通知或会员通知/);

    // the admin list: conditions and pages on the server
    const byTitle = await admin.call('GET', `/api/admin/notices?title=${encodeURIComponent(tag)}&pageSize=1`);
    expect(byTitle.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(byTitle.body.items).toHaveLength(1);
    const members = await admin.call('GET', `/api/admin/notices?title=${encodeURIComponent(tag)}&kind=member`);
    expect(members.body.items.map((n: { id: string }) => n.id)).toEqual([draft.body.id]);
    const unpublished = await admin.call('GET', `/api/admin/notices?title=${encodeURIComponent(tag)}&status=unpublished`);
    expect(unpublished.body.total).toBe(1);
    expect((await admin.call('GET', '/api/admin/notices?page=0')).body.error.fields.page).toMatch(/页码/);
    expect((await admin.call('GET', '/api/admin/notices?title=%25')).body.total).toBe(0); // "%" is a character, not a wildcard

    // edit, publish, withdraw, delete
    const edited = await admin.call('PUT', `/api/admin/notices/${draft.body.id}`, { kind: 'member', title: `会员年费缴纳通知（更正）${tag}`, body: '请于 1 月 31 日前缴纳会员年费。', publish: true });
    expect(edited.body).toMatchObject({ status: 'published', title: `会员年费缴纳通知（更正）${tag}` });
    expect((await admin.call('PUT', `/api/admin/notices/${draft.body.id}`, { kind: 'member', title: '', body: 'x' })).body.error.fields.title).toMatch(/请填写标题/);
    expect((await admin.call('POST', `/api/admin/notices/${draft.body.id}/publish`)).status).toBe(409);
    const withdrawn = await admin.call('POST', `/api/admin/notices/${pub.body.id}/unpublish`);
    expect(withdrawn.body.status).toBe('unpublished');
    const again = await admin.call('POST', `/api/admin/notices/${pub.body.id}/unpublish`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/未发布或已撤回/);
    expect((await unit.call('GET', `/api/notices/${pub.body.id}`)).status).toBe(404);
    expect((await unit.call('DELETE', `/api/admin/notices/${draft.body.id}`)).status).toBe(403);
    expect((await admin.call('DELETE', `/api/admin/notices/${draft.body.id}`)).status).toBe(204);
    expect((await admin.call('DELETE', `/api/admin/notices/${draft.body.id}`)).status).toBe(404);
    expect((await admin.call('PUT', '/api/admin/notices/not-a-uuid', { kind: 'member', title: '标题', body: 'x' })).status).toBe(404);

    const actions = (await sys.db('admin_audit').whereRaw("details->>'id' in (?, ?)", [pub.body.id, draft.body.id]).orderBy('id').pluck('action'));
    expect(actions).toEqual(['notice-create', 'notice-create', 'notice-update', 'notice-unpublish', 'notice-delete']);
  });
});
