import type { Actor } from '../auth/actor.js';
import * as wf from '../../../domain/workflow/index.js';
import { deny, firstRefusal, ALLOW, type Decision } from '../../lib/policy.js';
import { onLeaf, relationTo, type ProblemFacts } from '../problems/policy.js';

/**
 * Who may move a problem through the workflow (DESIGN §4). Each function tells
 * the role first (403: the person cannot act on it at all), then the state
 * (409 with the domain's reason: the person could act, but not now).
 */

/** 申请销号: 整改办 or the lead department, on a leaf under way with evidence. */
export function requestClosure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.lead ? ALLOW : deny('role'), onLeaf(p), wf.closureRequestCheck(p, p.evidenceCount));
}

/** 审核销号: 整改办 or a responsible leader, never the submitter. */
export function reviewClosure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.leader ? ALLOW : deny('role'), wf.closureReviewCheck(p, a.id));
}

/** 申请延期: 整改办 or the lead department, on a dated leaf with no request pending. */
export function requestExtension(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.lead ? ALLOW : deny('role'), onLeaf(p), wf.extensionRequestCheck(p, p.pendingExtensions));
}

/** The deadline asked for in a request: later than the current one. */
export function extensionDeadline(p: ProblemFacts, deadline: string): Decision {
  return wf.extensionDeadlineCheck(p, deadline);
}

/** What a decision on an extension request needs to know of it. */
export interface ExtensionFacts {
  status: string;
  requestedBy: number;
}

/** 审批延期: the unit's 整改办 or leaders, once, never the requester. */
export function decideExtension(a: Actor, p: ProblemFacts, x: ExtensionFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.leader ? ALLOW : deny('role'), wf.extensionDecisionCheck(x, a.id));
}

/** 阶段性完成: 整改办, once, on a long-term leaf. */
export function markStageDone(a: Actor, p: ProblemFacts): Decision {
  return firstRefusal(relationTo(a, p).admin ? ALLOW : deny('role'), onLeaf(p), wf.stageDoneCheck(p));
}
