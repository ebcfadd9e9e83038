/** Writes bpmn/templates/<job type>.json from domain/element-templates.ts (`npm run templates`). */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../core/config';
import { templateFileContent } from '../domain/element-templates';
import { JOB, JobType } from '../domain/registry';

const dir = path.join(ROOT, 'bpmn', 'templates');
fs.mkdirSync(dir, { recursive: true });
for (const type of Object.values(JOB) as JobType[]) {
  fs.writeFileSync(path.join(dir, `${type}.json`), templateFileContent(type));
  console.log(`bpmn/templates/${type}.json`);
}
