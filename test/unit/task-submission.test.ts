/** The task page's submission: which form captured each process's case, and what changed since the round before. */
import fs from 'node:fs';
import path from 'node:path';
import { changedPaths } from '../../api/tasks/submission';
import { PROCESS, SUBMISSION_FORM } from '../../domain/registry';

it('every process a case is submitted to names a form that exists', () => {
  const forms = new Set(fs.readdirSync(path.join(__dirname, '../../forms')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')));
  for (const [processId, formKey] of Object.entries(SUBMISSION_FORM)) expect({ processId, exists: forms.has(formKey!) }).toEqual({ processId, exists: true });
  // the processes whose cases are decided on a task page (the called review and the campaign carry no form of their own)
  const without = Object.values(PROCESS).filter((p) => !Object.hasOwn(SUBMISSION_FORM, p));
  expect(without.sort()).toEqual(['power-permit-missing-materials', 'power-permit-review', 'self-inspection-campaign']);
});

it('changed paths: leaves that differ, files by id, lists by position, added and removed keys', () => {
  const before = { unit: { name: 'A', legalRepresentative: '张三' }, files: [{ id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', name: 'a.png' }], list: [{ no: '1' }], gone: 'x' };
  const after = { unit: { name: 'A', legalRepresentative: '张三丰' }, files: [{ id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', name: 'renamed.png' }], list: [{ no: '1' }, { no: '2' }], added: 'y' };
  expect(changedPaths(before, after).sort()).toEqual(['added', 'gone', 'list.1', 'unit.legalRepresentative']);
  expect(changedPaths(before, { ...before, files: [{ id: '2b4e28ba-2fa1-11d2-883f-0016d3cca427', name: 'a.png' }] })).toEqual(['files.0']);
  expect(changedPaths({ a: '' }, { a: null })).toEqual([]);
});
