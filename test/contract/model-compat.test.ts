/**
 * Every shipped model passes Camunda's compatibility lint (bpmnlint-plugin-camunda-compat) for
 * 8.8, the oldest cluster the product runs on, and for 8.9: the per-task inbox listeners stay valid
 * on 8.9, where one global user task listener could replace them. On 8.7 (no task listeners) the
 * same models fail: the profiles are not a formality.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config';
import { bpmnFiles, formFiles } from '../../domain/models';
import { LintIssue, lintBpmnModels } from '../../domain/lint';
import { JOBS } from '../../workers';

type Result = { file: string; version: string; issues: LintIssue[] };

/** Each file under each profile, through the lint the deployment uses (one call per profile). */
async function lintAll(files: string[], versions: string[]): Promise<Result[]> {
  const xmls = files.map((f) => fs.readFileSync(f, 'utf8'));
  const ctx = { formKeys: new Set(formFiles().map((f) => path.basename(f, '.json'))), jobTypes: new Set(JOBS.flatMap((w) => w.types)) };
  const out: Result[] = [];
  for (const version of versions) {
    const issues = await lintBpmnModels(xmls, { ...ctx, engineVersion: version });
    files.forEach((file, i) => out.push({ file, version, issues: issues[i] }));
  }
  return out;
}

const files = bpmnFiles();
let results: Result[];

beforeAll(async () => {
  results = await lintAll(files, ['8.8', '8.9']);
}, 240_000);

it('lints every model in bpmn/ under both profiles', () => {
  expect(files.length).toBeGreaterThanOrEqual(20);
  expect(results).toHaveLength(files.length * 2);
});

it.each(files.flatMap((f) => ['8.8', '8.9'].map((v) => [path.basename(f), v] as const)))('%s passes camunda-cloud-%s', (name, version) => {
  const r = results.find((x) => path.basename(x.file) === name && x.version === version)!;
  expect(r.issues.map((i) => `${i.rule} ${i.elementId}: ${i.message}`)).toEqual([]);
});

it('the same model fails camunda-cloud-8.7, which has no task listeners', async () => {
  const [r] = await lintAll([path.join(ROOT, 'bpmn', 'unit-registration.bpmn')], ['8.7']);
  expect(r.issues.some((i) => i.rule === 'camunda-compat/no-task-listeners')).toBe(true);
}, 120_000);
