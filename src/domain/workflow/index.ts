/**
 * The problem workflow of DESIGN §4 as pure checks: each answers whether a step
 * may happen in the problem's current state, and if not, why (a stable reason
 * code). The server's policies combine these with the roles, map a refusal to
 * its 409 message, and send the same answers to the web as `abilities`, so a
 * button is shown exactly when the request would pass.
 */

export const PROBLEM_STATUSES = ['pending', 'in_progress', 'closure_requested', 'closed', 'long_term'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const RECTIFY_KINDS = ['immediate', 'deadline', 'long_term'] as const;
export type RectifyKind = (typeof RECTIFY_KINDS)[number];

export const STATUS_ZH: Record<ProblemStatus, string> = {
  pending: '未启动',
  in_progress: '整改中',
  closure_requested: '待销号',
  closed: '已销号',
  long_term: '长期坚持',
};

export const KIND_ZH: Record<RectifyKind, string> = {
  immediate: '立行立改',
  deadline: '限期整改',
  long_term: '长期坚持',
};

/**
 * The answer of a check or a policy: go ahead, or the reason it refuses. A
 * refusal may carry the values its message names (the current deadline).
 */
export type Decision<R extends string = string> =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: R; readonly detail?: Readonly<Record<string, string>> };

export const ALLOW: { readonly allowed: true } = Object.freeze({ allowed: true });

export function deny<R extends string>(reason: R, detail?: Record<string, string>): Decision<R> {
  return detail ? { allowed: false, reason, detail } : { allowed: false, reason };
}

/** The first refusal among decisions made in order (the order sets which reason is told), or ALLOW. */
export function firstRefusal<R extends string>(...decisions: Decision<R>[]): Decision<R> {
  return decisions.find((d) => !d.allowed) ?? ALLOW;
}

/** Why the state of a problem (or of an extension request) refuses a step. */
export type WorkflowReason =
  /** Closed (已销号): nothing moves any more. */
  | 'problem_closed'
  /** A closure request awaits review (待销号). */
  | 'under_review'
  /** Not started (未启动): a first progress entry starts the work. */
  | 'not_started'
  /** A review was asked for, but no closure request is pending. */
  | 'no_review_pending'
  /** A closure needs at least one progress entry with evidence. */
  | 'no_evidence'
  /** The reviewer is the person who asked for the closure. */
  | 'own_closure_request'
  /** 长期坚持 items have no deadline to move. */
  | 'long_term_no_deadline'
  /** No deadline has been set yet. */
  | 'no_deadline'
  /** The requested deadline is not later than the current one. */
  | 'deadline_not_later'
  /** An extension request is already waiting for a decision. */
  | 'extension_pending'
  /** The extension request has been decided already. */
  | 'extension_decided'
  /** The decider is the person who asked for the extension. */
  | 'own_extension_request'
  /** 阶段性完成 is for 长期坚持 items only. */
  | 'not_long_term'
  /** Already marked 阶段性完成. */
  | 'already_stage_done'
  /** A closure needs every measure done or marked not applicable (a unit rule); `detail.count` says how many are open. */
  | 'measures_open'
  /** The request waits at a review step for another role (`detail.step` names it). */
  | 'not_your_step'
  /** The reviewer approved an earlier step of the same request: each step is another person. */
  | 'already_reviewed'
  /** Only a closed problem can be reopened. */
  | 'not_closed'
  /** The request moved to another step since the reviewer saw it (`detail.step` names where it is now). */
  | 'step_moved';

export type WorkflowDecision = Decision<WorkflowReason>;

export interface ProblemState {
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  closureRequestedBy?: number | null;
  deadline?: string | null;
  stageDone?: boolean;
  /** While a closure request waits: the step it waits at (0-based) in `reviewChain`. */
  reviewStep?: number | null;
  /** The closure chain: the request's own copy while one waits, otherwise the unit's. */
  reviewChain?: ReviewChain | null;
  /** Who approved the earlier steps of the waiting request. */
  reviewApprovers?: readonly number[];
}

/** The fields a 计划变更 (plan change) entry records, before and after. */
export const PLAN_FIELDS = [
  'title',
  'description',
  'rectifyKind',
  'leader',
  'leadDept',
  'cooperatingDepts',
  'deadline',
  'measureAdded',
  'measureText',
  'measureOwner',
  'measureDeadline',
  'measureStatus',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export const PLAN_FIELD_ZH: Record<PlanField, string> = {
  title: '问题标题',
  description: '问题描述',
  rectifyKind: '整改类型',
  leader: '责任领导',
  leadDept: '牵头部门',
  cooperatingDepts: '配合部门',
  deadline: '整改时限',
  measureAdded: '新增整改措施',
  measureText: '措施内容',
  measureOwner: '措施责任部门',
  measureDeadline: '措施时限',
  measureStatus: '措施状态',
};

/** One field of a plan change, its values as people read them (names, not ids). */
export interface PlanChange {
  field: PlanField;
  before: string | null;
  after: string | null;
  /** For a measure's field: which measure (its id and text). */
  measure?: { id: number; name: string } | null;
}

/**
 * The fields that differ between two readings of a plan, in PLAN_FIELDS order.
 * Only fields present in `after` are compared (a PATCH names what it changes).
 */
export function planChanges(
  before: Partial<Record<PlanField, string | null>>,
  after: Partial<Record<PlanField, string | null>>,
): PlanChange[] {
  const out: PlanChange[] = [];
  for (const field of PLAN_FIELDS) {
    if (!(field in after)) continue;
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (b !== a) out.push({ field, before: b, after: a });
  }
  return out;
}

/** Who reviews one step of a chain. */
export const REVIEWER_ROLES = ['unit_admin_or_leader', 'unit_admin', 'leader', 'office_admin'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export const REVIEWER_ROLE_ZH: Record<ReviewerRole, string> = {
  unit_admin_or_leader: '整改办或责任领导',
  unit_admin: '整改办',
  leader: '责任领导',
  office_admin: '巡察办',
};

/** One step of a review chain: who reviews, and the step's name as the office calls it (整改办初审). */
export interface ReviewStep {
  role: ReviewerRole;
  name: string;
}
export type ReviewChain = readonly ReviewStep[];

/** A chain has one to three steps (部门申请 → 整改办初审 → 分管领导审批 → 已销号 is two). */
export const MAX_CHAIN_STEPS = 3;

/** Today's one step: 整改办 or a responsible leader decides. */
export const DEFAULT_CLOSURE_CHAIN: ReviewChain = Object.freeze([{ role: 'unit_admin_or_leader', name: '销号审核' }]);
export const DEFAULT_EXTENSION_CHAIN: ReviewChain = Object.freeze([{ role: 'unit_admin_or_leader', name: '延期审批' }]);

/** The consistency rules a unit may switch off (all on by default). */
export interface UnitRules {
  /** A closure request needs every measure done or marked not applicable with a reason. */
  closureNeedsMeasuresDone: boolean;
  /** A measure's deadline cannot be after its problem's. */
  measureDeadlineWithinProblem: boolean;
  /** A measure marked done starts a 未启动 problem (整改中, or 长期坚持 by its kind). */
  measureDoneStartsProblem: boolean;
}

export const DEFAULT_UNIT_RULES: UnitRules = Object.freeze({
  closureNeedsMeasuresDone: true,
  measureDeadlineWithinProblem: true,
  measureDoneStartsProblem: true,
});

/** The step a request waits at (the first when the step is not recorded). */
export function stepOf(chain: ReviewChain | null | undefined, step: number | null | undefined): ReviewStep {
  const c = chain?.length ? chain : DEFAULT_CLOSURE_CHAIN;
  return c[Math.min(Math.max(step ?? 0, 0), c.length - 1)];
}

/** What a reviewer is to a problem's unit, as far as review steps care. */
export interface ReviewerStanding {
  admin: boolean;
  leader: boolean;
  office: boolean;
}

/** Whether one standing fills a step's role. */
export function fillsRole(role: ReviewerRole, s: ReviewerStanding): boolean {
  switch (role) {
    case 'unit_admin_or_leader':
      return s.admin || s.leader;
    case 'unit_admin':
      return s.admin;
    case 'leader':
      return s.leader;
    case 'office_admin':
      return s.office;
  }
}

/** Whether the standing reviews at some step of the chain (who may not at any step is refused for the role). */
export function reviewsInChain(chain: ReviewChain | null | undefined, s: ReviewerStanding): boolean {
  return (chain?.length ? chain : DEFAULT_CLOSURE_CHAIN).some((st) => fillsRole(st.role, s));
}

/** Measures counted by the closure rule. */
export interface MeasureTally {
  /** Measures neither done nor marked not applicable. */
  open: number;
  /** The unit's rule is on. */
  required: boolean;
}

export const MEASURE_STATUSES = ['pending', 'in_progress', 'done', 'not_applicable'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_STATUS_ZH: Record<MeasureStatus, string> = {
  pending: '未开始',
  in_progress: '进行中',
  done: '已完成',
  not_applicable: '不适用',
};

/** The plan (title, kind, people, measures) may change until the problem is closed; a reopened one may change again. */
export function planEditCheck(p: ProblemState): WorkflowDecision {
  return p.status === 'closed' ? deny('problem_closed') : ALLOW;
}

/** Reopening: a closed problem only. */
export function reopenCheck(p: ProblemState): WorkflowDecision {
  return p.status === 'closed' ? ALLOW : deny('not_closed');
}

/** A reopened problem is under way again: 长期坚持 by its kind, otherwise 整改中. */
export function afterReopen(p: ProblemState): ProblemStatus {
  return p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress';
}

/**
 * The status after a measure's status changes: a measure marked done starts a
 * 未启动 problem when the unit's rule says so (as a first progress entry does).
 */
export function afterMeasureStatus(
  p: ProblemState,
  measureStatus: MeasureStatus,
  rules: Pick<UnitRules, 'measureDoneStartsProblem'>,
): ProblemStatus {
  if (rules.measureDoneStartsProblem && measureStatus === 'done' && p.status === 'pending') return afterProgress(p);
  return p.status;
}

/** A measure's deadline within its problem's (when the unit's rule is on and both are set); the refusal names the problem's. */
export function measureDeadlineCheck(
  problemDeadline: string | null | undefined,
  measureDeadline: string | null | undefined,
  rules: Pick<UnitRules, 'measureDeadlineWithinProblem'>,
): Decision<'measure_after_deadline'> {
  if (!rules.measureDeadlineWithinProblem || !problemDeadline || !measureDeadline) return ALLOW;
  return measureDeadline > problemDeadline ? deny('measure_after_deadline', { deadline: problemDeadline }) : ALLOW;
}

/** Progress may be added until the problem is closed, except while its closure is under review. */
export function progressCheck(p: ProblemState): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  if (p.status === 'closure_requested') return deny('under_review');
  return ALLOW;
}

/** The status after a progress entry (that `progressCheck` allowed): it starts work on a pending item. */
export function afterProgress(p: ProblemState): ProblemStatus {
  if (p.status === 'pending') return p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress';
  return p.status;
}

/**
 * The status a problem under way takes when its kind changes: 长期坚持 items run
 * in `long_term`, the others in `in_progress`. Null when nothing moves (not yet
 * started, awaiting review, or closed).
 */
export function statusForKind(status: ProblemStatus, kind: RectifyKind): ProblemStatus | null {
  if (status === 'in_progress' && kind === 'long_term') return 'long_term';
  if (status === 'long_term' && kind !== 'long_term') return 'in_progress';
  return null;
}

/**
 * A closure needs work under way and at least one progress entry with evidence;
 * the state is told before the evidence (a pending item is "not started").
 */
export function closureRequestCheck(
  p: ProblemState,
  evidenceCount: number,
  measures: MeasureTally = { open: 0, required: false },
): WorkflowDecision {
  if (p.status === 'pending') return deny('not_started');
  if (p.status === 'closure_requested') return deny('under_review');
  if (p.status === 'closed') return deny('problem_closed');
  if (evidenceCount < 1) return deny('no_evidence');
  if (measures.required && measures.open > 0) return deny('measures_open', { count: String(measures.open) });
  return ALLOW;
}

/**
 * A review needs a pending closure request, at a step whose role the reviewer
 * fills, by someone who neither asked for it nor approved an earlier step.
 */
export function closureReviewCheck(p: ProblemState, reviewerId: number, standing?: ReviewerStanding): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  if (p.status !== 'closure_requested') return deny('no_review_pending');
  if (p.closureRequestedBy === reviewerId) return deny('own_closure_request');
  if (p.reviewApprovers?.includes(reviewerId)) return deny('already_reviewed');
  if (standing) {
    const step = stepOf(p.reviewChain, p.reviewStep);
    if (!fillsRole(step.role, standing)) return deny('not_your_step', { step: step.name, role: REVIEWER_ROLE_ZH[step.role] });
  }
  return ALLOW;
}

/** A review made at the step the reviewer saw: refused when the request has moved on (another reviewer was first). */
export function stepCheck(
  chain: ReviewChain | null | undefined,
  current: number | null | undefined,
  seen: number | undefined,
): WorkflowDecision {
  if (seen === undefined || seen === (current ?? 0)) return ALLOW;
  return deny('step_moved', { step: stepOf(chain, current).name });
}

/** Where a review leads: the next step of the chain, closed after the last, or back to work when returned. */
export function reviewOutcome(p: ProblemState, decision: 'approve' | 'return'): { to: ProblemStatus; nextStep: number | null } {
  if (decision === 'return') return { to: p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress', nextStep: null };
  const chain = p.reviewChain?.length ? p.reviewChain : DEFAULT_CLOSURE_CHAIN;
  const next = (p.reviewStep ?? 0) + 1;
  return next < chain.length ? { to: 'closure_requested', nextStep: next } : { to: 'closed', nextStep: null };
}

/** The status after a review (that `closureReviewCheck` allowed). */
export function afterReview(p: ProblemState, decision: 'approve' | 'return'): ProblemStatus {
  return reviewOutcome(p, decision).to;
}

/** An extension needs a set deadline on a dated item that is not closed; one request may be open at a time. */
export function extensionRequestCheck(p: ProblemState, pendingCount: number): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  // awaiting its closure review, the item is done as far as its department is concerned
  if (p.status === 'closure_requested') return deny('under_review');
  // the kind decides, even while the status is still pending
  if (p.rectifyKind === 'long_term') return deny('long_term_no_deadline');
  if (!p.deadline) return deny('no_deadline');
  if (pendingCount > 0) return deny('extension_pending');
  return ALLOW;
}

/** The requested deadline must be later than the current one (named in the refusal). */
export function extensionDeadlineCheck(p: ProblemState, newDeadline: string): WorkflowDecision {
  if (p.deadline && newDeadline <= p.deadline) return deny('deadline_not_later', { deadline: p.deadline });
  return ALLOW;
}

/** What a decision on an extension request needs to know of it. */
export interface ExtensionState {
  status: string;
  requestedBy: number;
  /** The step it waits at (0-based) in its chain. */
  step?: number;
  chain?: ReviewChain | null;
  /** Who approved its earlier steps. */
  approvers?: readonly number[];
}

/**
 * An extension request is decided step by step, once per step, never by the
 * person who asked for it nor twice by one person, at a step whose role the
 * decider fills.
 */
export function extensionDecisionCheck(ext: ExtensionState, deciderId: number, standing?: ReviewerStanding): WorkflowDecision {
  if (ext.status !== 'pending') return deny('extension_decided');
  if (ext.requestedBy === deciderId) return deny('own_extension_request');
  if (ext.approvers?.includes(deciderId)) return deny('already_reviewed');
  if (standing) {
    const step = stepOf(ext.chain?.length ? ext.chain : DEFAULT_EXTENSION_CHAIN, ext.step);
    if (!fillsRole(step.role, standing)) return deny('not_your_step', { step: step.name, role: REVIEWER_ROLE_ZH[step.role] });
  }
  return ALLOW;
}

/** Where an extension decision leads: the next step, approved after the last, or refused at any step. */
export function extensionOutcome(
  ext: ExtensionState,
  decision: 'approve' | 'refuse',
): { status: 'pending' | 'approved' | 'refused'; nextStep: number | null } {
  if (decision === 'refuse') return { status: 'refused', nextStep: null };
  const chain = ext.chain?.length ? ext.chain : DEFAULT_EXTENSION_CHAIN;
  const next = (ext.step ?? 0) + 1;
  return next < chain.length ? { status: 'pending', nextStep: next } : { status: 'approved', nextStep: null };
}

/** 阶段性完成: once, on a 长期坚持 item (by kind or by status) that is not closed. */
export function stageDoneCheck(p: ProblemState): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  if (p.rectifyKind !== 'long_term' && p.status !== 'long_term') return deny('not_long_term');
  if (p.stageDone) return deny('already_stage_done');
  return ALLOW;
}

/** The lights of DESIGN §4, and `unplanned` (grey) for an item not planned yet; `none` for closed items. */
export const LIGHTS = ['green', 'yellow', 'red', 'blue', 'unplanned', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

export const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', blue: '蓝灯', unplanned: '未计划', none: '—' };

/**
 * Not planned yet: no kind, no lead department, or no deadline on an item that
 * needs one (长期坚持 items have none). Such an item is not "on track" (green):
 * nobody has said who does what by when.
 */
export function isUnplanned(p: {
  status?: ProblemStatus;
  rectifyKind: RectifyKind | null;
  deadline: string | null;
  leadDeptId: number | null;
}): boolean {
  if (!p.rectifyKind || p.leadDeptId == null) return true;
  return p.rectifyKind !== 'long_term' && p.status !== 'long_term' && !p.deadline;
}

/** An inspection office's light rules (issue 9: versioned per office; the defaults below otherwise). */
export interface LightRules {
  /** Yellow when the deadline is this many days away or fewer. */
  yellowDays: number;
  /** Stalled (yellow) after this many days without progress; null: no such rule. Default 30. */
  stalledDays?: number | null;
  /** Yellow while a supervision order waits for a reply. Default true. */
  orderYellow?: boolean;
  /** Red once a supervision order's reply deadline has passed unanswered. Default true. */
  orderOverdueRed?: boolean;
}

export const DEFAULT_LIGHT_RULES: Required<LightRules> = { yellowDays: 10, stalledDays: 30, orderYellow: true, orderOverdueRed: true };

/** What the lights read of a problem beyond its plan (all optional: absent means none). */
export interface LightFacts {
  /** Beijing date of the last progress entry, or of the problem's creation when none (stalled). */
  quietSince?: string | null;
  /** Supervision orders waiting for a reply. */
  openOrders?: number;
  /** The earliest reply deadline among them. */
  orderReplyDue?: string | null;
}

/**
 * Stalled: work in the department's hands (not started, under way or long-term)
 * with no progress reported for `stalledDays` days or more.
 */
export function isStalled(p: { status: ProblemStatus } & LightFacts, today: string, rules: LightRules = DEFAULT_LIGHT_RULES): boolean {
  const days = rules.stalledDays === undefined ? DEFAULT_LIGHT_RULES.stalledDays : rules.stalledDays;
  if (days == null || !p.quietSince) return false;
  if (p.status !== 'pending' && p.status !== 'in_progress' && p.status !== 'long_term') return false;
  return daysBetween(p.quietSince, today) >= days;
}

/** Days from `from` to `to` (ISO dates), calendar arithmetic in UTC to avoid DST. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The derived light of a problem on Beijing date `today`. Closed items carry none,
 * items not planned yet are grey (unplanned); red when overdue or when a supervision
 * order's reply deadline has passed; yellow while an order waits for a reply, when
 * stalled, or near the deadline; long-term ones blue. The SQL twin is LIGHT_SQL
 * (modules/problems/repository.ts); test/unit/light-sql.test.ts keeps them in agreement.
 */
export function lightOf(
  p: { status: ProblemStatus; rectifyKind: RectifyKind | null; deadline: string | null; leadDeptId: number | null } & LightFacts,
  today: string,
  rules: LightRules = DEFAULT_LIGHT_RULES,
): Light {
  if (p.status === 'closed') return 'none';
  if (isUnplanned(p)) return 'unplanned';
  const orders = p.openOrders ?? 0;
  // a missed reply deadline turns the light whatever the kind: the order is the office's own call to act
  if (orders > 0 && (rules.orderOverdueRed ?? true) && p.orderReplyDue && p.orderReplyDue < today) return 'red';
  const longTerm = p.rectifyKind === 'long_term' || p.status === 'long_term';
  if (!longTerm && p.deadline && p.deadline < today) return 'red';
  if (orders > 0 && (rules.orderYellow ?? true)) return 'yellow';
  // long-term work needs progress too: silence shows before the blue
  if (isStalled(p, today, rules)) return 'yellow';
  if (longTerm) return 'blue';
  if (p.deadline && daysBetween(today, p.deadline) <= rules.yellowDays) return 'yellow';
  return 'green';
}

export function isOverdue(p: { status: ProblemStatus; deadline: string | null }, today: string): boolean {
  return p.status !== 'closed' && !!p.deadline && p.deadline < today;
}
