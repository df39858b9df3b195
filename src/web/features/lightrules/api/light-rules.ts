/** GET/PUT /offices/:id/light-rules — an office's light and reminder rules and their versions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { LightRules, LightRulesBody } from '../../../lib/domain';

const key = (officeId: number | undefined) => ['offices', officeId, 'light-rules'] as const;

export function useLightRules(officeId: number | undefined) {
  return useQuery({
    queryKey: key(officeId),
    queryFn: ({ signal }) => api.get<LightRules>(`/offices/${officeId}/light-rules`, { signal }),
    enabled: officeId !== undefined,
  });
}

export function useSaveLightRules(officeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LightRulesBody) => api.put<LightRules>(`/offices/${officeId}/light-rules`, body),
    onSuccess: (r) => {
      qc.setQueryData(key(officeId), r);
      // every light in the office's units may change with the rules
      return Promise.all([qc.invalidateQueries({ queryKey: ['ledger'] }), qc.invalidateQueries({ queryKey: ['problems'] })]);
    },
  });
}
