/**
 * Element templates (bpmn/templates/): one per job type, current with domain/element-templates.ts,
 * valid against Camunda's element-templates JSON schema, the job type fixed, and inputs exactly
 * the variables the job's worker fetches.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import schema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';
import { elementTemplate, templateFileContent, userTaskTemplate } from '../../domain/element-templates';
import { INBOX_EVENTS, inboxSyncJobType, JOB, JobType } from '../../domain/registry';
import { JOBS } from '../../workers';

const DIR = path.join(__dirname, '..', '..', 'bpmn', 'templates');
const types = Object.values(JOB) as JobType[];
type Prop = { type: string; value?: unknown; binding: { type: string; name?: string; property?: string; source?: string }; choices?: Array<{ value: string }> };

it('has exactly one template file per job type', () => {
  expect(fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(types.map((t) => `${t}.json`).sort());
});

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

describe.each(types.map((t) => [t]))('%s', (type) => {
  const file = path.join(DIR, `${type}.json`);
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const props = template.properties as Prop[];

  it('is current with domain/element-templates.ts (npm run templates)', () => {
    expect(fs.readFileSync(file, 'utf8')).toBe(templateFileContent(type));
  });

  it('is valid against the element-templates schema', () => {
    const ok = validate(template);
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('fixes the job type and applies to service tasks', () => {
    const def = props.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')!;
    expect(def).toMatchObject({ type: 'Hidden', value: type });
    expect(template.elementType).toEqual({ value: 'bpmn:ServiceTask' });
    expect(template.name).toMatch(/^[^\x00-\x7f]+.* \/ [A-Za-z]/); // "中文 / English"
  });

  it("maps exactly the worker's variables as typed inputs", () => {
    const worker = JOBS.find((w) => w.types.includes(type))!;
    expect(worker).toBeDefined();
    const inputs = props.filter((p) => p.binding.type === 'zeebe:input');
    expect(inputs.map((p) => p.binding.name).sort()).toEqual([...(worker.fetch ?? [])].sort());
    for (const p of inputs) expect(['String', 'Number', 'Dropdown']).toContain(p.type);
  });
});

it('offers the mail templates the worker knows, as FEEL string literals', () => {
  const email = elementTemplate(JOB.notifyEmail).properties as Prop[];
  const choice = email.find((p) => p.binding.name === 'template')!;
  expect(choice.type).toBe('Dropdown');
  expect(choice.choices!.map((c) => c.value)).toContain('="registration-approved"');
});

it('builds a valid user task template that carries the PermitFlow user-task conventions', () => {
  const template = userTaskTemplate([{ key: 'unit-qualification-review', title: '审核单位资质 Review unit qualification' }]);
  const ok = validate(template);
  expect(ajv.errorsText(validate.errors)).toBe('No errors');
  expect(ok).toBe(true);
  const props = template.properties as Prop[];
  expect(props.filter((p) => p.binding.type === 'zeebe:taskListener').map((p) => p.value)).toEqual(INBOX_EVENTS.map(inboxSyncJobType));
  expect(props.find((p) => p.binding.type === 'zeebe:formDefinition')).toMatchObject({ type: 'Dropdown', choices: [{ value: 'unit-qualification-review' }] });
  expect(props.some((p) => p.binding.type === 'zeebe:userTask')).toBe(true);
});
