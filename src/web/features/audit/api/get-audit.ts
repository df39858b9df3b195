import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { AuditPage, AuditVerify } from '../../../lib/domain';

/** GET /audit — the audit trail, newest first (auditor only). */
export function getAudit(page: number, action: string | undefined, signal?: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>('/audit', { query: { page, pageSize: 50, action: action || undefined }, signal });
}

export const auditQueryOptions = (page: number, action?: string) =>
  queryOptions({ queryKey: ['audit', page, action ?? null], queryFn: ({ signal }) => getAudit(page, action, signal) });

export function useAudit(page: number, action?: string) {
  return useQuery(auditQueryOptions(page, action));
}

/** GET /audit/verify — walks the SM3 hash chain over every row. */
export function verifyAudit(): Promise<AuditVerify> {
  return api.get<AuditVerify>('/audit/verify');
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: verifyAudit });
}
