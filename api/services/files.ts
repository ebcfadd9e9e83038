/**
 * Receiving an upload (POST /api/files, multipart, field "file"): the type is decided from the
 * content (magic bytes), never from the name or the declared type; the size is capped while
 * streaming: a body that declares more than the cap (with room for the multipart envelope) is
 * refused before it is read, and a file that passes the cap stops the reading at once — the partial
 * file is deleted, no row written, the answer 413 and the connection closed, so the rest of the
 * body is never read.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Busboy from 'busboy';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { countInWindow } from '../../core/codes';
import type { Db } from '../../core/db';
import { ensureUploader } from '../anonymous-uploads';
import { ApiError } from '../errors';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** jpg, png and pdf, by their first bytes. */
export function sniffType(head: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

/** Uploads without a session (registration, account appeal) per client address per hour. */
export const ANONYMOUS_UPLOADS_PER_HOUR = 30;

/** the multipart envelope around the file: boundaries, part headers, a few small fields */
const ENVELOPE_BYTES = 64 * 1024;

const tooLarge = () =>
  new ApiError(413, 'FILE_TOO_LARGE', '文件不能超过 5 MB / The file must not exceed 5 MB', { file: '文件不能超过 5 MB / The file must not exceed 5 MB' });

const malformed = (err: Error) =>
  new ApiError(400, 'MALFORMED_UPLOAD', `上传内容不是有效的 multipart/form-data / The upload is not valid multipart/form-data (${err.message})`);

export type FilesDeps = { db: Db; fileStoreDir: string; redis: Redis; anonymousUploadsPerHour?: number; secureCookies?: boolean };

export function filesService(deps: FilesDeps) {
  /** Receives the request's one file, stores it and its row; the answer is the shape Form.io's "url" storage keeps. */
  async function upload(req: Request, res: Response): Promise<{ id: string; name: string; size: number; type: string; url: string }> {
    // Registration and account appeals upload before anyone can sign in: allowed, rate-limited,
    // and readable by staff only.
    const user = req.user;
    if (!user) {
      const n = await countInWindow(deps.redis, `rl:upload:${req.ip}`, 3600);
      if (n > (deps.anonymousUploadsPerHour ?? ANONYMOUS_UPLOADS_PER_HOUR)) throw new ApiError(429, 'RATE_LIMITED', '上传过于频繁，请稍后再试 / Too many uploads; try again later');
    }
    if (!/^multipart\/form-data/i.test(req.get('content-type') ?? '')) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 / Upload as multipart/form-data');
    }
    // refused unread: the connection closes after the answer instead of taking in the rest
    const refuseUnread = (err: ApiError): never => {
      res.setHeader('connection', 'close');
      throw err;
    };
    const declared = Number(req.get('content-length') ?? NaN);
    if (declared > MAX_FILE_BYTES + ENVELOPE_BYTES) refuseUnread(tooLarge());
    const id = randomUUID();
    fs.mkdirSync(deps.fileStoreDir, { recursive: true });
    const target = path.join(deps.fileStoreDir, id);
    const result = await new Promise<{ name: string; size: number; sha256: string; head: Buffer }>((resolve, reject) => {
      let bb: ReturnType<typeof Busboy>;
      try {
        // browsers send the file name as raw UTF-8 bytes: read it as UTF-8 (busboy's default is latin1);
        // preservePath: the name as sent (busboy would turn a name ending in / or \ into no file at all); cut below
        bb = Busboy({ headers: req.headers, preservePath: true, defParamCharset: 'utf8', limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 10 } });
      } catch (err) {
        reject(malformed(err as Error)); // e.g. multipart/form-data without a boundary
        return;
      }
      let seen = false;
      bb.on('file', (_field, stream, info) => {
        seen = true;
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        let headLen = 0;
        const out = fs.createWriteStream(target);
        stream.on('limit', () => {
          // stop reading the request here; the partial file goes once its stream is closed
          req.unpipe(bb);
          req.removeListener('data', keepHead);
          req.pause();
          stream.unpipe(out);
          // a write still pending fails with the destroy: not an error of the upload
          out.removeAllListeners('error');
          out.on('error', () => undefined);
          out.once('close', () => {
            fs.rm(target, { force: true }, () => reject(tooLarge()));
          });
          out.destroy();
        });
        stream.on('data', (c: Buffer) => {
          size += c.length;
          hash.update(c);
          if (headLen < 16) {
            chunks.push(c);
            headLen += c.length;
          }
        });
        stream.pipe(out);
        // the last path segment, without control characters (NUL cannot be stored at all)
        const name = (info.filename ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '') || 'file';
        out.on('finish', () => resolve({ name, size, sha256: hash.digest('hex'), head: Buffer.concat(chunks).subarray(0, 16) }));
        out.on('error', reject);
      });
      // a part whose header names a file that the parser cannot read (e.g. a name ending in a backslash,
      // which escapes the closing quote) is skipped by busboy without a word: the start of the body
      // tells that apart from a form with no file in it
      let head = '';
      const keepHead = (c: Buffer) => {
        if (head.length < 16_384) head += c.subarray(0, 16_384).toString('latin1');
      };
      req.on('data', keepHead);
      bb.on('close', () => {
        if (seen) return;
        if (/content-disposition:[^\r\n]*filename/i.test(head)) reject(malformed(new Error('the file part header cannot be read')));
        else reject(new ApiError(400, 'VALIDATION_FAILED', '没有收到文件 / No file received', { file: '请选择文件 / Choose a file' }));
      });
      // a broken multipart body (bad part header, cut short) is the client's error, not ours
      bb.on('error', (err: Error) => reject(malformed(err)));
      req.pipe(bb);
    }).catch((err) => {
      fs.rmSync(target, { force: true });
      if (err instanceof ApiError && err.status === 413) refuseUnread(err);
      throw err;
    });
    const type = sniffType(result.head);
    if (!type) {
      fs.rmSync(target, { force: true });
      throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '只接受 JPG、PNG 或 PDF 文件 / Only JPG, PNG or PDF files are accepted');
    }
    // an anonymous upload belongs to this browser (api/anonymous-uploads.ts)
    const anonOwner = user ? null : ensureUploader(req, res, !!deps.secureCookies);
    await deps.db('files').insert({ id, owner_account_id: user?.accountId ?? null, anon_owner_hash: anonOwner, original_name: result.name.slice(0, 255), mime_type: type, size_bytes: result.size, sha256: result.sha256 });
    // The shape Form.io's "url" storage keeps as the file's `data`.
    return { id, name: result.name, size: result.size, type, url: `/api/files/${id}` };
  }

  return { upload };
}
