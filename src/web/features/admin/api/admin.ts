/**
 * The three administrators' requests: accounts and organisations (系统管理员),
 * roles, second factors, the security policy and sessions (安全管理员), backups.
 * Every change refreshes the account list.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  UserSummary,
  UserUpdateBody,
} from '../lib/domain';

const users = ['admin', 'users'] as const;

export const useUsers = () => useQuery({ queryKey: users, queryFn: ({ signal }) => api.get<UserSummary[]>('/users', { signal }) });
export const useOrgs = () =>
  useQuery({ queryKey: ['admin', 'orgs'], queryFn: ({ signal }) => api.get<AdminOrgList>('/admin/orgs', { signal }) });

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
