import type { Role } from '../../../domain/schemas/index.js';

export interface RoleGrant {
  role: Role;
  orgId: number;
  orgName: string;
  orgKind: 'office' | 'unit' | 'department';
  /** The unit of a unit/department grant; null for office grants. */
  unitId: number | null;
}

/**
 * The signed-in person with their grants resolved into the sets every query
 * scopes by. Built once per request from the memberships.
 */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  grants: RoleGrant[];
  /** Units whose whole ledger this person may read. */
  readUnitIds: number[];
  /** Units this person administers (整改办). */
  adminUnitIds: number[];
  /** Units where this person is a responsible leader. */
  leaderUnitIds: number[];
  /** Departments this person handles. */
  deptIds: number[];
  /** Inspection offices this person administers (巡察办). */
  officeIds: number[];
  /** The units under those offices (a 巡察办 review step, reopening a closed item). */
  officeUnitIds: number[];
  sessionId: string;
  csrfToken: string;
  ip: string | null;
  /** What the session must do before anything else (null or absent: nothing). */
  step?: AuthStep | null;
  /** The session's number (sessions.id), shown on the sessions pages. */
  sessionNo?: number;
  /** The second factor: bound, and required by the policy for one of the roles. */
  mfa?: { enabled: boolean; required: boolean };
  /** When the password must be changed by (null: never). */
  passwordExpiresAt?: Date | null;
}

/**
 * A step a session must complete first: give its second factor, change an
 * initial or expired password, set up the second factor the policy requires.
 */
export type AuthStep = 'mfa' | 'password' | 'mfa_enrol';
export const AUTH_STEPS: readonly AuthStep[] = ['mfa', 'password', 'mfa_enrol'];

/** The three administrators (三员): none of them is a business user. */
export const ADMIN_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor'];

export function isAdminRole(r: Role): boolean {
  return ADMIN_ROLES.includes(r);
}

export function hasRole(a: Actor, ...roles: Role[]): boolean {
  return a.grants.some((g) => roles.includes(g.role));
}

/** Whether the actor reads anything of the business data (the 三员 do not). */
export function readsLedger(a: Actor): boolean {
  return a.readUnitIds.length > 0 || a.deptIds.length > 0;
}

/** The SQL-facing scope: whole units, plus departments for handlers. */
export interface Scope {
  unitIds: number[];
  deptIds: number[];
}

export function scopeOf(a: Actor): Scope {
  return { unitIds: a.readUnitIds, deptIds: a.deptIds };
}
