import type { Actor } from '../auth/actor.js';
import * as wf from '../../../domain/workflow/index.js';
import { deny, firstRefusal, ALLOW, type Decision } from '../../lib/policy.js';
import { onLeaf, relationTo, type ProblemFacts } from '../problems/policy.js';

/**
 * Who may move a problem through the workflow (DESIGN §4). Each function tells
 * the role first (403: the person cannot act on it at all), then the state
 * (409 with the domain's reason: the person could act, but not now).
 */

/**
 * 申请销号: 整改办 or the lead department, on a leaf under way with evidence and,
 * when the unit's rule is on, every measure done or marked not applicable.
 */
export function requestClosure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  const measures = { open: p.openMeasures, required: p.closureNeedsMeasuresDone };
  return firstRefusal(r.admin || r.lead ? ALLOW : deny('role'), onLeaf(p), wf.closureRequestCheck(p, p.evidenceCount, measures));
}

/**
 * 审核销号 at the step the request waits at: who reviews at no step of the
 * chain is refused for the role (403); one who reviews at another step is told
 * which step it waits at (409); never the submitter, never twice by one person.
 */
export function reviewClosure(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(wf.reviewsInChain(p.reviewChain, r) ? ALLOW : deny('role'), wf.closureReviewCheck(p, a.id, r));
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
export type ExtensionFacts = wf.ExtensionState;

/** 审批延期 at the step the request waits at: as for a closure review, with the request's own chain. */
export function decideExtension(a: Actor, p: ProblemFacts, x: ExtensionFacts): Decision {
  const r = relationTo(a, p);
  const chain = x.chain?.length ? x.chain : wf.DEFAULT_EXTENSION_CHAIN;
  return firstRefusal(wf.reviewsInChain(chain, r) ? ALLOW : deny('role'), wf.extensionDecisionCheck(x, a.id, r));
}

/** 阶段性完成: 整改办, once, on a long-term leaf. */
export function markStageDone(a: Actor, p: ProblemFacts): Decision {
  return firstRefusal(relationTo(a, p).admin ? ALLOW : deny('role'), onLeaf(p), wf.stageDoneCheck(p));
}
