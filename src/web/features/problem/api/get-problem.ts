import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ProblemDetail } from '../../../lib/domain';
import { api } from '../../../lib/api';

/** GET /problems/:id — the row plus measures, progress, transitions, extensions, abilities. */
export function getProblem(id: number, signal?: AbortSignal): Promise<ProblemDetail> {
  return api.get<ProblemDetail>(`/problems/${id}`, { signal });
}

export const problemQueryKey = (id: number) => ['problems', id] as const;

export const problemQueryOptions = (id: number) =>
  queryOptions({
    queryKey: problemQueryKey(id),
    queryFn: ({ signal }) => getProblem(id, signal),
  });

export function useProblem(id: number) {
  return useQuery(problemQueryOptions(id));
}
