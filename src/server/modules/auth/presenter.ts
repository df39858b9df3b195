import type { Actor } from './actor.js';
import { hasRole, readsLedger } from './actor.js';

/** The signed-in user as the web needs it: who, which roles where, what they may open. */
export function presentMe(a: Actor, units: { id: number; name: string }[]) {
  return {
    user: {
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      roles: a.grants.map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.orgName, orgKind: g.orgKind })),
      units,
      abilities: {
        viewLedger: readsLedger(a),
        createInspection: a.adminUnitIds.length > 0 || a.officeIds.length > 0,
        importNotice: a.adminUnitIds.length > 0 || a.officeIds.length > 0,
        manageUsers: hasRole(a, 'sysadmin'),
        viewAudit: hasRole(a, 'auditor'),
      },
    },
    csrfToken: a.csrfToken,
  };
}
