import type { Actor } from './actor.js';
import { abilities } from '../../lib/policy.js';
import { viewLedger } from '../problems/policy.js';
import { createAnyInspection } from '../inspections/policy.js';
import { importNotice } from '../imports/policy.js';
import { createUser, manageRoles } from '../users/policy.js';
import { manageSecurity } from '../security/policy.js';
import { viewAudit } from '../audit/policy.js';
import { viewTodo } from '../todo/policy.js';
import { manageAnyUnitSettings } from '../units/policy.js';

/**
 * The signed-in user as the web needs it: who, which roles where, and what
 * they may open — asked of the policies of the modules that decide each.
 */
export function presentMe(a: Actor, units: { id: number; name: string }[]) {
  return {
    user: {
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      roles: a.grants.map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.orgName, orgKind: g.orgKind })),
      units,
      abilities: abilities({
        viewLedger: viewLedger(a),
        createInspection: createAnyInspection(a),
        importNotice: importNotice(a),
        manageUsers: createUser(a),
        manageRoles: manageRoles(a),
        manageSecurity: manageSecurity(a),
        viewAudit: viewAudit(a),
        viewTodo: viewTodo(a),
        manageUnitSettings: manageAnyUnitSettings(a),
      }),
      step: a.step ?? null,
      mfa: a.mfa ?? { enabled: false, required: false },
      renewBy: a.passwordExpiresAt ?? null,
      sessionId: a.sessionNo ?? 1,
    },
    csrfToken: a.csrfToken,
  };
}
