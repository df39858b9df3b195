/**
 * The registers' side of a document: totals (问责, 制度, 线索) and the work's
 * events, read through the registers module's own `registerTotals` so the
 * figures in the registers' pages and in the documents are one computation.
 */
import type { Queryable } from '../../db/index.js';
import type { RegisterTotalsResult } from '../../../domain/registers/index.js';
import { registerTotals } from '../registers/service.js';

export async function loadRegisters(
  q: Queryable,
  inspectionId: number,
): Promise<{ totals: RegisterTotalsResult['totals'] | null; events: RegisterTotalsResult['events'] }> {
  const r = await registerTotals(q, { inspectionId });
  return { totals: r.totals, events: r.events };
}
