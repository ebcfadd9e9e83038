/**
 * GET /api/tasks/stream — Server-Sent Events of inbox changes. Workers publish each mirror change
 * on a Redis channel; every API process subscribes once and forwards to its connected browsers
 * the changes they may see. So it works with any number of API processes.
 */
import express, { Response, Router } from 'express';
import type Redis from 'ioredis';
import type { Logger } from '../core/logger';
import { canSee } from '../db/tasks';
import type { InboxChange } from '../workers/types';
import { requireUser, SessionUser, taskGroupsOf } from './auth';
import { route } from './errors';

/**
 * The channel of one Redis database's system. Redis delivers a message to every subscriber on
 * the server whatever database it selected, so two systems sharing a Redis server (development
 * and tests, two environments) would otherwise see each other's inbox changes.
 */
export const inboxChannel = (redis: Redis) => `pf:inbox:${redis.options.db ?? 0}`;

export function inboxPublisher(redis: Redis) {
  const channel = inboxChannel(redis);
  return async (change: InboxChange) => {
    await redis.publish(channel, JSON.stringify(change));
  };
}

export interface InboxStream {
  router: Router;
  close(): Promise<void>;
}

export async function createInboxStream(redis: Redis, log: Logger): Promise<InboxStream> {
  const clients = new Set<{ user: SessionUser; res: Response }>();
  const sub = redis.duplicate();
  sub.on('error', (err) => log.warn('inbox subscriber error', { error: err }));
  await sub.subscribe(inboxChannel(redis));
  sub.on('message', (_channel, message) => {
    let change: InboxChange;
    try {
      change = JSON.parse(message) as InboxChange;
    } catch {
      return;
    }
    for (const c of clients) {
      const viewer = { login: c.user.login, groups: taskGroupsOf(c.user), all: c.user.kind === 'admin' };
      if (canSee({ candidate_groups: change.candidateGroups, candidate_users: change.candidateUsers, assignee: change.assignee }, viewer)) {
        c.res.write(`event: task\ndata: ${JSON.stringify(change)}\n\n`);
      }
    }
  });
  const heartbeat = setInterval(() => {
    for (const c of clients) c.res.write(': keep-alive\n\n');
  }, 25_000);

  const router = express.Router();
  router.get(
    '/api/tasks/stream',
    route(async (req, res) => {
      const user = requireUser(req);
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write('retry: 3000\n\n');
      const client = { user, res };
      clients.add(client);
      req.on('close', () => clients.delete(client));
    }),
  );
  return {
    router,
    async close() {
      clearInterval(heartbeat);
      for (const c of clients) c.res.end();
      clients.clear();
      sub.disconnect();
    },
  };
}
