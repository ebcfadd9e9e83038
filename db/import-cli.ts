/**
 * The command line of a bulk import (units, practitioners): the file named on the command line is
 * imported into the configured database (migrated first); the summary goes to stdout as JSON, and
 * the exit code is 1 when some rows were refused, 2 when the import could not run.
 */
import type { Db } from '../core/db';

export function runImportCli(usage: string, run: (db: Db, file: string) => Promise<{ summary: Record<string, unknown>; errors: unknown[] }>): void {
  (async () => {
    const file = process.argv[2];
    if (!file) throw new Error(`usage: ${usage}`);
    const { loadConfig } = await import('../core/config');
    const { createDb, migrate } = await import('../core/db');
    const db = createDb(loadConfig().databaseUrl);
    try {
      await migrate(db);
      const { summary, errors } = await run(db, file);
      console.log(JSON.stringify({ ...summary, errors }, null, 2));
      if (errors.length) process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
