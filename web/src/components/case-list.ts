/**
 * The case lists (my cases, appraisal projects, licences, staff case search) from GET
 * /api/applications: the page's conditions, sort and page go to the server, which filters within
 * the caller's scope.
 */
import { get, qs } from '../api/client';
import type { CaseRow } from '../api/types';
import type { ListQuery, ListResult } from './list';

export interface CaseFacets {
  processIds: string[];
  statuses: string[];
}

/** the columns the server sorts by */
const SORTS = new Set(['number', 'submittedAt']);

/** One page of cases; `fixed` narrows every query of a page (its services). */
export async function loadCases(q: ListQuery, fixed: { processId?: string | string[] } = {}): Promise<ListResult<CaseRow>> {
  const c = q.conditions as Record<string, string | string[] | undefined>;
  const range = Array.isArray(c.submitted) ? c.submitted : [];
  const processId = c.processId || fixed.processId;
  const r = await get<{ items: CaseRow[]; total: number }>(`/api/applications${qs({
    number: c.number,
    text: c.text,
    processId: Array.isArray(processId) ? processId.join(',') : processId,
    status: c.status,
    from: range[0],
    to: range[1],
    sort: q.sort && SORTS.has(q.sort) ? q.sort : undefined,
    order: q.sort && SORTS.has(q.sort) ? q.order : undefined,
    page: q.page,
    pageSize: q.pageSize,
  })}`);
  return { items: r.items, total: r.total };
}

/** The services and statuses found among the caller's cases (the options of the conditions). */
export async function caseFacets(): Promise<CaseFacets> {
  return (await get<{ facets: CaseFacets }>('/api/applications?facets=true&pageSize=1')).facets;
}
