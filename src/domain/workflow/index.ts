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
  | 'already_stage_done';

export type WorkflowDecision = Decision<WorkflowReason>;

export interface ProblemState {
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  closureRequestedBy?: number | null;
  deadline?: string | null;
  stageDone?: boolean;
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
export function closureRequestCheck(p: ProblemState, evidenceCount: number): WorkflowDecision {
  if (p.status === 'pending') return deny('not_started');
  if (p.status === 'closure_requested') return deny('under_review');
  if (p.status === 'closed') return deny('problem_closed');
  if (evidenceCount < 1) return deny('no_evidence');
  return ALLOW;
}

/** A review needs a pending closure request and a reviewer who is not its submitter. */
export function closureReviewCheck(p: ProblemState, reviewerId: number): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  if (p.status !== 'closure_requested') return deny('no_review_pending');
  if (p.closureRequestedBy === reviewerId) return deny('own_closure_request');
  return ALLOW;
}

/** The status after a review (that `closureReviewCheck` allowed). */
export function afterReview(p: ProblemState, decision: 'approve' | 'return'): ProblemStatus {
  if (decision === 'approve') return 'closed';
  return p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress';
}

/** An extension needs a set deadline on a dated item that is not closed; one request may be open at a time. */
export function extensionRequestCheck(p: ProblemState, pendingCount: number): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
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

/** An extension request is decided once, and not by the person who asked for it. */
export function extensionDecisionCheck(ext: { status: string; requestedBy: number }, deciderId: number): WorkflowDecision {
  if (ext.status !== 'pending') return deny('extension_decided');
  if (ext.requestedBy === deciderId) return deny('own_extension_request');
  return ALLOW;
}

/** 阶段性完成: once, on a 长期坚持 item (by kind or by status) that is not closed. */
export function stageDoneCheck(p: ProblemState): WorkflowDecision {
  if (p.status === 'closed') return deny('problem_closed');
  if (p.rectifyKind !== 'long_term' && p.status !== 'long_term') return deny('not_long_term');
  if (p.stageDone) return deny('already_stage_done');
  return ALLOW;
}

export type Light = 'green' | 'yellow' | 'red' | 'blue' | 'none';

export const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', blue: '蓝灯', none: '—' };

export interface LightRules {
  /** Yellow when the deadline is this many days away or fewer. */
  yellowDays: number;
}

export const DEFAULT_LIGHT_RULES: LightRules = { yellowDays: 10 };

/** Days from `from` to `to` (ISO dates), calendar arithmetic in UTC to avoid DST. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The derived light of a problem on Beijing date `today`. Closed items carry none,
 * long-term ones are blue, overdue red; yellow when near the deadline or a
 * supervision order waits for a reply.
 */
export function lightOf(
  p: { status: ProblemStatus; rectifyKind: RectifyKind | null; deadline: string | null; openOrders?: number },
  today: string,
  rules: LightRules = DEFAULT_LIGHT_RULES,
): Light {
  if (p.status === 'closed') return 'none';
  if (p.rectifyKind === 'long_term' || p.status === 'long_term') return 'blue';
  if (p.deadline && p.deadline < today) return 'red';
  if ((p.openOrders ?? 0) > 0) return 'yellow';
  if (p.deadline && daysBetween(today, p.deadline) <= rules.yellowDays) return 'yellow';
  return 'green';
}

export function isOverdue(p: { status: ProblemStatus; deadline: string | null }, today: string): boolean {
  return p.status !== 'closed' && !!p.deadline && p.deadline < today;
}
