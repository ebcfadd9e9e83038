/**
 * Deploys bpmn/*.bpmn to the engine and loads forms/*.json into the forms table. The engine
 * itself recognises an unchanged resource and keeps its version; we record each (file, content
 * hash) once, so the deployments table lists real changes only.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ZeebeClient } from '../core/camunda';
import type { Db } from '../core/db';
import { bpmnFiles, formFiles, parseBpmn } from '../domain/models';
import { readForm } from '../domain/form-sections';

export interface DeployReport {
  name: string;
  kind: 'bpmn' | 'form';
  version: number;
  changed: boolean;
}

const sha256 = (buf: Buffer | string) => createHash('sha256').update(buf).digest('hex');

export async function deployBpmn(db: Db, zeebe: ZeebeClient, file: string): Promise<DeployReport> {
  const content = fs.readFileSync(file);
  parseBpmn(content.toString('utf8'), file); // a clear error before the engine sees a broken file
  const name = path.basename(file);
  const result = await zeebe.deployResource({ process: content, name });
  const proc = result.deployments.map((d) => ('process' in d ? d.process : undefined)).find(Boolean) as
    | { version: number; processDefinitionKey: string }
    | undefined;
  const version = proc?.version ?? 0;
  const inserted = await db('deployments')
    .insert({ resource_name: name, kind: 'bpmn', sha256: sha256(content), engine_key: proc ? String(proc.processDefinitionKey) : null, version, content: content.toString('utf8') })
    .onConflict(['resource_name', 'sha256'])
    .ignore()
    .returning('id');
  return { name, kind: 'bpmn', version, changed: inserted.length > 0 };
}

/**
 * Loads forms/<key>.json as the newest version of the form, unless this file content was loaded
 * before: a version the admin saved later in the form editor then stays the one served, until
 * the file itself changes.
 */
export async function deployForm(db: Db, file: string): Promise<DeployReport> {
  // shared sections (forms/sections/) resolved: a change to a section is a new version of each form using it
  const raw = fs.readFileSync(file, 'utf8');
  const schema = readForm(file);
  const content = raw.includes('"$section"') ? JSON.stringify(schema) : raw;
  const key = path.basename(file, '.json');
  const hash = sha256(content);
  return db.transaction(async (trx) => {
    // several processes starting at once (a scale-out) load the same form: one at a time, per key
    // (FOR UPDATE locks nothing while the form has no row yet)
    await trx.raw(`select pg_advisory_xact_lock(hashtext('permitflow:form:' || ?))`, [key]);
    const current = await trx('forms').where({ key }).forUpdate().first();
    if (current && current.sha256 === hash) return { name: key, kind: 'form' as const, version: current.version as number, changed: false };
    const loaded = await trx('form_versions').where({ key, sha256: hash, source: 'file' }).first();
    if (loaded && current) return { name: key, kind: 'form' as const, version: current.version as number, changed: false };
    const version = (current?.version ?? 0) + 1;
    await trx('forms')
      .insert({ key, version, sha256: hash, schema: JSON.stringify(schema), updated_at: trx.fn.now() })
      .onConflict('key')
      .merge();
    await trx('form_versions').insert({ key, version, sha256: hash, schema: JSON.stringify(schema), source: 'file' });
    await trx('deployments').insert({ resource_name: `${key}.json`, kind: 'form', sha256: hash, version }).onConflict(['resource_name', 'sha256']).ignore();
    return { name: key, kind: 'form' as const, version, changed: true };
  });
}

export async function deployAll(db: Db, zeebe: ZeebeClient): Promise<DeployReport[]> {
  const reports: DeployReport[] = [];
  for (const file of bpmnFiles()) reports.push(await deployBpmn(db, zeebe, file));
  for (const file of formFiles()) reports.push(await deployForm(db, file));
  return reports;
}
