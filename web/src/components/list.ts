/** The list pages' query: conditions, sort and page; and the answer a loader gives back. */
export interface ListQuery {
  conditions: Record<string, unknown>;
  sort?: string;
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
  cursor?: string | null;
}

export interface ListResult<T> {
  items: T[];
  /** offset paging: the number of rows matching */
  total?: number;
  /** keyset paging: the cursor of the next page, null at the end */
  nextCursor?: string | null;
}

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => unknown;
}

/**
 * For endpoints that answer with the whole (bounded) list: filter, sort and page it here with
 * the same query the server-side lists take.
 */
export function localList<T>(all: T[], q: ListQuery, match?: (row: T, conditions: Record<string, unknown>) => boolean): ListResult<T> {
  let rows = match ? all.filter((r) => match(r, q.conditions)) : all.slice();
  if (q.sort) {
    const k = q.sort as keyof T;
    const dir = q.order === 'desc' ? -1 : 1;
    rows = rows.sort((a, b) => (String(a[k] ?? '') < String(b[k] ?? '') ? -dir : String(a[k] ?? '') > String(b[k] ?? '') ? dir : 0));
  }
  const start = (q.page - 1) * q.pageSize;
  return { items: rows.slice(start, start + q.pageSize), total: rows.length };
}

/** Contains, ignoring case, for text conditions. */
export const has = (value: unknown, needle: unknown): boolean => !needle || String(value ?? '').toLowerCase().includes(String(needle).toLowerCase());

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  const cell = (v: unknown) => {
    const s = v == null ? '' : String(v);
    // a leading = + - @ would be a formula in a spreadsheet
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map((c) => cell(c.label)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  return '\ufeff' + lines.join('\r\n');
}
