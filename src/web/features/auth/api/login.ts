import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { storeSession } from '../../../lib/auth';
import type { LoginBody, Session } from '../../../lib/domain';

/** POST /auth/login → `{user, csrfToken}`; the session cookie is httpOnly. */
export function login(body: LoginBody): Promise<Session> {
  return api.post<Session>('/auth/login', body);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (s) => storeSession(qc, s),
  });
}
