import { useMutation, useQueryClient } from '@tanstack/react-query';
import { upload, type UploadProgress } from '../../../lib/api';
import type { ProblemDetail, ProgressFields } from '../../../lib/domain';
import { invalidateAfterChange } from './workflow-actions';

export interface AddProgressInput {
  problemId: number;
  /** Parsed by the shared `progressFields` schema. */
  fields: ProgressFields;
  files: File[];
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/** POST /problems/:id/progress — multipart: text, measureId?, figures?, file (repeatable). */
export function addProgress({ problemId, fields, files, onProgress, signal }: AddProgressInput): Promise<ProblemDetail> {
  const form = new FormData();
  form.append('text', fields.text);
  if (fields.measureId !== undefined) form.append('measureId', String(fields.measureId));
  if (fields.figures !== undefined) form.append('figures', JSON.stringify(fields.figures));
  for (const f of files) form.append('file', f, f.name);
  return upload<ProblemDetail>(`/problems/${problemId}/progress`, form, { onProgress, signal });
}

export function useAddProgress(problemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<AddProgressInput, 'problemId'>) => addProgress({ ...input, problemId }),
    onSuccess: () => invalidateAfterChange(qc, problemId),
  });
}
