/** The inbox filters a reviewer saves are kept with the account: listed in any session, per account, bounded, checked. */
import { createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

it('a saved filter is listed in a new session of the same account, not for another account; saved again it is replaced; deleted it is gone', async () => {
  const a = await createAccount(sys, { groups: ['unit-reviewers'] });
  const first = await signIn(sys.url, a.login, a.password);
  const saved = await first.call('POST', '/api/inbox/filters', { name: '  逾期注册  ', filter: { assignee: 'me', processId: 'unit-registration', overdue: true, text: '', candidateGroup: '', dueBefore: '' } });
  expect(saved.status).toBe(201);
  expect(saved.body.items).toEqual([expect.objectContaining({ name: '逾期注册', filter: expect.objectContaining({ assignee: 'me', processId: 'unit-registration', overdue: true }) })]);

  const again = await signIn(sys.url, a.login, a.password);
  expect((await again.call('GET', '/api/inbox/filters')).body.items.map((f: { name: string }) => f.name)).toEqual(['逾期注册']);
  const other = await createAccount(sys, { groups: ['unit-reviewers'] });
  expect((await (await signIn(sys.url, other.login, other.password)).call('GET', '/api/inbox/filters')).body.items).toEqual([]);

  const replaced = await again.call('POST', '/api/inbox/filters', { name: '逾期注册', filter: { overdue: false } });
  expect(replaced.body.items).toEqual([expect.objectContaining({ name: '逾期注册', filter: { overdue: false } })]);
  expect(await sys.db('inbox_saved_filters').where({ account_id: a.id }).count('* as n')).toEqual([{ n: '1' }]);

  const gone = await first.call('DELETE', `/api/inbox/filters/${encodeURIComponent('逾期注册')}`);
  expect(gone).toEqual({ status: 200, body: { items: [] } });
  expect((await first.call('DELETE', `/api/inbox/filters/${encodeURIComponent('逾期注册')}`)).status).toBe(404);
});

it('a blank name, an unknown condition or a bad date is refused with 400 on its field, nothing saved; the 21st name answers 422 on the name', async () => {
  const a = await createAccount(sys, { groups: ['unit-reviewers'] });
  const c = await signIn(sys.url, a.login, a.password);
  const blank = await c.call('POST', '/api/inbox/filters', { name: '   ', filter: {} });
  expect(blank.status).toBe(400);
  expect(Object.keys(blank.body.error.fields)).toEqual(['name']);
  expect(blank.body.error.fields.name).toMatch(/名称/);
  const unknown = await c.call('POST', '/api/inbox/filters', { name: '甲', filter: { sql: 'drop' } });
  expect(unknown.status).toBe(400);
  expect(Object.keys(unknown.body.error.fields)).toEqual(['filter.sql']);
  const date = await c.call('POST', '/api/inbox/filters', { name: '乙', filter: { dueBefore: '2026/12/01' } });
  expect(date.status).toBe(400);
  expect(Object.keys(date.body.error.fields)).toEqual(['filter.dueBefore']);
  expect(await sys.db('inbox_saved_filters').where({ account_id: a.id }).count('* as n')).toEqual([{ n: '0' }]);

  for (let i = 1; i <= 20; i++) expect((await c.call('POST', '/api/inbox/filters', { name: `筛选${i}`, filter: { text: String(i) } })).status).toBe(201);
  const over = await c.call('POST', '/api/inbox/filters', { name: '筛选21', filter: {} });
  expect(over.status).toBe(422);
  expect(over.body.error).toMatchObject({ code: 'TOO_MANY_FILTERS', fields: { name: expect.stringMatching(/最多保存 20/) } });
  // an existing name may still be saved again at the limit
  expect((await c.call('POST', '/api/inbox/filters', { name: '筛选3', filter: { text: 'x' } })).status).toBe(201);
  expect(await sys.db('inbox_saved_filters').where({ account_id: a.id }).count('* as n')).toEqual([{ n: '20' }]);
});
