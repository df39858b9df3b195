/**
 * The problem workflow of DESIGN §4 as pure guards: each returns the next state
 * or throws a WorkflowError with a stable code and a Chinese message. The server
 * applies them inside a transaction after locking the row; the web uses the same
 * functions to decide which buttons to show.
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

export type WorkflowErrorCode =
  | 'invalid_state'
  | 'same_person'
  | 'no_evidence'
  | 'deadline_not_later'
  | 'extension_pending'
  | 'extension_decided'
  | 'no_deadline';

export class WorkflowError extends Error {
  constructor(readonly code: WorkflowErrorCode, readonly userMessage: string, message: string) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export interface ProblemState {
  status: ProblemStatus;
  rectifyKind: RectifyKind | null;
  closureRequestedBy?: number | null;
  deadline?: string | null;
}

/** Progress may be added until the problem is closed; it starts work on a pending item. */
export function afterProgress(p: ProblemState): ProblemStatus {
  if (p.status === 'closed') {
    throw new WorkflowError('invalid_state', '该问题已销号，不能再报送进展', 'problem is closed');
  }
  if (p.status === 'closure_requested') {
    throw new WorkflowError('invalid_state', '该问题正在销号审核中，请待审核退回后再报送进展', 'closure review pending');
  }
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

/** A closure needs work under way and at least one progress entry with evidence. */
export function requestClosure(p: ProblemState, evidenceCount: number): ProblemStatus {
  if (p.status !== 'in_progress' && p.status !== 'long_term') {
    throw new WorkflowError('invalid_state', `当前状态为"${STATUS_ZH[p.status]}"，不能申请销号`, `cannot request closure from ${p.status}`);
  }
  if (evidenceCount < 1) {
    throw new WorkflowError('no_evidence', '申请销号前须至少报送一条附有佐证材料的整改进展', 'closure needs a progress entry with evidence');
  }
  return 'closure_requested';
}

/** The reviewer must not be the person who asked for the closure. */
export function reviewClosure(p: ProblemState, reviewerId: number, decision: 'approve' | 'return'): ProblemStatus {
  if (p.status !== 'closure_requested') {
    throw new WorkflowError('invalid_state', `当前状态为"${STATUS_ZH[p.status]}"，没有待审核的销号申请`, `no closure request pending (status ${p.status})`);
  }
  if (p.closureRequestedBy === reviewerId) {
    throw new WorkflowError('same_person', '销号申请人不能审核自己的申请', 'reviewer is the submitter');
  }
  if (decision === 'approve') return 'closed';
  return p.rectifyKind === 'long_term' ? 'long_term' : 'in_progress';
}

/** An extension must move the deadline later; one request may be open at a time. */
export function requestExtension(p: ProblemState, newDeadline: string, pendingCount: number): void {
  if (p.status === 'closed') {
    throw new WorkflowError('invalid_state', '已销号的问题不能申请延期', 'problem is closed');
  }
  if (p.rectifyKind === 'long_term') {
    throw new WorkflowError('invalid_state', '长期坚持类问题没有整改时限，无需延期', 'long-term problems have no deadline');
  }
  if (!p.deadline) {
    throw new WorkflowError('no_deadline', '该问题尚未设定整改时限', 'problem has no deadline');
  }
  if (newDeadline <= p.deadline) {
    throw new WorkflowError('deadline_not_later', `延期后的时限须晚于现时限 ${p.deadline}`, 'new deadline is not later');
  }
  if (pendingCount > 0) {
    throw new WorkflowError('extension_pending', '已有一项延期申请在审批中', 'an extension request is pending');
  }
}

export function decideExtension(ext: { status: string; requestedBy: number }, deciderId: number): void {
  if (ext.status !== 'pending') {
    throw new WorkflowError('extension_decided', '该延期申请已经审批', 'extension already decided');
  }
  if (ext.requestedBy === deciderId) {
    throw new WorkflowError('same_person', '延期申请人不能审批自己的申请', 'decider is the requester');
  }
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
