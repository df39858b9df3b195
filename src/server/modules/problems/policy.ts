import { readsLedger, type Actor } from '../auth/actor.js';
import {
  planEditCheck,
  reopenCheck,
  type ProblemState,
  type ProblemStatus,
  type RectifyKind,
  type ReviewChain,
} from '../../../domain/workflow/index.js';
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
  /** Measures neither done nor marked not applicable. */
  openMeasures: number;
  /** The unit's rule: a closure needs every measure done or not applicable. */
  closureNeedsMeasuresDone: boolean;
  /** The step a closure request waits at; null when none waits. */
  reviewStep: number | null;
  /** The waiting request's chain, or the unit's chain when none waits. */
  reviewChain: ReviewChain;
  /** Who approved the earlier steps of the waiting request. */
  reviewApprovers: number[];
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
  /** 巡察办 of the office the unit is under. */
  office: boolean;
}

export function relationTo(a: Actor, p: Pick<ProblemFacts, 'unitId' | 'leadDeptId' | 'cooperatingDeptIds'>): Relation {
  return {
    admin: a.adminUnitIds.includes(p.unitId),
    leader: a.leaderUnitIds.includes(p.unitId),
    office: a.officeUnitIds.includes(p.unitId),
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

/** Editing the plan (title, kind, departments, leader, first deadline): 整改办, until the problem is closed. */
export function editProblem(a: Actor, p: ProblemFacts): Decision {
  return firstRefusal(relationTo(a, p).admin ? ALLOW : deny('role'), planEditCheck(p));
}

/** Adding a measure: 整改办, on a leaf that is not closed. */
export function addMeasure(a: Actor, p: ProblemFacts): Decision {
  return firstRefusal(relationTo(a, p).admin ? ALLOW : deny('role'), onLeaf(p), planEditCheck(p));
}

/** Rewriting a measure (text, owner, deadline): 整改办 only, until closed; a lead department is told it may set the status. */
export function editMeasure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin ? ALLOW : r.lead ? deny('status_only') : deny('role'), planEditCheck(p));
}

/** Setting a measure's status: 整改办 or the lead department, until closed. */
export function setMeasureStatus(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.lead ? ALLOW : deny('role'), planEditCheck(p));
}

/**
 * Reopening a closed problem (back to 整改中 with a reason): 整改办 of its unit
 * or 巡察办 of the office above it (the look-back of a round reopens this way).
 */
export function reopen(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.office ? ALLOW : deny('role'), onLeaf(p), reopenCheck(p));
}

/** What the tree editor needs to know of a node and everything under it. */
export interface NodeFacts {
  unitId: number;
  /** Progress entries under it (itself included). */
  progressCount: number;
  /** Nodes under it (itself included) in review or closed. */
  reviewedCount: number;
}

/**
 * Moving a node or deleting it (with what is under it): 整改办, and only while
 * nothing under it has progress or a review — after that its history is part of
 * the record and stays where it is.
 */
export function restructure(a: Actor, n: NodeFacts): Decision {
  return firstRefusal(
    a.adminUnitIds.includes(n.unitId) ? ALLOW : deny('role'),
    n.progressCount > 0 || n.reviewedCount > 0 ? deny('has_progress') : ALLOW,
  );
}
