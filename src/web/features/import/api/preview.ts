import { useMutation } from '@tanstack/react-query';
import { api, upload, type UploadProgress } from '../../../lib/api';
import type { ImportPreview, LedgerMapping } from '../lib/schemas';

/** POST /imports/preview — what the server read, before anything is written. */
export type { ImportPreview };

/** What the person gave: a file, or pasted text. Kept so a ledger can be re-read with a mapping. */
export type PreviewSource = { type: 'file'; file: File; unitId?: number } | { type: 'text'; text: string; unitId?: number };

export interface PreviewInput {
  source: PreviewSource;
  mapping?: LedgerMapping;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Files go as multipart (field `file`, `unitId?`, `mapping?` JSON) with upload progress; text as JSON. */
export function previewImport({ source, mapping, onProgress, signal }: PreviewInput): Promise<ImportPreview> {
  if (source.type === 'text') {
    return api.post<ImportPreview>('/imports/preview', { text: source.text, unitId: source.unitId }, { signal });
  }
  const form = new FormData();
  if (source.unitId !== undefined) form.append('unitId', String(source.unitId));
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', source.file, source.file.name);
  return upload<ImportPreview>('/imports/preview', form, { onProgress, signal });
}

export function usePreviewImport() {
  return useMutation({ mutationFn: previewImport });
}
