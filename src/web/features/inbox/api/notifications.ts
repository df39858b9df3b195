/** The inbox: GET /notifications, GET /notifications/unread-count, POST /notifications/read. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { NotificationsPage, UnreadCount } from '../../../lib/domain';

export function useNotifications(unread: boolean, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['notifications', 'list', unread, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<NotificationsPage>('/notifications', { query: { unread: unread ? 'true' : undefined, page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The bell's number: asked again every minute and after anything is marked read. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) => api.get<UnreadCount>('/notifications/unread-count', { signal }).then((r) => r.unread),
    enabled,
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api.post<UnreadCount>('/notifications/read', body),
    onSuccess: (r) => {
      qc.setQueryData(['notifications', 'unread'], r.unread);
      return qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
    },
  });
}
