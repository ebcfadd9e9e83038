/**
 * Reads our BPMN files: which user tasks (with form keys, groups and listeners) and which job
 * types each process has. Used by the inbox worker (form keys), the deployer and the model tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT } from '../core/config';

export const BPMN_DIR = path.join(ROOT, 'bpmn');
export const FORMS_DIR = path.join(ROOT, 'forms');

export interface UserTaskModel {
  elementId: string;
  name: string;
  formKey?: string;
  candidateGroups: string[];
  isZeebeUserTask: boolean;
  listeners: Array<{ eventType: string; type: string }>;
}

export interface ProcessModel {
  id: string;
  name: string;
  file: string;
  userTasks: UserTaskModel[];
  jobTypes: Array<{ elementId: string; type: string }>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) =>
    ['process', 'userTask', 'serviceTask', 'sendTask', 'scriptTask', 'businessRuleTask', 'taskListener', 'subProcess', 'intermediateThrowEvent', 'endEvent'].includes(name),
});

type Node = Record<string, unknown>;

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function collect(container: Node, into: ProcessModel): void {
  for (const task of asArray(container.userTask as Node[])) {
    const ext = (task.extensionElements ?? {}) as Node;
    const form = ext.formDefinition as Node | undefined;
    const assignment = ext.assignmentDefinition as Node | undefined;
    const listeners = asArray(((ext.taskListeners ?? {}) as Node).taskListener as Node[]);
    into.userTasks.push({
      elementId: String(task['@id']),
      name: String(task['@name'] ?? task['@id']),
      formKey: form ? String(form['@externalReference'] ?? form['@formId'] ?? '') || undefined : undefined,
      candidateGroups: String(assignment?.['@candidateGroups'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      isZeebeUserTask: 'userTask' in ext,
      listeners: listeners.map((l) => ({ eventType: String(l['@eventType']), type: String(l['@type']) })),
    });
  }
  for (const kind of ['serviceTask', 'sendTask', 'scriptTask', 'businessRuleTask', 'intermediateThrowEvent', 'endEvent']) {
    for (const el of asArray(container[kind] as Node[])) {
      const def = ((el.extensionElements ?? {}) as Node).taskDefinition as Node | undefined;
      if (def?.['@type']) into.jobTypes.push({ elementId: String(el['@id']), type: String(def['@type']) });
    }
  }
  for (const sub of asArray(container.subProcess as Node[])) collect(sub, into);
}

export function parseBpmn(xml: string, file = '<memory>'): ProcessModel[] {
  const doc = parser.parse(xml) as Node;
  const defs = doc.definitions as Node | undefined;
  if (!defs) throw new Error(`${file}: not a BPMN definitions document`);
  return asArray(defs.process as Node[]).map((p) => {
    const model: ProcessModel = { id: String(p['@id']), name: String(p['@name'] ?? p['@id']), file, userTasks: [], jobTypes: [] };
    collect(p, model);
    return model;
  });
}

export function bpmnFiles(dir = BPMN_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function formFiles(dir = FORMS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Each model file's last text and its processes: the deployment at start parses nothing loadModels did. */
const parsedFiles = new Map<string, { xml: string; models: ProcessModel[] }>();
export function parseBpmnFile(file: string, xml = fs.readFileSync(file, 'utf8')): ProcessModel[] {
  let parsed = parsedFiles.get(file);
  if (parsed?.xml !== xml) parsedFiles.set(file, (parsed = { xml, models: parseBpmn(xml, file) }));
  return parsed.models;
}

let cache: ProcessModel[] | undefined;
/** Every process in bpmn/ (parsed once per process). */
export function loadModels(): ProcessModel[] {
  cache ??= bpmnFiles().flatMap((f) => parseBpmnFile(f));
  return cache;
}

export function findUserTask(processId: string, elementId: string): UserTaskModel | undefined {
  return loadModels()
    .find((p) => p.id === processId)
    ?.userTasks.find((t) => t.elementId === elementId);
}
