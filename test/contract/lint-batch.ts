/**
 * Child-process entry for the model compatibility test: lints many models under many profiles in
 * one Node process (bpmnlint is ESM, which Jest's sandbox cannot load; one process per model and
 * profile would start Node forty times). Reads {files, versions, formKeys, jobTypes} on stdin.
 */
import fs from 'node:fs';
import { lintInProcess } from '../../domain/lint-engine';

let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const req = JSON.parse(input) as { files: string[]; versions: string[]; formKeys: string[]; jobTypes: string[] };
  const ctx = { formKeys: new Set(req.formKeys), jobTypes: new Set(req.jobTypes) };
  const out = [];
  for (const file of req.files) {
    const xml = fs.readFileSync(file, 'utf8');
    for (const version of req.versions) out.push({ file, version, issues: await lintInProcess(xml, { ...ctx, engineVersion: version }) });
  }
  process.stdout.write(JSON.stringify(out));
});
