/**
 * What the administrators' pages take from src/domain: the request schemas
 * (the forms validate with them), the answers' types and the role names.
 */
export { userBody, ROLES, ROLE_ZH } from '../../../../domain/schemas/index.js';
export type { UserBody, Role } from '../../../../domain/schemas/index.js';
export { roleGrantBody, securityPolicyBody, orgCreateBody, userPasswordBody, addressRange } from '../../../../domain/schemas/security.js';
export type { RoleGrantBody, SecurityPolicyBody, OrgCreateBody, UserUpdateBody } from '../../../../domain/schemas/security.js';
export type {
  AdminOrgList,
  BackupResult,
  SecurityPolicy,
  SessionInfo,
  SessionList,
} from '../../../../domain/schemas/responses/security.js';
export type { UserPage, UserSummary } from '../../../../domain/schemas/responses/users.js';
