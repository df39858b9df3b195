import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { beijingDate } from '../../lib/clock.js';
import { writeAudit } from '../audit/service.js';
import { lightOf } from '../../../domain/workflow/index.js';
import { formalismOfText } from '../../../domain/notice/check/formalism.js';
import {
  ORDER_LEVEL_ZH,
  ORDER_STATUS_ZH,
  escalatedLevel,
  orderDueCheck,
  orderNumber,
  orderOpen,
  type OrderLevel,
} from '../../../domain/supervision/index.js';
import type {
  KeyProblemBody,
  OrderIssueBody,
  OrderReplyFields,
  OrderReviewBody,
  OrdersQuery,
} from '../../../domain/schemas/supervision.js';
import { lightInputs } from '../lightrules/sql.js';
import { notificationRepo, type NewNotification } from '../notifications/repository.js';
import { audienceUsers } from '../notifications/audience.js';
import { checkEvidenceType, openBlob, putBlob } from '../progress/store.js';
import { orderRepo, type OrderProblemRow, type OrderRow } from './repository.js';
import { orderDocument } from './document.js';
import { renderDocx } from '../../../domain/document/index.js';
import * as policy from './policy.js';
import { limitOffset, pageOf, type PageQuery } from '../../lib/paging.js';

export const ORDER_ACTION_ZH: Record<string, string> = {
  issue: '下发督办单',
  reply: '回复',
  accept: '审核通过（办结）',
  return: '退回重新回复',
  escalate: '逾期升级',
};

function factsOf(o: OrderRow): policy.OrderFacts {
  return {
    unitId: o.unit_id,
    issuerOrgId: o.issuer_org_id,
    issuerKind: o.issuer_kind,
    deptId: o.dept_id,
    leaderId: o.leader_id,
    status: o.status,
  };
}

function today(ctx: Pick<AppContext, 'clock'>): string {
  return beijingDate(ctx.clock.now());
}

function lightOfRow(p: OrderProblemRow, day: string) {
  const { facts, rules } = lightInputs(p);
  return lightOf({ status: p.status, rectifyKind: p.rectify_kind, deadline: p.deadline, leadDeptId: p.lead_dept_id, ...facts }, day, rules);
}

export function presentSummary(o: OrderRow, day: string) {
  return {
    id: o.id,
    number: orderNumber(o.year, o.seq),
    unit: { id: o.unit_id, name: o.unit_name },
    issuer: { id: o.issuer_org_id, name: o.issuer_name },
    dept: { id: o.dept_id, name: o.dept_name },
    leader: o.leader_id != null && o.leader_name != null ? { id: o.leader_id, name: o.leader_name } : null,
    level: o.level,
    levelZh: ORDER_LEVEL_ZH[o.level],
    status: o.status,
    statusZh: ORDER_STATUS_ZH[o.status],
    replyDue: o.reply_due,
    overdue: orderOpen(o.status) && o.reply_due < day,
    problemCount: o.problem_count,
    issuedAt: o.issued_at,
  };
}

async function loadOrder(q: Queryable, actor: Actor, id: number, forUpdate = false): Promise<OrderRow> {
  const o = await orderRepo.byId(q, scopeOf(actor), id, forUpdate);
  if (!o) throw notFound(`order ${id}`, '该督办单');
  return o;
}

/** In-app notices of an order step to its audiences (inside the step's transaction: they commit with it). */
async function notifyOrder(
  q: Queryable,
  o:
    | OrderRow
    | {
        id: number;
        unit_id: number;
        dept_id: number;
        leader_id: number | null;
        issuer_org_id: number;
        issuer_kind: 'office' | 'unit';
        year: number;
        seq: number;
      },
  n: {
    kind: NewNotification['kind'];
    stateKey: string;
    audiences: Parameters<typeof audienceUsers>[1];
    title: string;
    body: string;
    keyLeaderIds?: number[];
    except?: number;
  },
  at: Date,
) {
  const dir = await notificationRepo.directory(q);
  const users = audienceUsers(dir, n.audiences, {
    unitId: o.unit_id,
    officeId: null,
    orderDeptId: o.dept_id,
    orderLeaderId: o.leader_id,
    keyLeaderIds: n.keyLeaderIds,
    issuer: { orgId: o.issuer_org_id, kind: o.issuer_kind },
  }).filter((u) => u !== n.except);
  await notificationRepo.insertMany(
    q,
    users.map((userId) => ({
      userId,
      unitId: o.unit_id,
      kind: n.kind,
      subjectType: 'order',
      subjectId: o.id,
      stateKey: n.stateKey,
      title: n.title,
      body: n.body,
      link: `/supervision/orders/${o.id}`,
    })),
    at,
  );
}

/**
 * POST /units/:id/orders — issue a supervision order: guard (issuer, the problems
 * are open leaves of the unit, the department is the unit's, the deadline not
 * past) → the order with its number → the problems' lights → history, audit,
 * inbox of the department and the leader; one transaction.
 */
export async function issueOrder(ctx: AppContext, o: { actor: Actor; unitId: number; body: OrderIssueBody }) {
  const { actor, unitId, body } = o;
  const id = await ctx.db.tx(async (q) => {
    const unit = await orderRepo.unit(q, unitId);
    if (!unit) throw notFound(`unit ${unitId}`, '该单位');
    enforce('issueOrder', policy.issueOrder(actor, unitId, unit.parent_id));
    const day = today(ctx);
    enforce('issueOrder', orderDueCheck(body.replyDue, day));
    const dept = await orderRepo.deptOf(q, body.deptId);
    if (!dept || dept.unit_id !== unitId)
      throw badRequest('department not of unit', '所选部门不属于该单位', [{ path: 'deptId', message: '部门不属于该单位' }]);
    if (body.leaderId != null && !(await orderRepo.isLeaderOf(q, body.leaderId, unitId))) {
      throw badRequest('leader not of unit', '所选领导不是该单位的责任领导', [{ path: 'leaderId', message: '不是该单位的领导' }]);
    }
    const ids = [...new Set(body.problemIds)];
    const problems = await orderRepo.problems(q, ids);
    const bad = ids.filter(
      (pid) => !problems.some((p) => p.id === pid && p.unit_id === unitId && p.child_count === 0 && p.status !== 'closed'),
    );
    if (bad.length) {
      throw badRequest('problems not open leaves of unit', `所选问题中有 ${bad.length} 项不属于该单位、已销号或是问题分组`, [
        { path: 'problemIds', message: `无效的问题：${bad.join('、')}` },
      ]);
    }
    const issuer = policy.issuerFor(actor, unitId, unit.parent_id);
    const at = ctx.clock.now();
    const year = Number(day.slice(0, 4));
    const seq = await orderRepo.nextSeq(q, issuer.orgId, year);
    const orderId = await orderRepo.insert(q, {
      unitId,
      issuerOrgId: issuer.orgId,
      year,
      seq,
      deptId: body.deptId,
      leaderId: body.leaderId ?? null,
      level: body.level,
      demands: body.demands,
      replyDue: body.replyDue,
      by: actor.id,
      at,
      problemIds: ids,
    });
    await orderRepo.refreshProblems(q, ids);
    await orderRepo.event(q, {
      orderId,
      action: 'issue',
      from: null,
      to: 'issued',
      actorId: actor.id,
      reason: body.demands,
      detail: { level: body.level, replyDue: body.replyDue },
      at,
    });
    const number = orderNumber(year, seq);
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: 'order.issue',
      objectType: 'supervision_order',
      objectId: orderId,
      unitId,
      detail: {
        number,
        issuer: issuer.orgId,
        deptId: body.deptId,
        leaderId: body.leaderId ?? null,
        level: body.level,
        replyDue: body.replyDue,
        problemIds: ids,
      },
      ip: actor.ip,
    });
    const keyLeaderIds = problems.filter((p) => p.is_key && p.key_leader_id != null).map((p) => p.key_leader_id!);
    await notifyOrder(
      q,
      {
        id: orderId,
        unit_id: unitId,
        dept_id: body.deptId,
        leader_id: body.leaderId ?? null,
        issuer_org_id: issuer.orgId,
        issuer_kind: issuer.kind,
        year,
        seq,
      },
      {
        kind: 'order_issued',
        stateKey: 'issued',
        audiences: ['order_dept', 'order_leader', 'key_leader'],
        keyLeaderIds,
        title: `督办单${number}（${ORDER_LEVEL_ZH[body.level]}）：请于${body.replyDue}前回复`,
        body: `${dept.name}：${problems.length} 个问题列入${ORDER_LEVEL_ZH[body.level]}，请于 ${body.replyDue} 前书面回复整改落实情况并附佐证材料。`,
      },
      at,
    );
    return orderId;
  });
  return getOrder(ctx, { actor, orderId: id });
}

/** GET /orders/:id */
export async function getOrder(ctx: AppContext, o: { actor: Actor; orderId: number }) {
  const order = await loadOrder(ctx.db, o.actor, o.orderId);
  const day = today(ctx);
  const [pids, replies, events] = await Promise.all([
    orderRepo.problemIds(ctx.db, order.id),
    orderRepo.replies(ctx.db, order.id),
    orderRepo.events(ctx.db, order.id),
  ]);
  const problems = await orderRepo.problems(ctx.db, pids);
  const facts = factsOf(order);
  return {
    ...presentSummary(order, day),
    demands: order.demands,
    issuedBy: { id: order.issued_by, name: order.issued_by_name },
    problems: problems.map((p) => ({
      id: p.id,
      label: p.label,
      title: p.title,
      status: p.status,
      deadline: p.deadline,
      light: lightOfRow(p, day),
    })),
    replies: replies.map((r) => ({
      id: r.id,
      author: { id: r.author_id, name: r.author_name },
      text: r.text,
      formalism: r.formalism ?? [],
      evidence: r.evidence,
      createdAt: r.created_at,
    })),
    history: events.map((e) => ({
      action: e.action,
      actionZh: ORDER_ACTION_ZH[e.action] ?? e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: { id: e.actor_id, name: e.actor_name },
      reason: e.reason,
      createdAt: e.created_at,
    })),
    abilities: abilities({ reply: policy.replyOrder(o.actor, facts), review: policy.reviewOrder(o.actor, facts) }),
  };
}

/** GET /orders — the orders the actor sees (the unit's readers, the addressed department), waiting ones first. */
export async function listOrders(ctx: AppContext, o: { actor: Actor; query: OrdersQuery }) {
  const { rows, total } = await orderRepo.page(ctx.db, scopeOf(o.actor), o.query);
  const day = today(ctx);
  return { items: rows.map((r) => presentSummary(r, day)), total, page: o.query.page, pageSize: o.query.pageSize };
}

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** POST /orders/:id/reply — the department's written reply with evidence; the formalism rule's warnings are kept with it. */
export async function replyOrder(ctx: AppContext, o: { actor: Actor; orderId: number; fields: OrderReplyFields; files: UploadedFile[] }) {
  const { actor, orderId } = o;
  await loadOrder(ctx.db, actor, orderId);
  const typed = o.files.map((f) => ({ ...f, mime: checkEvidenceType(f.filename, f.bytes) }));
  const stored: (UploadedFile & { mime: string; digest: string })[] = [];
  for (const f of typed) stored.push({ ...f, digest: await putBlob(ctx.config, f.bytes) });
  await ctx.db.tx(async (q) => {
    const order = await loadOrder(q, actor, orderId, true);
    enforce('replyOrder', policy.replyOrder(actor, factsOf(order)));
    const at = ctx.clock.now();
    const formalism = formalismOfText(o.fields.text, '督办回复');
    const replyId = await orderRepo.insertReply(q, { orderId, authorId: actor.id, text: o.fields.text, formalism, at });
    for (const f of stored)
      await orderRepo.insertEvidence(q, {
        replyId,
        orderId,
        digest: f.digest,
        filename: f.filename,
        mime: f.mime,
        size: f.bytes.length,
        at,
      });
    await orderRepo.setStatus(q, orderId, order.status, 'replied', at);
    await orderRepo.refreshProblems(q, await orderRepo.problemIds(q, orderId));
    await orderRepo.event(q, {
      orderId,
      action: 'reply',
      from: order.status,
      to: 'replied',
      actorId: actor.id,
      reason: null,
      detail: { replyId, formalism: formalism.length },
      at,
    });
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: 'order.reply',
      objectType: 'supervision_order',
      objectId: orderId,
      unitId: order.unit_id,
      detail: { replyId, evidence: stored.map((f) => f.digest), formalism: formalism.map((w) => w.message) },
      ip: actor.ip,
    });
    const number = orderNumber(order.year, order.seq);
    await notifyOrder(
      q,
      order,
      {
        kind: 'order_replied',
        stateKey: `reply:${replyId}`,
        audiences: ['issuer'],
        except: actor.id,
        title: `督办单${number}已回复，请审核`,
        body: `${order.dept_name}已回复督办单${number}${formalism.length ? '（回复有形式主义提示）' : ''}。`,
      },
      at,
    );
  });
  return getOrder(ctx, { actor, orderId });
}

/** POST /orders/:id/review — the issuer accepts the reply (办结) or returns it, optionally with a new reply deadline. */
export async function reviewOrder(ctx: AppContext, o: { actor: Actor; orderId: number; body: OrderReviewBody }) {
  const { actor, orderId, body } = o;
  await ctx.db.tx(async (q) => {
    const order = await loadOrder(q, actor, orderId, true);
    enforce('reviewOrder', policy.reviewOrder(actor, factsOf(order)));
    const day = today(ctx);
    if (body.decision === 'return' && body.replyDue) enforce('reviewOrder', orderDueCheck(body.replyDue, day));
    const at = ctx.clock.now();
    const to = body.decision === 'accept' ? 'accepted' : 'returned';
    await orderRepo.setStatus(q, orderId, 'replied', to, at, body.decision === 'return' ? body.replyDue : undefined);
    await orderRepo.refreshProblems(q, await orderRepo.problemIds(q, orderId));
    await orderRepo.event(q, {
      orderId,
      action: body.decision,
      from: 'replied',
      to,
      actorId: actor.id,
      reason: body.reason,
      detail: body.replyDue ? { replyDue: body.replyDue } : null,
      at,
    });
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: `order.${body.decision}`,
      objectType: 'supervision_order',
      objectId: orderId,
      unitId: order.unit_id,
      detail: { reason: body.reason, replyDue: body.replyDue ?? null },
      ip: actor.ip,
    });
    const number = orderNumber(order.year, order.seq);
    await notifyOrder(
      q,
      order,
      {
        kind: 'order_reviewed',
        stateKey: `${body.decision}:${at.toISOString()}`,
        audiences: ['order_dept', 'order_leader'],
        except: actor.id,
        title: body.decision === 'accept' ? `督办单${number}已办结` : `督办单${number}被退回，请重新回复`,
        body:
          body.decision === 'accept'
            ? `审核意见：${body.reason}`
            : `退回理由：${body.reason}${body.replyDue ? `；请于 ${body.replyDue} 前重新回复` : ''}`,
      },
      at,
    );
  });
  return getOrder(ctx, { actor, orderId });
}

/**
 * A missed reply deadline (the daily evaluation, as the system): the level one step
 * up, its history row and audit row, in the caller's transaction. False when it was
 * escalated for this deadline already (another server, or an earlier run).
 */
export async function escalateOrder(
  q: Queryable,
  o: { id: number; unitId: number; replyDue: string; level: OrderLevel; at: Date },
): Promise<boolean> {
  const to = escalatedLevel(o.level);
  if (!(await orderRepo.escalate(q, o.id, o.replyDue, to, o.at))) return false;
  await orderRepo.event(q, {
    orderId: o.id,
    action: 'escalate',
    from: null,
    to: null,
    actorId: null,
    reason: `回复时限 ${o.replyDue} 已过`,
    detail: { from: o.level, to },
    at: o.at,
  });
  await writeAudit(q, {
    at: o.at,
    actorId: null,
    actorName: 'scheduler',
    action: 'order.escalate',
    objectType: 'supervision_order',
    objectId: o.id,
    unitId: o.unitId,
    detail: { replyDue: o.replyDue, from: o.level, to },
  });
  return true;
}

/** GET /orders/:id/docx — the 督办通知单. */
export async function orderDocx(ctx: AppContext, o: { actor: Actor; orderId: number }) {
  const order = await loadOrder(ctx.db, o.actor, o.orderId);
  const problems = await orderRepo.problems(ctx.db, await orderRepo.problemIds(ctx.db, order.id));
  const doc = orderDocument(order, problems, beijingDate(order.issued_at));
  return { bytes: await renderDocx(doc), filename: `督办通知单${orderNumber(order.year, order.seq)}.docx` };
}

/** GET /order-evidence/:id — a file of a reply the actor may see. */
export async function orderEvidence(ctx: AppContext, o: { actor: Actor; evidenceId: number }) {
  const ev = await orderRepo.evidence(ctx.db, o.evidenceId);
  if (!ev) throw notFound(`evidence ${o.evidenceId}`, '该佐证材料');
  await loadOrder(ctx.db, o.actor, ev.order_id).catch(() => {
    throw notFound(`evidence ${o.evidenceId}`, '该佐证材料');
  });
  return { ...ev, ...(await openBlob(ctx.config, ev.digest)) };
}

/** POST /problems/:id/key — 重点难点 and the leader who takes it in hand (领导领办), or unmark. */
export async function markKeyProblem(ctx: AppContext, o: { actor: Actor; problemId: number; body: KeyProblemBody }) {
  const { actor, problemId, body } = o;
  await ctx.db.tx(async (q) => {
    const p = (await orderRepo.problems(q, [problemId]))[0];
    const visible = p && (actor.readUnitIds.includes(p.unit_id) || (p.lead_dept_id != null && actor.deptIds.includes(p.lead_dept_id)));
    if (!p || !visible) throw notFound(`problem ${problemId}`, '该问题');
    enforce('markKeyProblem', policy.markKeyProblem(actor, p.unit_id));
    if (body.isKey && !(await orderRepo.isLeaderOf(q, body.leaderId!, p.unit_id))) {
      throw badRequest('leader not of unit', '领办领导须是该单位的领导', [{ path: 'leaderId', message: '不是该单位的领导' }]);
    }
    const at = ctx.clock.now();
    await orderRepo.setKey(q, problemId, { isKey: body.isKey, leaderId: body.leaderId ?? null, at });
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: body.isKey ? 'problem.key' : 'problem.unkey',
      objectType: 'problem',
      objectId: problemId,
      unitId: p.unit_id,
      detail: { before: { isKey: p.is_key, leaderId: p.key_leader_id }, after: { isKey: body.isKey, leaderId: body.leaderId ?? null } },
      ip: actor.ip,
    });
  });
  // answers the first page of the list, as GET /key-problems without paging would
  return keyProblems(ctx, { actor, query: { page: 1, pageSize: 50 } });
}

/** GET /key-problems — 重点难点问题 in the actor's scope, open ones first. */
export async function keyProblems(ctx: AppContext, o: { actor: Actor; query: PageQuery }) {
  const s = scopeOf(o.actor);
  const { rows, total } = await orderRepo.keyProblems(ctx.db, { unitIds: s.unitIds, deptIds: s.deptIds, ...limitOffset(o.query) });
  const day = today(ctx);
  return {
    ...pageOf([], total, o.query),
    items: rows.map((p) => ({
      id: p.id,
      label: p.label,
      title: p.title,
      unit: { id: p.unit_id, name: p.unit_name },
      leadDept: p.lead_dept_id != null && p.dept_name != null ? { id: p.lead_dept_id, name: p.dept_name } : null,
      keyLeader: p.key_leader_id != null && p.key_leader_name != null ? { id: p.key_leader_id, name: p.key_leader_name } : null,
      status: p.status,
      deadline: p.deadline,
      light: lightOfRow(p, day),
    })),
  };
}

/** POST /formalism-check — the rule on a text being written (the form warns before it is sent). */
export function formalismCheck(o: { text: string; what: 'progress' | 'reply' }) {
  return { warnings: formalismOfText(o.text, o.what === 'reply' ? '督办回复' : '整改进展') };
}
