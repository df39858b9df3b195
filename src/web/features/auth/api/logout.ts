import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { clearSession } from '../../../lib/auth';

/** POST /auth/logout → 204 */
export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

export function useLogout() {
  const qc = useQueryClient();
  // Whatever the server says, the local session ends here.
  return useMutation({ mutationFn: logout, onSettled: () => clearSession(qc) });
}
