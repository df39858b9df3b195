import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { Dashboard } from '../../../lib/domain';

/** GET /dashboard?inspectionId= — counts for one round (or all visible when omitted). */
export function getDashboard(inspectionId: number | undefined, signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>('/dashboard', { query: { inspectionId }, signal });
}

export const dashboardQueryOptions = (inspectionId: number | undefined) =>
  queryOptions({
    queryKey: ['dashboard', inspectionId ?? null],
    queryFn: ({ signal }) => getDashboard(inspectionId, signal),
  });

/** `enabled` false holds the request back (while the page still works out which round to show). */
export function useDashboard(inspectionId: number | undefined, enabled = true) {
  return useQuery({ ...dashboardQueryOptions(inspectionId), enabled });
}
