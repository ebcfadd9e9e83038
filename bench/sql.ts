/**
 * The SQL statements a knex pool runs while counted: how many, and with `byText` how many of each
 * text (parameters written as ?), the most frequent first. For the benches' per-request and
 * per-case figures.
 */
import type { Knex } from 'knex';

export function countStatements(db: Knex, byText: boolean): { stop(): { total: number; top(n: number): Array<[string, number]> } } {
  const texts = new Map<string, number>();
  let total = 0;
  const onQuery = (q: { sql: string }) => {
    total++;
    if (byText) {
      const k = q.sql.replace(/\$\d+/g, '?').slice(0, 160);
      texts.set(k, (texts.get(k) ?? 0) + 1);
    }
  };
  db.on('query', onQuery);
  return {
    stop() {
      db.off('query', onQuery);
      return { total, top: (n) => [...texts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n) };
    },
  };
}
