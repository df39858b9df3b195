/**
 * Rounds and their problem trees from the browser (issue 7 point 8), and the
 * plan import from the office's own Excel ledger (point 7). Each call pairs the
 * fetch with its hook; every change refreshes the tree, the round list and the
 * ledger that shows the same problems.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../../../lib/api';
import type {
  Inspection,
  InspectionBody,
  PlanBatchBody,
  PlanBatchResult,
  PlanImportPreview,
  ProblemCreateBody,
  ProblemDetail,
  ProblemNodeBody,
  ProblemPlanBody,
  ProblemTree,
} from '../../../lib/domain';

export const treeQueryKey = (inspectionId: number) => ['inspections', inspectionId, 'tree'] as const;

export const getTree = (inspectionId: number, signal?: AbortSignal) =>
  api.get<ProblemTree>(`/inspections/${inspectionId}/tree`, { signal });

export const treeQueryOptions = (inspectionId: number) =>
  queryOptions({ queryKey: treeQueryKey(inspectionId), queryFn: ({ signal }) => getTree(inspectionId, signal) });

export function useTree(inspectionId: number) {
  return useQuery(treeQueryOptions(inspectionId));
}

/** After any change: the tree, the rounds (their counts), the ledger and the dashboard. */
function useRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['inspections'] }),
      qc.invalidateQueries({ queryKey: ['ledger'] }),
      qc.invalidateQueries({ queryKey: ['dashboard'] }),
      qc.invalidateQueries({ queryKey: ['problems'] }),
    ]);
}

export function useCreateRound() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: InspectionBody) => api.post<Inspection>('/inspections', b), onSuccess: refresh });
}

export function useCreateNode() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: ProblemCreateBody) => api.post<ProblemDetail>('/problems', b), onSuccess: refresh });
}

/** Title and description are the problem's plan text (PATCH /problems/:id). */
export function useEditText() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { id: number; body: Pick<ProblemPlanBody, 'title' | 'description'> }) =>
      api.patch<ProblemDetail>(`/problems/${v.id}`, v.body),
    onSuccess: refresh,
  });
}

/** Label and place in the tree (PATCH /problems/:id/node). */
export function useEditNode() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { id: number; body: ProblemNodeBody }) => api.patch<ProblemTree>(`/problems/${v.id}/node`, v.body),
    onSuccess: refresh,
  });
}

export function useDeleteNode() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => api.delete<{ deleted: number }>(`/problems/${id}`), onSuccess: refresh });
}

/** POST /inspections/:id/plan-import/preview — reads and matches; writes nothing. */
export function usePlanImportPreview(inspectionId: number) {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<PlanImportPreview>(`/inspections/${inspectionId}/plan-import/preview`, form);
    },
  });
}

/** The accepted rows of a plan import, applied in one transaction. */
export function usePlanImportCommit() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (b: PlanBatchBody) => api.post<PlanBatchResult>('/problems/plan-batch', b), onSuccess: refresh });
}
