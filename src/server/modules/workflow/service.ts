import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { conflict, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import * as wf from '../../../domain/workflow/index.js';
import { getProblem, loadProblem } from '../problems/service.js';
import { problemAbilities, canDecideExtension, type ProblemAbilities } from '../problems/policy.js';
import { factsOf } from '../problems/presenter.js';
import { problemRepo, type ProblemRow } from '../problems/repository.js';
import { extensionRepo } from './repository.js';

/**
 * One transition, the Documenso way: load with visibility (404), check the
 * role (403), guard the state (409), update, write the transition and the
 * audit row — all in one transaction.
 */
async function transition(
  ctx: AppContext,
  actor: Actor,
  problemId: number,
  ability: keyof ProblemAbilities,
  zh: string,
  apply: (q: Queryable, row: ProblemRow, now: Date) => Promise<{ action: string; to: wf.ProblemStatus | null; reason: string; detail?: unknown }>,
) {
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, problemId, true);
    const abilities = problemAbilities(actor, factsOf(row));
    if (!abilities[ability]) {
      mayStillExplain(actor, row, ability);
      throw forbidden(ability, zh);
    }
    const now = ctx.clock.now();
    const t = await apply(q, row, now);
    await problemRepo.insertTransition(q, { problemId, action: t.action, from: row.status, to: t.to ?? row.status, actorId: actor.id, reason: t.reason, at: now });
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: `problem.${t.action}`, objectType: 'problem', objectId: problemId, unitId: row.unit_id, detail: { from: row.status, to: t.to, reason: t.reason, ...(t.detail ? { detail: t.detail } : {}) }, ip: actor.ip });
  });
  return getProblem(ctx, actor, problemId);
}

/**
 * When the role would allow the action but the state does not, answer 409 with
 * the guard's reason rather than a bare 403: the person can act on it.
 */
function mayStillExplain(actor: Actor, row: ProblemRow, ability: keyof ProblemAbilities): void {
  const admin = actor.adminUnitIds.includes(row.unit_id);
  const leader = actor.leaderUnitIds.includes(row.unit_id);
  const lead = row.lead_dept_id != null && actor.deptIds.includes(row.lead_dept_id);
  const p: wf.ProblemState = { status: row.status, rectifyKind: row.rectify_kind, closureRequestedBy: row.closure_requested_by, deadline: row.deadline };
  if (ability === 'reviewClosure' && (admin || leader)) wf.reviewClosure(p, actor.id, 'approve');
  if (ability === 'requestClosure' && (admin || lead)) wf.requestClosure(p, row.evidence_count);
  if (ability === 'requestExtension' && (admin || lead)) wf.requestExtension(p, '9999-12-31', 0);
  if (ability === 'markStageDone' && admin) {
    throw new wf.WorkflowError('invalid_state', '只有长期坚持类问题可以标记阶段性完成', 'stage-done is for long-term items');
  }
}

export function requestClosure(ctx: AppContext, actor: Actor, id: number, reason: string) {
  return transition(ctx, actor, id, 'requestClosure', '申请销号', async (q, row, now) => {
    const to = wf.requestClosure({ status: row.status, rectifyKind: row.rectify_kind }, row.evidence_count);
    if (!(await problemRepo.setStatus(q, id, row.status, to, now, { closureRequestedBy: actor.id }))) throw raced();
    return { action: 'closure_request', to, reason };
  });
}

export function reviewClosure(ctx: AppContext, actor: Actor, id: number, decision: 'approve' | 'return', reason: string) {
  return transition(ctx, actor, id, 'reviewClosure', '审核销号', async (q, row, now) => {
    const to = wf.reviewClosure({ status: row.status, rectifyKind: row.rectify_kind, closureRequestedBy: row.closure_requested_by }, actor.id, decision);
    // the WHERE status = 'closure_requested' makes the second of two racing reviewers lose
    if (!(await problemRepo.setStatus(q, id, row.status, to, now, { closureRequestedBy: decision === 'approve' ? row.closure_requested_by : null }))) throw raced();
    return { action: decision === 'approve' ? 'closure_approve' : 'closure_return', to, reason };
  });
}

export function requestExtension(ctx: AppContext, actor: Actor, id: number, deadline: string, reason: string) {
  return transition(ctx, actor, id, 'requestExtension', '申请延期', async (q, row, now) => {
    wf.requestExtension({ status: row.status, rectifyKind: row.rectify_kind, deadline: row.deadline }, deadline, await extensionRepo.pendingCount(q, id));
    const xid = await extensionRepo.insert(q, { problemId: id, oldDeadline: row.deadline, deadline, reason, by: actor.id, at: now });
    return { action: 'extension_request', to: null, reason, detail: { extensionId: xid, from: row.deadline, to: deadline } };
  });
}

export function markStageDone(ctx: AppContext, actor: Actor, id: number, reason: string) {
  return transition(ctx, actor, id, 'markStageDone', '标记阶段性完成', async (q, row, now) => {
    if (row.stage_done) throw conflict('already stage-done', '该问题已标记为阶段性完成');
    await extensionRepo.stageDone(q, id, now);
    return { action: 'stage_done', to: null, reason };
  });
}

export async function decideExtension(ctx: AppContext, actor: Actor, extensionId: number, decision: 'approve' | 'refuse', reason: string) {
  const problemId = await ctx.db.tx(async (q) => {
    const x = await extensionRepo.byId(q, extensionId, true);
    if (!x) throw notFound(`extension ${extensionId}`, '该延期申请');
    const row = await problemRepo.byId(q, scopeOf(actor), x.problem_id, true);
    if (!row) throw notFound(`extension ${extensionId}`, '该延期申请');
    const may = canDecideExtension(actor, row.unit_id, x.requested_by);
    if (!may && !(actor.adminUnitIds.includes(row.unit_id) || actor.leaderUnitIds.includes(row.unit_id))) throw forbidden('decide extension', '审批延期申请');
    wf.decideExtension({ status: x.status, requestedBy: x.requested_by }, actor.id);
    const now = ctx.clock.now();
    if (!(await extensionRepo.decide(q, extensionId, { status: decision === 'approve' ? 'approved' : 'refused', by: actor.id, at: now, reason }))) throw raced();
    if (decision === 'approve') await extensionRepo.moveDeadline(q, row.id, x.requested_deadline, now);
    const action = decision === 'approve' ? 'extension_approve' : 'extension_refuse';
    await problemRepo.insertTransition(q, { problemId: row.id, action, from: row.status, to: row.status, actorId: actor.id, reason, at: now });
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: `problem.${action}`, objectType: 'extension', objectId: extensionId, unitId: row.unit_id, detail: { problemId: row.id, from: x.old_deadline, to: x.requested_deadline, reason }, ip: actor.ip });
    return row.id;
  });
  return getProblem(ctx, actor, problemId);
}

const raced = () => conflict('concurrent change', '该问题刚被他人处理，请刷新后查看');
