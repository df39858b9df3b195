/** GET /todo — the person's 待办, paged, most pressing first, with the count of each kind. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { TodoPage } from '../../../lib/domain';

export function getTodo(page: number, pageSize: number, signal?: AbortSignal): Promise<TodoPage> {
  return api.get<TodoPage>('/todo', { query: { page, pageSize }, signal });
}

export const todoQueryOptions = (page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['todo', page, pageSize],
    queryFn: ({ signal }) => getTodo(page, pageSize, signal),
    placeholderData: keepPreviousData,
  });

export function useTodo(page: number, pageSize: number) {
  return useQuery(todoQueryOptions(page, pageSize));
}

/**
 * The count in the menu's badge: the total of a one-row page, asked again every
 * few minutes and whenever a step is taken (workflow mutations invalidate 'todo').
 */
export function useTodoCount(enabled: boolean) {
  return useQuery({
    queryKey: ['todo', 'count'],
    queryFn: ({ signal }) => getTodo(1, 1, signal).then((p) => p.total),
    enabled,
    refetchInterval: 3 * 60_000,
    staleTime: 30_000,
  });
}
