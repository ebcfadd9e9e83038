/** ioredis connection; starts a redis-server from PATH when none answers (development and tests). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import Redis from 'ioredis';

export function createRedis(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

async function ping(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${cmd}`;
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

/** Resolves when Redis answers at url; starts one on that port if it is local and absent. */
export async function ensureRedis(url: string): Promise<{ started: boolean }> {
  if (await ping(url)) return { started: false };
  const u = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1'].includes(u.hostname);
  const bin = onPath('redis-server');
  if (!local || !bin) {
    throw new Error(
      `Redis is not reachable at ${u.host}. ` +
        (bin ? 'Start it or set REDIS_URL.' : 'Install it (Debian: apt-get install -y redis-server) or set REDIS_URL.'),
    );
  }
  const child = spawn(bin, ['--port', u.port || '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 50; i++) {
    if (await ping(url)) return { started: true };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Started ${bin} but Redis still does not answer at ${u.host}`);
}
