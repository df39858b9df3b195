import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';

export interface AuditItem {
  id: number;
  at: string;
  actor: { id: number | null; name: string | null };
  action: string;
  objectType: string | null;
  objectId: string | null;
  unitId: number | null;
  outcome: 'success' | 'failure';
  detail: unknown;
  ip: string | null;
  hash: string;
}
export interface AuditPage { items: AuditItem[]; total: number; page: number; pageSize: number }
export interface ChainCheck { ok: boolean; rows: number; brokenAt: number | null }

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
export function verifyAudit(): Promise<ChainCheck> {
  return api.get<ChainCheck>('/audit/verify');
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: verifyAudit });
}
