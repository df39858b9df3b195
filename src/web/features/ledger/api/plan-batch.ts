/**
 * POST /problems/plan-batch: the bulk edit, the ledger's inline cells (and
 * their undo) and the plan import all plan problems through it, in one
 * transaction on the server. Afterwards every list that shows a plan is stale.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { PlanBatchBody, PlanBatchResult } from '../../../lib/domain';

export const planBatch = (body: PlanBatchBody) => api.post<PlanBatchResult>('/problems/plan-batch', body);

export function usePlanBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: planBatch,
    onSuccess: (r) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['ledger'] }),
        qc.invalidateQueries({ queryKey: ['dashboard'] }),
        qc.invalidateQueries({ queryKey: ['todo'] }),
        ...r.ids.map((id) => qc.invalidateQueries({ queryKey: ['problems', id] })),
      ]),
  });
}
