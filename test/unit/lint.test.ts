/** The lint that guards deployment: zero errors on the shipped models; each broken rule reported with its element. */
import fs from 'node:fs';
import path from 'node:path';
import { bpmnFiles, formFiles } from '../../domain/models';
import { LintIssue, lintBpmn, lintBpmnModels } from '../../domain/lint';
import { JOBS } from '../../workers';

const ctx = {
  formKeys: new Set(formFiles().map((f) => path.basename(f, '.json'))),
  jobTypes: new Set(JOBS.flatMap((w) => w.types)),
};

// the shipped models in one call, and each model reported on its own
const shipped = bpmnFiles();
let shippedIssues: LintIssue[][];
beforeAll(async () => {
  shippedIssues = await lintBpmnModels(shipped.map((f) => fs.readFileSync(f, 'utf8')), ctx);
}, 120_000);

it.each(shipped.map((f, i) => [path.basename(f), i]))('%s has no lint errors', (_name, i) => {
  expect(shippedIssues[i]).toEqual([]);
});

it('lints several models in one call, each with its own issues', async () => {
  const broken = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lint-broken.bpmn'), 'utf8');
  const [clean, issues, notXml] = await lintBpmnModels([fs.readFileSync(shipped[0], 'utf8'), broken, '<not-bpmn'], ctx);
  expect(clean).toEqual([]);
  expect(issues.map((i) => i.elementId)).toContain('review');
  expect(notXml).toEqual([expect.objectContaining({ rule: 'xml' })]);
});

it('reports each broken rule with the element id', async () => {
  const issues = await lintBpmn(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lint-broken.bpmn'), 'utf8'), ctx);
  const pairs = issues.map((i) => `${i.rule} ${i.elementId}`);
  expect(pairs).toEqual(
    expect.arrayContaining([
      'permitflow/user-task-form review',
      'permitflow/user-task-groups review',
      'permitflow/inbox-listeners review',
      'permitflow/job-worker activate',
      'permitflow/timer-bounded remind-forever',
      'permitflow/camunda-user-task legacy-task',
    ]),
  );
  // and Camunda's own compatibility rules run too (a service task needs a job type)
  expect(issues.some((i) => i.elementId === 'no-type' && i.rule.startsWith('camunda-compat/'))).toBe(true);
  expect(issues.find((i) => i.rule === 'permitflow/inbox-listeners')!.message).toContain('canceling');
});

it("bpmnlint's recommended rules fail a task left unconnected, each named in Chinese first", async () => {
  const xml = fs
    .readFileSync(bpmnFiles().find((f) => f.endsWith('unit-qualification.bpmn'))!, 'utf8')
    .replace('</bpmn:process>', '<bpmn:task id="loose" name="孤立任务 Loose" /></bpmn:process>')
    .replace('</bpmndi:BPMNPlane>', '<bpmndi:BPMNShape id="loose_di" bpmnElement="loose"><dc:Bounds x="900" y="600" width="100" height="80" /></bpmndi:BPMNShape></bpmndi:BPMNPlane>');
  const issues = await lintBpmn(xml, ctx);
  expect(issues.map((i) => `${i.rule} ${i.elementId}`).sort()).toEqual(['no-disconnected loose', 'no-implicit-end loose', 'no-implicit-start loose']);
  expect(issues.find((i) => i.rule === 'no-disconnected')!.message).toMatch(/^元素没有连接 \/ /);
});

it('reports XML that does not parse', async () => {
  expect(await lintBpmn('<not-bpmn', ctx)).toEqual([expect.objectContaining({ rule: 'xml' })]);
});
