/**
 * Audiences (src/domain/supervision) to accounts: who "the handlers", "the
 * issuer" or "the inspection office" are for one problem or order.
 */
import type { Audience } from '../../../domain/supervision/index.js';
import type { Directory } from './repository.js';

/** What an audience is resolved against: the problem's or the order's organisations and people. */
export interface AudienceContext {
  unitId: number;
  officeId: number | null;
  leadDeptId?: number | null;
  leaderId?: number | null;
  keyLeaderIds?: number[];
  orderDeptId?: number | null;
  orderLeaderId?: number | null;
  issuer?: { orgId: number; kind: 'office' | 'unit' } | null;
}

export function audienceUsers(dir: Directory, audiences: readonly Audience[], c: AudienceContext): number[] {
  const out = new Set<number>();
  const add = (ids: readonly number[] | undefined) => ids?.forEach((i) => out.add(i));
  for (const a of audiences) {
    switch (a) {
      case 'handlers':
        if (c.leadDeptId != null) add(dir.handlers.get(c.leadDeptId));
        break;
      case 'leader':
        if (c.leaderId != null) out.add(c.leaderId);
        break;
      case 'key_leader':
        add(c.keyLeaderIds);
        break;
      case 'unit_admin':
        add(dir.unitAdmins.get(c.unitId));
        break;
      case 'office_admin':
        if (c.officeId != null) add(dir.officeAdmins.get(c.officeId));
        break;
      case 'order_dept':
        if (c.orderDeptId != null) add(dir.handlers.get(c.orderDeptId));
        break;
      case 'order_leader':
        if (c.orderLeaderId != null) out.add(c.orderLeaderId);
        break;
      case 'issuer':
        if (c.issuer) add(c.issuer.kind === 'unit' ? dir.unitAdmins.get(c.issuer.orgId) : dir.officeAdmins.get(c.issuer.orgId));
        break;
    }
  }
  return [...out].sort((x, y) => x - y);
}
