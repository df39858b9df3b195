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
