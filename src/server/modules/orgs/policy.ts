import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Reading a unit's departments and leaders (the plan form's pickers): whoever
 * reads the unit's ledger, and a department handler for their own unit. Any
 * other unit is absent to the actor (404, as for one that does not exist).
 */
export function readUnit(a: Actor, unitId: number, ownDeptUnitIds: number[]): Decision {
  return a.readUnitIds.includes(unitId) || ownDeptUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}
