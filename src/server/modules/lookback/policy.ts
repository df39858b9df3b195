import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, firstRefusal, type Decision } from '../../lib/policy.js';

/**
 * 回头看 (DESIGN §1.6): 巡察办 of the office above a unit opens a look-back of its
 * round, confirms each answered item or reopens it, and closes the look-back; the
 * unit — its 整改办, or the department leading the item — answers with evidence.
 * Each answers the role first (403), then the state (409).
 */

/** What a policy needs to know of a look-back. */
export interface LookbackFacts {
  unitId: number;
  status: 'open' | 'closed';
  /** Items not yet confirmed or reopened. */
  undecided: number;
}

/** What a policy needs to know of one item. */
export interface ItemFacts {
  status: 'requested' | 'answered' | 'confirmed' | 'reopened';
  leadDeptId: number | null;
}

const open = (l: LookbackFacts): Decision => (l.status === 'open' ? ALLOW : deny('lookback_closed'));
const undecided = (i: ItemFacts): Decision => (i.status === 'requested' || i.status === 'answered' ? ALLOW : deny('item_decided'));

export function openLookback(a: Actor, unitId: number): Decision {
  if (!a.readUnitIds.includes(unitId)) return deny('unit_not_visible');
  return a.officeUnitIds.includes(unitId) ? ALLOW : deny('role');
}

export function answerItem(a: Actor, l: LookbackFacts, i: ItemFacts): Decision {
  const mayAnswer = a.adminUnitIds.includes(l.unitId) || (i.leadDeptId != null && a.deptIds.includes(i.leadDeptId));
  return firstRefusal(mayAnswer ? ALLOW : deny('role'), open(l), undecided(i));
}

export function decideItem(a: Actor, l: LookbackFacts, i: ItemFacts): Decision {
  return firstRefusal(a.officeUnitIds.includes(l.unitId) ? ALLOW : deny('role'), open(l), undecided(i));
}

export function closeLookback(a: Actor, l: LookbackFacts): Decision {
  return firstRefusal(
    a.officeUnitIds.includes(l.unitId) ? ALLOW : deny('role'),
    open(l),
    l.undecided === 0 ? ALLOW : deny('items_undecided', { count: String(l.undecided) }),
  );
}
