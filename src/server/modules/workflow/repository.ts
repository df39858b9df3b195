import type { Queryable } from '../../db/index.js';

export interface ExtensionRow {
  id: number;
  problem_id: number;
  old_deadline: string | null;
  requested_deadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  requested_by: number;
  /** Never null: requested_by is a NOT NULL reference to users. */
  requested_by_name: string;
  requested_at: Date;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const SELECT = `SELECT x.*, ru.display_name AS requested_by_name, du.display_name AS decided_by_name
  FROM extensions x LEFT JOIN users ru ON ru.id = x.requested_by LEFT JOIN users du ON du.id = x.decided_by`;

export const extensionRepo = {
  async forProblem(q: Queryable, problemId: number): Promise<ExtensionRow[]> {
    return (await q.query<ExtensionRow>(`${SELECT} WHERE x.problem_id = $1 ORDER BY x.requested_at DESC, x.id DESC`, [problemId])).rows;
  },
  async byId(q: Queryable, id: number, forUpdate = false): Promise<ExtensionRow | null> {
    if (forUpdate) await q.query('SELECT id FROM extensions WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<ExtensionRow>(`${SELECT} WHERE x.id = $1`, [id])).rows[0] ?? null;
  },
  async pendingCount(q: Queryable, problemId: number): Promise<number> {
    return (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM extensions WHERE problem_id = $1 AND status = 'pending'`, [problemId])).rows[0].n;
  },
  async insert(q: Queryable, v: { problemId: number; oldDeadline: string | null; deadline: string; reason: string; by: number; at: Date }): Promise<number> {
    return (await q.query<{ id: number }>(
      `INSERT INTO extensions (problem_id, old_deadline, requested_deadline, reason, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [v.problemId, v.oldDeadline, v.deadline, v.reason, v.by, v.at])).rows[0].id;
  },
  /** Decides a pending request; false when someone decided it first. */
  async decide(q: Queryable, id: number, v: { status: 'approved' | 'refused'; by: number; at: Date; reason: string }): Promise<boolean> {
    const r = await q.query(
      `UPDATE extensions SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1 AND status = 'pending'`,
      [id, v.status, v.by, v.at, v.reason]);
    return r.rowCount === 1;
  },
  /** The only path by which a set deadline moves. */
  async moveDeadline(q: Queryable, problemId: number, deadline: string, at: Date): Promise<void> {
    await q.query('UPDATE problems SET deadline = $2, updated_at = $3 WHERE id = $1', [problemId, deadline, at]);
  },
  async stageDone(q: Queryable, problemId: number, at: Date): Promise<void> {
    await q.query('UPDATE problems SET stage_done = true, updated_at = $2 WHERE id = $1', [problemId, at]);
  },
};
