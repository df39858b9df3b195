/**
 * A unit's departments and responsible leaders as its 整改办 keeps them
 * (issue 7 point 19). Every change refreshes the lists and the plan form's
 * pickers of that unit.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type {
  DepartmentCreateBody,
  DepartmentUpdateBody,
  LeaderCreateBody,
  LeaderUpdateBody,
  ManagedDepartment,
  ManagedLeader,
  PeopleCreated,
} from '../lib/domain';

const deptKey = (unitId: number | undefined) => ['units', unitId, 'people', 'departments'] as const;
const leaderKey = (unitId: number | undefined) => ['units', unitId, 'people', 'leaders'] as const;

export const useManagedDepartments = (unitId: number | undefined) =>
  useQuery({
    queryKey: deptKey(unitId),
    queryFn: ({ signal }) => api.get<ManagedDepartment[]>(`/units/${unitId}/people/departments`, { signal }),
    enabled: unitId !== undefined,
  });

export const useManagedLeaders = (unitId: number | undefined) =>
  useQuery({
    queryKey: leaderKey(unitId),
    queryFn: ({ signal }) => api.get<ManagedLeader[]>(`/units/${unitId}/people/leaders`, { signal }),
    enabled: unitId !== undefined,
  });

function useUnitChange<V, R>(unitId: number | undefined, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // the people lists and the pickers (/units/:id/departments, /units/:id/leaders) share the ['units', id] prefix
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units', unitId] }),
  });
}

export const useCreateDepartment = (unitId: number | undefined) =>
  useUnitChange(unitId, (body: DepartmentCreateBody) => api.post<PeopleCreated>(`/units/${unitId}/departments`, body));
export const useUpdateDepartment = (unitId: number | undefined) =>
  useUnitChange(unitId, (v: { id: number; body: DepartmentUpdateBody }) =>
    api.patch<ManagedDepartment>(`/units/${unitId}/departments/${v.id}`, v.body),
  );
export const useOrderDepartments = (unitId: number | undefined) =>
  useUnitChange(unitId, (ids: number[]) => api.put<ManagedDepartment[]>(`/units/${unitId}/departments/order`, { ids }));
export const useCreateLeader = (unitId: number | undefined) =>
  useUnitChange(unitId, (body: LeaderCreateBody) => api.post<PeopleCreated>(`/units/${unitId}/leaders`, body));
export const useUpdateLeader = (unitId: number | undefined) =>
  useUnitChange(unitId, (v: { id: number; body: LeaderUpdateBody }) =>
    api.patch<ManagedLeader>(`/units/${unitId}/leaders/${v.id}`, v.body),
  );
