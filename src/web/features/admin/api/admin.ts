/**
 * The three administrators' requests: accounts and organisations (系统管理员),
 * roles, second factors, the security policy and sessions (安全管理员), backups.
 * Every change refreshes the account list.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type {
  AdminOrgList,
  BackupResult,
  OrgCreateBody,
  RoleGrantBody,
  SecurityPolicy,
  SecurityPolicyBody,
  SessionList,
  UserBody,
  UserPage,
  UserSummary,
  UserUpdateBody,
} from '../lib/domain';

const users = ['admin', 'users'] as const;

/** One page of the accounts (the list is paged on the server), optionally searched by account name or name. */
export const useUsers = (f: { page: number; pageSize: number; q?: string }) =>
  useQuery({
    queryKey: [...users, f],
    queryFn: ({ signal }) => api.get<UserPage>('/users', { signal, query: { page: f.page, pageSize: f.pageSize, q: f.q || undefined } }),
    placeholderData: keepPreviousData,
  });
/** One page (50) of the organisations of some kinds, searched by name (the pickers type to search). */
export const useOrgs = (f: { q?: string; kinds: string[] }) =>
  useQuery({
    queryKey: ['admin', 'orgs', f],
    queryFn: ({ signal }) =>
      api.get<AdminOrgList>('/admin/orgs', {
        signal,
        query: { q: f.q || undefined, kinds: f.kinds.length ? f.kinds.join(',') : undefined },
      }),
    enabled: f.kinds.length > 0,
    placeholderData: keepPreviousData,
  });

function useUserChange<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: users }) });
}

export const useCreateUser = () => useUserChange((body: UserBody) => api.post<{ id: number }>('/users', body));
export const useUpdateUser = () =>
  useUserChange((v: { id: number; body: UserUpdateBody }) => api.patch<UserSummary>(`/users/${v.id}`, v.body));
export const useSetPassword = () =>
  useUserChange((v: { id: number; password: string }) => api.post(`/users/${v.id}/password`, { password: v.password }));
export const useUnlock = () => useUserChange((id: number) => api.post<UserSummary>(`/users/${id}/unlock`));
export const useGrant = () =>
  useUserChange((v: { id: number; grant: RoleGrantBody }) => api.post<UserSummary>(`/users/${v.id}/roles`, v.grant));
export const useRevoke = () =>
  useUserChange((v: { id: number; grant: RoleGrantBody }) => api.post<UserSummary>(`/users/${v.id}/roles/revoke`, v.grant));
export const useResetMfa = () => useUserChange((id: number) => api.post<UserSummary>(`/users/${id}/mfa/reset`));

export function useCreateOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgCreateBody) => api.post<{ id: number }>('/admin/orgs', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'orgs'] }),
  });
}

export const useBackup = () => useMutation({ mutationFn: () => api.post<BackupResult>('/admin/backup') });

export const useSecurityPolicy = () =>
  useQuery({ queryKey: ['admin', 'policy'], queryFn: ({ signal }) => api.get<SecurityPolicy>('/security/policy', { signal }) });

export function useSavePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SecurityPolicyBody) => api.put<SecurityPolicy>('/security/policy', body),
    onSuccess: (p) => qc.setQueryData(['admin', 'policy'], p),
  });
}

export const useAllSessions = () =>
  useQuery({ queryKey: ['admin', 'sessions'], queryFn: ({ signal }) => api.get<SessionList>('/security/sessions', { signal }) });

export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(`/security/sessions/${id}/logout`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'sessions'] }),
  });
}
