import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Exporting a round's whole ledger (三清单一台账) to Excel: for those who read the
 * unit's whole ledger (整改办, leaders, 纪检, the inspection office). A department
 * handler, who sees only its own problems, exports nothing: the file is the whole
 * round. Another unit's round is absent (404).
 */
export function exportLedger(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}
