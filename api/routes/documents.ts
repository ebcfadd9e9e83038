/**
 * Generated documents: the PDF for its unit and for staff, the list per application, and the
 * public authenticity check by the code printed on the paper (with an optional byte-for-byte
 * comparison of a file someone holds).
 */
import { canReadCase } from '../../db/case-scope';
import { storedFileHeaders } from '../security-headers';
import fs from 'node:fs';
import express from 'express';
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import { documentPath, documentsOf, DocumentRow, findByCode, getDocument, sha256Of } from '../../db/documents';
import { normalizeVerificationCode } from '../../documents/code';
import type { SessionUser } from '../auth';
import { Uuid } from '../../domain/schema';
import { ApiError } from '../errors';
import { declare, RouteDef, anyone, signedIn } from '../route';
import { MAX_FILE_BYTES } from '../services/files';

/** Anonymous verification lookups per client address per minute. */
export const VERIFY_PER_MINUTE = 60;

const isStaff = (u: SessionUser) => u.kind === 'reviewer' || u.kind === 'admin';
const NO_DOCUMENT = '没有这个文件 / No such document';
const notFound = () => new ApiError(404, 'NOT_FOUND', NO_DOCUMENT);

function publicView(d: DocumentRow) {
  return { code: d.code, kind: d.kind, title: d.title, number: d.number, sha256: d.sha256, status: d.status, issuedAt: d.created_at, revokedAt: d.revoked_at, revokedReason: d.revoked_reason };
}

export function ownView(d: DocumentRow) {
  return { id: d.id, kind: d.kind, title: d.title, number: d.number, code: d.code, sha256: d.sha256, sizeBytes: d.size_bytes, status: d.status, issuedAt: d.created_at, url: `/api/documents/${d.id}` };
}

export function documentsRoutes(deps: { db: Db; redis: Redis; fileStoreDir: string }): RouteDef[] {
  const routes: RouteDef[] = [];
  /** its unit; staff when they may read its case (a document of no case: any staff) */
  const readable = async (user: SessionUser, doc: DocumentRow): Promise<boolean> =>
    isStaff(user) ? (doc.application_id ? canReadCase(deps.db, user, doc.application_id) : true) : !!user.unitId && doc.unit_id === user.unitId;

  async function limit(ip: string | undefined): Promise<void> {
    const key = `rl:verify:${ip ?? 'unknown'}`;
    const n = await deps.redis.incr(key);
    if (n === 1) await deps.redis.expire(key, 60);
    if (n > VERIFY_PER_MINUTE) throw new ApiError(429, 'RATE_LIMITED', '查询过于频繁，请稍后再试 / Too many lookups; try again shortly');
  }

  async function byCode(raw: string): Promise<DocumentRow> {
    const code = normalizeVerificationCode(raw);
    if (!code) throw new ApiError(404, 'NOT_FOUND', '验证码不正确或文件不存在 / Unknown verification code');
    const doc = await findByCode(deps.db, code);
    if (!doc) throw new ApiError(404, 'NOT_FOUND', '验证码不正确或文件不存在 / Unknown verification code');
    return doc;
  }

  routes.push(declare({
    method: 'get',
    path: '/api/documents/{id}',
    params: { id: Uuid },
    notFound: NO_DOCUMENT,
    summary: "A generated document (PDF) — its unit and staff",
    allow: [signedIn],
    responses: { 200: {description: "application/pdf"} },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const doc = await getDocument(deps.db, req.params.id);
      if (!doc || !(await readable(user, doc))) throw notFound();
      const file = documentPath(deps.fileStoreDir, doc.id);
      if (!fs.existsSync(file)) throw new ApiError(404, 'NOT_FOUND', '文件正在生成，请稍后再试 / The document is still being made; try again shortly');
      storedFileHeaders(res, { mime: 'application/pdf', name: `${doc.title}${doc.number ? `-${doc.number}` : ''}.pdf` });
      fs.createReadStream(file).pipe(res);
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/applications/{id}/documents',
    params: { id: Uuid },
    notFound: '没有这个申请 / No such application',
    summary: "The documents generated for an application",
    allow: [signedIn],
    responses: { 200: "{ items: [{ id, kind, title, number, code, sha256, status, issuedAt, url }] }" },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      if (!(await canReadCase(deps.db, user, req.params.id))) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
      const app = await deps.db('applications').where({ id: req.params.id }).first();
      res.json({ items: (await documentsOf(deps.db, app.id)).map(ownView) });
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/public/verify/{code}',
    summary: "Is the document with this verification code authentic and valid? (no login; rate-limited)",
    allow: [anyone],
    responses: { 200: "{ code, kind, title, number, sha256, status, issuedAt }" },
    errors: [404, 429],
    handler: async ({ req, res }) => {
      await limit(req.ip);
      res.json(publicView(await byCode(req.params.code)));
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/public/verify/{code}',
    summary: "Compare a PDF file with the document issued under this code (no login)",
    rawBody: { required: true, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
    allow: [anyone],
    responses: { 200: "{ …, matches, sameBytes, uploadedSha256 }" },
    errors: [400, 404, 413, 415, 429],
    handler: async ({ req, res, next }) => {
      await limit(req.ip);
      if (!/^application\/pdf\b/i.test(req.get('content-type') ?? '')) {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请上传 PDF 文件（Content-Type: application/pdf）/ Send the PDF file (Content-Type: application/pdf)');
      }
      const doc = await byCode(req.params.code);
      express.raw({ type: 'application/pdf', limit: MAX_FILE_BYTES })(req, res, (err?: unknown) => {
        if (err) return next(err);
        const body = req.body as Buffer;
        if (!Buffer.isBuffer(body) || body.length === 0) return next(new ApiError(400, 'VALIDATION_FAILED', '没有收到文件 / No file received', { file: '请选择文件 / Choose a file' }));
        const sha256 = sha256Of(body);
        res.json({ ...publicView(doc), matches: sha256 === doc.sha256 && doc.status === 'valid', sameBytes: sha256 === doc.sha256, uploadedSha256: sha256 });
      });
    },
  }));

  return routes;
}
