import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * A unit's settings (consistency rules, review chains): read by whoever reads
 * the unit's ledger, changed by its 整改办. Another unit is absent (404).
 */
export function readUnitSettings(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) || a.adminUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

export function editUnitSettings(a: Actor, unitId: number): Decision {
  if (a.adminUnitIds.includes(unitId)) return ALLOW;
  return readUnitSettings(a, unitId).allowed ? deny('role') : deny('unit_not_visible');
}

/** Whether the actor manages the settings of some unit (the menu entry). */
export function manageAnyUnitSettings(a: Actor): Decision {
  return a.adminUnitIds.length > 0 ? ALLOW : deny('role');
}
