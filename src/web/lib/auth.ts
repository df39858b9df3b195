/**
 * The signed-in user, shared by the app shell and every feature: one query
 * (`/auth/me`) whose answer also carries the CSRF token for later writes.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Session } from './domain';
import { api, isApiError, setCsrfToken } from './api';

export const meQueryKey = ['auth', 'me'] as const;

/** The session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export async function getMe(signal?: AbortSignal): Promise<Session | null> {
  try {
    const s = await api.get<Session>('/auth/me', { signal });
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });

export function useSession() {
  return useQuery(meQueryOptions());
}

/** After login: remember the token and the user without asking the server again. */
export function storeSession(qc: QueryClient, s: Session): void {
  setCsrfToken(s.csrfToken);
  qc.setQueryData(meQueryKey, s);
}

/** After logout or a 401: forget everything cached for this person. */
export function clearSession(qc: QueryClient): void {
  setCsrfToken(null);
  qc.cancelQueries();
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
  qc.setQueryData(meQueryKey, null);
}
