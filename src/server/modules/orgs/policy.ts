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

/**
 * Keeping a unit's departments and leaders: its 整改办 only. Someone who
 * sees the unit otherwise (its leader, a handler, the office) is refused (403);
 * for anyone else the unit is absent (404).
 */
function manageOwnUnit(a: Actor, unitId: number, ownDeptUnitIds: number[]): Decision {
  if (a.adminUnitIds.includes(unitId)) return ALLOW;
  return readUnit(a, unitId, ownDeptUnitIds).allowed ? deny('role') : deny('unit_not_visible');
}

export function manageDepartments(a: Actor, unitId: number, ownDeptUnitIds: number[]): Decision {
  return manageOwnUnit(a, unitId, ownDeptUnitIds);
}

export function manageLeaders(a: Actor, unitId: number, ownDeptUnitIds: number[]): Decision {
  return manageOwnUnit(a, unitId, ownDeptUnitIds);
}

/** A department with open work is not deactivated: that work would have nobody to do it. */
export function deactivateDepartment(dept: { name: string; openItems: number }): Decision {
  return dept.openItems > 0 ? deny('dept_open_items', { name: dept.name, count: String(dept.openItems) }) : ALLOW;
}
