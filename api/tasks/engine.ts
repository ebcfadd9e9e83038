/** The engine calls of the inbox (assign, unassign, complete), with the engine's refusals mapped to ours. */
import { ApiError } from '../errors';
import type { Values } from './contract';

/** The part of the engine's REST client the inbox uses (a fake one in the pipeline's unit test). */
export interface TaskEngine {
  assignUserTask(req: { userTaskKey: string; assignee: string; allowOverride?: boolean }): Promise<unknown>;
  unassignUserTask(req: { userTaskKey: string }): Promise<unknown>;
  completeUserTask(req: { userTaskKey: string; variables?: Values }): Promise<unknown>;
}

/** Maps the engine's answer to ours: a task the engine no longer has open is a 409 here. */
function engineError(err: unknown): never {
  const status = (err as { statusCode?: number }).statusCode;
  const detail = (err as { detail?: string }).detail;
  if (status === 404 || status === 409) throw new ApiError(409, 'TASK_NOT_OPEN', `任务已不在待办状态 / The task is no longer open${detail ? ` (${detail})` : ''}`);
  if (status === 400) throw new ApiError(400, 'ENGINE_REJECTED', detail ?? 'The engine rejected the request');
  throw err;
}

/**
 * The mirror shows a task as soon as the creating listener ran, a moment before the engine has
 * finished creating it; an engine "invalid state" in that moment is retried briefly.
 */
export async function withEngine<T>(fn: () => Promise<T>, attempts = 15): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409 || i >= attempts) engineError(err);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
