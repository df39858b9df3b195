import type { Actor } from '../auth/actor.js';
import type { ProblemRow } from './repository.js';
import type { ExtensionRow } from '../workflow/repository.js';
import type { ProgressRow } from '../progress/repository.js';
import { abilities } from '../../lib/policy.js';
import { addMeasure, editMeasure, editProblem, setMeasureStatus, type ProblemFacts } from './policy.js';
import { addProgress } from '../progress/policy.js';
import { decideExtension, markStageDone, requestClosure, requestExtension, reviewClosure } from '../workflow/policy.js';
import { KIND_ZH, STATUS_ZH, isOverdue, lightOf, type LightRules } from '../../../domain/workflow/index.js';

export function factsOf(r: ProblemRow): ProblemFacts {
  return {
    unitId: r.unit_id,
    leadDeptId: r.lead_dept_id,
    cooperatingDeptIds: r.cooperating.map((c) => c.id),
    status: r.status,
    rectifyKind: r.rectify_kind,
    closureRequestedBy: r.closure_requested_by,
    deadline: r.deadline,
    stageDone: r.stage_done,
    isLeaf: r.is_leaf,
    evidenceCount: r.evidence_count,
    pendingExtensions: r.pending_extensions,
  };
}

/**
 * What the actor may do on one problem next, from the policies of the modules
 * that decide it (problems, progress, workflow): the same functions the use
 * cases enforce, so the UI shows only what would succeed.
 */
export function problemAbilities(a: Actor, p: ProblemFacts) {
  return abilities({
    edit: editProblem(a, p),
    addMeasure: addMeasure(a, p),
    addProgress: addProgress(a, p),
    requestClosure: requestClosure(a, p),
    reviewClosure: reviewClosure(a, p),
    requestExtension: requestExtension(a, p),
    markStageDone: markStageDone(a, p),
  });
}

/** One ledger row as the API shows it: never the raw database row. */
export function presentProblem(r: ProblemRow, actor: Actor, today: string, rules: LightRules) {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    parentId: r.parent_id,
    level: r.level,
    label: r.label,
    title: r.title,
    description: r.description,
    path: r.path,
    rectifyKind: r.rectify_kind,
    rectifyKindZh: r.rectify_kind ? KIND_ZH[r.rectify_kind] : null,
    leader: r.leader_name ? { id: r.leader_id, name: r.leader_name } : null,
    leadDept: r.lead_dept_id != null && r.lead_dept_name != null ? { id: r.lead_dept_id, name: r.lead_dept_name } : null,
    cooperatingDepts: r.cooperating,
    deadline: r.deadline,
    status: r.status,
    statusZh: STATUS_ZH[r.status],
    light: lightOf({ status: r.status, rectifyKind: r.rectify_kind, deadline: r.deadline }, today, rules),
    overdue: isOverdue(r, today),
    stageDone: r.stage_done,
    isLeaf: r.is_leaf,
    measureCount: r.measure_count,
    progressCount: r.progress_count,
    evidenceCount: r.evidence_count,
    closureRequestedBy: r.closure_requested_by,
    updatedAt: r.updated_at,
    abilities: problemAbilities(actor, factsOf(r)),
  };
}

export interface MeasureView {
  id: number;
  text: string;
  owner_dept_id: number | null;
  owner_dept_name: string | null;
  deadline: string | null;
  status: 'pending' | 'in_progress' | 'done';
}

/** A measure with what the actor may do on it (rewrite it, or only set its status). */
export function presentMeasure(m: MeasureView, actor: Actor, p: ProblemFacts) {
  return {
    id: m.id,
    text: m.text,
    ownerDept: m.owner_dept_id != null && m.owner_dept_name != null ? { id: m.owner_dept_id, name: m.owner_dept_name } : null,
    deadline: m.deadline,
    status: m.status,
    abilities: abilities({ edit: editMeasure(actor, p), setStatus: setMeasureStatus(actor, p) }),
  };
}

/** A progress entry (append-only: nothing to act on, so no abilities) with its evidence files. */
export function presentProgress(e: ProgressRow) {
  return {
    id: e.id,
    text: e.text,
    figures: e.figures,
    measureId: e.measure_id,
    author: { id: e.author_id, name: e.author_name },
    createdAt: e.created_at,
    evidence: e.evidence.map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, size: f.size, digest: f.digest })),
  };
}

/** An extension request with whether the actor may decide it. */
export function presentExtension(x: ExtensionRow, actor: Actor, p: ProblemFacts) {
  return {
    id: x.id,
    oldDeadline: x.old_deadline,
    requestedDeadline: x.requested_deadline,
    reason: x.reason,
    status: x.status,
    requestedBy: { id: x.requested_by, name: x.requested_by_name },
    requestedAt: x.requested_at,
    decidedBy: x.decided_by != null && x.decided_by_name != null ? { id: x.decided_by, name: x.decided_by_name } : null,
    decidedAt: x.decided_at,
    decisionReason: x.decision_reason,
    abilities: abilities({ decide: decideExtension(actor, p, { status: x.status, requestedBy: x.requested_by }) }),
  };
}
