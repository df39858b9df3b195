/**
 * The QueryClient. A 401 from any query or mutation means the session is gone
 * (idle timeout, logout elsewhere): the cached session is cleared and the
 * protected layout sends the person to the login page. The transport itself
 * never redirects.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { clearSession, meQueryKey } from './auth';

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401 && qc.getQueryData(meQueryKey)) clearSession(qc);
  };
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Retrying a 4xx only repeats the same answer.
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
  return qc;
}
