/**
 * Who may do what on the registers. Reading follows the round: whoever sees an inspection round sees its
 * registers (the query scopes it; a foreign round answers 404). Personal data — the names, positions and reasons of
 * the accountability register and the summaries and results of clues — is for the unit's 整改办, its leaders, its
 * 纪检 and the inspection office over it; a department handler sees the entries without them, and public documents
 * carry counts only.
 */
import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../../domain/workflow/index.js';

export type Register = 'accountability' | 'rules' | 'clues' | 'events';
export type RegisterReason = 'role';
export type RegisterDecision = Decision<RegisterReason>;

const UNIT_ROLES_WITH_PERSONAL_DATA = ['unit_admin', 'leader', 'inspector'] as const;
const OFFICE_ROLES_WITH_PERSONAL_DATA = ['office_admin', 'inspector'] as const;

/**
 * Whether the actor reads the personal data of a unit's registers. Written from the grants rather than from
 * `readUnitIds`, so that a role later given read access to ledgers does not silently gain access to names.
 */
export function seesPersonalData(a: Actor, unitId: number): boolean {
  const unitGrant = a.grants.some((g) => g.unitId === unitId && (UNIT_ROLES_WITH_PERSONAL_DATA as readonly string[]).includes(g.role));
  // an office grant covers the units under the office; readUnitIds holds exactly those for office grants
  const officeGrant =
    a.grants.some((g) => g.orgKind === 'office' && (OFFICE_ROLES_WITH_PERSONAL_DATA as readonly string[]).includes(g.role)) &&
    a.readUnitIds.includes(unitId);
  return unitGrant || officeGrant;
}

/**
 * Recording in a register of a unit: the unit's 整改办 keeps all four; its 纪检 (a unit-level inspector) also keeps
 * the accountability and clue registers, which are its own work. Leaders, departments and the office read only.
 */
export function mayWrite(a: Actor, register: Register, unitId: number): RegisterDecision {
  if (a.adminUnitIds.includes(unitId)) return ALLOW;
  const inspector = a.grants.some((g) => g.role === 'inspector' && g.unitId === unitId && g.orgKind === 'unit');
  if (inspector && (register === 'accountability' || register === 'clues')) return ALLOW;
  return deny('role');
}

/** Files (rules, minutes) are attached by whoever may edit the entry; accountability and clues have none. */
export function mayAttach(a: Actor, register: Register, unitId: number): RegisterDecision {
  if (register !== 'rules' && register !== 'events') return deny('role');
  return mayWrite(a, register, unitId);
}

export function entryAbilities(a: Actor, register: Register, unitId: number) {
  const write = mayWrite(a, register, unitId).allowed;
  return { edit: write, delete: write, attach: mayAttach(a, register, unitId).allowed };
}

export function listAbilities(a: Actor, register: Register, unitId: number) {
  return { create: mayWrite(a, register, unitId).allowed, viewPersonalData: seesPersonalData(a, unitId) };
}

/** The action each register's writes are enforced as (names and messages live in lib/policy.ts). */
export const WRITE_ACTION = {
  accountability: 'writeAccountability',
  rules: 'writeRules',
  clues: 'writeClues',
  events: 'writeEvents',
} as const satisfies Record<Register, string>;
