import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/** A unit's digests: whoever reads its whole ledger (整改办, leaders, 巡察办); a department's handler does not. */
export function viewDigest(a: Actor, unitId: number): Decision {
  if (a.readUnitIds.includes(unitId)) return ALLOW;
  return a.deptIds.length && a.grants.some((g) => g.unitId === unitId) ? deny('role') : deny('unit_not_visible');
}
