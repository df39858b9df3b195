/**
 * The feedback inbox's requests: a unit's feedback by state, one feedback, and
 * handling it (in progress, answer, link to a problem). Handling refreshes the list.
 */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { FeedbackItem, FeedbackPage, FeedbackStatus, FeedbackUpdateBody, LedgerPage } from '../lib/domain';

const root = ['feedback'] as const;

export const inboxOptions = (unitId: number | undefined, status: FeedbackStatus | undefined, page: number) =>
  queryOptions({
    queryKey: [...root, 'inbox', unitId ?? null, status ?? null, page],
    queryFn: ({ signal }) => api.get<FeedbackPage>(`/units/${unitId}/feedback`, { query: { status, page, pageSize: 20 }, signal }),
    enabled: unitId != null,
    placeholderData: keepPreviousData,
  });

export const useInbox = (unitId: number | undefined, status: FeedbackStatus | undefined, page: number) =>
  useQuery(inboxOptions(unitId, status, page));

export function useUpdateFeedback(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FeedbackUpdateBody) => api.patch<FeedbackItem>(`/feedback/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...root, 'inbox'] }),
  });
}

/** Problems of the ledger matching a search, for linking feedback to one of them. */
export function useProblemSearch(inspectionId: number | undefined, q: string) {
  return useQuery({
    queryKey: [...root, 'problems', inspectionId ?? null, q],
    queryFn: ({ signal }) => api.get<LedgerPage>('/ledger', { query: { inspectionId, q: q || undefined, pageSize: 20 }, signal }),
    enabled: inspectionId != null,
    staleTime: 30_000,
  });
}
