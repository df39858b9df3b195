import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/** What a policy needs to know of the unit a round is opened for. */
export interface UnitFacts {
  id: number;
  /** The inspection office (巡察办) above the unit; null when it is not a unit under an office. */
  officeId: number | null;
}

/** Whether the actor opens rounds anywhere: 整改办 of some unit, or 巡察办 of some office. */
export function createAnyInspection(a: Actor): Decision {
  return a.adminUnitIds.length > 0 || a.officeIds.length > 0 ? ALLOW : deny('role');
}

/**
 * Opening a round for a unit: 巡察办 for the units it watches, 整改办 for its
 * own. A unit outside what the actor reads is absent to them (404).
 */
export function createInspection(a: Actor, unit: UnitFacts): Decision {
  if (!a.readUnitIds.includes(unit.id)) return deny('unit_not_visible');
  return a.adminUnitIds.includes(unit.id) || (unit.officeId != null && a.officeIds.includes(unit.officeId)) ? ALLOW : deny('role');
}
