/**
 * The round's problem tree, edited from the browser (issue 7 point 8): read the
 * whole tree, relabel or move a node, delete a node with what is under it. A
 * node is moved or deleted only before anything under it has progress or a
 * review (problems/policy.ts `restructure`); adding nodes is POST /problems and
 * editing title and description is the plan edit (PATCH /problems/:id).
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { ALLOW, abilities, deny, enforce, firstRefusal } from '../../lib/policy.js';
import { scopeOf } from '../auth/actor.js';
import { writeAudit } from '../audit/service.js';
import { inspectionRepo } from '../inspections/repository.js';
import type { ProblemNodeBody } from '../../../domain/schemas/planning.js';
import { planEditCheck } from '../../../domain/workflow/index.js';
import { treeRepo, type TreeRow } from './tree-repository.js';
import { problemRepo } from './repository.js';
import * as policy from './policy.js';

/** The tree has at most three levels (方面 → 类别 → 具体问题). */
const MAX_LEVEL = 3;

interface Sums {
  leaves: number;
  progress: number;
  reviewed: number;
  depth: number;
}

/** Leaves, progress, reviews and depth below each node, summed bottom-up over a flat list. */
function sums(rows: TreeRow[]): Map<number, Sums> {
  const out = new Map<number, Sums>();
  const byLevel = [...rows].sort((a, b) => b.level - a.level);
  for (const r of byLevel) {
    const own = out.get(r.id) ?? { leaves: 0, progress: 0, reviewed: 0, depth: 0 };
    if (r.child_count === 0) own.leaves += 1;
    own.progress += r.progress_count;
    if (r.status === 'closure_requested' || r.status === 'closed') own.reviewed += 1;
    out.set(r.id, own);
    if (r.parent_id != null) {
      const p = out.get(r.parent_id) ?? { leaves: 0, progress: 0, reviewed: 0, depth: 0 };
      p.leaves += own.leaves;
      p.progress += own.progress;
      p.reviewed += own.reviewed;
      p.depth = Math.max(p.depth, own.depth + 1);
      out.set(r.parent_id, p);
    }
  }
  return out;
}

/** Parents before children, siblings in order: the order a tree view reads. */
function treeOrder(rows: TreeRow[]): TreeRow[] {
  const kids = new Map<number | null, TreeRow[]>();
  for (const r of rows) kids.set(r.parent_id, [...(kids.get(r.parent_id) ?? []), r]);
  const out: TreeRow[] = [];
  const walk = (parent: number | null) => {
    for (const r of (kids.get(parent) ?? []).sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

/** GET /inspections/:id/tree — every node of a round with what the actor may do to it. */
export async function problemTree(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const { actor, inspectionId } = o;
  const insp = await inspectionRepo.byId(ctx.db, actor.readUnitIds, inspectionId, actor.deptIds);
  if (!insp) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  const rows = await treeRepo.nodes(ctx.db, inspectionId);
  const s = sums(rows);
  const mayCreate = policy.createProblem(actor, insp.unit_id);
  return {
    inspectionId,
    addProblem: mayCreate.allowed,
    nodes: treeOrder(rows).map((r) => {
      const n = s.get(r.id)!;
      const facts = { unitId: r.unit_id, progressCount: n.progress, reviewedCount: n.reviewed };
      const restructure = policy.restructure(actor, facts);
      return {
        id: r.id,
        parentId: r.parent_id,
        level: r.level,
        label: r.label,
        title: r.title,
        description: r.description,
        sortOrder: r.sort_order,
        status: r.status,
        leafCount: n.leaves,
        progressCount: n.progress,
        abilities: abilities({
          edit: firstRefusal(mayCreate, planEditCheck({ status: r.status, rectifyKind: null })),
          // a leaf with measures or progress is a problem being worked on, not a group to fill
          addChild: firstRefusal(mayCreate, r.level < MAX_LEVEL && r.measure_count === 0 && r.progress_count === 0 ? ALLOW : deny('role')),
          move: restructure,
          delete: restructure,
        }),
      };
    }),
  };
}

/** The node within the actor's scope and its subtree, locked; 404 when it is not the actor's to see. */
async function loadSubtree(q: Parameters<typeof treeRepo.subtree>[0], actor: Actor, id: number) {
  // within the actor's scope (404 otherwise, as for an absent one); the policy then answers 403
  const head = await problemRepo.byId(q, scopeOf(actor), id);
  if (!head) throw notFound(`problem ${id}`, '该问题');
  const rows = await treeRepo.subtree(q, id);
  const s = sums(rows).get(id)!;
  return { node: rows[0], rows, facts: { unitId: head.unit_id, progressCount: s.progress, reviewedCount: s.reviewed }, depth: s.depth };
}

/** PATCH /problems/:id/node — relabel a node, or move it under another parent or to another place among its siblings. */
export async function editNode(ctx: AppContext, o: { actor: Actor; problemId: number; change: ProblemNodeBody }) {
  const { actor, problemId: id, change } = o;
  await ctx.db.tx(async (q) => {
    const { node, rows, facts, depth } = await loadSubtree(q, actor, id);
    const now = ctx.clock.now();
    const moving = change.parentId !== undefined || change.position !== undefined;
    enforce(moving ? 'moveProblem' : 'editProblem', moving ? policy.restructure(actor, facts) : policy.createProblem(actor, facts.unitId));
    if (change.label !== undefined && change.label !== node.label) await treeRepo.setLabel(q, id, change.label, now);
    let parentId = node.parent_id;
    if (moving) {
      const to = change.parentId === undefined ? node.parent_id : change.parentId;
      let level = 1;
      if (to != null) {
        const parent = await problemRepo.node(q, to);
        if (!parent || parent.inspection_id !== node.inspection_id) {
          throw badRequest('parent not in round', '上级问题不在同一轮次', [{ path: 'parentId', message: '上级问题不在同一轮次' }]);
        }
        if (rows.some((r) => r.id === to)) {
          throw badRequest('parent under node', '不能移到它自己或它的下级之下', [
            { path: 'parentId', message: '不能移到它自己或它的下级之下' },
          ]);
        }
        const full = (await treeRepo.subtree(q, to))[0];
        if (full.measure_count > 0 || full.progress_count > 0) {
          const msg = '该上级问题已有整改措施或进展，不能作为分组';
          throw badRequest('parent is a worked problem', msg, [{ path: 'parentId', message: msg }]);
        }
        level = parent.level + 1;
      }
      if (level + depth > MAX_LEVEL) {
        throw badRequest('tree too deep', '问题树最多三级', [{ path: 'parentId', message: '移动后问题树将超过三级' }]);
      }
      if (to !== node.parent_id) {
        await treeRepo.reparent(q, { id, from: node.parent_id, to, subtree: rows.map((r) => r.id), shift: level - node.level, now });
      }
      const siblings = (await treeRepo.siblings(q, node.inspection_id, to)).filter((x) => x !== id);
      const at = Math.min(change.position ?? siblings.length, siblings.length);
      siblings.splice(at, 0, id);
      await treeRepo.renumber(q, siblings);
      if (to !== node.parent_id) await treeRepo.renumber(q, await treeRepo.siblings(q, node.inspection_id, node.parent_id));
      parentId = to;
    }
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: moving ? 'problem.move' : 'problem.relabel',
      objectType: 'problem',
      objectId: id,
      unitId: facts.unitId,
      detail: { ...change, fromParentId: node.parent_id, toParentId: parentId, label: node.label },
      ip: actor.ip,
    });
  });
  return problemTree(ctx, { actor, inspectionId: (await problemRepo.node(ctx.db, id))!.inspection_id });
}

/** DELETE /problems/:id — a node and what is under it, while nothing there has progress or a review. */
export async function deleteProblem(ctx: AppContext, o: { actor: Actor; problemId: number }) {
  const { actor, problemId: id } = o;
  return ctx.db.tx(async (q) => {
    const { node, rows, facts } = await loadSubtree(q, actor, id);
    enforce('deleteProblem', policy.restructure(actor, facts));
    const deleted = await treeRepo.remove(q, { id, parentId: node.parent_id, subtree: rows.map((r) => r.id) });
    await treeRepo.renumber(q, await treeRepo.siblings(q, node.inspection_id, node.parent_id));
    await writeAudit(q, {
      at: ctx.clock.now(),
      actorId: actor.id,
      actorName: actor.username,
      action: 'problem.delete',
      objectType: 'problem',
      objectId: id,
      unitId: facts.unitId,
      // what was removed, so the audit log alone tells what the tree held
      detail: { inspectionId: node.inspection_id, nodes: rows.map((r) => ({ id: r.id, label: r.label, title: r.title })) },
      ip: actor.ip,
    });
    return { deleted };
  });
}
