/** A unit's channels (DingTalk, WeCom, e-mail), its digest schedule and the delivery log. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { ChannelBody, Channels, ChannelTest, DigestScheduleBody } from '../../../lib/domain';

const key = (unitId: number | undefined) => ['units', unitId, 'channels'] as const;

export function useChannels(unitId: number | undefined) {
  return useQuery({
    queryKey: key(unitId),
    queryFn: ({ signal }) => api.get<Channels>(`/units/${unitId}/channels`, { signal }),
    enabled: unitId !== undefined,
  });
}

/** Every change answers with the whole settings; they replace what is shown. */
function useChannelsMutation<V>(unitId: number, fn: (v: V) => Promise<Channels>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (c) => qc.setQueryData(key(unitId), c) });
}

export const useCreateChannel = (unitId: number) =>
  useChannelsMutation(unitId, (body: ChannelBody) => api.post<Channels>(`/units/${unitId}/channels`, body));
export const useUpdateChannel = (unitId: number) =>
  useChannelsMutation(unitId, ({ id, body }: { id: number; body: ChannelBody }) => api.put<Channels>(`/channels/${id}`, body));
export const useDeleteChannel = (unitId: number) => useChannelsMutation(unitId, (id: number) => api.delete<Channels>(`/channels/${id}`));
export const useSaveSchedule = (unitId: number) =>
  useChannelsMutation(unitId, (body: DigestScheduleBody) => api.put<Channels>(`/units/${unitId}/digest-schedule`, body));

export function useTestChannel(unitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<ChannelTest>(`/channels/${id}/test`),
    // a test that failed is a delivery like any other: the log below shows it
    onSettled: () => qc.invalidateQueries({ queryKey: key(unitId) }),
  });
}
