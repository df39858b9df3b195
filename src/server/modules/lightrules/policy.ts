import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * An office's light and reminder rules: read by its 巡察办 and by whoever reads
 * one of its units (the lights they see follow them); changed by its 巡察办 only.
 * `officeUnitIds` are the units under the office, for the readers' check.
 */
export function readLightRules(a: Actor, officeId: number, officeUnitIds: number[]): Decision {
  if (a.officeIds.includes(officeId)) return ALLOW;
  return officeUnitIds.some((u) => a.readUnitIds.includes(u)) ? ALLOW : deny('unit_not_visible');
}

export function editLightRules(a: Actor, officeId: number, officeUnitIds: number[]): Decision {
  if (a.officeIds.includes(officeId)) return ALLOW;
  return readLightRules(a, officeId, officeUnitIds).allowed ? deny('role') : deny('unit_not_visible');
}
