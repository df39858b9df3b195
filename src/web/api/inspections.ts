/** Inspection rounds (巡视/巡察/审计 轮次): shared by the ledger and the dashboard. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { Inspection } from '../lib/domain';

export function getInspections(signal?: AbortSignal): Promise<Inspection[]> {
  return api.get<Inspection[]>('/inspections', { signal });
}

export const inspectionsQueryOptions = () =>
  queryOptions({
    queryKey: ['inspections'],
    queryFn: ({ signal }) => getInspections(signal),
    staleTime: 60_000,
  });

export function useInspections() {
  return useQuery(inspectionsQueryOptions());
}
