import { readsLedger, type Actor } from '../auth/actor.js';
import type { ProblemState, ProblemStatus, RectifyKind } from '../../../domain/workflow/index.js';
import { ALLOW, deny, firstRefusal, type Decision } from '../../lib/policy.js';

/**
 * Who may do what on the ledger's problems and measures (DESIGN §4): 整改办
 * (unit_admin) plans its unit's problems; the lead department ticks its
 * measures off. The workflow steps on a problem are decided in
 * workflow/policy.ts and progress in progress/policy.ts; the presenter gathers
 * all of them into the problem's `abilities`.
 */

/** What a policy needs to know about a problem. */
export interface ProblemFacts extends ProblemState {
  unitId: number;
  leadDeptId: number | null;
  cooperatingDeptIds: number[];
  closureRequestedBy: number | null;
  deadline: string | null;
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  stageDone: boolean;
  isLeaf: boolean;
  /** Evidence files filed with the progress: a closure needs at least one. */
  evidenceCount: number;
  /** Extension requests waiting for a decision (at most one). */
  pendingExtensions: number;
}

/** How the actor stands to one problem. */
export interface Relation {
  /** 整改办 of the problem's unit. */
  admin: boolean;
  /** A responsible leader (责任领导) of the unit. */
  leader: boolean;
  /** A handler of the lead department (牵头部门). */
  lead: boolean;
  /** A handler of a cooperating department (配合部门). */
  cooperating: boolean;
}

export function relationTo(a: Actor, p: Pick<ProblemFacts, 'unitId' | 'leadDeptId' | 'cooperatingDeptIds'>): Relation {
  return {
    admin: a.adminUnitIds.includes(p.unitId),
    leader: a.leaderUnitIds.includes(p.unitId),
    lead: p.leadDeptId != null && a.deptIds.includes(p.leadDeptId),
    cooperating: p.cooperatingDeptIds.some((d) => a.deptIds.includes(d)),
  };
}

/** Work is done on leaves; a group node only gathers them. */
export function onLeaf(p: Pick<ProblemFacts, 'isLeaf'>): Decision {
  return p.isLeaf ? ALLOW : deny('not_leaf');
}

/** Reading business data at all: the 三员 (system, security, audit administrators) do not. */
export function viewLedger(a: Actor): Decision {
  return readsLedger(a) ? ALLOW : deny('role');
}

/** Adding a node to a unit's problem tree: 整改办 of that unit. */
export function createProblem(a: Actor, unitId: number): Decision {
  return a.adminUnitIds.includes(unitId) ? ALLOW : deny('role');
}

/** Editing the plan (title, kind, departments, leader, first deadline): 整改办. */
export function editProblem(a: Actor, p: ProblemFacts): Decision {
  return relationTo(a, p).admin ? ALLOW : deny('role');
}

/** Adding a measure: 整改办, on a leaf. */
export function addMeasure(a: Actor, p: ProblemFacts): Decision {
  return firstRefusal(editProblem(a, p), onLeaf(p));
}

/** Rewriting a measure (text, owner): 整改办 only; a lead department is told it may set the status. */
export function editMeasure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  if (r.admin) return ALLOW;
  return r.lead ? deny('status_only') : deny('role');
}

/** Setting a measure's status: 整改办 or the lead department. */
export function setMeasureStatus(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return r.admin || r.lead ? ALLOW : deny('role');
}
