import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from '../../../lib/api';
import type { LedgerPage, LedgerQuery } from '../../../lib/domain';

/** LedgerQuery (parsed, typed) → the query string the server's `ledgerQuery` parses back. */
export function ledgerSearch(q: LedgerQuery): Record<string, QueryValue> {
  return {
    inspectionId: q.inspectionId,
    unitId: q.unitId,
    status: q.status,
    departmentId: q.departmentId,
    kind: q.kind,
    deadlineFrom: q.deadlineFrom,
    deadlineTo: q.deadlineTo,
    overdue: q.overdue ? 'true' : undefined,
    recurring: q.recurring ? 'true' : undefined,
    light: q.light,
    q: q.q || undefined,
    sort: q.sort,
    dir: q.dir,
    page: q.cursor || q.page === 1 ? undefined : q.page,
    pageSize: q.pageSize,
    cursor: q.cursor,
  };
}

/** GET /ledger → one page of leaf problems in tree order (or the chosen sort). */
export function getLedger(q: LedgerQuery, signal?: AbortSignal): Promise<LedgerPage> {
  return api.get<LedgerPage>('/ledger', { query: ledgerSearch(q), signal });
}

export const ledgerQueryOptions = (q: LedgerQuery) =>
  queryOptions({
    queryKey: ['ledger', ledgerSearch(q)],
    queryFn: ({ signal }) => getLedger(q, signal),
    // Keep the old page on screen while the next one loads: no flashing table.
    placeholderData: keepPreviousData,
  });

export function useLedger(q: LedgerQuery) {
  return useQuery(ledgerQueryOptions(q));
}
