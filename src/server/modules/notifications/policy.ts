import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/** A unit's channels and delivery log: its 整改办 (who also sees failures); nobody else (another unit is absent). */
export function viewChannels(a: Actor, unitId: number): Decision {
  if (a.adminUnitIds.includes(unitId)) return ALLOW;
  return a.readUnitIds.includes(unitId) ? deny('role') : deny('unit_not_visible');
}

export function editChannels(a: Actor, unitId: number): Decision {
  return viewChannels(a, unitId);
}
