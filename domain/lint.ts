/**
 * Lint before deploy. bpmnlint and bpmn-moddle are ES modules that Jest's sandbox cannot load,
 * so the rules (domain/lint-engine.ts) run in a short-lived Node process: the same code in tests,
 * in the API and in `npm run lint:bpmn`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { CODE_DIR, COMPILED, ROOT } from '../core/config';

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

/** Several models in one child process (its start costs more than a model's rules): each model's issues, in order. */
export function lintBpmnModels(xmls: string[], ctx: LintContext): Promise<LintIssue[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      COMPILED ? [path.join(CODE_DIR, 'domain', 'lint-engine.js')] : ['-r', 'ts-node/register/transpile-only', path.join(CODE_DIR, 'domain', 'lint-engine.ts')],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`lint failed: ${stderr || err.message}`));
        resolve(JSON.parse(stdout) as LintIssue[][]);
      },
    );
    child.stdin!.end(JSON.stringify({ xmls, formKeys: [...ctx.formKeys], jobTypes: [...ctx.jobTypes], engineVersion: ctx.engineVersion }));
  });
}
