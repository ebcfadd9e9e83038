/** knex on PostgreSQL: connection, database creation and migrations. */
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { CODE_DIR } from './config';

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

export const MIGRATIONS_DIR = path.join(CODE_DIR, 'db', 'migrations');

/**
 * The migrations of db/migrations, from TypeScript or from the compiled build; each is recorded
 * under its source name (<name>.ts) either way, so a database migrated by one is current for the other.
 */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => fs.readdirSync(MIGRATIONS_DIR).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort(),
  getMigrationName: (file) => file.replace(/\.js$/, '.ts'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- knex loads migrations by path, from .ts (ts-node, Jest) or .js (dist)
  getMigration: async (file) => require(path.join(MIGRATIONS_DIR, file)) as Knex.Migration,
};

export async function migrate(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ migrationSource });
  return applied as string[];
}

/** A LIKE / ILIKE pattern for "contains `text`", the wildcards typed in it taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of a filtered query and the number of rows matching it: `filtered` builds the query
 * afresh for each (the page is ordered and limited, the count is not); `page` and `pageSize` are
 * the list's query strings, checked by the route (default the first page of 200).
 */
export async function pageOf<T>(
  filtered: () => Knex.QueryBuilder,
  query: { page?: string; pageSize?: string },
  rows: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<{ items: T[]; total: number; page: number; pageSize: number }> {
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 200);
  const [items, [{ n }]] = await Promise.all([rows(filtered()).offset((page - 1) * pageSize).limit(pageSize), filtered().count<{ n: string }[]>({ n: '*' })]);
  return { items: items as T[], total: Number(n), page, pageSize };
}
