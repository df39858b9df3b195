import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, firstRefusal, type Decision } from '../../lib/policy.js';
import { orderReplyCheck, orderReviewCheck, type OrderStatus } from '../../../domain/supervision/index.js';

/** What the policies need to know of an order. */
export interface OrderFacts {
  unitId: number;
  issuerOrgId: number;
  issuerKind: 'office' | 'unit';
  deptId: number;
  leaderId: number | null;
  status: OrderStatus;
}

/**
 * Issuing: the unit's 整改办 (issuing as the unit) or the 巡察办 of its office
 * (issuing as the office). Someone who reads the unit otherwise is refused for
 * the role; someone who does not is told it is absent.
 */
export function issueOrder(a: Actor, unitId: number, officeId: number): Decision {
  if (a.adminUnitIds.includes(unitId) || a.officeIds.includes(officeId)) return ALLOW;
  return a.readUnitIds.includes(unitId) || a.grants.some((g) => g.unitId === unitId) ? deny('role') : deny('unit_not_visible');
}

/** The organisation an actor issues as: the office when they administer it, else the unit. */
export function issuerFor(a: Actor, unitId: number, officeId: number): { orgId: number; kind: 'office' | 'unit' } {
  return a.adminUnitIds.includes(unitId) ? { orgId: unitId, kind: 'unit' } : { orgId: officeId, kind: 'office' };
}

/** Replying: the addressed department's handlers or the addressed leader, while the order waits for a reply. */
export function replyOrder(a: Actor, o: OrderFacts): Decision {
  const addressed = a.deptIds.includes(o.deptId) || (o.leaderId != null && o.leaderId === a.id);
  return firstRefusal(addressed ? ALLOW : deny('role'), orderReplyCheck(o));
}

/** Accepting or returning a reply: the issuer (the unit's 整改办, or the office's 巡察办), when a reply waits. */
export function reviewOrder(a: Actor, o: OrderFacts): Decision {
  const issuer = o.issuerKind === 'unit' ? a.adminUnitIds.includes(o.issuerOrgId) : a.officeIds.includes(o.issuerOrgId);
  return firstRefusal(issuer ? ALLOW : deny('role'), orderReviewCheck(o));
}

/** Marking 重点难点 and naming the leader who takes it in hand: the unit's 整改办 or its office's 巡察办. */
export function markKeyProblem(a: Actor, unitId: number): Decision {
  if (a.adminUnitIds.includes(unitId) || a.officeUnitIds.includes(unitId)) return ALLOW;
  return deny('role');
}
