/**
 * Inspection rounds (巡视/巡察/审计 轮次): shared by the ledger, the dashboard and the
 * round pickers. The list is paged on the server (at city scale an office reads
 * hundreds of rounds): pickers search as the user types and read one page.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { Inspection, InspectionPage } from '../lib/domain';

export interface InspectionFilter {
  page?: number;
  pageSize?: number;
  /** Text the round's name, inspecting body or unit name contains. */
  q?: string;
  unitId?: number;
}

export function getInspections(f: InspectionFilter = {}, signal?: AbortSignal): Promise<InspectionPage> {
  return api.get<InspectionPage>('/inspections', {
    signal,
    query: { page: f.page, pageSize: f.pageSize, q: f.q || undefined, unitId: f.unitId },
  });
}

export const inspectionsQueryOptions = (f: InspectionFilter = {}) =>
  queryOptions({
    queryKey: ['inspections', 'list', f],
    queryFn: ({ signal }) => getInspections(f, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

/** One page of rounds (50 unless asked). */
export function useInspections(f: InspectionFilter = {}) {
  return useQuery(inspectionsQueryOptions(f));
}

/** One round by id (null: none chosen). */
export function useInspection(id: number | null | undefined) {
  return useQuery({
    queryKey: ['inspections', 'one', id],
    queryFn: ({ signal }) => api.get<Inspection>(`/inspections/${id}`, { signal }),
    enabled: id != null,
    staleTime: 60_000,
  });
}

/** The newest round the user reads (the default of pages that show one round), or null when there is none. */
export function useLatestInspection() {
  const q = useInspections({ pageSize: 1 });
  return { ...q, latest: q.data ? (q.data.items[0] ?? null) : undefined };
}
