/**
 * The models as deployed: a user task's form key is read from the exact version a task belongs to
 * (kept in the deployments table), so a process deployed from the workbench works like one
 * shipped in bpmn/. Parsed versions are cached; they never change.
 */
import type { Db } from '../core/db';
import { findUserTask, parseBpmn, ProcessModel } from '../domain/models';

const byDefinitionKey = new Map<string, ProcessModel | null>();

async function deployedModel(db: Db, processDefinitionKey: string, processId: string): Promise<ProcessModel | null> {
  if (!byDefinitionKey.has(processDefinitionKey)) {
    const row = await db('deployments').where({ kind: 'bpmn', engine_key: processDefinitionKey }).whereNotNull('content').first('content');
    byDefinitionKey.set(processDefinitionKey, row ? (parseBpmn(row.content).find((p) => p.id === processId) ?? null) : null);
  }
  return byDefinitionKey.get(processDefinitionKey)!;
}

export async function formKeyOf(db: Db, task: { processDefinitionKey?: string; processId: string; elementId: string }): Promise<string | null> {
  const model = task.processDefinitionKey ? await deployedModel(db, task.processDefinitionKey, task.processId) : null;
  const userTask = model?.userTasks.find((t) => t.elementId === task.elementId) ?? findUserTask(task.processId, task.elementId);
  return userTask?.formKey ?? null;
}
