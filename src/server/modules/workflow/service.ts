import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { conflict, notFound } from '../../lib/errors.js';
import { enforce, firstRefusal, type Action, type Decision } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import * as wf from '../../../domain/workflow/index.js';
import { getProblem, loadProblem } from '../problems/service.js';
import { factsOf } from '../problems/presenter.js';
import type { ProblemFacts } from '../problems/policy.js';
import { problemRepo, type ProblemRow } from '../problems/repository.js';
import { extensionRepo } from './repository.js';
import * as policy from './policy.js';

/**
 * One transition, the Documenso way: load with visibility (404), ask the
 * policy — role (403), then state (409) — update, write the transition and the
 * audit row, all in one transaction.
 */
async function transition(
  ctx: AppContext,
  o: { actor: Actor; problemId: number; action: Action; decide: (facts: ProblemFacts) => Decision },
  apply: (
    q: Queryable,
    row: ProblemRow,
    now: Date,
  ) => Promise<{ action: string; to: wf.ProblemStatus | null; reason: string; detail?: unknown }>,
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
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: `problem.${t.action}`,
      objectType: 'problem',
      objectId: problemId,
      unitId: row.unit_id,
      detail: { from: row.status, to: t.to, reason: t.reason, ...(t.detail ? { detail: t.detail } : {}) },
      ip: actor.ip,
    });
  });
  return getProblem(ctx, { actor, problemId });
}

/** POST /problems/:id/closure-request — 申请销号. */
export function requestClosure(ctx: AppContext, o: { actor: Actor; problemId: number; reason: string }) {
  const { actor, problemId, reason } = o;
  return transition(
    ctx,
    { actor, problemId, action: 'requestClosure', decide: (p) => policy.requestClosure(actor, p) },
    async (q, row, now) => {
      const to = 'closure_requested';
      if (!(await problemRepo.setStatus(q, problemId, row.status, to, now, { closureRequestedBy: actor.id }))) throw raced();
      return { action: 'closure_request', to, reason };
    },
  );
}

/** POST /problems/:id/closure-review — 审核销号: approve (closed) or return (back to work). */
export function reviewClosure(ctx: AppContext, o: { actor: Actor; problemId: number; decision: 'approve' | 'return'; reason: string }) {
  const { actor, problemId, decision, reason } = o;
  return transition(
    ctx,
    { actor, problemId, action: 'reviewClosure', decide: (p) => policy.reviewClosure(actor, p) },
    async (q, row, now) => {
      const to = wf.afterReview({ status: row.status, rectifyKind: row.rectify_kind }, decision);
      // the WHERE status = 'closure_requested' makes the second of two racing reviewers lose
      const closureRequestedBy = decision === 'approve' ? row.closure_requested_by : null;
      if (!(await problemRepo.setStatus(q, problemId, row.status, to, now, { closureRequestedBy }))) throw raced();
      return { action: decision === 'approve' ? 'closure_approve' : 'closure_return', to, reason };
    },
  );
}

/** POST /problems/:id/extensions — 申请延期 to a later deadline. */
export function requestExtension(ctx: AppContext, o: { actor: Actor; problemId: number; deadline: string; reason: string }) {
  const { actor, problemId, deadline, reason } = o;
  const decide = (p: ProblemFacts) => firstRefusal(policy.requestExtension(actor, p), policy.extensionDeadline(p, deadline));
  return transition(ctx, { actor, problemId, action: 'requestExtension', decide }, async (q, row, now) => {
    const xid = await extensionRepo.insert(q, { problemId, oldDeadline: row.deadline, deadline, reason, by: actor.id, at: now });
    return { action: 'extension_request', to: null, reason, detail: { extensionId: xid, from: row.deadline, to: deadline } };
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

/** POST /extensions/:id/decision — 审批延期: an approval moves the deadline. */
export async function decideExtension(
  ctx: AppContext,
  o: { actor: Actor; extensionId: number; decision: 'approve' | 'refuse'; reason: string },
) {
  const { actor, extensionId, decision, reason } = o;
  const problemId = await ctx.db.tx(async (q) => {
    const x = await extensionRepo.byId(q, extensionId, true);
    if (!x) throw notFound(`extension ${extensionId}`, '该延期申请');
    const row = await problemRepo.byId(q, scopeOf(actor), x.problem_id, true);
    if (!row) throw notFound(`extension ${extensionId}`, '该延期申请');
    enforce('decideExtension', policy.decideExtension(actor, factsOf(row), { status: x.status, requestedBy: x.requested_by }));
    const now = ctx.clock.now();
    const status = decision === 'approve' ? 'approved' : 'refused';
    if (!(await extensionRepo.decide(q, extensionId, { status, by: actor.id, at: now, reason }))) throw raced();
    if (decision === 'approve') await extensionRepo.moveDeadline(q, row.id, x.requested_deadline, now);
    const action = decision === 'approve' ? 'extension_approve' : 'extension_refuse';
    await problemRepo.insertTransition(q, {
      problemId: row.id,
      action,
      from: row.status,
      to: row.status,
      actorId: actor.id,
      reason,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: `problem.${action}`,
      objectType: 'extension',
      objectId: extensionId,
      unitId: row.unit_id,
      detail: { problemId: row.id, from: x.old_deadline, to: x.requested_deadline, reason },
      ip: actor.ip,
    });
    return row.id;
  });
  return getProblem(ctx, { actor, problemId });
}

const raced = () => conflict('concurrent change', '该问题刚被他人处理，请刷新后查看');
