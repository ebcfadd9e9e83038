/**
 * Generated documents: the PDF for its unit and for staff, the list per application, and the
 * public authenticity check by the code printed on the paper (with an optional byte-for-byte
 * comparison of a file someone holds).
 */
import { storedFileHeaders } from '../security-headers';
import fs from 'node:fs';
import express, { Router } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import { documentPath, documentsOf, DocumentRow, findByCode, getDocument, sha256Of } from '../../db/documents';
import { normalizeVerificationCode } from '../../documents/code';
import { requireUser, SessionUser } from '../auth';
import { ApiError, route } from '../errors';
import { MAX_FILE_BYTES } from './files';

/** Anonymous verification lookups per client address per minute. */
export const VERIFY_PER_MINUTE = 60;

const isStaff = (u: SessionUser) => u.kind === 'reviewer' || u.kind === 'admin';
const notFound = () => new ApiError(404, 'NOT_FOUND', '没有这个文件 / No such document');

function publicView(d: DocumentRow) {
  return { code: d.code, kind: d.kind, title: d.title, number: d.number, sha256: d.sha256, status: d.status, issuedAt: d.created_at, revokedAt: d.revoked_at, revokedReason: d.revoked_reason };
}

export function ownView(d: DocumentRow) {
  return { id: d.id, kind: d.kind, title: d.title, number: d.number, code: d.code, sha256: d.sha256, sizeBytes: d.size_bytes, status: d.status, issuedAt: d.created_at, url: `/api/documents/${d.id}` };
}

export function documentsRouter(deps: { db: Db; redis: Redis; fileStoreDir: string }): Router {
  const router = express.Router();

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

  router.get(
    '/api/documents/:id',
    route(async (req, res) => {
      const user = requireUser(req);
      if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw notFound();
      const doc = await getDocument(deps.db, req.params.id);
      if (!doc || (!isStaff(user) && (!user.unitId || doc.unit_id !== user.unitId))) throw notFound();
      const file = documentPath(deps.fileStoreDir, doc.id);
      if (!fs.existsSync(file)) throw new ApiError(404, 'NOT_FOUND', '文件正在生成，请稍后再试 / The document is still being made; try again shortly');
      storedFileHeaders(res, { mime: 'application/pdf', name: `${doc.title}${doc.number ? `-${doc.number}` : ''}.pdf` });
      fs.createReadStream(file).pipe(res);
    }),
  );

  router.get(
    '/api/applications/:id/documents',
    route(async (req, res) => {
      const user = requireUser(req);
      if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
      const app = await deps.db('applications').where({ id: req.params.id }).first();
      if (!app || (!isStaff(user) && (!user.unitId || app.unit_id !== user.unitId))) throw new ApiError(404, 'NOT_FOUND', '没有这个申请 / No such application');
      res.json({ items: (await documentsOf(deps.db, app.id)).map(ownView) });
    }),
  );

  router.get(
    '/api/public/verify/:code',
    route(async (req, res) => {
      await limit(req.ip);
      res.json(publicView(await byCode(req.params.code)));
    }),
  );

  router.post(
    '/api/public/verify/:code',
    route(async (req, res, next) => {
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
    }),
  );

  return router;
}
