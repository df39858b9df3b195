import type { Actor } from '../auth/actor.js';
import type { MeasureRow, ProblemRow } from './repository.js';
import type { ExtensionRow } from '../workflow/repository.js';
import type { ProgressRow } from '../progress/repository.js';
import { abilities } from '../../lib/policy.js';
import { lightInputs } from '../lightrules/sql.js';
import { addMeasure, editMeasure, editProblem, reopen, setMeasureStatus, type ProblemFacts } from './policy.js';
import { addProgress } from '../progress/policy.js';
import { decideExtension, markStageDone, requestClosure, requestExtension, reviewClosure } from '../workflow/policy.js';
import {
  DEFAULT_CLOSURE_CHAIN,
  DEFAULT_EXTENSION_CHAIN,
  KIND_ZH,
  REVIEWER_ROLE_ZH,
  STATUS_ZH,
  isOverdue,
  isStalled,
  lightOf,
  stepOf,
  type LightRules,
  type ReviewChain,
} from '../../../domain/workflow/index.js';

/** The step a request waits at, as the page shows it ("整改办初审", 1 of 2). */
export function presentStep(chain: ReviewChain | null | undefined, step: number | null | undefined, fallback: ReviewChain) {
  const c = chain?.length ? chain : fallback;
  const s = stepOf(c, step);
  return { index: Math.min(step ?? 0, c.length - 1), count: c.length, name: s.name, role: s.role, roleZh: REVIEWER_ROLE_ZH[s.role] };
}

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
    openMeasures: r.open_measures,
    closureNeedsMeasuresDone: r.closure_needs_measures_done,
    reviewStep: r.status === 'closure_requested' ? (r.review_step ?? 0) : null,
    reviewChain: r.review_chain?.length ? r.review_chain : DEFAULT_CLOSURE_CHAIN,
    reviewApprovers: r.review_approvers ?? [],
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
    reopen: reopen(a, p),
  });
}

/**
 * A row's light by the rules of its office, selected with the row (issue 9);
 * `rules` serves rows of a unit whose office has never saved its own.
 */
function lightOfRow(r: ProblemRow, today: string, rules: LightRules) {
  const own = lightInputs(r);
  const plan = { status: r.status, rectifyKind: r.rectify_kind, deadline: r.deadline, leadDeptId: r.lead_dept_id };
  return lightOf({ ...plan, ...own.facts }, today, r.has_light_rules ? own.rules : rules);
}

/** What supervision knows of a row: stalled by its office's rules, open orders, a leader's hand on it. */
function presentSupervision(r: ProblemRow, today: string, rules: LightRules) {
  const own = lightInputs(r);
  return {
    stalled: isStalled({ status: r.status, ...own.facts }, today, r.has_light_rules ? own.rules : rules),
    openOrders: r.open_orders,
    orderReplyDue: r.open_orders > 0 ? r.order_reply_due : null,
    isKey: r.is_key,
    keyLeader: r.is_key && r.key_leader_id != null && r.key_leader_name != null ? { id: r.key_leader_id, name: r.key_leader_name } : null,
  };
}

/** One ledger row as the API shows it: never the raw database row. */
export function presentProblem(r: ProblemRow, actor: Actor, today: string, rules: LightRules) {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
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
    light: lightOfRow(r, today, rules),
    overdue: isOverdue(r, today),
    stageDone: r.stage_done,
    isLeaf: r.is_leaf,
    measureCount: r.measure_count,
    progressCount: r.progress_count,
    evidenceCount: r.evidence_count,
    closureRequestedBy: r.closure_requested_by,
    openMeasureCount: r.open_measures,
    reviewStep: r.status === 'closure_requested' ? presentStep(r.review_chain, r.review_step, DEFAULT_CLOSURE_CHAIN) : null,
    supervision: presentSupervision(r, today, rules),
    updatedAt: r.updated_at,
    abilities: problemAbilities(actor, factsOf(r)),
  };
}

/**
 * A stretch of a matched text around the first search word in it (about 80 characters, … where cut),
 * so that the ledger can show where a row matched: a progress entry may be thousands of characters.
 */
export function matchSnippet(text: string, terms: string[], width = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  const at = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, at - Math.floor(width / 4));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

/** A measure with what the actor may do on it (rewrite it, or only set its status). */
export function presentMeasure(m: MeasureRow, actor: Actor, p: ProblemFacts) {
  return {
    id: m.id,
    text: m.text,
    ownerDept: m.owner_dept_id != null && m.owner_dept_name != null ? { id: m.owner_dept_id, name: m.owner_dept_name } : null,
    deadline: m.deadline,
    status: m.status,
    statusReason: m.status_reason,
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

export function extensionFactsOf(x: ExtensionRow) {
  return { status: x.status, requestedBy: x.requested_by, step: x.step, chain: x.chain, approvers: x.approvers ?? [] };
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
    step: x.status === 'pending' ? presentStep(x.chain, x.step, DEFAULT_EXTENSION_CHAIN) : null,
    abilities: abilities({ decide: decideExtension(actor, p, extensionFactsOf(x)) }),
  };
}
