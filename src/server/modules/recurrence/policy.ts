import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Who sees and runs the recurrence check (屡查屡犯) of a round: whoever reads the
 * unit's ledger sees the flags; 整改办 of the unit and 巡察办 above it run a check again.
 */

export function viewRecurrences(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

export function checkRecurrences(a: Actor, unitId: number): Decision {
  if (!a.readUnitIds.includes(unitId)) return deny('unit_not_visible');
  return a.adminUnitIds.includes(unitId) || a.officeUnitIds.includes(unitId) ? ALLOW : deny('role');
}
