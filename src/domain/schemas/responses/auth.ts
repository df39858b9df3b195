/** Answers of the auth module: the signed-in user and the session's CSRF token. */
import { z } from 'zod';
import type { Role } from '../index.js';
import { idSchema, instantSchema, refSchema } from './common.js';

// The request schemas' ROLES cannot be imported here without an import cycle
// (index.ts re-exports this folder); the two checks below keep the lists equal.
const ROLE_VALUES = [
  'office_admin',
  'unit_admin',
  'dept_handler',
  'leader',
  'inspector',
  'sysadmin',
  'secadmin',
  'auditor',
] as const satisfies readonly Role[];
type MissingRole = Exclude<Role, (typeof ROLE_VALUES)[number]>;
const allRoles: [MissingRole] extends [never] ? true : false = true;
void allRoles;

/** A role as the server names it (`ROLES` in the request schemas). */
export const roleSchema = z.enum(ROLE_VALUES);

/** The kinds of organisation: the inspection office, a unit under it, a department of a unit. */
export const orgKindSchema = z.enum(['office', 'unit', 'department']);

/** One role of the user and the organisation it is held in. */
export const userRoleSchema = z.object({
  /** The role. */
  role: roleSchema,
  /** The organisation the role is held in. */
  orgId: idSchema,
  /** That organisation's name. */
  orgName: z.string(),
  /** That organisation's kind. */
  orgKind: orgKindSchema,
});
export type UserRole = z.input<typeof userRoleSchema>;

/** What the signed-in user may open; the menus follow these. */
export const userAbilitiesSchema = z.object({
  /** Reads business data at all: the ledger, problems, the dashboard (the 三员 do not). */
  viewLedger: z.boolean(),
  /** May open an inspection round (巡察办 for its units, 整改办 for its own unit). */
  createInspection: z.boolean(),
  /** May import a notice or ledger (same people as `createInspection`). */
  importNotice: z.boolean(),
  /** May list and create accounts (系统管理员). */
  manageUsers: z.boolean(),
  /** May grant and revoke roles, reset a second factor (安全管理员). */
  manageRoles: z.boolean(),
  /** May set the security policy and end anyone's sessions (安全管理员). */
  manageSecurity: z.boolean(),
  /** May read the audit trail and verify its chain (审计管理员). */
  viewAudit: z.boolean(),
  /** Has a to-do list (待办): everyone who works on the ledger. */
  viewTodo: z.boolean(),
  /** May change a unit's consistency rules and review chains (整改办). */
  manageUnitSettings: z.boolean(),
});
export type UserAbilities = z.input<typeof userAbilitiesSchema>;

/** The signed-in user as the web needs it. */
export const currentUserSchema = z.object({
  /** The user id. */
  id: idSchema,
  /** The account name used to sign in. */
  username: z.string(),
  /** The name people read (姓名). */
  displayName: z.string(),
  /** Every role the user holds, with its organisation. */
  roles: z.array(userRoleSchema),
  /** The units the user works in or reads, by id order (filters and pickers offer these). */
  units: z.array(refSchema),
  /** What the user may open. */
  abilities: userAbilitiesSchema,
  /**
   * What the session must do before anything else: "mfa" (give the second
   * factor), "password" (change an initial or expired password), "mfa_enrol"
   * (set up the second factor the policy requires); null when nothing.
   */
  step: z.enum(['mfa', 'password', 'mfa_enrol']).nullable(),
  /** The second factor: set up, and required by the policy for one of the user's roles. */
  mfa: z.object({
    /** An authenticator app is bound. */
    enabled: z.boolean(),
    /** The security policy requires it for this account. */
    required: z.boolean(),
  }),
  /** When the sign-in secret (the password) must be renewed by; null when it does not expire. */
  renewBy: instantSchema.nullable(),
  /** The number of this session (the sessions page marks it). */
  sessionId: idSchema,
});
export type CurrentUser = z.input<typeof currentUserSchema>;

/** POST /auth/login and GET /auth/me. */
export const sessionSchema = z
  .object({
    /** The signed-in user. */
    user: currentUserSchema,
    /** Send back in the `x-csrf-token` header of every state-changing request. */
    csrfToken: z.string(),
  })
  .describe('当前用户及本会话的 CSRF 令牌');
export type Session = z.input<typeof sessionSchema>;
