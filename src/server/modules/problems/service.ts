import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { beijingDate } from '../../lib/clock.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import {
  DEFAULT_LIGHT_RULES,
  KIND_ZH,
  MEASURE_STATUS_ZH,
  PLAN_FIELD_ZH,
  afterMeasureStatus,
  measureDeadlineCheck,
  planChanges,
  statusForKind,
  type PlanChange,
  type PlanField,
  type UnitRules,
} from '../../../domain/workflow/index.js';
import { encodeLedgerCursor } from '../../../domain/schemas/index.js';
import type { LedgerQuery, MeasureBody, MeasureUpdateBody, ProblemCreateBody, ProblemPlanBody } from '../../../domain/schemas/index.js';
import { problemRepo, searchTerms, type MeasureRow, type ProblemRow } from './repository.js';
import { factsOf, matchSnippet, presentExtension, presentMeasure, presentProblem, presentProgress } from './presenter.js';
import * as policy from './policy.js';
import { inspectionRepo } from '../inspections/repository.js';
import { settingsOf } from '../units/service.js';

const lightRules = DEFAULT_LIGHT_RULES;

/**
 * Today in Beijing, the date every light and overdue count is taken on. The yellow window is not
 * here: it belongs to each office's light rules, which the ledger's SQL reads (modules/lightrules/sql.ts).
 */
export function beijingToday(ctx: AppContext): string {
  return beijingDate(ctx.clock.now());
}

/** GET /ledger: one page of the leaf problems in the actor's scope. */
export async function ledger(ctx: AppContext, o: { actor: Actor; query: LedgerQuery; count?: boolean }) {
  const { actor, query: f } = o;
  const today = beijingToday(ctx);
  const r = await problemRepo.ledger(ctx.db, scopeOf(actor), f, today, { count: o.count ?? true });
  const terms = f.q ? searchTerms(f.q) : [];
  return {
    items: r.rows.map((row) => presentProblem(row, actor, today, lightRules)),
    total: r.total,
    totalCapped: r.totalCapped,
    page: f.cursor ? 1 : f.page,
    pageSize: f.pageSize,
    sort: r.sort,
    nextCursor: r.next && encodeLedgerCursor(r.next),
    prevCursor: r.prev && encodeLedgerCursor(r.prev),
    groups: r.groups,
    units: r.units,
    matches: r.matches.map((m) => ({ id: m.id, where: m.where, text: matchSnippet(m.text, terms) })),
  };
}

/** Loads a problem the actor may see (404 otherwise), optionally locking it. */
export async function loadProblem(q: Queryable, actor: Actor, id: number, forUpdate = false): Promise<ProblemRow> {
  const row = await problemRepo.byId(q, scopeOf(actor), id, forUpdate);
  if (!row) throw notFound(`problem ${id}`, '该问题');
  return row;
}

/** GET /problems/:id — the problem with its measures, progress, history and extensions, each with its abilities. */
export async function getProblem(ctx: AppContext, o: { actor: Actor; problemId: number }) {
  const { actor, problemId: id } = o;
  const page = await problemRepo.page(ctx.db, scopeOf(actor), id);
  if (!page) throw notFound(`problem ${id}`, '该问题');
  const { row, measures, progress, transitions, extensions } = page;
  const today = beijingToday(ctx);
  const facts = factsOf(row);
  return {
    ...presentProblem(row, actor, today, lightRules),
    measures: measures.map((m) => presentMeasure(m, actor, facts)),
    progress: progress.map(presentProgress),
    transitions: transitions.map((t) => ({
      id: t.id,
      action: t.action,
      fromStatus: t.from_status,
      toStatus: t.to_status,
      actor: { id: t.actor_id, name: t.actor_name },
      reason: t.reason,
      detail: t.detail ?? null,
      createdAt: t.created_at,
    })),
    extensions: extensions.map((x) => presentExtension(x, actor, facts)),
  };
}

async function checkDepartments(q: Queryable, unitId: number, ids: number[]): Promise<void> {
  const uniq = [...new Set(ids)];
  if ((await problemRepo.deptsInUnit(q, unitId, uniq)) !== uniq.length) {
    throw badRequest('department not in unit', '所选部门不属于本单位', [
      { path: 'leadDeptId/cooperatingDeptIds', message: '部门不属于本单位' },
    ]);
  }
}

/** The plan of a problem as people read it (names, not ids): the before and after of a 计划变更. */
function planReading(row: ProblemRow): Partial<Record<PlanField, string | null>> {
  return {
    title: row.title,
    description: row.description,
    rectifyKind: row.rectify_kind ? KIND_ZH[row.rectify_kind] : null,
    leader: row.leader_name,
    leadDept: row.lead_dept_name,
    cooperatingDepts: row.cooperating.map((c) => c.name).join('、') || null,
    deadline: row.deadline,
  };
}

/** A measure as people read it, field by field. */
function measureReading(
  m: Pick<MeasureRow, 'text' | 'owner_dept_name' | 'deadline' | 'status' | 'status_reason'>,
): Partial<Record<PlanField, string | null>> {
  const status = MEASURE_STATUS_ZH[m.status];
  return {
    measureText: m.text,
    measureOwner: m.owner_dept_name,
    measureDeadline: m.deadline,
    measureStatus: m.status === 'not_applicable' && m.status_reason ? `${status}（${m.status_reason}）` : status,
  };
}

/**
 * Writes a 计划变更 (plan change) into the problem's history with each field's
 * before and after, so the 流转记录 shows what changed, not only the audit log.
 */
async function recordPlanChange(
  q: Queryable,
  o: { problemId: number; status: ProblemRow['status']; actorId: number; at: Date; changes: PlanChange[] },
): Promise<void> {
  if (!o.changes.length) return;
  const names = [...new Set(o.changes.map((c) => PLAN_FIELD_ZH[c.field]))].join('、');
  await problemRepo.insertTransition(q, {
    problemId: o.problemId,
    action: 'plan_change',
    from: o.status,
    to: o.status,
    actorId: o.actorId,
    reason: `修改了${names}`,
    at: o.at,
    detail: { changes: o.changes },
  });
}

/** The refusal of a measure deadline after the problem's (a unit rule). */
function checkMeasureDeadline(problemDeadline: string | null, measureDeadline: string | null | undefined, rules: UnitRules): void {
  const d = measureDeadlineCheck(problemDeadline, measureDeadline, rules);
  if (!d.allowed) {
    const msg = `措施时限不能晚于问题的整改时限 ${d.detail?.deadline ?? ''}`.trim();
    throw badRequest('measure deadline after problem deadline', msg, [{ path: 'deadline', message: msg }]);
  }
}

/** PATCH /problems/:id — edits the plan. The deadline can be set once; later only by extension. */
export async function updatePlan(ctx: AppContext, o: { actor: Actor; problemId: number; plan: ProblemPlanBody }) {
  const { actor, problemId: id, plan: body } = o;
  await ctx.db.tx((q) => applyPlan(q, { actor, problemId: id, plan: body, now: ctx.clock.now() }));
  return getProblem(ctx, { actor, problemId: id });
}

/**
 * One problem's plan change inside the caller's transaction: guard, update, the
 * 计划变更 history entry and the audit row. PATCH /problems/:id runs it for one
 * problem, the bulk edit and the plan import (problems/batch.ts) for many in one
 * transaction.
 */
export async function applyPlan(q: Queryable, o: { actor: Actor; problemId: number; plan: ProblemPlanBody; now: Date }): Promise<void> {
  const { actor, problemId: id, plan: body } = o;
  const row = await loadProblem(q, actor, id, true);
  enforce('editProblem', policy.editProblem(actor, factsOf(row)));
  if (body.deadline !== undefined && row.deadline != null && body.deadline !== row.deadline) {
    throw badRequest('deadline already set', '整改时限已设定，只能通过延期申请调整', [
      { path: 'deadline', message: '只能通过延期申请调整' },
    ]);
  }
  if (body.deadline !== undefined && row.deadline == null) {
    // a first deadline may not fall before a measure's (the measures were dated first)
    const { rules } = await settingsOf(q, row.unit_id);
    const latest = await problemRepo.latestMeasureDeadline(q, id);
    if (!measureDeadlineCheck(body.deadline, latest, rules).allowed) {
      const msg = `整改时限不能早于已有措施的时限 ${latest}`;
      throw badRequest('deadline before a measure deadline', msg, [{ path: 'deadline', message: msg }]);
    }
  }
  const depts = [...(body.leadDeptId ? [body.leadDeptId] : []), ...(body.cooperatingDeptIds ?? [])];
  await checkDepartments(q, row.unit_id, depts);
  if (body.leaderId && !(await problemRepo.leaderInUnit(q, row.unit_id, body.leaderId))) {
    throw badRequest('leader not in unit', '所选责任领导不是本单位领导', [{ path: 'leaderId', message: '不是本单位领导' }]);
  }
  const now = o.now;
  await problemRepo.updatePlan(q, id, body, now);
  if (body.cooperatingDeptIds) {
    await problemRepo.setCooperators(
      q,
      id,
      body.cooperatingDeptIds.filter((d) => d !== (body.leadDeptId ?? row.lead_dept_id)),
    );
  }
  const after = await loadProblem(q, actor, id);
  const changes = planChanges(planReading(row), planReading(after));
  await recordPlanChange(q, { problemId: id, status: row.status, actorId: actor.id, at: now, changes });
  // a work-in-progress status follows the kind: long-term items run as 长期坚持, the others as 整改中
  const moved = body.rectifyKind ? statusForKind(row.status, body.rectifyKind) : null;
  if (moved) {
    await problemRepo.setStatus(q, id, row.status, moved, now);
    await problemRepo.insertTransition(q, {
      problemId: id,
      action: 'kind_change',
      from: row.status,
      to: moved,
      actorId: actor.id,
      reason: `整改类型改为${KIND_ZH[body.rectifyKind!]}`,
      at: now,
    });
  }
  await writeAudit(q, {
    at: now,
    actorId: actor.id,
    actorName: actor.username,
    action: 'problem.plan',
    objectType: 'problem',
    objectId: id,
    unitId: row.unit_id,
    detail: body,
    ip: actor.ip,
  });
}

/** POST /problems — a node of an inspection's problem tree (at most three levels). */
export async function createProblem(ctx: AppContext, o: { actor: Actor; problem: ProblemCreateBody }) {
  const { actor, problem: body } = o;
  const id = await ctx.db.tx(async (q) => {
    const insp = await inspectionRepo.byId(q, actor.readUnitIds, body.inspectionId);
    if (!insp) throw notFound(`inspection ${body.inspectionId}`, '该巡视巡察轮次');
    enforce('createProblem', policy.createProblem(actor, insp.unit_id));
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
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'problem.create',
      objectType: 'problem',
      objectId: newId,
      unitId: insp.unit_id,
      ip: actor.ip,
    });
    return newId;
  });
  return getProblem(ctx, { actor, problemId: id });
}

/** POST /problems/:id/measures */
export async function addMeasure(ctx: AppContext, o: { actor: Actor; problemId: number; measure: MeasureBody }) {
  const { actor, problemId, measure: body } = o;
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, problemId, true);
    enforce('addMeasure', policy.addMeasure(actor, factsOf(row)));
    if (body.ownerDeptId) await checkDepartments(q, row.unit_id, [body.ownerDeptId]);
    checkMeasureDeadline(row.deadline, body.deadline, (await settingsOf(q, row.unit_id)).rules);
    const now = ctx.clock.now();
    const mid = await problemRepo.insertMeasure(q, {
      problemId,
      text: body.text,
      ownerDeptId: body.ownerDeptId ?? null,
      deadline: body.deadline ?? null,
      now,
    });
    await recordPlanChange(q, {
      problemId,
      status: row.status,
      actorId: actor.id,
      at: now,
      changes: [{ field: 'measureAdded', before: null, after: body.text, measure: { id: mid, name: body.text } }],
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'measure.create',
      objectType: 'measure',
      objectId: mid,
      unitId: row.unit_id,
      ip: actor.ip,
    });
  });
  return getProblem(ctx, { actor, problemId });
}

/**
 * PATCH /measures/:id — 整改办 rewrites a measure; the lead department may only
 * set its status. The change is a 计划变更 in the history; a measure marked done
 * starts a 未启动 problem when the unit's rule says so.
 */
export async function updateMeasure(ctx: AppContext, o: { actor: Actor; measureId: number; change: MeasureUpdateBody }) {
  const { actor, measureId, change: body } = o;
  const problemId = await ctx.db.tx(async (q) => {
    const m = await problemRepo.measureById(q, measureId);
    if (!m) throw notFound(`measure ${measureId}`, '该整改措施');
    const row = await problemRepo.byId(q, scopeOf(actor), m.problem_id, true);
    if (!row) throw notFound(`measure ${measureId}`, '该整改措施');
    const facts = factsOf(row);
    const rewrites = body.text !== undefined || body.ownerDeptId !== undefined || body.deadline !== undefined;
    enforce(
      rewrites ? 'editMeasure' : 'setMeasureStatus',
      rewrites ? policy.editMeasure(actor, facts) : policy.setMeasureStatus(actor, facts),
    );
    if (body.ownerDeptId) await checkDepartments(q, row.unit_id, [body.ownerDeptId]);
    const { rules } = await settingsOf(q, row.unit_id);
    if (body.deadline !== undefined) checkMeasureDeadline(row.deadline, body.deadline, rules);
    const now = ctx.clock.now();
    await problemRepo.updateMeasure(q, measureId, body);
    const after = (await problemRepo.measureById(q, measureId))!;
    const changes = planChanges(measureReading(m), measureReading(after)).map((c) => ({ ...c, measure: { id: m.id, name: after.text } }));
    await recordPlanChange(q, { problemId: m.problem_id, status: row.status, actorId: actor.id, at: now, changes });
    const next = body.status ? afterMeasureStatus({ status: row.status, rectifyKind: row.rectify_kind }, body.status, rules) : row.status;
    if (next !== row.status) {
      await problemRepo.setStatus(q, row.id, row.status, next, now);
      await problemRepo.insertTransition(q, {
        problemId: row.id,
        action: 'start',
        from: row.status,
        to: next,
        actorId: actor.id,
        reason: `整改措施“${after.text.length > 40 ? `${after.text.slice(0, 40)}…` : after.text}”已完成`,
        at: now,
      });
    }
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'measure.update',
      objectType: 'measure',
      objectId: measureId,
      unitId: row.unit_id,
      detail: body,
      ip: actor.ip,
    });
    return m.problem_id;
  });
  return getProblem(ctx, { actor, problemId });
}
