/** The power-permit variations on the real engine, each once: registration change, item change, renewal (downgrade), reissue, personnel change, cancel. */
import { pdfText } from '../../documents/parse';
import { createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { approveThrough, complete, enterprise, file, fullApplication, givePermit, openTask, statusOf, validId } from '../support/power-permit';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const REVIEW = ['formal-review', 'substantive-review', 'committee'];

async function submitter(client: Awaited<ReturnType<typeof enterprise>>['client']) {
  return { type: 'delegate', name: '代办人', idNumber: validId(), delegationLetter: await file(client, '授权委托书.png') };
}

async function permitText(id: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { documentPath } = await import('../../db/documents');
  return pdfText(await readFile(documentPath(sys.config.fileStoreDir, id)));
}

describe('power-permit variations', () => {
  it('registration change: the unit is renamed, before/after recorded, the number and validity kept', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const same = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-registration-change', data: { submitter: await submitter(e.client), after: { name: e.unit.name }, proof: await file(e.client) } });
    expect(same.status).toBe(422);
    expect(same.body.error.missing.map((m: { field: string }) => m.field)).toEqual(['after']);
    const r = await e.client.call('POST', '/api/power-permits/applications', {
      processId: 'power-permit-registration-change',
      data: { submitter: await submitter(e.client), after: { name: `${e.unit.name}（更名）`, legalRepresentative: '吴二', address: e.unit.address }, proof: await file(e.client) },
    });
    expect(r.status).toBe(201);
    expect(r.body.statutoryDays).toBe(15);
    await approveThrough(sys, r.body.id, REVIEW);
    await statusOf(sys, r.body.id, 'approved');
    expect(await sys.db('units').where({ id: e.unit.id }).first()).toMatchObject({ name: `${e.unit.name}（更名）`, legal_representative: '吴二', address: e.unit.address });
    const changed = await sys.db('audit').where({ application_id: r.body.id, action: 'unit-changed' }).first();
    expect(changed.details).toEqual({ before: { name: e.unit.name, legal_representative: '周一' }, after: { name: `${e.unit.name}（更名）`, legal_representative: '吴二' } });
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after.number).toBe(permit.number);
    expect(after.valid_until).toEqual(permit.valid_until);
    const text = await permitText(after.document_id);
    expect(text).toContain(permit.number);
    expect(text).toContain(`${e.unit.name}（更名）`);
  });

  it('item change: categories and levels change, the number and validity stay', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const data = await fullApplication(e.client, { categories: [{ category: 'install', level: '3' }] });
    const unchanged = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data });
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.error.missing.map((m: { field: string }) => m.field)).toEqual(['categories']);
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: { ...data, categories: [{ category: 'install', level: '2' }, { category: 'repair', level: '3' }] } });
    expect(r.status).toBe(201);
    await approveThrough(sys, r.body.id, REVIEW);
    await statusOf(sys, r.body.id, 'approved');
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after).toMatchObject({ number: permit.number, categories: [{ category: 'install', level: '2' }, { category: 'repair', level: '3' }] });
    expect(after.valid_until).toEqual(permit.valid_until);
    expect(await permitText(after.document_id)).toContain('承修类三级');
  });

  it('renewal with the downgrade branch: the downgrade is confirmed, validity extended by 6 years, the old PDF revoked', async () => {
    const e = await enterprise(sys, { freeTradeZone: true });
    const permit = await givePermit(sys, e.unit.id);
    await sys.db('power_permits').where({ id: permit.id }).update({ document_id: null });
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-renewal', data: await fullApplication(e.client, { downgrade: 'true', categories: [{ category: 'install', level: '4' }] }), fastTrack: true, commitments: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fastTrack: true, statutoryDays: 10 });
    await approveThrough(sys, r.body.id, ['formal-review', 'substantive-review', 'sign-off']);
    const confirm = await openTask(sys, r.body.id, 'confirm-downgrade');
    expect(confirm.form_key).toBe('power-permit-downgrade');
    await complete(sys, confirm.user_task_key, { downgradeConfirmed: true });
    await statusOf(sys, r.body.id, 'approved');
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after.categories).toEqual([{ category: 'install', level: '4' }]);
    expect(new Date(after.valid_until).getUTCFullYear()).toBe(new Date(permit.valid_until).getUTCFullYear() + 6);
  });

  it('reissue: a new PDF with the same number; the old one is revoked', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    // a first document to be replaced (via a registration-like reissue run)
    const first = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-reissue', data: { submitter: await submitter(e.client), reason: 'damaged' } });
    await approveThrough(sys, first.body.id, REVIEW);
    await statusOf(sys, first.body.id, 'approved');
    const doc1 = (await sys.db('power_permits').where({ id: permit.id }).first()).document_id;
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-reissue', data: { submitter: await submitter(e.client), reason: 'lost', lostNotice: await file(e.client, '遗失声明.png') } });
    expect(r.status).toBe(201);
    await approveThrough(sys, r.body.id, REVIEW);
    await statusOf(sys, r.body.id, 'approved');
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after.document_id).not.toBe(doc1);
    expect(await sys.db('documents').where({ id: doc1 }).first()).toMatchObject({ status: 'revoked' });
    expect(await sys.db('documents').where({ id: after.document_id }).first()).toMatchObject({ status: 'valid', number: permit.number });
  });

  it('personnel change: each join and leave reviewed on its own; only the approved ones apply', async () => {
    const e = await enterprise(sys);
    const leaving = validId();
    const staying = validId();
    const permit = await givePermit(sys, e.unit.id, { personnel: [{ role: 'electrician', name: '老电工', idNumber: leaving }, { role: 'electrician', name: '留任电工', idNumber: staying }] });
    const joining = validId();
    const refusedJoin = validId();
    const bad = await e.client.call('POST', '/api/power-permits/applications', { processId: 'personnel-change', data: { changes: [{ action: 'leave', role: 'electrician', name: '陌生人', idNumber: validId() }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.missing[0].message).toContain('未在本单位登记');
    const r = await e.client.call('POST', '/api/power-permits/applications', {
      processId: 'personnel-change',
      data: {
        changes: [
          { action: 'leave', role: 'electrician', name: '老电工', idNumber: leaving },
          { action: 'join', role: 'electrician', name: '新电工', idNumber: joining, attachments: await file(e.client) },
          { action: 'join', role: 'skilled-worker', name: '未通过者', idNumber: refusedJoin, attachments: await file(e.client) },
        ],
      },
    });
    expect(r.status).toBe(201);
    const tasks = await (async () => {
      for (let i = 0; i < 100; i++) {
        const rows = await sys.db('tasks').where({ application_id: r.body.id, element_id: 'review-person', state: 'CREATED' });
        if (rows.length === 3) return rows;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('three review tasks expected');
    })();
    // each task names its person (the reviewer sees it in the task detail)
    const r2 = await createAccount(sys, { groups: ['power-permit-reviewers'] });
    const reviewer = await signIn(sys.url, r2.login, r2.password);
    const subjects = [];
    for (const t of tasks) {
      const detail = await reviewer.call('GET', `/api/tasks/${t.user_task_key}`);
      subjects.push(detail.body.subject);
      // the ID number whole only once the reviewer holds the task
      expect(detail.body.subject.idNumber).toMatch(/^\d{6}\*+[\dX]$/);
      const decision = detail.body.subject.name === '未通过者' ? { decision: 'reject', reason: '证书过期' } : { decision: 'approve' };
      expect((await reviewer.call('POST', `/api/tasks/${t.user_task_key}/complete`, { data: decision })).status).toBe(200);
    }
    expect(subjects.map((x) => x.name).sort()).toEqual(['新电工', '未通过者', '老电工'].sort());
    // the engine holds the persons' places in the list, never their names or ID numbers
    const pik = tasks[0].process_instance_key;
    const vars = await sys.engineRest<{ items: Array<{ name: string; value: string }> }>('POST', '/v2/variables/search', { filter: { processInstanceKey: pik }, page: { from: 0, limit: 500 } });
    const held = JSON.stringify(vars.body.items ?? []);
    expect(held).toContain('"ref');
    for (const personal of [leaving, joining, refusedJoin, '老电工', '新电工', '未通过者']) expect({ personal, held: held.includes(personal) }).toEqual({ personal, held: false });
    await statusOf(sys, r.body.id, 'approved');
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after.personnel.map((p: { idNumber: string }) => p.idNumber).sort()).toEqual([joining, staying].sort());
    const log = await sys.db('audit').where({ application_id: r.body.id, action: 'personnel-changed' }).first();
    expect(log.details.refused).toBe(1);
  });

  it('cancel: the permit is cancelled and its PDF no longer verifies as valid', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const re = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-reissue', data: { submitter: await submitter(e.client), reason: 'replace' } });
    await approveThrough(sys, re.body.id, REVIEW);
    await statusOf(sys, re.body.id, 'approved');
    const doc = (await sys.db('power_permits').where({ id: permit.id }).first()).document_id;
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-cancel', data: { submitter: await submitter(e.client), cancelItems: '企业不再从事承装业务' } });
    expect(r.status).toBe(201);
    await approveThrough(sys, r.body.id, REVIEW);
    await statusOf(sys, r.body.id, 'approved');
    expect((await sys.db('power_permits').where({ id: permit.id }).first()).status).toBe('cancelled');
    const code = (await sys.db('documents').where({ id: doc }).first()).code;
    const v = await fetch(`${sys.url}/api/public/verify/${code}`);
    expect(((await v.json()) as { status: string }).status).toBe('revoked');
    // without a permit, variations are refused
    const none = await e.client.call('POST', '/api/power-permits/check', { processId: 'power-permit-reissue', data: {} });
    expect(none.body.missing.map((m: { field: string }) => m.field)).toContain('permit');
  });
});
