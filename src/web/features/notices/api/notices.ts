/**
 * The notices feature's requests: the composer's state of a round's document, the
 * draft, versions and their comparison, and the unit's contact settings. Saving
 * anything refreshes the composer, whose figures and check come from the server.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { Compare, Composer, ContactBody, DocumentKind, DraftContent, NoticeVersion, UnitContact } from '../lib/domain';

const doc = (inspectionId: number, kind: DocumentKind) => `/inspections/${inspectionId}/documents/${kind}`;
const root = ['notices'] as const;

export const composerOptions = (inspectionId: number | undefined, kind: DocumentKind) =>
  queryOptions({
    queryKey: [...root, 'composer', inspectionId ?? null, kind],
    queryFn: ({ signal }) => api.get<Composer>(doc(inspectionId!, kind), { signal }),
    enabled: inspectionId != null,
  });

export const useComposer = (inspectionId: number | undefined, kind: DocumentKind) => useQuery(composerOptions(inspectionId, kind));

export const versionOptions = (inspectionId: number | undefined, kind: DocumentKind, number: number | undefined) =>
  queryOptions({
    queryKey: [...root, 'version', inspectionId ?? null, kind, number ?? null],
    queryFn: ({ signal }) => api.get<NoticeVersion>(`${doc(inspectionId!, kind)}/versions/${number}`, { signal }),
    enabled: inspectionId != null && number != null,
  });

export const useVersion = (inspectionId: number | undefined, kind: DocumentKind, number: number | undefined) =>
  useQuery(versionOptions(inspectionId, kind, number));

export function useCompare(inspectionId: number, kind: DocumentKind, a: number | undefined, b: number | undefined) {
  return useQuery({
    queryKey: [...root, 'compare', inspectionId, kind, a ?? null, b ?? null],
    queryFn: ({ signal }) => api.get<Compare>(`${doc(inspectionId, kind)}/compare`, { query: { a, b }, signal }),
    enabled: a != null && b != null && a !== b,
  });
}

export function useSaveDraft(inspectionId: number, kind: DocumentKind) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { content: DraftContent; revision: number }) => api.put<Composer>(`${doc(inspectionId, kind)}/draft`, v),
    onSuccess: (data) => qc.setQueryData(composerOptions(inspectionId, kind).queryKey, data),
  });
}

export function useSaveVersion(inspectionId: number, kind: DocumentKind) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.post<NoticeVersion>(`${doc(inspectionId, kind)}/versions`, { note }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...root, 'composer', inspectionId, kind] }),
  });
}

export const contactOptions = (unitId: number | undefined) =>
  queryOptions({
    queryKey: [...root, 'contact', unitId ?? null],
    queryFn: ({ signal }) => api.get<UnitContact>(`/units/${unitId}/contact`, { signal }),
    enabled: unitId != null,
  });

export const useContact = (unitId: number | undefined) => useQuery(contactOptions(unitId));

export function useSaveContact(unitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactBody) => api.put<UnitContact>(`/units/${unitId}/contact`, body),
    onSuccess: (data) => {
      qc.setQueryData(contactOptions(unitId).queryKey, data);
      return qc.invalidateQueries({ queryKey: [...root, 'composer'] });
    },
  });
}
