import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { LedgerMapping, Ok } from '../lib/schemas';

/** PUT /imports/mappings — the unit's corrected ledger header mapping, used by later previews. */
export function saveMapping(input: { unitId: number; mapping: LedgerMapping }): Promise<Ok> {
  return api.put<Ok>('/imports/mappings', { unitId: input.unitId, name: 'default', mapping: input.mapping });
}

export function useSaveMapping() {
  return useMutation({ mutationFn: saveMapping });
}
