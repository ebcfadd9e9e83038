/**
 * The message centre (消息中心): what the e-mails and SMS about the caller's cases said, newest
 * first, with read and unread (db/messages.ts).
 */
import type { Db } from '../../core/db';
import { listMessages, markRead } from '../../db/messages';
import { declare, RouteDef, signedIn } from '../route';

export function messagesRoutes(deps: { db: Db }): RouteDef[] {
  return [
    declare({
      method: 'get',
      path: '/api/messages',
      query: {
        unread: { type: 'boolean' },
        limit: { type: 'integer', minimum: 1, maximum: 100, message: '每页 1 到 100 条 / 1 to 100 per page' },
        offset: { type: 'integer', minimum: 0, maximum: 100000, message: '偏移量应为非负整数 / The offset is a whole number from 0' },
      },
      summary: 'My messages: the e-mails and SMS sent about my cases (title, text, case, sent at, read), with the total and the unread count',
      allow: [signedIn],
      responses: { 200: '{ items, total, unread }' },
      errors: [400, 401],
      handler: async ({ req, res, user }) => {
        // (the query was checked; its values are still the strings of the URL)
        const q = req.query as Record<string, string | undefined>;
        res.json(await listMessages(deps.db, user, { unreadOnly: q.unread === 'true', limit: Number(q.limit ?? 20), offset: Number(q.offset ?? 0) }));
      },
    }),
    declare({
      method: 'post',
      path: '/api/messages/read',
      body: {
        type: 'object',
        properties: {
          ids: { type: 'array', maxItems: 100, items: { type: 'string', pattern: '^[0-9]{1,18}$' }, message: '消息编号有误 / Invalid message ids' },
          all: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      summary: 'Mark messages read: the listed ids, or all',
      allow: [signedIn],
      responses: { 200: '{ marked }' },
      errors: [400, 401],
      handler: async ({ res, user, body }) => {
        const b = body as { ids?: string[]; all?: boolean };
        res.json({ marked: await markRead(deps.db, user, b.all ? 'all' : (b.ids ?? [])) });
      },
    }),
  ];
}
