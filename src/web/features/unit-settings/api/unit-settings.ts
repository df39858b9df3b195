/** GET/PUT /units/:id/settings — a unit's consistency rules and review chains. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { UnitSettings, UnitSettingsBody } from '../../../lib/domain';

export const unitSettingsKey = (unitId: number | undefined) => ['units', unitId, 'settings'] as const;

export const unitSettingsQueryOptions = (unitId: number | undefined) =>
  queryOptions({
    queryKey: unitSettingsKey(unitId),
    queryFn: ({ signal }) => api.get<UnitSettings>(`/units/${unitId}/settings`, { signal }),
    enabled: unitId !== undefined,
  });

export function useUnitSettings(unitId: number | undefined) {
  return useQuery(unitSettingsQueryOptions(unitId));
}

export function useSaveUnitSettings(unitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitSettingsBody) => api.put<UnitSettings>(`/units/${unitId}/settings`, body),
    onSuccess: (s) => {
      qc.setQueryData(unitSettingsKey(unitId), s);
      // abilities on problems (申请销号, 审核销号) follow the rules and chains
      return qc.invalidateQueries({ queryKey: ['problems'] });
    },
  });
}
