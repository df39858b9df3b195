import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Who sees and handles the public's feedback to a unit. The inbox is read by
 * those who read the unit's whole ledger (its 整改办, leaders, 纪检, the
 * inspection office above it); answering it and linking it to a problem is the
 * 整改办's. The sender's name, phone and e-mail are personal data given to the
 * unit: only its own administrators see them — not the office above, not leaders.
 * Sending feedback and reading one's own by its code need no account.
 */

export function viewFeedback(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

export function handleFeedback(a: Actor, unitId: number): Decision {
  const seen = viewFeedback(a, unitId);
  if (!seen.allowed) return seen;
  return a.adminUnitIds.includes(unitId) ? ALLOW : deny('role');
}

export function viewSenderContact(a: Actor, unitId: number): Decision {
  return handleFeedback(a, unitId);
}
