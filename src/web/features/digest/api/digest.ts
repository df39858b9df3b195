/** GET /units/:id/digest — the weekly urging (周督促) or monthly dispatch (月调度) as of a date. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, toSearch } from '../../../lib/api';
import type { Digest, DigestKind } from '../../../lib/domain';

export function useDigest(unitId: number | undefined, kind: DigestKind, date: string | undefined) {
  return useQuery({
    queryKey: ['units', unitId, 'digest', kind, date],
    queryFn: ({ signal }) => api.get<Digest>(`/units/${unitId}/digest`, { query: { kind, date }, signal }),
    enabled: unitId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const digestDocxHref = (unitId: number, kind: DigestKind, date: string) =>
  `/api/v1/units/${unitId}/digest.docx${toSearch({ kind, date })}`;
