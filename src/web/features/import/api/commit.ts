import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { ImportCommitBody, ImportCommitResult } from '../lib/schemas';

/** What one import transaction created. */
export type CommitResult = ImportCommitResult;

/** POST /imports/commit — one transaction: the round, its problems, measures and first progress. 409 `duplicate` when seen before. */
export function commitImport(body: ImportCommitBody): Promise<CommitResult> {
  return api.post<CommitResult>('/imports/commit', body);
}

export function useCommitImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: commitImport,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['inspections'] }),
        qc.invalidateQueries({ queryKey: ['ledger'] }),
        qc.invalidateQueries({ queryKey: ['dashboard'] }),
      ]),
  });
}
