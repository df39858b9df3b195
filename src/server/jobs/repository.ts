import type { Queryable } from '../db/index.js';
import type { OrderLevel, OrderStatus } from '../../domain/supervision/index.js';
import type { ProblemStatus, RectifyKind } from '../../domain/workflow/index.js';
import { QUIET_SINCE_SQL } from '../modules/lightrules/sql.js';

/** A claimed run of a periodic job: when it first started (kept across take-overs) and how far it got. */
export interface Claim {
  startedAt: Date;
  cursor: unknown;
  attempts: number;
}

export const schedulerRepo = {
  /**
   * Claims (job, period): the first to insert the row runs it; a row still
   * 'running' whose lease ran out (its runner died) is taken over. Null when the
   * period is done, or another runner holds a live lease. One statement each, so
   * two servers racing on one PostgreSQL cannot both win.
   */
  async claim(q: Queryable, v: { job: string; period: string; owner: string; now: Date; leaseUntil: Date }): Promise<Claim | null> {
    const fresh = await q.query<{ started_at: Date; cursor: unknown; attempts: number }>(
      `INSERT INTO scheduler_runs (job, period, status, owner, lease_until, started_at) VALUES ($1, $2, 'running', $3, $4, $5)
       ON CONFLICT (job, period) DO NOTHING RETURNING started_at, cursor, attempts`,
      [v.job, v.period, v.owner, v.leaseUntil, v.now],
    );
    const row =
      fresh.rows[0] ??
      (
        await q.query<{ started_at: Date; cursor: unknown; attempts: number }>(
          `UPDATE scheduler_runs SET owner = $3, lease_until = $4, attempts = attempts + 1
        WHERE job = $1 AND period = $2 AND status = 'running' AND lease_until < $5
       RETURNING started_at, cursor, attempts`,
          [v.job, v.period, v.owner, v.leaseUntil, v.now],
        )
      ).rows[0];
    return row ? { startedAt: new Date(row.started_at), cursor: row.cursor, attempts: row.attempts } : null;
  },
  /**
   * Records progress and renews the lease, only while `owner` still holds the run
   * (a runner whose lease was taken over learns it here and stops). In the same
   * transaction as the batch it records, so work and cursor commit together.
   */
  async advance(q: Queryable, v: { job: string; period: string; owner: string; cursor: unknown; leaseUntil: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE scheduler_runs SET cursor = $4::jsonb, lease_until = $5 WHERE job = $1 AND period = $2 AND owner = $3 AND status = 'running'`,
      [v.job, v.period, v.owner, JSON.stringify(v.cursor), v.leaseUntil],
    );
    return r.rowCount === 1;
  },
  async finish(q: Queryable, v: { job: string; period: string; owner: string; result: unknown; at: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE scheduler_runs SET status = 'done', finished_at = $5, result = $4::jsonb WHERE job = $1 AND period = $2 AND owner
            = $3 AND status = 'running'`,
      [v.job, v.period, v.owner, JSON.stringify(v.result), v.at],
    );
    return r.rowCount === 1;
  },
  async runs(q: Queryable, job: string) {
    return (
      await q.query<{ job: string; period: string; status: string; attempts: number; result: unknown }>(
        'SELECT job, period, status, attempts, result FROM scheduler_runs WHERE job LIKE $1 ORDER BY job, period',
        [job],
      )
    ).rows;
  },
};

/** One open, planned leaf with what its reminders need. */
export interface EvalProblemRow {
  id: number;
  unit_id: number;
  office_id: number;
  label: string;
  title: string;
  status: ProblemStatus;
  rectify_kind: RectifyKind | null;
  deadline: string | null;
  lead_dept_id: number | null;
  dept_name: string | null;
  leader_id: number | null;
  is_key: boolean;
  key_leader_id: number | null;
  quiet_since: string;
  open_orders: number;
  order_reply_due: string | null;
}

export const evaluationRepo = {
  /** A batch of the leaves the department has in hand, planned, by id after `afterId` (keyset paging: each batch an index range). */
  async problems(q: Queryable, afterId: number, limit: number): Promise<EvalProblemRow[]> {
    return (
      await q.query<EvalProblemRow>(
        `SELECT p.id, p.unit_id, un.parent_id AS office_id, p.label, p.title, p.status, p.rectify_kind, p.deadline,
              p.lead_dept_id, d.name AS dept_name,
              p.leader_id, p.is_key, p.key_leader_id, ${QUIET_SINCE_SQL}::text AS quiet_since, p.open_orders, p.order_reply_due
         FROM problems p JOIN organizations un ON un.id = p.unit_id LEFT JOIN organizations d ON d.id = p.lead_dept_id
        WHERE p.id > $1 AND p.child_count = 0 AND p.status IN ('pending', 'in_progress', 'long_term')
          AND p.lead_dept_id IS NOT NULL AND p.rectify_kind IS NOT NULL
        ORDER BY p.id LIMIT $2`,
        [afterId, limit],
      )
    ).rows;
  },
};

export type { OrderLevel, OrderStatus };
