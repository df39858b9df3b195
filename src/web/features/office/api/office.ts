import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { Board, BoardQuery, RecurrenceCheck, RecurrencePage, Trend, UnitDetail } from '../../../lib/domain';

/** The board's filters as the page keeps them in the URL. */
export type BoardFilters = Partial<Pick<BoardQuery, 'kind' | 'year'>>;

/** GET /office/board — every unit of the office with its counts (sorted and ranked here, in the table). */
export const boardQueryOptions = (f: BoardFilters) =>
  queryOptions({
    queryKey: ['office', 'board', f.kind ?? null, f.year ?? null],
    queryFn: ({ signal }) => api.get<Board>('/office/board', { query: { kind: f.kind, year: f.year }, signal }),
  });

export function useBoard(f: BoardFilters) {
  return useQuery(boardQueryOptions(f));
}

/** GET /office/trend — completion and overdue per unit over the weekly snapshots. */
export function useTrend(f: BoardFilters) {
  return useQuery({
    queryKey: ['office', 'trend', f.kind ?? null, f.year ?? null],
    queryFn: ({ signal }) => api.get<Trend>('/office/trend', { query: { kind: f.kind, year: f.year, weeks: 12 }, signal }),
  });
}

/** GET /office/units/:id — the unit's rounds with their grades (the drill-down). */
export function useUnitDetail(unitId: number) {
  return useQuery({
    queryKey: ['office', 'unit', unitId],
    queryFn: ({ signal }) => api.get<UnitDetail>(`/office/units/${unitId}`, { signal }),
  });
}

/** GET /inspections/:id/recurrences — the round's problems found before. */
export function useRecurrences(inspectionId: number) {
  return useQuery({
    queryKey: ['office', 'recurrences', inspectionId],
    queryFn: ({ signal }) => api.get<RecurrencePage>(`/inspections/${inspectionId}/recurrences`, { query: { pageSize: 200 }, signal }),
  });
}

/** POST /inspections/:id/recurrences/check — compare the round again. */
export function useRecheck(inspectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RecurrenceCheck>(`/inspections/${inspectionId}/recurrences/check`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['office'] }),
  });
}
