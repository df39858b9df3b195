import { hasRole, isAdminRole, type Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';
import type { Role } from '../../../domain/schemas/index.js';

/**
 * Accounts under the separation of the three administrators (三员分立):
 *  - the system administrator (系统管理员) creates accounts — with a unit or
 *    department role at most — renames, disables, unlocks them and sets their
 *    passwords; organisations too;
 *  - the security administrator (安全管理员) grants and revokes roles (the
 *    administrator roles and the inspection office's included) and resets a
 *    second factor; they create no account;
 *  - the audit administrator (审计管理员) reads the audit trail and nothing else.
 * The administrators' own accounts are changed by neither of the others
 * (roles aside): their passwords are reset on the server (`zhenggai admin`).
 */
export function listUsers(a: Actor): Decision {
  return hasRole(a, 'sysadmin', 'secadmin') ? ALLOW : deny('role');
}

export function createUser(a: Actor): Decision {
  return hasRole(a, 'sysadmin') ? ALLOW : deny('role');
}

/**
 * The role a new account starts with: a unit or department role; the office's
 * and the administrators' are granted by the security administrator.
 */
export function grantOnCreate(a: Actor, role: Role, orgKind: 'office' | 'unit' | 'department'): Decision {
  if (!hasRole(a, 'sysadmin')) return deny('role');
  if (isAdminRole(role) || orgKind === 'office') {
    return deny('separation', { who: '管理员角色和巡察办的角色', by: '安全管理员' });
  }
  return ALLOW;
}

/** Renaming, disabling, unlocking, setting a password: the system administrator, not on an administrator's account nor their own. */
export function manageAccount(a: Actor, target: { id: number; isAdmin: boolean }): Decision {
  if (!hasRole(a, 'sysadmin')) return deny('role');
  if (target.id === a.id) return deny('own_account');
  if (target.isAdmin) return deny('separation', { who: '三员账号', by: '服务器上的 zhenggai admin 命令' });
  return ALLOW;
}

/** Granting and revoking roles (the menu entry). */
export function manageRoles(a: Actor): Decision {
  return hasRole(a, 'secadmin') ? ALLOW : deny('role');
}

/** Granting or revoking a role of an account: the security administrator, never on their own account. */
export function changeRoles(a: Actor, targetId: number): Decision {
  if (!hasRole(a, 'secadmin')) return deny('role');
  return targetId === a.id ? deny('own_account') : ALLOW;
}

/** The whole organisation list (account and role pickers). */
export function listAllOrgs(a: Actor): Decision {
  return hasRole(a, 'sysadmin', 'secadmin') ? ALLOW : deny('role');
}

export function createOrg(a: Actor): Decision {
  return hasRole(a, 'sysadmin') ? ALLOW : deny('role');
}

/**
 * A unit's 整改办 keeping its own people (issue 7 point 19) within 三员分立:
 * it makes accounts of a business role of its own unit only — a responsible
 * leader — never an administrator's nor the inspection office's, and changes
 * (disables, renames) only accounts whose every role lies in its own unit.
 * Roles of an existing account stay the security administrator's work.
 */
export function createUnitAccount(a: Actor, role: Role, unitId: number): Decision {
  if (!a.adminUnitIds.includes(unitId)) return deny('role');
  if (isAdminRole(role) || role === 'office_admin') {
    return deny('separation', { who: '管理员角色和巡察办的角色', by: '安全管理员' });
  }
  return role === 'leader' ? ALLOW : deny('separation', { who: '该角色的账号', by: '系统管理员' });
}

/** Changing an account of the unit's people: only when all its roles are business roles within the actor's unit. */
export function manageUnitAccount(
  a: Actor,
  unitId: number,
  target: { id: number; roles: { role: Role; unitId: number | null }[] },
): Decision {
  if (!a.adminUnitIds.includes(unitId)) return deny('role');
  if (target.id === a.id) return deny('own_account');
  const outside = target.roles.some((r) => isAdminRole(r.role) || r.role === 'office_admin' || r.unitId !== unitId);
  return outside ? deny('separation', { who: '兼任其他单位或管理员角色的账号', by: '系统管理员' }) : ALLOW;
}
