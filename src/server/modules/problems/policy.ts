import type { Actor } from '../auth/actor.js';
import type { ProblemStatus, RectifyKind } from '../../../domain/workflow/index.js';

/** What a policy needs to know about a problem. */
export interface ProblemFacts {
  unitId: number;
  leadDeptId: number | null;
  cooperatingDeptIds: number[];
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  closureRequestedBy: number | null;
  deadline: string | null;
  isLeaf: boolean;
  /** Evidence files filed with the progress: a closure needs at least one. */
  evidenceCount: number;
}

export interface ProblemAbilities {
  edit: boolean;
  addMeasure: boolean;
  addProgress: boolean;
  requestClosure: boolean;
  reviewClosure: boolean;
  requestExtension: boolean;
  markStageDone: boolean;
}

export function canRead(a: Actor, p: Pick<ProblemFacts, 'unitId' | 'leadDeptId' | 'cooperatingDeptIds'>): boolean {
  return a.readUnitIds.includes(p.unitId) || isLeadHandler(a, p) || p.cooperatingDeptIds.some((d) => a.deptIds.includes(d));
}

function isLeadHandler(a: Actor, p: Pick<ProblemFacts, 'leadDeptId'>): boolean {
  return p.leadDeptId != null && a.deptIds.includes(p.leadDeptId);
}

/**
 * The abilities of one person on one problem: the roles of DESIGN §4 combined
 * with the workflow state, so the UI shows only what would succeed. The use
 * cases check the same functions before they act.
 */
export function problemAbilities(a: Actor, p: ProblemFacts): ProblemAbilities {
  const admin = a.adminUnitIds.includes(p.unitId);
  const leader = a.leaderUnitIds.includes(p.unitId);
  const lead = isLeadHandler(a, p);
  const cooperating = p.cooperatingDeptIds.some((d) => a.deptIds.includes(d));
  const open = p.status !== 'closed' && p.status !== 'closure_requested';
  return {
    edit: admin,
    addMeasure: admin && p.isLeaf,
    addProgress: p.isLeaf && open && (admin || lead || cooperating),
    requestClosure: p.isLeaf && (p.status === 'in_progress' || p.status === 'long_term') && p.evidenceCount > 0 && (admin || lead),
    reviewClosure: p.status === 'closure_requested' && (admin || leader) && p.closureRequestedBy !== a.id,
    requestExtension: p.isLeaf && p.status !== 'closed' && p.rectifyKind !== 'long_term' && p.deadline != null && (admin || lead),
    markStageDone: p.isLeaf && admin && (p.rectifyKind === 'long_term' || p.status === 'long_term'),
  };
}

/** Who may decide an extension: the unit's leaders and 整改办, never the requester. */
export function canDecideExtension(a: Actor, unitId: number, requestedBy: number): boolean {
  return (a.adminUnitIds.includes(unitId) || a.leaderUnitIds.includes(unitId)) && requestedBy !== a.id;
}
