/**
 * Lint before deploy. The rules (domain/lint-engine.ts) run in a worker thread
 * (domain/lint-thread.js): bpmnlint and bpmn-moddle are ES modules that Jest's sandbox cannot load,
 * and the same code runs in tests and in the API. The thread starts at the first lint (about a
 * second: bpmnlint, the moddle schemas), stays for the next ones (tens of milliseconds each) and
 * gives its memory back after a minute without one.
 */
import path from 'node:path';
import { LazyThreadPool, threadModules } from '../core/threads';

export interface LintIssue {
  rule: string;
  elementId: string;
  message: string;
}

export interface LintContext {
  formKeys: Set<string>;
  jobTypes: Set<string>;
  /** Camunda version of the compatibility rules, e.g. "8.8" (the local engine's). */
  engineVersion?: string;
}

export async function lintBpmn(xml: string, ctx: LintContext): Promise<LintIssue[]> {
  return (await lintBpmnModels([xml], ctx))[0];
}

const pool = new LazyThreadPool('the lint thread', () => ({
  filename: path.join(__dirname, 'lint-thread.js'),
  workerData: { engine: threadModules(__dirname, ['lint-engine'], "export { lintInProcess } from './lint-engine';\n", 'lint')['lint-engine'] },
  minThreads: 0,
  maxThreads: 1,
}));

/** A lint still running after this is stopped (its thread ends; the next lint starts another). */
const LINT_TIMEOUT_MS = 60_000;

/** Several models at once: each model's issues, in order. */
export async function lintBpmnModels(xmls: string[], ctx: LintContext): Promise<LintIssue[][]> {
  try {
    const task = { xmls, formKeys: [...ctx.formKeys], jobTypes: [...ctx.jobTypes], engineVersion: ctx.engineVersion };
    return (await pool.get().run(task, { signal: AbortSignal.timeout(LINT_TIMEOUT_MS) })) as LintIssue[][];
  } catch (err) {
    throw new Error(`lint failed: ${(err as Error).message}`);
  }
}

/** Stops the lint thread (the system's stop; the next lint starts another). */
export function closeLintPool(): Promise<void> {
  return pool.close();
}
