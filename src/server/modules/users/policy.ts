import { hasRole, type Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Accounts are the system administrator's work (三员): only they create them;
 * the security and audit administrators may read the list to do theirs.
 */
export function listUsers(a: Actor): Decision {
  return hasRole(a, 'sysadmin', 'secadmin', 'auditor') ? ALLOW : deny('role');
}

export function createUser(a: Actor): Decision {
  return hasRole(a, 'sysadmin') ? ALLOW : deny('role');
}
