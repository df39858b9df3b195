/**
 * The plan of a problem and its measures (整改办; the lead department may tick a
 * measure's status). Bodies come from the shared zod schemas; every answer is the
 * problem detail, which goes straight into the cache before the refetch.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { MeasureBody, MeasureUpdateBody, ProblemDetail, ProblemPlanBody } from '../../../lib/domain';
import { problemQueryKey } from './get-problem';
import { invalidateAfterChange } from './workflow-actions';

/** PATCH /problems/:id — only the fields that changed. */
export const updatePlan = (id: number, body: ProblemPlanBody) => api.patch<ProblemDetail>(`/problems/${id}`, body);
/** POST /problems/:id/measures */
export const addMeasure = (id: number, body: MeasureBody) => api.post<ProblemDetail>(`/problems/${id}/measures`, body);
/** PATCH /measures/:id */
export const updateMeasure = (measureId: number, body: MeasureUpdateBody) => api.patch<ProblemDetail>(`/measures/${measureId}`, body);

function usePlanMutation<V>(problemId: number, fn: (v: V) => Promise<ProblemDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      if (detail.id === problemId) qc.setQueryData(problemQueryKey(problemId), detail);
      return invalidateAfterChange(qc, problemId);
    },
  });
}

export const useUpdatePlan = (id: number) => usePlanMutation(id, (b: ProblemPlanBody) => updatePlan(id, b));
export const useAddMeasure = (id: number) => usePlanMutation(id, (b: MeasureBody) => addMeasure(id, b));
export const useUpdateMeasure = (problemId: number) =>
  usePlanMutation(problemId, (v: { measureId: number; body: MeasureUpdateBody }) => updateMeasure(v.measureId, v.body));
