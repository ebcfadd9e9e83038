/**
 * Issuing and finding generated documents. issueDocument is idempotent by its key: a retried or
 * redelivered job gets the document the first attempt made, never a second one with another code.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../core/db';
import { DOCUMENT_STATUS, DocumentKind } from '../domain/registry';
import { newVerificationCode } from '../documents/code';
import { renderDocument } from '../documents/pool';
import type { DocLayout } from '../documents/render';

export interface DocumentRow {
  id: string;
  idempotency_key: string;
  kind: DocumentKind;
  title: string;
  code: string;
  application_id: string | null;
  unit_id: string | null;
  number: string | null;
  sha256: string;
  size_bytes: number;
  status: (typeof DOCUMENT_STATUS)[keyof typeof DOCUMENT_STATUS];
  revoked_reason: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export interface DocumentDeps {
  db: Db;
  fileStoreDir: string;
  publicUrl: string;
  now: () => Date;
}

export interface IssueInput {
  /** what issues it, e.g. `${kind}:${elementInstanceKey}`: the same key gives the same document */
  key: string;
  kind: DocumentKind;
  title: string;
  applicationId?: string | null;
  unitId?: string | null;
  number?: string | null;
  layout: DocLayout;
}

/** Where a document's PDF lies: the file store, under documents/<id>.pdf. */
export function documentPath(fileStoreDir: string, id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a document id: ${id}`);
  return path.join(fileStoreDir, 'documents', `${id}.pdf`);
}

export function verifyUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/$/, '')}/#/verify/${code}`;
}

export async function issueDocument(deps: DocumentDeps, input: IssueInput): Promise<DocumentRow> {
  const existing = await deps.db<DocumentRow>('documents').where({ idempotency_key: input.key }).first();
  if (existing && fs.existsSync(documentPath(deps.fileStoreDir, existing.id))) return existing;

  const issuedAt = deps.now();
  const code = existing?.code ?? newVerificationCode();
  // rendered on a thread of the pool (documents/pool.ts): this event loop stays free meanwhile
  const { pdf, sha256 } = await renderDocument(input.layout, { code, url: verifyUrl(deps.publicUrl, code), issuedAt });
  const row = existing
    ? ((await deps.db<DocumentRow>('documents').where({ id: existing.id }).update({ sha256, size_bytes: pdf.length }).returning('*'))[0] as DocumentRow)
    : await insertOnce(deps.db, {
        idempotency_key: input.key,
        kind: input.kind,
        title: input.title,
        code,
        application_id: input.applicationId ?? null,
        unit_id: input.unitId ?? null,
        number: input.number ?? null,
        sha256,
        size_bytes: pdf.length,
        created_at: issuedAt,
      });
  if (row.sha256 !== sha256) return row; // a concurrent attempt won; its file is the document
  const file = documentPath(deps.fileStoreDir, row.id);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // written whole then renamed: a reader never sees half a PDF
  await fs.promises.writeFile(`${file}.tmp`, pdf);
  await fs.promises.rename(`${file}.tmp`, file);
  return row;
}

async function insertOnce(db: Db, values: Partial<DocumentRow>): Promise<DocumentRow> {
  await db('documents').insert(values).onConflict('idempotency_key').ignore();
  return (await db<DocumentRow>('documents').where({ idempotency_key: values.idempotency_key as string }).first()) as DocumentRow;
}

export async function getDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  return db<DocumentRow>('documents').where({ id }).first();
}

export async function findByCode(db: Db, code: string): Promise<DocumentRow | undefined> {
  return db<DocumentRow>('documents').where({ code }).first();
}

export async function documentsOf(db: Db, applicationId: string): Promise<DocumentRow[]> {
  return db<DocumentRow>('documents').where({ application_id: applicationId }).orderBy('created_at');
}

export async function revokeDocument(db: Db, id: string, reason: string, now = new Date()): Promise<void> {
  await db('documents').where({ id }).update({ status: DOCUMENT_STATUS.revoked, revoked_reason: reason, revoked_at: now });
}

export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
