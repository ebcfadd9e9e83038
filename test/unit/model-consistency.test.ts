/** bpmn/, forms/ and the code agree: job types served, forms present and used, inbox listeners declared. */
import fs from 'node:fs';
import path from 'node:path';
import { formFiles, loadModels } from '../../domain/models';
import { INBOX_EVENTS, inboxSyncJobType, FORM, JOB, PROCESS } from '../../domain/registry';
import { JOBS } from '../../workers';
import { readForm } from '../../domain/form-sections';

const models = loadModels();
const served = new Set(JOBS.flatMap((w) => w.types));
const formKeys = new Set(formFiles().map((f) => path.basename(f, '.json')));

describe('BPMN models', () => {
  it('exist for every process id in domain/registry', () => {
    expect(models.map((m) => m.id).sort()).toEqual(Object.values(PROCESS).sort());
  });

  it.each(models.flatMap((m) => m.jobTypes.map((j) => [m.id, j.elementId, j.type])))('%s/%s job type %s has a worker', (_p, _e, type) => {
    expect(served.has(type)).toBe(true);
  });

  it('use no job type that is not declared in domain/registry', () => {
    const declared = new Set<string>([...Object.values(JOB), ...INBOX_EVENTS.map(inboxSyncJobType)]);
    const used = models.flatMap((m) => [...m.jobTypes.map((j) => j.type), ...m.userTasks.flatMap((t) => t.listeners.map((l) => l.type))]);
    expect(used.filter((t) => !declared.has(t))).toEqual([]);
  });

  const userTasks = models.flatMap((m) => m.userTasks.map((t) => [m.id, t.elementId, t] as const));
  it.each(userTasks)('%s/%s is a Camunda user task with a form, groups and all inbox listeners', (_p, _e, task) => {
    expect(task.isZeebeUserTask).toBe(true);
    expect(task.formKey).toBeDefined();
    expect(formKeys.has(task.formKey!)).toBe(true);
    expect(task.candidateGroups.length).toBeGreaterThan(0);
    expect(task.listeners).toEqual(INBOX_EVENTS.map((e) => ({ eventType: e, type: inboxSyncJobType(e) })));
  });
});

describe('forms', () => {
  it('are each used by a user task or as a start form, and named in domain/registry', () => {
    const used = new Set(models.flatMap((m) => m.userTasks.map((t) => t.formKey)));
    const startForms = new Set<string>(Object.values(PROCESS));
    for (const key of formKeys) expect(used.has(key) || startForms.has(key)).toBe(true);
    expect([...formKeys].sort()).toEqual(Object.values(FORM).sort());
  });

  it.each([...formKeys])('%s is a Form.io form with unique input keys and Chinese + English labels', (key) => {
    const form = readForm(path.join('forms', `${key}.json`));
    expect(['form', 'wizard']).toContain(form.display);
    const inputs: Array<{ key: string; label: string }> = [];
    const walk = (cs: Array<Record<string, unknown>>) =>
      cs.forEach((c) => {
        if (c.input && c.type !== 'button') inputs.push(c as never);
        if (Array.isArray(c.components) && c.type !== 'datagrid') walk(c.components as never);
      });
    walk(form.components as Array<Record<string, unknown>>);
    expect(inputs.length).toBeGreaterThan(0);
    expect(new Set(inputs.map((i) => i.key)).size).toBe(inputs.length);
    for (const i of inputs) expect(i.label).toMatch(/[\u4e00-\u9fff].*[A-Za-z]/);
  });
});

describe('OpenAPI document', () => {
  it('lists every route the Express app serves under /api', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openapi } = require('../../api/openapi');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { declaredRoutes } = require('../../api/routes');
    const documented = new Set(Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace(/\{[^}]+\}/g, ':p')}`)));
    // the declared routes, and the routers mounted beside them
    const declared = (declaredRoutes() as Array<{ method: string; path: string }>).map((r) => `${r.method} ${r.path.replace(/\{[^}]+\}/g, ':p')}`);
    const mounted = ['api/inbox-stream.ts', 'api/health.ts', 'api/metrics.ts'].flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/router\.(get|post|put|patch|delete)\(\s*'(\/api\/[^']+)'/g)].map((m) => `${m[1]} ${m[2].replace(/:[A-Za-z]+/g, ':p')}`),
    );
    expect(declared.length).toBeGreaterThan(90);
    expect([...declared, ...mounted].filter((p) => !documented.has(p))).toEqual([]);
  });
});
