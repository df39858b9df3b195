import type { Actor } from '../auth/actor.js';
import type { ProblemRow } from './repository.js';
import { problemAbilities, type ProblemFacts } from './policy.js';
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
    isLeaf: r.is_leaf,
    evidenceCount: r.evidence_count,
  };
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
    leader: r.leader_id || r.leader_name ? { id: r.leader_id, name: r.leader_name } : null,
    leadDept: r.lead_dept_id ? { id: r.lead_dept_id, name: r.lead_dept_name } : null,
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
export type ProblemView = ReturnType<typeof presentProblem>;
