/**
 * One's own account: the password, the second factor (bind, give, unbind, new
 * recovery codes) and one's sessions. Answers that change the session (a
 * password changed, a code given) are the new `/auth/me`, stored at once so the
 * app leaves the step page without asking again.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { meQueryKey, storeSession } from '../../../lib/auth';
import type { MfaSetup, MfaVerifyBody, PasswordChangeBody, PasswordRules, RecoveryCodes, Session, SessionList } from '../lib/domain';

export const passwordRulesOptions = () =>
  queryOptions({
    queryKey: ['account', 'password-rules'],
    queryFn: ({ signal }) => api.get<PasswordRules>('/auth/password-rules', { signal }),
    staleTime: 60_000,
  });

export function usePasswordRules() {
  return useQuery(passwordRulesOptions());
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChangeBody) => api.post<Session>('/auth/password', body),
    onSuccess: (s) => {
      storeSession(qc, s);
      void qc.invalidateQueries({ queryKey: ['account', 'sessions'] });
    },
  });
}

export function useMfaSetup() {
  return useMutation({ mutationFn: () => api.post<MfaSetup>('/auth/mfa/setup') });
}

export function useMfaEnable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<RecoveryCodes>('/auth/mfa/enable', { code }),
    // the session's step changed (bound): the next /auth/me tells the app
    onSuccess: () => qc.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useMfaVerify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaVerifyBody) => api.post<Session>('/auth/mfa/verify', body),
    onSuccess: (s) => storeSession(qc, s),
  });
}

export function useMfaDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post<{ ok: boolean }>('/auth/mfa/disable', { password }),
    onSuccess: () => qc.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useNewRecoveryCodes() {
  return useMutation({ mutationFn: (code: string) => api.post<RecoveryCodes>('/auth/mfa/recovery-codes', { code }) });
}

export function useMySessions() {
  return useQuery({ queryKey: ['account', 'sessions'], queryFn: ({ signal }) => api.get<SessionList>('/auth/sessions', { signal }) });
}

export function useEndMySession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<{ ok: boolean }>(`/auth/sessions/${id}/logout`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}
