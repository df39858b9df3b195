import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../../../lib/api';
import type { LookbackDecisionBody, LookbackDetail, LookbackOpenBody, LookbackPage } from '../../../lib/domain';

/** GET /lookbacks — the look-backs the person sees (of a round, when given). */
export function useLookbacks(o: { inspectionId?: number; status?: 'open' | 'closed' }) {
  return useQuery({
    queryKey: ['lookbacks', o.inspectionId ?? null, o.status ?? null],
    queryFn: ({ signal }) =>
      api.get<LookbackPage>('/lookbacks', { query: { inspectionId: o.inspectionId, status: o.status, pageSize: 100 }, signal }),
  });
}

export function useLookback(id: number) {
  return useQuery({ queryKey: ['lookback', id], queryFn: ({ signal }) => api.get<LookbackDetail>(`/lookbacks/${id}`, { signal }) });
}

function useSettle() {
  const qc = useQueryClient();
  return (data: LookbackDetail) => {
    qc.setQueryData(['lookback', data.id], data);
    void qc.invalidateQueries({ queryKey: ['lookbacks'] });
    void qc.invalidateQueries({ queryKey: ['evaluation'] });
    void qc.invalidateQueries({ queryKey: ['office'] });
  };
}

/** POST /inspections/:id/lookbacks — open a look-back and draw its sample. */
export function useOpenLookback(inspectionId: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (body: LookbackOpenBody) => api.post<LookbackDetail>(`/inspections/${inspectionId}/lookbacks`, body),
    onSuccess: settle,
  });
}

/** POST /lookback-items/:id/answer — the unit's answer, with evidence files. */
export function useAnswer() {
  const settle = useSettle();
  return useMutation({
    mutationFn: (o: { itemId: number; text: string; files: File[] }) => {
      const form = new FormData();
      form.append('text', o.text);
      for (const f of o.files) form.append('file', f, f.name);
      return upload<LookbackDetail>(`/lookback-items/${o.itemId}/answer`, form);
    },
    onSuccess: settle,
  });
}

/** POST /lookback-items/:id/decision — confirm, or reopen with a new deadline. */
export function useDecide() {
  const settle = useSettle();
  return useMutation({
    mutationFn: (o: { itemId: number; body: LookbackDecisionBody }) =>
      api.post<LookbackDetail>(`/lookback-items/${o.itemId}/decision`, o.body),
    onSuccess: settle,
  });
}

export function useCloseLookback(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: () => api.post<LookbackDetail>(`/lookbacks/${id}/close`), onSuccess: settle });
}
