/** knex on PostgreSQL: connection, database creation and migrations. */
import knexFactory, { Knex } from 'knex';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT } from './config';

export type Db = Knex;

export function createDb(databaseUrl: string, pool = { min: 0, max: 10 }): Db {
  return knexFactory({ client: 'pg', connection: databaseUrl, pool });
}

/** Which database a URL names, and a URL to the server's maintenance database. */
function splitUrl(databaseUrl: string): { name: string; adminUrl: string } {
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  u.pathname = '/postgres';
  return { name, adminUrl: u.toString() };
}

/**
 * Makes sure the database exists on a server that answers (core/postgres.ts starts one if needed),
 * creating it if not.
 */
export async function ensureDatabase(databaseUrl: string, opts: { recreate?: boolean } = {}): Promise<void> {
  const { name, adminUrl } = splitUrl(databaseUrl);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL names an unusual database "${name}"; use letters, digits and _`);
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    const u = new URL(databaseUrl);
    throw new Error(`PostgreSQL is not reachable at ${u.hostname}:${u.port || 5432} (${(err as Error).message}); see core/postgres.ts ensurePostgres`);
  }
  try {
    if (opts.recreate) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        if (!/already exists/.test((err as Error).message)) throw err;
      }
    }
  } finally {
    await client.end();
  }
}

export const MIGRATIONS_DIR = path.join(ROOT, 'db', 'migrations');

export async function migrate(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.ts', '.js'] });
  return applied as string[];
}
