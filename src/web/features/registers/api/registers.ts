/**
 * The registers' requests: lists per round with filters, the totals, create/replace/delete of each register, and
 * the files of rules and work events. Every change refreshes the round's lists and totals, because the totals are
 * computed from all four registers.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload, type QueryValue } from '../../../lib/api';
import type {
  AccountabilityCreateBody,
  AccountabilityEntry,
  AccountabilityList,
  AccountabilityUpdateBody,
  ClueCreateBody,
  ClueEntry,
  ClueList,
  ClueUpdateBody,
  LedgerPage,
  RegisterTotalsResponse,
  RuleCreateBody,
  RuleEntry,
  RuleList,
  RuleUpdateBody,
  WorkEventCreateBody,
  WorkEventEntry,
  WorkEventList,
  WorkEventUpdateBody,
} from '../lib/domain';

/** The four registers as the URL segments name them. */
export type RegisterPath = 'accountability' | 'rules' | 'clues' | 'events';

type Filters = Record<string, QueryValue>;

const root = ['registers'] as const;
const listKey = (path: RegisterPath, inspectionId: number | undefined, filters: Filters) =>
  [...root, path, inspectionId ?? null, filters] as const;

function listOptions<T>(path: RegisterPath, inspectionId: number | undefined, filters: Filters) {
  return queryOptions({
    queryKey: listKey(path, inspectionId, filters),
    queryFn: ({ signal }) => api.get<T>(`/registers/${path}`, { query: { inspectionId, ...filters }, signal }),
    enabled: inspectionId != null,
  });
}

export const useAccountability = (inspectionId: number | undefined, filters: Filters) =>
  useQuery(listOptions<AccountabilityList>('accountability', inspectionId, filters));
export const useRules = (inspectionId: number | undefined, filters: Filters) =>
  useQuery(listOptions<RuleList>('rules', inspectionId, filters));
export const useClues = (inspectionId: number | undefined, filters: Filters) =>
  useQuery(listOptions<ClueList>('clues', inspectionId, filters));
export const useEvents = (inspectionId: number | undefined, filters: Filters) =>
  useQuery(listOptions<WorkEventList>('events', inspectionId, filters));

export const useRegisterTotals = (inspectionId: number | undefined) =>
  useQuery({
    queryKey: [...root, 'totals', inspectionId ?? null],
    queryFn: ({ signal }) => api.get<RegisterTotalsResponse>('/registers/totals', { query: { inspectionId }, signal }),
    enabled: inspectionId != null,
  });

/** The round's leaf problems, to link entries to (GET /ledger, one page of up to 200). */
export const useRoundProblems = (inspectionId: number | undefined) =>
  useQuery({
    queryKey: [...root, 'problems', inspectionId ?? null],
    queryFn: ({ signal }) => api.get<LedgerPage>('/ledger', { query: { inspectionId, pageSize: 200, sort: 'order' }, signal }),
    enabled: inspectionId != null,
    staleTime: 60_000,
  });

function useRegisterMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: root }) });
}

export const useSaveAccountability = () =>
  useRegisterMutation((v: { id: number; body: AccountabilityUpdateBody } | { id: null; body: AccountabilityCreateBody }) =>
    v.id == null
      ? api.post<AccountabilityEntry>('/registers/accountability', v.body)
      : api.put<AccountabilityEntry>(`/registers/accountability/${v.id}`, v.body),
  );
export const useSaveRule = () =>
  useRegisterMutation((v: { id: number; body: RuleUpdateBody } | { id: null; body: RuleCreateBody }) =>
    v.id == null ? api.post<RuleEntry>('/registers/rules', v.body) : api.put<RuleEntry>(`/registers/rules/${v.id}`, v.body),
  );
export const useSaveClue = () =>
  useRegisterMutation((v: { id: number; body: ClueUpdateBody } | { id: null; body: ClueCreateBody }) =>
    v.id == null ? api.post<ClueEntry>('/registers/clues', v.body) : api.put<ClueEntry>(`/registers/clues/${v.id}`, v.body),
  );
export const useSaveEvent = () =>
  useRegisterMutation((v: { id: number; body: WorkEventUpdateBody } | { id: null; body: WorkEventCreateBody }) =>
    v.id == null ? api.post<WorkEventEntry>('/registers/events', v.body) : api.put<WorkEventEntry>(`/registers/events/${v.id}`, v.body),
  );

export const useDeleteEntry = (path: RegisterPath) =>
  useRegisterMutation((id: number) => api.delete<{ ok: boolean }>(`/registers/${path}/${id}`));

/** POST /registers/{rules|events}/:id/files — one file per request, so each shows its own progress and error. */
export const useAttachFile = (path: 'rules' | 'events') =>
  useRegisterMutation((v: { id: number; file: File }) => {
    const form = new FormData();
    form.append('file', v.file, v.file.name);
    return upload<RuleEntry | WorkEventEntry>(`/registers/${path}/${v.id}/files`, form);
  });

export const useDetachFile = () => useRegisterMutation((fileId: number) => api.delete<{ ok: boolean }>(`/registers/files/${fileId}`));
