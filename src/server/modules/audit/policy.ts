import { hasRole, type Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * The audit trail is read and verified by the audit administrator (审计管理员)
 * alone: separation of duties (三员) keeps the system and security
 * administrators, whose work it records, out of it.
 */
export function viewAudit(a: Actor): Decision {
  return hasRole(a, 'auditor') ? ALLOW : deny('role');
}

export function verifyAudit(a: Actor): Decision {
  return hasRole(a, 'auditor') ? ALLOW : deny('role');
}
