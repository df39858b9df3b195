/** Departments and leaders of a unit (for filters and pickers). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { Leader, Ref } from '../lib/domain';

export function getDepartments(unitId: number, signal?: AbortSignal): Promise<Ref[]> {
  return api.get<Ref[]>(`/units/${unitId}/departments`, { signal });
}

export const departmentsQueryOptions = (unitId: number | undefined) =>
  queryOptions({
    queryKey: ['units', unitId, 'departments'],
    queryFn: ({ signal }) => getDepartments(unitId as number, signal),
    enabled: unitId !== undefined,
    staleTime: 5 * 60_000,
  });

export function useDepartments(unitId: number | undefined) {
  return useQuery(departmentsQueryOptions(unitId));
}

/** GET /units/:id/leaders — the people who may be named 责任领导. */
export function getLeaders(unitId: number, signal?: AbortSignal): Promise<Leader[]> {
  return api.get<Leader[]>(`/units/${unitId}/leaders`, { signal });
}

export const leadersQueryOptions = (unitId: number | undefined) =>
  queryOptions({
    queryKey: ['units', unitId, 'leaders'],
    queryFn: ({ signal }) => getLeaders(unitId as number, signal),
    enabled: unitId !== undefined,
    staleTime: 5 * 60_000,
  });

export function useLeaders(unitId: number | undefined) {
  return useQuery(leadersQueryOptions(unitId));
}
