import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * The board of an inspection office: its 巡察办 (office_admin) and discipline
 * inspectors (纪检) attached to the office read every unit under it; the drill-down
 * is read-only (a 巡察办 acts on a unit only through a supervision order or a look-back).
 */

/** The offices whose board the actor reads. */
export function boardOffices(a: Actor): number[] {
  return [
    ...new Set(a.grants.filter((g) => g.orgKind === 'office' && (g.role === 'office_admin' || g.role === 'inspector')).map((g) => g.orgId)),
  ];
}

export function viewOfficeBoard(a: Actor): Decision {
  return boardOffices(a).length > 0 ? ALLOW : deny('role');
}
