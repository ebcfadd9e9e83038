/**
 * POST /api/files (multipart, field "file") and GET /api/files/:id. The type is decided from the
 * content (magic bytes), never from the name or the declared type; the size is capped while
 * streaming: a body that declares more than the cap (with room for the multipart envelope) is
 * refused before it is read, and a file that passes the cap stops the reading at once — the partial
 * file is deleted, no row written, the answer 413 and the connection closed, so the rest of the
 * body is never read (api/services/files.ts). Submissions store file ids, not contents.
 */
import { staffCanReadFile } from '../../db/case-scope';
import { storedFileHeaders } from '../security-headers';
import fs from 'node:fs';
import path from 'node:path';
import { Uuid } from '../../domain/schema';
import { ApiError } from '../errors';
import { declare, RouteDef, anyone, signedIn } from '../route';
import { filesService, type FilesDeps } from '../services/files';

export function filesRoutes(deps: FilesDeps): RouteDef[] {
  const routes: RouteDef[] = [];
  const service = filesService(deps);

  routes.push(declare({
    method: 'post',
    path: '/api/files',
    rawBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
    summary: "Upload one file (multipart field \"file\"); jpg/png/pdf decided by content; at most 5 MB",
    allow: [anyone],
    responses: { 201: "file id and metadata" },
    errors: [400, 401, 413, 415],
    handler: async ({ req, res }) => {
      res.status(201).json(await service.upload(req, res));
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/files/{id}',
    params: { id: Uuid },
    notFound: '没有这个文件 / No such file',
    summary: "Download a file (its owner; staff when a case they may read refers to it)",
    allow: [signedIn],
    responses: { 200: {description: "the file"} },
    errors: [401, 404],
    handler: async ({ req, res, user }) => {
      const file = await deps.db('files').where({ id: req.params.id }).first();
      const staff = user.kind === 'reviewer' || user.kind === 'admin';
      const readable = file && (staff ? await staffCanReadFile(deps.db, user, file) : file.owner_account_id === user.accountId);
      if (!readable) throw new ApiError(404, 'NOT_FOUND', '没有这个文件 / No such file');
      storedFileHeaders(res, { mime: file.mime_type, name: file.original_name });
      fs.createReadStream(path.join(deps.fileStoreDir, file.id)).pipe(res);
    },
  }));
  return routes;
}
