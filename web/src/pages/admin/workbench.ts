/**
 * The workbench's edits on the modeler (bpmn-js): a user task's PermitFlow configuration (form,
 * candidate groups, the inbox task listeners every user task carries), the element templates a
 * selected element may take, and the lint marks on the diagram.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Modeler = any;
export type Shape = any;

export interface ElementTemplate {
  id: string;
  name: string;
  appliesTo?: string[];
  elementType?: { value: string };
}

export interface LintIssue {
  elementId?: string;
  rule: string;
  message: string;
}

/** the listeners that keep the inbox in step (PermitFlow convention, checked by the lint) */
const INBOX_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'];
const USER_TASK_EXTENSIONS = ['zeebe:UserTask', 'zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:TaskListeners'];

export const extensionOf = (bo: any, type: string): any => ((bo.extensionElements && bo.extensionElements.values) || []).find((v: any) => v.$type === type);

export function userTaskConfig(element: Shape): { formKey: string; groups: string } {
  const bo = element.businessObject;
  const form = extensionOf(bo, 'zeebe:FormDefinition');
  const assignment = extensionOf(bo, 'zeebe:AssignmentDefinition');
  return { formKey: (form && (form.externalReference || form.formId)) || '', groups: (assignment && assignment.candidateGroups) || '' };
}

export function setUserTaskConfig(modeler: Modeler, element: Shape, formKey: string, groups: string): void {
  const moddle = modeler.get('moddle');
  const bo = element.businessObject;
  const values = ((bo.extensionElements && bo.extensionElements.values) || []).filter((v: any) => !USER_TASK_EXTENSIONS.includes(v.$type));
  values.push(moddle.create('zeebe:UserTask'));
  if (formKey) values.push(moddle.create('zeebe:FormDefinition', { externalReference: formKey }));
  if (groups) values.push(moddle.create('zeebe:AssignmentDefinition', { candidateGroups: groups }));
  values.push(moddle.create('zeebe:TaskListeners', { listeners: INBOX_EVENTS.map((e) => moddle.create('zeebe:TaskListener', { eventType: e, type: `inbox.sync.${e}`, retries: '5' })) }));
  modeler.get('modeling').updateProperties(element, { extensionElements: moddle.create('bpmn:ExtensionElements', { values }) });
}

const isUserTemplate = (tpl: ElementTemplate) => tpl.elementType?.value === 'bpmn:UserTask';

/** The templates offered for an element: job templates for tasks and service tasks, the user task template for tasks. */
export function templatesFor(type: string, templates: ElementTemplate[]): ElementTemplate[] {
  const jobs = templates.filter((tpl) => !isUserTemplate(tpl) && (tpl.appliesTo ?? []).some((a) => a === 'bpmn:Task' || a === 'bpmn:ServiceTask'));
  const users = templates.filter(isUserTemplate);
  if (type === 'bpmn:UserTask') return users;
  if (type === 'bpmn:Task') return jobs.concat(users);
  if (type === 'bpmn:ServiceTask' || type === 'bpmn:SendTask') return jobs;
  return [];
}

/** Applies a template; names the element after it when it has no name. Returns the (maybe replaced) element. */
export function applyTemplate(modeler: Modeler, element: Shape, tpl: ElementTemplate): Shape {
  const next = modeler.get('elementTemplates').applyTemplate(element, tpl) || element;
  if (!next.businessObject.name) modeler.get('modeling').updateLabel(next, tpl.name.replace(' / ', ' '));
  modeler.get('selection').select(next);
  return next;
}

export function markLintIssues(modeler: Modeler, issues: LintIssue[]): void {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  registry.getAll().forEach((el: Shape) => canvas.removeMarker(el.id, 'pf-lint-error'));
  issues.forEach((i) => i.elementId && registry.get(i.elementId) && canvas.addMarker(i.elementId, 'pf-lint-error'));
}

export interface DiffElement {
  type: string;
  name?: string;
  from?: { type: string; name?: string };
  to?: { type: string; name?: string };
}

/** A draft's changes against the deployed version (POST /api/admin/processes/{id}/diff). */
export interface DraftDiff {
  from: number | null;
  added: string[];
  removed: string[];
  changed: string[];
  /** each element's type and name, and for a flow the names of what it connects */
  elements: Record<string, DiffElement>;
}

const DIFF_MARKS = ['pf-diff-added', 'pf-diff-changed'];

/** Colours what a deployment adds and changes on the canvas (removed elements are no longer there); null clears. */
export function markDiff(modeler: Modeler, diff: DraftDiff | null): void {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  registry.getAll().forEach((el: Shape) => DIFF_MARKS.forEach((m) => canvas.removeMarker(el.id, m)));
  if (!diff) return;
  diff.added.forEach((id) => registry.get(id) && canvas.addMarker(id, 'pf-diff-added'));
  diff.changed.forEach((id) => registry.get(id) && canvas.addMarker(id, 'pf-diff-changed'));
}

/** Where a version's running cases are: a count on each element that holds some (empty clears). */
export function showElementCounts(modeler: Modeler, counts: Record<string, number>, title: (n: number) => string): void {
  const overlays = modeler.get('overlays');
  const registry = modeler.get('elementRegistry');
  overlays.remove({ type: 'pf-count' });
  for (const [id, n] of Object.entries(counts)) {
    if (!registry.get(id) || !n) continue;
    const badge = document.createElement('span');
    badge.className = 'pf-count';
    badge.dataset.element = id;
    badge.title = title(n);
    badge.textContent = String(n);
    overlays.add(id, 'pf-count', { position: { bottom: 6, right: 6 }, html: badge });
  }
}

export function selectElement(modeler: Modeler, id: string): void {
  const el = modeler.get('elementRegistry').get(id);
  if (el) modeler.get('selection').select(el);
}

/** GET /api/admin/processes: one deployed version with its case counts. */
export interface ProcessVersion {
  processId: string;
  version: number;
  processDefinitionKey: string | null;
  deployedBy: string;
  deployedAt: string;
  instances: { active: number; completed: number; terminated: number; incidents: number };
}
