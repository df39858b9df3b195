import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { EvaluationOverrideBody, EvaluationView } from '../../../lib/domain';

/** GET /inspections/:id/evaluation — the components, score and grade of a round. */
export function useEvaluation(inspectionId: number) {
  return useQuery({
    queryKey: ['evaluation', inspectionId],
    queryFn: ({ signal }) => api.get<EvaluationView>(`/inspections/${inspectionId}/evaluation`, { signal }),
  });
}

/** POST /inspections/:id/evaluation/override — 巡察办 sets the grade with a reason (null: back to the computed one). */
export function useOverride(inspectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EvaluationOverrideBody) => api.post<EvaluationView>(`/inspections/${inspectionId}/evaluation/override`, body),
    onSuccess: (data) => {
      qc.setQueryData(['evaluation', inspectionId], data);
      void qc.invalidateQueries({ queryKey: ['office'] });
    },
  });
}
