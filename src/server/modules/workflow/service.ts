import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { conflict, notFound } from '../../lib/errors.js';
import { enforce, firstRefusal, type Action, type Decision } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import * as wf from '../../../domain/workflow/index.js';
import { getProblem, loadProblem } from '../problems/service.js';
import { extensionFactsOf, factsOf } from '../problems/presenter.js';
import type { ProblemFacts } from '../problems/policy.js';
import * as problemPolicy from '../problems/policy.js';
import { problemRepo, type ProblemRow } from '../problems/repository.js';
import { settingsOf } from '../units/service.js';
import { extensionRepo } from './repository.js';
import * as policy from './policy.js';

/** What a transition did: its history action, the status it leads to (null: unchanged), the reason and any detail. */
interface Step {
  action: string;
  to: wf.ProblemStatus | null;
  reason: string;
  detail?: Record<string, unknown>;
  /** Extra audit detail, beside what the history shows. */
  audit?: Record<string, unknown>;
}

/**
 * One transition: load with visibility (404), ask the policy — role (403),
 * then state (409) — update, write the history row and the audit row, all in
 * one transaction.
 */
async function transition(
  ctx: AppContext,
  o: { actor: Actor; problemId: number; action: Action; decide: (facts: ProblemFacts) => Decision },
  apply: (q: Queryable, row: ProblemRow, now: Date) => Promise<Step>,
) {
  const { actor, problemId } = o;
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, problemId, true);
    enforce(o.action, o.decide(factsOf(row)));
    const now = ctx.clock.now();
    const t = await apply(q, row, now);
    await problemRepo.insertTransition(q, {
      problemId,
      action: t.action,
      from: row.status,
      to: t.to ?? row.status,
      actorId: actor.id,
      reason: t.reason,
      at: now,
      detail: t.detail,
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: `problem.${t.action}`,
      objectType: 'problem',
      objectId: problemId,
      unitId: row.unit_id,
      detail: { from: row.status, to: t.to, reason: t.reason, ...(t.detail ? { detail: t.detail } : {}), ...(t.audit ?? {}) },
      ip: actor.ip,
    });
  });
  return getProblem(ctx, { actor, problemId });
}

/**
 * A reviewer whose request moved on while they looked (another reviewer was
 * first) is told that, rather than whose step it is now; who may not review
 * at all still hears the role refusal.
 */
function movedFirst(policyAnswer: Decision, moved: Decision): Decision {
  if (!policyAnswer.allowed && policyAnswer.reason === 'role') return policyAnswer;
  return firstRefusal(moved, policyAnswer);
}

/** The history detail of a review step: its name and place in the chain. */
function stepDetail(chain: wf.ReviewChain, step: number) {
  return { stepName: wf.stepOf(chain, step).name, step, steps: chain.length };
}

/**
 * POST /problems/:id/closure-request — 申请销号. The request starts on the
 * first step of the unit's closure chain, copied onto the problem so a later
 * settings change does not move it.
 */
export function requestClosure(ctx: AppContext, o: { actor: Actor; problemId: number; reason: string }) {
  const { actor, problemId, reason } = o;
  return transition(
    ctx,
    { actor, problemId, action: 'requestClosure', decide: (p) => policy.requestClosure(actor, p) },
    async (q, row, now) => {
      const { closureChain } = await settingsOf(q, row.unit_id);
      if (!(await problemRepo.startReview(q, problemId, row.status, { by: actor.id, chain: closureChain, now }))) throw raced();
      return { action: 'closure_request', to: 'closure_requested', reason, detail: stepDetail(closureChain, 0) };
    },
  );
}

/**
 * POST /problems/:id/closure-review — 审核销号 at the step the request waits at:
 * approval moves it to the next step, or closes it after the last; a return at
 * any step sends it back to work with the reason. The step in the UPDATE's
 * WHERE makes the second of two racing reviewers lose (409).
 */
export function reviewClosure(
  ctx: AppContext,
  o: { actor: Actor; problemId: number; decision: 'approve' | 'return'; reason: string; step?: number },
) {
  const { actor, problemId, decision, reason } = o;
  const decide = (p: ProblemFacts) =>
    p.status === 'closure_requested'
      ? movedFirst(policy.reviewClosure(actor, p), wf.stepCheck(p.reviewChain, p.reviewStep, o.step))
      : policy.reviewClosure(actor, p);
  return transition(ctx, { actor, problemId, action: 'reviewClosure', decide }, async (q, row, now) => {
    const facts = factsOf(row);
    const step = facts.reviewStep ?? 0;
    const chain = facts.reviewChain;
    const { to, nextStep } = wf.reviewOutcome(facts, decision);
    const detail = stepDetail(chain, step);
    if (nextStep != null) {
      if (!(await problemRepo.advanceReview(q, problemId, step, { by: actor.id, now }))) throw raced();
      return { action: 'closure_step_approve', to, reason, detail };
    }
    const closureRequestedBy = decision === 'approve' ? row.closure_requested_by : null;
    if (!(await problemRepo.finishReview(q, problemId, step, to, { closureRequestedBy, now }))) throw raced();
    return { action: decision === 'approve' ? 'closure_approve' : 'closure_return', to, reason, detail };
  });
}

/** POST /problems/:id/extensions — 申请延期 to a later deadline, on the unit's extension chain. */
export function requestExtension(ctx: AppContext, o: { actor: Actor; problemId: number; deadline: string; reason: string }) {
  const { actor, problemId, deadline, reason } = o;
  const decide = (p: ProblemFacts) => firstRefusal(policy.requestExtension(actor, p), policy.extensionDeadline(p, deadline));
  return transition(ctx, { actor, problemId, action: 'requestExtension', decide }, async (q, row, now) => {
    const { extensionChain } = await settingsOf(q, row.unit_id);
    const xid = await extensionRepo.insert(q, {
      problemId,
      oldDeadline: row.deadline,
      deadline,
      reason,
      by: actor.id,
      at: now,
      chain: extensionChain,
    });
    return {
      action: 'extension_request',
      to: null,
      reason,
      detail: { extensionId: xid, from: row.deadline, to: deadline, ...stepDetail(extensionChain, 0) },
    };
  });
}

/** POST /problems/:id/stage-done — 阶段性完成 of a long-term item. */
export function markStageDone(ctx: AppContext, o: { actor: Actor; problemId: number; reason: string }) {
  const { actor, problemId, reason } = o;
  return transition(
    ctx,
    { actor, problemId, action: 'markStageDone', decide: (p) => policy.markStageDone(actor, p) },
    async (q, _row, now) => {
      await extensionRepo.stageDone(q, problemId, now);
      return { action: 'stage_done', to: null, reason };
    },
  );
}

/** What asked for a reopening: a person on the problem page, or the look-back of a round (a later issue). */
export type ReopenSource = 'manual' | 'lookback';

/**
 * POST /problems/:id/reopen — a closed problem back to work (整改中, or 长期坚持
 * by its kind), with the reason; 整改办 of the unit or 巡察办 above it. The
 * look-back of a round calls this same use case with `source: 'lookback'`.
 */
export function reopenProblem(
  ctx: AppContext,
  o: {
    actor: Actor;
    problemId: number;
    reason: string;
    source?: ReopenSource;
    /** The new deadline of the reopened item (the look-back sets one; the history shows the old and the new). */
    deadline?: string;
    /** More work of the caller in the same transaction (the look-back records its decision on the item). */
    within?: (q: Queryable, now: Date) => Promise<void>;
  },
) {
  const { actor, problemId, reason } = o;
  const source = o.source ?? 'manual';
  return transition(ctx, { actor, problemId, action: 'reopen', decide: (p) => problemPolicy.reopen(actor, p) }, async (q, row, now) => {
    const to = wf.afterReopen({ status: row.status, rectifyKind: row.rectify_kind });
    if (!(await problemRepo.setStatus(q, problemId, row.status, to, now, { closureRequestedBy: null }))) throw raced();
    if (o.deadline) await extensionRepo.moveDeadline(q, problemId, o.deadline, now);
    await o.within?.(q, now);
    return { action: 'reopen', to, reason, detail: o.deadline ? { source, from: row.deadline, to: o.deadline } : { source } };
  });
}

/**
 * POST /extensions/:id/decision — 审批延期 at the step the request waits at:
 * approval moves it on, and after the last step moves the deadline; a refusal
 * at any step ends it.
 */
export async function decideExtension(
  ctx: AppContext,
  o: { actor: Actor; extensionId: number; decision: 'approve' | 'refuse'; reason: string; step?: number },
) {
  const { actor, extensionId, decision, reason } = o;
  const problemId = await ctx.db.tx(async (q) => {
    const x = await extensionRepo.byId(q, extensionId, true);
    if (!x) throw notFound(`extension ${extensionId}`, '该延期申请');
    const row = await problemRepo.byId(q, scopeOf(actor), x.problem_id, true);
    if (!row) throw notFound(`extension ${extensionId}`, '该延期申请');
    const xf = extensionFactsOf(x);
    const chain = x.chain?.length ? x.chain : wf.DEFAULT_EXTENSION_CHAIN;
    const decided = policy.decideExtension(actor, factsOf(row), xf);
    enforce('decideExtension', x.status === 'pending' ? movedFirst(decided, wf.stepCheck(chain, x.step, o.step)) : decided);
    const now = ctx.clock.now();
    const { status, nextStep } = wf.extensionOutcome(xf, decision);
    let action: string;
    if (nextStep != null) {
      if (!(await extensionRepo.advance(q, extensionId, x.step, actor.id))) throw raced();
      action = 'extension_step_approve';
    } else {
      const final = status === 'approved' ? 'approved' : 'refused';
      if (!(await extensionRepo.decide(q, extensionId, { status: final, by: actor.id, at: now, reason, step: x.step }))) throw raced();
      if (final === 'approved') await extensionRepo.moveDeadline(q, row.id, x.requested_deadline, now);
      action = final === 'approved' ? 'extension_approve' : 'extension_refuse';
    }
    const detail = { extensionId, from: x.old_deadline, to: x.requested_deadline, ...stepDetail(chain, x.step) };
    await problemRepo.insertTransition(q, {
      problemId: row.id,
      action,
      from: row.status,
      to: row.status,
      actorId: actor.id,
      reason,
      at: now,
      detail,
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: `problem.${action}`,
      objectType: 'extension',
      objectId: extensionId,
      unitId: row.unit_id,
      detail: { problemId: row.id, ...detail, reason },
      ip: actor.ip,
    });
    return row.id;
  });
  return getProblem(ctx, { actor, problemId });
}

const raced = () => conflict('concurrent change', '该问题刚被他人处理，请刷新后查看');
