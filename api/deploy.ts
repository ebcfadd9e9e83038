/**
 * Deploys bpmn/*.bpmn to the engine and loads forms/*.json into the forms table. The engine
 * itself recognises an unchanged resource and keeps its version; we record each (file, content
 * hash) once, so the deployments table lists real changes only. A model whose content is the one
 * last deployed, and whose definition the engine still holds, is not sent again: a restart (or
 * each test file's start) reads 20 definitions instead of writing 20 deployments to the log.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../core/camunda';
import type { Db } from '../core/db';
import { bpmnFiles, formFiles, parseBpmnFile } from '../domain/models';
import { readForm } from '../domain/form-sections';

export interface DeployReport {
  name: string;
  kind: 'bpmn' | 'form';
  version: number;
  changed: boolean;
}

const sha256 = (buf: Buffer | string) => createHash('sha256').update(buf).digest('hex');

/**
 * The engine holds this deployment's process definition (a cluster that lost its data, or another
 * cluster, does not: the model is deployed again). Secondary storage may lag a fresh deployment;
 * then it is sent again too, which the engine recognises as unchanged.
 */
async function engineHolds(rest: Engine['rest'], row: { engine_key: string | null; version: number }, processId: string | undefined): Promise<boolean> {
  if (!row.engine_key || !processId) return false;
  try {
    const definition = await rest.getProcessDefinition(row.engine_key);
    return definition.processDefinitionId === processId && definition.version === row.version;
  } catch {
    return false;
  }
}

export async function deployBpmn(db: Db, engine: Pick<Engine, 'zeebe' | 'rest'>, file: string): Promise<DeployReport> {
  const content = fs.readFileSync(file);
  const [model] = parseBpmnFile(file, content.toString('utf8')); // a clear error before the engine sees a broken file
  const name = path.basename(file);
  // the engine's newest version of the model (a file deployed again after an admin's change is that
  // newest version, recorded on the row of its content)
  const last = await db('deployments').where({ resource_name: name, kind: 'bpmn' }).orderBy([{ column: 'version', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
  if (last && last.sha256 === sha256(content) && (await engineHolds(engine.rest, last, model?.id))) {
    return { name, kind: 'bpmn', version: last.version as number, changed: false };
  }
  const result = await engine.zeebe.deployResource({ process: content, name });
  const proc = result.deployments.map((d) => ('process' in d ? d.process : undefined)).find(Boolean) as
    | { version: number; processDefinitionKey: string }
    | undefined;
  const version = proc?.version ?? 0;
  const engineKey = proc ? String(proc.processDefinitionKey) : null;
  const known = await db('deployments').where({ resource_name: name, sha256: sha256(content) }).first('version');
  await db('deployments')
    .insert({ resource_name: name, kind: 'bpmn', sha256: sha256(content), engine_key: engineKey, version, content: content.toString('utf8') })
    .onConflict(['resource_name', 'sha256'])
    .merge({ engine_key: engineKey, version, deployed_at: db.fn.now() });
  return { name, kind: 'bpmn', version, changed: known?.version !== version };
}

/**
 * Loads forms/<key>.json as the newest version of the form, unless this file content was loaded
 * before: a version the admin saved later in the form editor then stays the one served, until
 * the file itself changes.
 */
export async function deployForm(db: Db, file: string, served?: Map<string, { sha256: string; version: number }>): Promise<DeployReport> {
  // shared sections (forms/sections/) resolved: a change to a section is a new version of each form using it
  const raw = fs.readFileSync(file, 'utf8');
  const schema = readForm(file);
  const content = raw.includes('"$section"') ? JSON.stringify(schema) : raw;
  const key = path.basename(file, '.json');
  const hash = sha256(content);
  // the form served is this file's content: nothing to lock or write
  const now = served?.get(key);
  if (now && now.sha256 === hash) return { name: key, kind: 'form', version: now.version, changed: false };
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

/**
 * Every model and form, side by side: the engine takes the deployments one after another from its
 * log anyway, so sending them together saves a round trip per model, not any ordering.
 */
export async function deployAll(db: Db, engine: Pick<Engine, 'zeebe' | 'rest'>): Promise<DeployReport[]> {
  const served = new Map((await db('forms').select('key', 'sha256', 'version')).map((f) => [f.key as string, { sha256: f.sha256 as string, version: f.version as number }]));
  const [models, forms] = await Promise.all([
    Promise.all(bpmnFiles().map((file) => deployBpmn(db, engine, file))),
    Promise.all(formFiles().map((file) => deployForm(db, file, served))),
  ]);
  return [...models, ...forms];
}
