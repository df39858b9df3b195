/**
 * Planning many problems at once (issue 7 point 7): after an import an office
 * plans sixty items, not sixty dialogs.
 *
 * - POST /problems/plan-batch applies one plan per problem — the same plan for
 *   the selected rows (bulk edit), one cell (the ledger's inline editing and its
 *   undo), or each row of an Excel ledger (plan import) — in ONE transaction:
 *   every problem passes the same guards as PATCH /problems/:id and gets its own
 *   计划变更 history entry (`applyPlan`), or nothing is written.
 * - POST /inspections/:id/plan-import/preview reads the office's own 台账 with
 *   the notice reader's ledger path, matches its rows to the round's problems by
 *   label and title (domain/planning/match.ts) and resolves department and leader
 *   names; nothing is written — the web sends the accepted rows to plan-batch.
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { inspectionRepo } from '../inspections/repository.js';
import { orgRepo } from '../orgs/repository.js';
import { readNoticeOffThread } from '../imports/notice-reader.js';
import { NoticeInputError, type NoticeNode } from '../../../domain/notice/index.js';
import { matchPlanRows } from '../../../domain/planning/match.js';
import type { PlanBatchBody } from '../../../domain/schemas/planning.js';
import type { RectifyKind } from '../../../domain/workflow/index.js';
import { applyPlan } from './service.js';
import { planRepo, planUnits } from './tree-repository.js';
import * as policy from './policy.js';

const SOURCE_ZH = { bulk: '批量修改', import: '导入计划', inline: '台账内编辑' } as const;

/**
 * A refusal of one item, told as that item's: "第 3 项（（一）1. …）：…", and a
 * 400's field paths under `items.<i>.plan`, so the web can point at the row.
 */
function aboutItem(e: unknown, i: number, id: number, name: string | undefined): unknown {
  if (!(e instanceof AppError)) return e;
  // a problem the actor may not see is not named: its title would tell what a 404 must not
  const who = `第 ${i + 1} 项${name && e.code !== 'not_found' ? `（${name}）` : ''}：`;
  const details = Array.isArray(e.details)
    ? e.details.map((d: { path?: string; message?: string }) => ({ ...d, path: `items.${i}.plan${d.path ? `.${d.path}` : ''}` }))
    : { ...(typeof e.details === 'object' && e.details ? e.details : {}), item: i, problemId: id };
  return new AppError(e.code, { message: `item ${i} (problem ${id}): ${e.message}`, userMessage: `${who}${e.userMessage}`, details });
}

/** POST /problems/plan-batch */
export async function planBatch(ctx: AppContext, o: { actor: Actor; batch: PlanBatchBody }) {
  const { actor, batch } = o;
  const ids = batch.items.map((i) => i.id);
  await ctx.db.tx(async (q) => {
    const names = await planRepo.names(q, ids);
    const now = ctx.clock.now();
    // one lock order for every batch (ascending ids): two offices' batches over the same rows cannot deadlock
    const order = batch.items.map((item, i) => ({ item, i })).sort((a, b) => a.item.id - b.item.id);
    const units = new Set<number>();
    for (const { item, i } of order) {
      try {
        await applyPlan(q, { actor, problemId: item.id, plan: item.plan, now });
      } catch (e) {
        throw aboutItem(e, i, item.id, names.get(item.id));
      }
    }
    for (const u of await planUnits.of(q, ids)) units.add(u);
    for (const unitId of units) {
      await writeAudit(q, {
        at: now,
        actorId: actor.id,
        actorName: actor.username,
        action: 'problem.plan_batch',
        objectType: 'unit',
        objectId: unitId,
        unitId,
        detail: { source: batch.source, sourceZh: SOURCE_ZH[batch.source], problems: ids.length, ids },
        ip: actor.ip,
      });
    }
  });
  return { updated: ids.length, ids };
}

const KIND: Record<NonNullable<NoticeNode['rectifyKind']>, RectifyKind> = {
  立行立改: 'immediate',
  限期整改: 'deadline',
  长期坚持: 'long_term',
};

/** "2026-06" (a month) → its last day; a full date stays. */
function dayOf(d: string): string {
  if (/^\d{4}-\d{2}$/.test(d)) {
    const [y, m] = d.split('-').map(Number);
    return `${d}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  }
  return d;
}

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** A name of the list: the same, or the only one containing it or contained in it ("局办公室" → "办公室"). */
function findByName<T>(list: T[], nameOf: (t: T) => string, wanted: string): T | undefined {
  const w = squash(wanted);
  if (!w) return undefined;
  const same = list.filter((t) => squash(nameOf(t)) === w);
  if (same.length === 1) return same[0];
  const near = list.filter((t) => {
    const n = squash(nameOf(t));
    return n.length >= 2 && (w.includes(n) || n.includes(w));
  });
  return near.length === 1 ? near[0] : undefined;
}

/** POST /inspections/:id/plan-import/preview — reads, matches and resolves; writes nothing. */
export async function planImportPreview(ctx: AppContext, o: { actor: Actor; inspectionId: number; filename: string; bytes: Uint8Array }) {
  const { actor, inspectionId } = o;
  const insp = await inspectionRepo.byId(ctx.db, actor.readUnitIds, inspectionId, actor.deptIds);
  if (!insp) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  enforce('importPlan', policy.createProblem(actor, insp.unit_id));
  const isZip = o.bytes[0] === 0x50 && o.bytes[1] === 0x4b;
  if (!isZip || !/\.xlsx$/i.test(o.filename)) {
    throw badRequest('not an xlsx', '请上传 Excel 台账（.xlsx 文件）', [{ path: 'file', message: '应为 .xlsx 文件' }]);
  }
  let nodes: NoticeNode[];
  try {
    const parsed = await readNoticeOffThread(o.bytes, o.filename);
    nodes = parsed.nodes.filter((n) => n.kind === 'problem');
  } catch (e) {
    if (e instanceof NoticeInputError)
      throw badRequest(`plan ledger refused: ${e.message}`, e.userMessage, [{ path: 'file', message: e.userMessage }]);
    throw e;
  }
  if (!nodes.length) {
    const msg = '没有在表格中找到问题行：请确认台账有“问题”或“具体问题”一列及表头';
    throw badRequest('no problem rows', msg, [{ path: 'file', message: msg }]);
  }
  const [leaves, depts, leaders] = await Promise.all([
    planRepo.leaves(ctx.db, inspectionId),
    orgRepo.departments(ctx.db, insp.unit_id),
    orgRepo.leaders(ctx.db, insp.unit_id),
  ]);
  const { matches, ambiguous } = matchPlanRows(
    nodes.map((n) => ({ label: n.label, title: n.title, text: n.text })),
    leaves,
  );
  const byId = new Map(leaves.map((l) => [l.id, l]));
  const rows = nodes.map((n, i) => {
    const m = matches[i];
    const target = m ? byId.get(m.targetId) : undefined;
    const issues: string[] = [];
    const plan: { leadDeptId?: number; cooperatingDeptIds?: number[]; leaderId?: number; deadline?: string; rectifyKind?: RectifyKind } =
      {};
    if (n.leadDepartment) {
      // a cell naming several lead departments: the first leads, the others cooperate
      const [first, ...more] = n.leadDepartment.split(/[、，,；;\s]+/).filter(Boolean);
      const d = findByName(depts, (x) => x.name, first);
      if (d) plan.leadDeptId = d.id;
      else issues.push(`牵头部门“${first}”不是本单位的部门`);
      if (more.length) n.cooperatingDepartments = [...more, ...(n.cooperatingDepartments ?? [])];
    }
    if (n.cooperatingDepartments?.length) {
      const found: number[] = [];
      for (const name of n.cooperatingDepartments) {
        const d = findByName(depts, (x) => x.name, name);
        if (d && d.id !== plan.leadDeptId) found.push(d.id);
        else if (!d) issues.push(`配合部门“${name}”不是本单位的部门`);
      }
      if (found.length) plan.cooperatingDeptIds = [...new Set(found)];
    }
    if (n.leader) {
      const [first] = n.leader.split(/[、，,；;\s]+/).filter(Boolean);
      const l = findByName(leaders, (x) => x.display_name, first ?? n.leader);
      if (l) plan.leaderId = l.id;
      else issues.push(`责任领导“${n.leader}”没有本单位责任领导账号，未导入`);
    }
    if (n.rectifyKind) plan.rectifyKind = KIND[n.rectifyKind];
    if (n.deadline && plan.rectifyKind !== 'long_term') {
      const day = dayOf(n.deadline);
      if (target?.deadline && target.deadline !== day)
        issues.push(`该问题已设定整改时限 ${target.deadline}，只能通过延期申请调整；本行时限 ${day} 未导入`);
      else if (!target?.deadline) plan.deadline = day;
    }
    if (target?.status === 'closed') issues.push('该问题已销号，不导入计划');
    if (!m) issues.push(ambiguous.has(i) ? '与多个问题同样相近，请在台账中核对标题' : '未找到对应的问题');
    return {
      line: n.line,
      label: n.label,
      title: n.title,
      cells: {
        leader: n.leader ?? null,
        leadDept: n.leadDepartment ?? null,
        cooperatingDepts: n.cooperatingDepartments ?? [],
        deadline: n.deadline ?? null,
        kind: n.rectifyKind ?? null,
      },
      match: m && target ? { problemId: target.id, label: target.label, title: target.title, by: m.by, score: m.score } : null,
      ambiguous: ambiguous.has(i),
      plan: target?.status === 'closed' ? {} : plan,
      issues,
    };
  });
  const matchedIds = new Set(rows.flatMap((r) => (r.match ? [r.match.problemId] : [])));
  return {
    filename: o.filename,
    rows,
    unmatchedProblems: leaves.filter((l) => !matchedIds.has(l.id)).map((l) => ({ id: l.id, label: l.label, title: l.title })),
    matched: matchedIds.size,
    problems: leaves.length,
  };
}
