import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, API_BASE } from '../../../lib/api';
import type { AuditPage, AuditVerify } from '../../../lib/domain';

/** What selects rows of the trail: an action prefix and a range of Beijing dates (YYYY-MM-DD). */
export interface AuditFilter {
  action?: string;
  from?: string;
  to?: string;
}

const filterQuery = (f: AuditFilter) => ({ action: f.action || undefined, from: f.from || undefined, to: f.to || undefined });

/** GET /audit — the audit trail, newest first (auditor only). */
export function getAudit(page: number, filter: AuditFilter, signal?: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>('/audit', { query: { page, pageSize: 50, ...filterQuery(filter) }, signal });
}

export const auditQueryOptions = (page: number, filter: AuditFilter = {}) =>
  queryOptions({
    queryKey: ['audit', page, filter.action ?? null, filter.from ?? null, filter.to ?? null],
    queryFn: ({ signal }) => getAudit(page, filter, signal),
    placeholderData: keepPreviousData,
  });

export function useAudit(page: number, filter: AuditFilter = {}) {
  return useQuery(auditQueryOptions(page, filter));
}

/** GET /audit/export.xlsx with the same filters: a plain link, the session cookie authorises it. */
export function auditExportHref(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filterQuery(filter))) if (v) params.set(k, v);
  const qs = params.toString();
  return `${API_BASE}/audit/export.xlsx${qs ? `?${qs}` : ''}`;
}

/** GET /audit/verify — walks the SM3 hash chain over every row. */
export function verifyAudit(): Promise<AuditVerify> {
  return api.get<AuditVerify>('/audit/verify');
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: verifyAudit });
}
