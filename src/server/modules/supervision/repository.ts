import type { Queryable } from '../../db/index.js';
import type { OrderLevel, OrderStatus } from '../../../domain/supervision/index.js';
import type { ProblemStatus, RectifyKind } from '../../../domain/workflow/index.js';
import { LIGHT_COLUMNS, LIGHT_RULES_JOIN, type LightColumns } from '../lightrules/sql.js';

export interface OrderRow {
  id: number;
  unit_id: number;
  unit_name: string;
  issuer_org_id: number;
  issuer_name: string;
  issuer_kind: 'office' | 'unit';
  year: number;
  seq: number;
  dept_id: number;
  dept_name: string;
  leader_id: number | null;
  leader_name: string | null;
  level: OrderLevel;
  demands: string;
  reply_due: string;
  status: OrderStatus;
  escalated_for: string | null;
  issued_by: number;
  issued_by_name: string | null;
  issued_at: Date;
  problem_count: number;
}

export interface OrderProblemRow extends LightColumns {
  id: number;
  label: string;
  title: string;
  status: ProblemStatus;
  rectify_kind: RectifyKind | null;
  deadline: string | null;
  lead_dept_id: number | null;
  unit_id: number;
  child_count: number;
  is_key: boolean;
  key_leader_id: number | null;
}

const SELECT = `
SELECT o.id, o.unit_id, un.name AS unit_name, o.issuer_org_id, io.name AS issuer_name, io.kind AS issuer_kind, o.year, o.seq,
       o.dept_id, d.name AS dept_name, o.leader_id, lu.display_name AS leader_name, o.level, o.demands, o.reply_due, o.status,
       o.escalated_for, o.issued_by, iu.display_name AS issued_by_name, o.issued_at,
       (SELECT count(*)::int FROM supervision_order_problems op WHERE op.order_id = o.id) AS problem_count
  FROM supervision_orders o
  JOIN organizations un ON un.id = o.unit_id
  JOIN organizations io ON io.id = o.issuer_org_id
  JOIN organizations d ON d.id = o.dept_id
  LEFT JOIN users lu ON lu.id = o.leader_id
  LEFT JOIN users iu ON iu.id = o.issued_by`;

/** Who may see an order: its unit's readers, or the department it is addressed to. */
const VISIBLE = (u: string, d: string) => `(o.unit_id = ANY(${u}::int[]) OR o.dept_id = ANY(${d}::int[]))`;

export const orderRepo = {
  async byId(q: Queryable, scope: { unitIds: number[]; deptIds: number[] }, id: number, forUpdate = false): Promise<OrderRow | null> {
    if (forUpdate) {
      const l = await q.query(`SELECT o.id FROM supervision_orders o WHERE o.id = $3 AND ${VISIBLE('$1', '$2')} FOR UPDATE`, [
        scope.unitIds,
        scope.deptIds,
        id,
      ]);
      if (!l.rowCount) return null;
    }
    return (
      (await q.query<OrderRow>(`${SELECT} WHERE o.id = $3 AND ${VISIBLE('$1', '$2')}`, [scope.unitIds, scope.deptIds, id])).rows[0] ?? null
    );
  },
  async page(
    q: Queryable,
    scope: { unitIds: number[]; deptIds: number[] },
    f: { unitId?: number; status?: OrderStatus; page: number; pageSize: number },
  ) {
    const rows = (
      await q.query<OrderRow & { total: number }>(
        `${SELECT.replace('FROM supervision_orders o', ', count(*) OVER ()::int AS total FROM supervision_orders o')}
        WHERE ${VISIBLE('$1', '$2')} AND ($3::int IS NULL OR o.unit_id = $3::int) AND ($4::text IS NULL OR o.status = $4::text)
        ORDER BY o.status IN ('accepted') , o.reply_due, o.id DESC LIMIT $5 OFFSET $6`,
        [scope.unitIds, scope.deptIds, f.unitId ?? null, f.status ?? null, f.pageSize, (f.page - 1) * f.pageSize],
      )
    ).rows;
    return { rows, total: rows[0]?.total ?? 0 };
  },
  /** The problems of an order (or the ones asked for, to issue one), with what their lights need. */
  async problems(q: Queryable, ids: number[]): Promise<OrderProblemRow[]> {
    return (
      await q.query<OrderProblemRow>(
        `SELECT p.id, p.label, p.title, p.status, p.rectify_kind, p.deadline, p.lead_dept_id, p.unit_id, p.child_count,
              p.is_key, p.key_leader_id,
              ${LIGHT_COLUMNS}
         FROM problems p ${LIGHT_RULES_JOIN} WHERE p.id = ANY($1::int[]) ORDER BY p.inspection_id, p.sort_order, p.id`,
        [ids],
      )
    ).rows;
  },
  async problemIds(q: Queryable, orderId: number): Promise<number[]> {
    return (
      await q.query<{ problem_id: number }>('SELECT problem_id FROM supervision_order_problems WHERE order_id = $1 ORDER BY problem_id', [
        orderId,
      ])
    ).rows.map((r) => r.problem_id);
  },
  /** The next number of an issuer in a year; the issuer's row is locked so two issues at once get consecutive numbers. */
  async nextSeq(q: Queryable, issuerOrgId: number, year: number): Promise<number> {
    await q.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [issuerOrgId]);
    return (
      await q.query<{ n: number }>('SELECT COALESCE(max(seq), 0) + 1 AS n FROM supervision_orders WHERE issuer_org_id = $1 AND year = $2', [
        issuerOrgId,
        year,
      ])
    ).rows[0].n;
  },
  async insert(
    q: Queryable,
    v: {
      unitId: number;
      issuerOrgId: number;
      year: number;
      seq: number;
      deptId: number;
      leaderId: number | null;
      level: OrderLevel;
      demands: string;
      replyDue: string;
      by: number;
      at: Date;
      problemIds: number[];
    },
  ): Promise<number> {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO supervision_orders (unit_id, issuer_org_id, year, seq, dept_id, leader_id, level, demands, reply_due,
              status, issued_by, issued_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'issued', $10, $11, $11) RETURNING id`,
        [v.unitId, v.issuerOrgId, v.year, v.seq, v.deptId, v.leaderId, v.level, v.demands, v.replyDue, v.by, v.at],
      )
    ).rows[0].id;
    await q.query('INSERT INTO supervision_order_problems (order_id, problem_id) SELECT $1, unnest($2::int[])', [id, v.problemIds]);
    return id;
  },
  /** Moves the status when it is still `from`; false when someone moved it first. */
  async setStatus(q: Queryable, id: number, from: OrderStatus, to: OrderStatus, at: Date, replyDue?: string): Promise<boolean> {
    const r = await q.query(
      'UPDATE supervision_orders SET status = $3, updated_at = $4, reply_due = COALESCE($5::date, reply_due) WHERE id = $1 AND status = $2',
      [id, from, to, at, replyDue ?? null],
    );
    return r.rowCount === 1;
  },
  /** A missed reply deadline: the level one step up, once for that deadline. */
  async escalate(q: Queryable, id: number, replyDue: string, level: OrderLevel, at: Date): Promise<boolean> {
    const r = await q.query(
      `UPDATE supervision_orders SET level = $3, escalated_for = $2, updated_at = $4
        WHERE id = $1 AND reply_due = $2 AND escalated_for IS DISTINCT FROM $2 AND status IN ('issued', 'returned')`,
      [id, replyDue, level, at],
    );
    return r.rowCount === 1;
  },
  async event(
    q: Queryable,
    v: {
      orderId: number;
      action: string;
      from: string | null;
      to: string | null;
      actorId: number | null;
      reason: string | null;
      detail?: unknown;
      at: Date;
    },
  ) {
    await q.query(
      `INSERT INTO supervision_order_events (order_id, action, from_status, to_status, actor_id, reason, detail, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [v.orderId, v.action, v.from, v.to, v.actorId, v.reason, v.detail == null ? null : JSON.stringify(v.detail), v.at],
    );
  },
  async events(q: Queryable, orderId: number) {
    return (
      await q.query<{
        action: string;
        from_status: string | null;
        to_status: string | null;
        actor_id: number | null;
        actor_name: string | null;
        reason: string | null;
        created_at: Date;
      }>(
        `SELECT e.action, e.from_status, e.to_status, e.actor_id, u.display_name AS actor_name, e.reason, e.created_at
         FROM supervision_order_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.order_id = $1 ORDER BY e.id`,
        [orderId],
      )
    ).rows;
  },
  async insertReply(q: Queryable, v: { orderId: number; authorId: number; text: string; formalism: unknown[]; at: Date }): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO supervision_replies (order_id, author_id, text, formalism, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
              RETURNING id`,
        [v.orderId, v.authorId, v.text, v.formalism.length ? JSON.stringify(v.formalism) : null, v.at],
      )
    ).rows[0].id;
  },
  async insertEvidence(
    q: Queryable,
    v: { replyId: number; orderId: number; digest: string; filename: string; mime: string; size: number; at: Date },
  ) {
    await q.query(
      `INSERT INTO supervision_evidence (reply_id, order_id, digest, filename, mime, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [v.replyId, v.orderId, v.digest, v.filename, v.mime, v.size, v.at],
    );
  },
  async replies(q: Queryable, orderId: number) {
    return (
      await q.query<{
        id: number;
        author_id: number;
        author_name: string | null;
        text: string;
        formalism: { message: string; suggestion: string }[] | null;
        created_at: Date;
        evidence: { id: number; filename: string; size: number }[];
      }>(
        `SELECT r.id, r.author_id, u.display_name AS author_name, r.text, r.formalism, r.created_at,
              COALESCE((SELECT json_agg(json_build_object('id', e.id, 'filename', e.filename, 'size', e.size) ORDER BY e.id)
                          FROM supervision_evidence e WHERE e.reply_id = r.id), '[]'::json) AS evidence
         FROM supervision_replies r LEFT JOIN users u ON u.id = r.author_id WHERE r.order_id = $1 ORDER BY r.id`,
        [orderId],
      )
    ).rows;
  },
  async evidence(q: Queryable, id: number) {
    return (
      (
        await q.query<{ id: number; order_id: number; digest: string; filename: string; mime: string; size: number }>(
          'SELECT id, order_id, digest, filename, mime, size FROM supervision_evidence WHERE id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },
  /**
   * Recomputes what the problems' lights read of orders: how many wait for a reply
   * and the earliest reply deadline among them. Called in the transaction of every
   * step that changes an order's status or deadline.
   */
  async refreshProblems(q: Queryable, problemIds: number[]) {
    await q.query(
      `UPDATE problems p SET open_orders = s.n, order_reply_due = s.due
         FROM (SELECT x.id, count(o.id)::int AS n, min(o.reply_due) AS due
                 FROM unnest($1::int[]) AS x(id)
                 LEFT JOIN supervision_order_problems op ON op.problem_id = x.id
                 LEFT JOIN supervision_orders o ON o.id = op.order_id AND o.status IN ('issued', 'returned')
                GROUP BY x.id) s
        WHERE p.id = s.id`,
      [problemIds],
    );
  },
  /** Open orders of every unit with the problems' key leaders (the daily evaluation). */
  async openForEvaluation(q: Queryable, afterId: number, limit: number) {
    return (
      await q.query<{
        id: number;
        unit_id: number;
        issuer_org_id: number;
        issuer_kind: 'office' | 'unit';
        year: number;
        seq: number;
        dept_id: number;
        leader_id: number | null;
        level: OrderLevel;
        reply_due: string;
        status: OrderStatus;
        escalated_for: string | null;
        problem_ids: number[];
        key_leaders: number[];
      }>(
        `SELECT o.id, o.unit_id, o.issuer_org_id, io.kind AS issuer_kind, o.year, o.seq, o.dept_id, o.leader_id, o.level,
              o.reply_due, o.status, o.escalated_for,
              array_agg(op.problem_id ORDER BY op.problem_id) AS problem_ids,
              COALESCE(array_agg(DISTINCT p.key_leader_id) FILTER (WHERE p.is_key AND p.key_leader_id IS NOT NULL), '{}') AS key_leaders
         FROM supervision_orders o JOIN organizations io ON io.id = o.issuer_org_id
         JOIN supervision_order_problems op ON op.order_id = o.id JOIN problems p ON p.id = op.problem_id
        WHERE o.status IN ('issued', 'returned') AND o.id > $1
        GROUP BY o.id, io.kind ORDER BY o.id LIMIT $2`,
        [afterId, limit],
      )
    ).rows;
  },
  /** Leaders of a unit (a key problem's leader and an order's leader must be one). */
  async isLeaderOf(q: Queryable, userId: number, unitId: number): Promise<boolean> {
    return (
      (
        await q.query(
          `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.org_id = $2 AND m.role =
                'leader' AND u.is_active`,
          [userId, unitId],
        )
      ).rowCount > 0
    );
  },
  async deptOf(q: Queryable, deptId: number): Promise<{ id: number; unit_id: number; name: string } | null> {
    return (
      (
        await q.query<{ id: number; unit_id: number; name: string }>(
          `SELECT id, unit_id, name FROM organizations WHERE id = $1 AND kind = 'department'`,
          [deptId],
        )
      ).rows[0] ?? null
    );
  },
  async unit(q: Queryable, unitId: number): Promise<{ id: number; name: string; parent_id: number } | null> {
    return (
      (
        await q.query<{ id: number; name: string; parent_id: number }>(
          `SELECT id, name, parent_id FROM organizations WHERE id = $1 AND kind = 'unit'`,
          [unitId],
        )
      ).rows[0] ?? null
    );
  },
  async setKey(q: Queryable, problemId: number, v: { isKey: boolean; leaderId: number | null; at: Date }) {
    // updated_at moves on unmarking too; only the marking time is cleared
    await q.query('UPDATE problems SET is_key = $2, key_leader_id = $3, key_marked_at = $4, updated_at = $5 WHERE id = $1', [
      problemId,
      v.isKey,
      v.isKey ? v.leaderId : null,
      v.isKey ? v.at : null,
      v.at,
    ]);
  },
  async keyProblems(q: Queryable, v: { unitIds: number[]; deptIds: number[]; limit: number; offset: number }) {
    const total = (
      await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM problems p WHERE p.is_key AND (p.unit_id = ANY($1::int[]) OR p.lead_dept_id = ANY($2::int[]))`,
        [v.unitIds, v.deptIds],
      )
    ).rows[0].n;
    const rows = (
      await q.query<OrderProblemRow & { unit_name: string; dept_name: string | null; key_leader_name: string | null }>(
        `SELECT p.id, p.label, p.title, p.status, p.rectify_kind, p.deadline, p.lead_dept_id, p.unit_id, p.child_count,
              p.is_key, p.key_leader_id,
              ${LIGHT_COLUMNS}, un.name AS unit_name, d.name AS dept_name, kl.display_name AS key_leader_name
         FROM problems p ${LIGHT_RULES_JOIN}
         JOIN organizations un ON un.id = p.unit_id LEFT JOIN organizations d ON d.id = p.lead_dept_id LEFT JOIN users kl ON
               kl.id = p.key_leader_id
        WHERE p.is_key AND (p.unit_id = ANY($1::int[]) OR p.lead_dept_id = ANY($2::int[]))
        ORDER BY p.status = 'closed', p.deadline NULLS LAST, p.id LIMIT $3 OFFSET $4`,
        [v.unitIds, v.deptIds, v.limit, v.offset],
      )
    ).rows;
    return { rows, total };
  },
};
