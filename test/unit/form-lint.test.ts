/** Form lint (domain/form-lint.ts): keys unique and well-formed, required inputs labelled in Chinese and English. */
import fs from 'node:fs';
import path from 'node:path';
import { formFiles } from '../../domain/models';
import { lintForm, missingOpinion } from '../../domain/form-lint';

const form = (components: unknown[]) => ({ title: '测试表单 Test form', components });
const text = (key: string, label: string, required = true, extra: object = {}) => ({ type: 'textfield', key, label, input: true, validate: { required }, ...extra });

it.each(formFiles().map((f) => [path.basename(f), f]))('shipped form %s has no lint errors', (_n, file) => {
  expect(lintForm(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual({});
});

it('accepts bilingual labels, and a Chinese label with labelEn', () => {
  expect(lintForm(form([text('name', '单位名称 Unit name'), text('city', '城市', true, { properties: { labelEn: 'City' } }), text('note', '备注', false)]))).toEqual({});
});

it('reports duplicate keys, also inside panels and columns', () => {
  const errors = lintForm(
    form([
      text('name', '名称 Name'),
      { type: 'panel', key: 'p1', input: false, components: [text('name', '名称 Name')] },
      { type: 'columns', key: 'cols', input: false, columns: [{ components: [text('mobile', '手机 Mobile')] }, { components: [text('mobile', '手机 Mobile')] }] },
    ]),
  );
  expect(Object.keys(errors).sort()).toEqual(['mobile', 'name']);
  expect(errors.name).toMatch(/重复.*more than once/);
});

it('lets data grid columns reuse a key that exists outside the grid', () => {
  expect(lintForm(form([text('name', '名称 Name'), { type: 'datagrid', key: 'branches', input: true, components: [text('name', '分支机构名称 Branch name')] }]))).toEqual({});
});

it('requires a Chinese and an English label on required inputs', () => {
  const errors = lintForm(form([text('a', 'Name only'), text('b', '只有中文'), text('c', ''), text('d', '只有中文', true, { properties: { labelEn: ' ' } })]));
  expect(errors.a).toMatch(/中文标签/);
  expect(errors.b).toMatch(/英文标签/);
  expect(errors.c).toMatch(/中文标签/);
  expect(errors.d).toMatch(/英文标签/);
});

it('reports missing and malformed keys, a missing component list and a title without Chinese', () => {
  expect(lintForm({})).toHaveProperty('components');
  const errors = lintForm({ title: 'English only', components: [{ type: 'textfield', input: true, label: '名称 Name' }, text('bad key!', '名称 Name')] });
  expect(errors.title).toBeDefined();
  expect(errors['component-1']).toMatch(/缺少键/);
  expect(errors['bad key!']).toMatch(/只能含/);
});

it('needs an opinion field for every negative decision, which the task pipeline requires for it', () => {
  expect(missingOpinion({ decision: 'reject', reason: ' ' }, ['decision', 'reason'])).toBe('reason');
  expect(missingOpinion({ decision: 'reject', reason: '证照不清晰' }, ['decision', 'reason'])).toBeUndefined();
  expect(missingOpinion({ decision: 'approve' }, ['decision', 'reason'])).toBeUndefined();
  expect(missingOpinion({ conclusion: 'rectification', findings: '' }, ['conclusion', 'findings'])).toBe('findings');
  const decision = (values: string[]) => ({ type: 'radio', key: 'decision', input: true, label: '审核结论 Decision', validate: { required: true }, values: values.map((value) => ({ label: `${value} ${value}`, value })) });
  const reason = (extra: Record<string, unknown>) => ({ type: 'textarea', key: 'reason', input: true, label: '意见 Opinion', ...extra });
  expect(lintForm(form([decision(['approve', 'reject'])]))).toEqual({ decision: expect.stringContaining('reject') });
  // shown for every decision: the task pipeline requires it for a negative one
  expect(lintForm(form([decision(['approve', 'reject']), reason({})]))).toEqual({});
  expect(lintForm(form([decision(['approve', 'reject']), reason({ validate: { required: true }, conditional: { show: true, when: 'decision', eq: 'approve' } })]))).toHaveProperty('decision');
  expect(lintForm(form([decision(['approve', 'reject']), reason({ conditional: { show: true, when: 'decision', eq: 'reject' } })]))).toEqual({});
  expect(lintForm(form([decision(['approve', 'reject']), reason({ validate: { required: true }, conditional: { show: true, when: 'decision', eq: 'reject' } })]))).toEqual({});
  expect(lintForm(form([decision(['approve', 'return']), reason({ validate: { required: true } })]))).toEqual({});
});
