import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { DEFAULT_LIGHT_RULES, KIND_ZH, statusForKind } from '../../../domain/workflow/index.js';
import type { LedgerQuery, MeasureBody, MeasureUpdateBody, ProblemCreateBody, ProblemPlanBody } from '../../../domain/schemas/index.js';
import { problemRepo, type ProblemRow } from './repository.js';
import { presentProblem } from './presenter.js';
import { canDecideExtension, problemAbilities } from './policy.js';
import { factsOf } from './presenter.js';
import { inspectionRepo } from '../inspections/repository.js';
import { progressRepo } from '../progress/repository.js';
import { extensionRepo } from '../workflow/repository.js';

export const lightRules = DEFAULT_LIGHT_RULES;

/** Today in Beijing and the last day that still counts as "near the deadline". */
export function dayWindow(ctx: AppContext): { today: string; yellowUntil: string } {
  const now = ctx.clock.now();
  const today = beijingDate(now);
  const yellowUntil = beijingDate(new Date(now.getTime() + lightRules.yellowDays * 86_400_000));
  return { today, yellowUntil };
}

export async function ledger(ctx: AppContext, actor: Actor, f: LedgerQuery) {
  const { today, yellowUntil } = dayWindow(ctx);
  const { rows, total } = await problemRepo.ledger(ctx.db, scopeOf(actor), f, today, yellowUntil);
  return { items: rows.map((r) => presentProblem(r, actor, today, lightRules)), total, page: f.page, pageSize: f.pageSize };
}

/** Loads a problem the actor may see (404 otherwise), optionally locking it. */
export async function loadProblem(q: Queryable, actor: Actor, id: number, forUpdate = false): Promise<ProblemRow> {
  const row = await problemRepo.byId(q, scopeOf(actor), id, forUpdate);
  if (!row) throw notFound(`problem ${id}`, '该问题');
  return row;
}

export async function getProblem(ctx: AppContext, actor: Actor, id: number) {
  const row = await loadProblem(ctx.db, actor, id);
  const { today } = dayWindow(ctx);
  const [measures, progress, transitions, extensions] = await Promise.all([
    problemRepo.measures(ctx.db, id),
    progressRepo.forProblem(ctx.db, id),
    problemRepo.transitions(ctx.db, id),
    extensionRepo.forProblem(ctx.db, id),
  ]);
  const view = presentProblem(row, actor, today, lightRules);
  return {
    ...view,
    measures: measures.map((m) => ({
      id: m.id, text: m.text, ownerDept: m.owner_dept_id ? { id: m.owner_dept_id, name: m.owner_dept_name } : null,
      deadline: m.deadline, status: m.status,
      abilities: { edit: view.abilities.edit, setStatus: view.abilities.edit || (row.lead_dept_id != null && actor.deptIds.includes(row.lead_dept_id)) },
    })),
    progress: progress.map((e) => ({
      id: e.id, text: e.text, figures: e.figures, measureId: e.measure_id,
      author: { id: e.author_id, name: e.author_name }, createdAt: e.created_at,
      evidence: e.evidence.map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, size: f.size, digest: f.digest })),
    })),
    transitions: transitions.map((t) => ({ id: t.id, action: t.action, fromStatus: t.from_status, toStatus: t.to_status, actor: { id: t.actor_id, name: t.actor_name }, reason: t.reason, createdAt: t.created_at })),
    extensions: extensions.map((x) => ({
      id: x.id, oldDeadline: x.old_deadline, requestedDeadline: x.requested_deadline, reason: x.reason, status: x.status,
      requestedBy: { id: x.requested_by, name: x.requested_by_name }, requestedAt: x.requested_at,
      decidedBy: x.decided_by ? { id: x.decided_by, name: x.decided_by_name } : null, decidedAt: x.decided_at, decisionReason: x.decision_reason,
      abilities: { decide: x.status === 'pending' && canDecideExtension(actor, row.unit_id, x.requested_by) },
    })),
  };
}

async function checkDepartments(q: Queryable, unitId: number, ids: number[]): Promise<void> {
  const uniq = [...new Set(ids)];
  if ((await problemRepo.deptsInUnit(q, unitId, uniq)) !== uniq.length) {
    throw badRequest('department not in unit', '所选部门不属于本单位', [{ path: 'leadDeptId/cooperatingDeptIds', message: '部门不属于本单位' }]);
  }
}

/** Edits the plan of a problem. The deadline can be set once; later only by extension. */
export async function updatePlan(ctx: AppContext, actor: Actor, id: number, body: ProblemPlanBody) {
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, id, true);
    if (!problemAbilities(actor, factsOf(row)).edit) throw forbidden('edit problem', '修改该问题');
    if (body.deadline !== undefined && row.deadline != null && body.deadline !== row.deadline) {
      throw badRequest('deadline already set', '整改时限已设定，只能通过延期申请调整', [{ path: 'deadline', message: '只能通过延期申请调整' }]);
    }
    const depts = [...(body.leadDeptId ? [body.leadDeptId] : []), ...(body.cooperatingDeptIds ?? [])];
    await checkDepartments(q, row.unit_id, depts);
    if (body.leaderId && !(await problemRepo.leaderInUnit(q, row.unit_id, body.leaderId))) {
      throw badRequest('leader not in unit', '所选责任领导不是本单位领导', [{ path: 'leaderId', message: '不是本单位领导' }]);
    }
    const now = ctx.clock.now();
    await problemRepo.updatePlan(q, id, body, now);
    // a work-in-progress status follows the kind: long-term items run as 长期坚持, the others as 整改中
    const moved = body.rectifyKind ? statusForKind(row.status, body.rectifyKind) : null;
    if (moved) {
      await problemRepo.setStatus(q, id, row.status, moved, now);
      await problemRepo.insertTransition(q, { problemId: id, action: 'kind_change', from: row.status, to: moved, actorId: actor.id, reason: `整改类型改为${KIND_ZH[body.rectifyKind!]}`, at: now });
    }
    if (body.cooperatingDeptIds) await problemRepo.setCooperators(q, id, body.cooperatingDeptIds.filter((d) => d !== (body.leadDeptId ?? row.lead_dept_id)));
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: 'problem.plan', objectType: 'problem', objectId: id, unitId: row.unit_id, detail: body, ip: actor.ip });
  });
  return getProblem(ctx, actor, id);
}

export async function createProblem(ctx: AppContext, actor: Actor, body: ProblemCreateBody) {
  const id = await ctx.db.tx(async (q) => {
    const insp = await inspectionRepo.byId(q, actor.readUnitIds, body.inspectionId);
    if (!insp) throw notFound(`inspection ${body.inspectionId}`, '该巡视巡察轮次');
    if (!actor.adminUnitIds.includes(insp.unit_id)) throw forbidden('create problem', '新增问题');
    let level = 1;
    if (body.parentId) {
      const parent = await problemRepo.node(q, body.parentId);
      if (!parent || parent.inspection_id !== insp.id) throw notFound(`problem ${body.parentId}`, '上级问题');
      if (parent.level >= 3) throw badRequest('tree too deep', '问题树最多三级', [{ path: 'parentId', message: '问题树最多三级' }]);
      level = parent.level + 1;
    }
    if (body.leadDeptId) await checkDepartments(q, insp.unit_id, [body.leadDeptId]);
    const now = ctx.clock.now();
    const newId = await problemRepo.insert(q, { ...body, parentId: body.parentId ?? null, unitId: insp.unit_id, level, now });
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: 'problem.create', objectType: 'problem', objectId: newId, unitId: insp.unit_id, ip: actor.ip });
    return newId;
  });
  return getProblem(ctx, actor, id);
}

export async function addMeasure(ctx: AppContext, actor: Actor, problemId: number, body: MeasureBody) {
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, problemId, true);
    if (!problemAbilities(actor, factsOf(row)).addMeasure) throw forbidden('add measure', '新增整改措施');
    if (body.ownerDeptId) await checkDepartments(q, row.unit_id, [body.ownerDeptId]);
    const now = ctx.clock.now();
    const mid = await problemRepo.insertMeasure(q, { problemId, text: body.text, ownerDeptId: body.ownerDeptId ?? null, deadline: body.deadline ?? null, now });
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: 'measure.create', objectType: 'measure', objectId: mid, unitId: row.unit_id, ip: actor.ip });
  });
  return getProblem(ctx, actor, problemId);
}

export async function updateMeasure(ctx: AppContext, actor: Actor, measureId: number, body: MeasureUpdateBody) {
  const problemId = await ctx.db.tx(async (q) => {
    const m = await problemRepo.measureById(q, measureId);
    if (!m) throw notFound(`measure ${measureId}`, '该整改措施');
    const row = await problemRepo.byId(q, scopeOf(actor), m.problem_id, true);
    if (!row) throw notFound(`measure ${measureId}`, '该整改措施');
    const admin = actor.adminUnitIds.includes(row.unit_id);
    const lead = row.lead_dept_id != null && actor.deptIds.includes(row.lead_dept_id);
    // a lead department may tick its measures off; only 整改办 rewrites them
    if (!admin && !(lead && body.text === undefined && body.ownerDeptId === undefined)) throw forbidden('edit measure', '修改该整改措施');
    if (body.ownerDeptId) await checkDepartments(q, row.unit_id, [body.ownerDeptId]);
    await problemRepo.updateMeasure(q, measureId, body);
    await writeAudit(q, { at: ctx.clock.now(), actorId: actor.id, actorName: actor.username, action: 'measure.update', objectType: 'measure', objectId: measureId, unitId: row.unit_id, detail: body, ip: actor.ip });
    return m.problem_id;
  });
  return getProblem(ctx, actor, problemId);
}
