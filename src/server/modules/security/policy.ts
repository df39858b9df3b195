import { hasRole, type Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * The security administrator's work (安全管理员, 三员): the security policy,
 * everyone's sessions, resetting someone's second factor. The system and audit
 * administrators do not do it; business roles never.
 */
export function manageSecurity(a: Actor): Decision {
  return hasRole(a, 'secadmin') ? ALLOW : deny('role');
}

/** Resetting a second factor: the security administrator, not on their own account (that needs a second person). */
export function resetMfa(a: Actor, targetId: number): Decision {
  if (!hasRole(a, 'secadmin')) return deny('role');
  return a.id === targetId ? deny('own_account') : ALLOW;
}

/** A backup of the whole system: the system administrator's operation (it holds business data, so it is encrypted and audited). */
export function backup(a: Actor): Decision {
  return hasRole(a, 'sysadmin') ? ALLOW : deny('role');
}
