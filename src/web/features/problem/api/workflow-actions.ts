/**
 * The workflow actions of a problem (DESIGN §4). Bodies are typed from the shared
 * zod schemas; each answers the whole problem page. The server applies the same
 * guards and answers 409 when the state moved under the person's feet.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../../lib/api';
import type {
  ProblemDetail,
  closureRequestBody,
  closureReviewBody,
  extensionDecisionBody,
  extensionRequestBody,
  reopenBody,
  stageDoneBody,
} from '../../../lib/domain';
import { problemQueryKey } from './get-problem';

export type ClosureRequestBody = z.infer<typeof closureRequestBody>;
export type ClosureReviewBody = z.infer<typeof closureReviewBody>;
export type ExtensionRequestBody = z.infer<typeof extensionRequestBody>;
export type ExtensionDecisionBody = z.infer<typeof extensionDecisionBody>;
export type StageDoneBody = z.infer<typeof stageDoneBody>;
export type ReopenBody = z.infer<typeof reopenBody>;

/** A change to one problem also changes the ledger rows and the dashboard counts. */
export async function invalidateAfterChange(qc: QueryClient, problemId: number): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: problemQueryKey(problemId) }),
    qc.invalidateQueries({ queryKey: ['ledger'] }),
    qc.invalidateQueries({ queryKey: ['dashboard'] }),
    qc.invalidateQueries({ queryKey: ['inspections'] }),
    // a step taken here changes someone's 待办 (and its count in the menu)
    qc.invalidateQueries({ queryKey: ['todo'] }),
  ]);
}

export const requestClosure = (id: number, body: ClosureRequestBody) => api.post<ProblemDetail>(`/problems/${id}/closure-request`, body);
export const reviewClosure = (id: number, body: ClosureReviewBody) => api.post<ProblemDetail>(`/problems/${id}/closure-review`, body);
export const requestExtension = (id: number, body: ExtensionRequestBody) => api.post<ProblemDetail>(`/problems/${id}/extensions`, body);
export const decideExtension = (extensionId: number, body: ExtensionDecisionBody) =>
  api.post<ProblemDetail>(`/extensions/${extensionId}/decision`, body);
export const markStageDone = (id: number, body: StageDoneBody) => api.post<ProblemDetail>(`/problems/${id}/stage-done`, body);
export const reopenProblem = (id: number, body: ReopenBody) => api.post<ProblemDetail>(`/problems/${id}/reopen`, body);

function useProblemMutation<V>(problemId: number, fn: (v: V) => Promise<ProblemDetail>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidateAfterChange(qc, problemId) });
}

export const useRequestClosure = (id: number) => useProblemMutation(id, (b: ClosureRequestBody) => requestClosure(id, b));
export const useReviewClosure = (id: number) => useProblemMutation(id, (b: ClosureReviewBody) => reviewClosure(id, b));
export const useRequestExtension = (id: number) => useProblemMutation(id, (b: ExtensionRequestBody) => requestExtension(id, b));
export const useDecideExtension = (id: number) =>
  useProblemMutation(id, (v: { extensionId: number; body: ExtensionDecisionBody }) => decideExtension(v.extensionId, v.body));
export const useMarkStageDone = (id: number) => useProblemMutation(id, (b: StageDoneBody) => markStageDone(id, b));
export const useReopen = (id: number) => useProblemMutation(id, (b: ReopenBody) => reopenProblem(id, b));
