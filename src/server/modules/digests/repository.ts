import type { Queryable } from '../../db/index.js';
import type { DigestSchedule, OrderLevel, OrderStatus } from '../../../domain/supervision/index.js';
import type { ProblemStatus } from '../../../domain/workflow/index.js';
import { LIGHT_RULES_JOIN, STALLED_SQL } from '../lightrules/sql.js';

/** One open leaf of a unit with the lists of the digest it belongs to. */
export interface DigestItemRow {
  id: number;
  label: string;
  title: string;
  dept: string | null;
  deadline: string | null;
  status: ProblemStatus;
  is_key: boolean;
  key_leader: string | null;
  due_soon: boolean;
  overdue: boolean;
  stalled: boolean;
  closure_requested: boolean;
  extension_pending: boolean;
}

export interface DeptRow {
  dept_id: number | null;
  dept: string | null;
  problems: number;
  closed: number;
  overdue: number;
  stalled: number;
  formalism: number;
}

export const digestSettingsRepo = {
  async unit(q: Queryable, unitId: number): Promise<{ id: number; name: string } | null> {
    return (
      (await q.query<{ id: number; name: string }>(`SELECT id, name FROM organizations WHERE id = $1 AND kind = 'unit'`, [unitId]))
        .rows[0] ?? null
    );
  },
  async get(q: Queryable, unitId: number): Promise<DigestSchedule | null> {
    return (
      (
        await q.query<DigestSchedule>(
          'SELECT weekly_weekday AS "weeklyWeekday", monthly_day AS "monthlyDay" FROM unit_digest_settings WHERE unit_id = $1',
          [unitId],
        )
      ).rows[0] ?? null
    );
  },
  async save(q: Queryable, v: DigestSchedule & { unitId: number; by: number; at: Date }) {
    await q.query(
      `INSERT INTO unit_digest_settings (unit_id, weekly_weekday, monthly_day, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (unit_id) DO UPDATE SET weekly_weekday = EXCLUDED.weekly_weekday, monthly_day = EXCLUDED.monthly_day,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [v.unitId, v.weeklyWeekday, v.monthlyDay, v.by, v.at],
    );
  },
  /** Every unit with its schedule (NULLs: the defaults). */
  async units(q: Queryable): Promise<{ id: number; name: string; weekly_weekday: number | null; monthly_day: number | null }[]> {
    return (
      await q.query<{ id: number; name: string; weekly_weekday: number | null; monthly_day: number | null }>(
        `SELECT o.id, o.name, s.weekly_weekday, s.monthly_day FROM organizations o LEFT JOIN unit_digest_settings s ON s.unit_id = o.id
        WHERE o.kind = 'unit' ORDER BY o.id`,
      )
    ).rows;
  },
};

export const digestRepo = {
  /**
   * The open leaves of a unit that some list of the digest holds (or that are key
   * problems), in the order the digest shows them: key problems first, then by deadline.
   */
  async items(q: Queryable, unitId: number, today: string): Promise<DigestItemRow[]> {
    return (
      await q.query<DigestItemRow>(
        `SELECT * FROM (
         SELECT p.id, p.label, p.title, d.name AS dept, p.deadline, p.status, p.is_key, kl.display_name AS key_leader,
                (p.status IN ('pending', 'in_progress') AND p.rectify_kind IS DISTINCT FROM 'long_term'
                   AND p.deadline BETWEEN $2::date AND $2::date + 7) AS due_soon,
                (p.deadline < $2::date) AS overdue,
                ${STALLED_SQL('$2')} AS stalled,
                (p.status = 'closure_requested') AS closure_requested,
                EXISTS (SELECT 1 FROM extensions x WHERE x.problem_id = p.id AND x.status = 'pending') AS extension_pending,
                p.inspection_id, p.sort_order
           FROM problems p
           LEFT JOIN organizations d ON d.id = p.lead_dept_id
           LEFT JOIN users kl ON kl.id = p.key_leader_id
           ${LIGHT_RULES_JOIN}
          WHERE p.unit_id = $1 AND p.child_count = 0 AND p.status <> 'closed') x
        WHERE is_key OR due_soon OR overdue OR stalled OR closure_requested OR extension_pending
        ORDER BY is_key DESC, deadline NULLS LAST, inspection_id, sort_order, id`,
        [unitId, today],
      )
    ).rows;
  },
  /**
   * The table by lead department: leaves, closed, overdue, stalled, and the entries
   * written in the period that drew a formalism warning (progress and order replies).
   */
  async byDept(q: Queryable, unitId: number, today: string, from: Date, to: Date): Promise<DeptRow[]> {
    return (
      await q.query<DeptRow>(
        `WITH t AS (
         SELECT p.lead_dept_id AS dept_id, count(*)::int AS problems,
                count(*) FILTER (WHERE p.status = 'closed')::int AS closed,
                count(*) FILTER (WHERE p.status <> 'closed' AND p.deadline < $2::date)::int AS overdue,
                count(*) FILTER (WHERE ${STALLED_SQL('$2')})::int AS stalled
           FROM problems p ${LIGHT_RULES_JOIN}
          WHERE p.unit_id = $1 AND p.child_count = 0
          GROUP BY p.lead_dept_id),
       f AS (
         SELECT dept_id, sum(n)::int AS formalism FROM (
           SELECT p.lead_dept_id AS dept_id, count(*) AS n FROM progress_entries e JOIN problems p ON p.id = e.problem_id
            WHERE p.unit_id = $1 AND e.created_at >= $3 AND e.created_at < $4 AND jsonb_array_length(COALESCE(e.formalism, '[]'::jsonb)) > 0
            GROUP BY p.lead_dept_id
           UNION ALL
           SELECT o.dept_id, count(*) FROM supervision_replies r JOIN supervision_orders o ON o.id = r.order_id
            WHERE o.unit_id = $1 AND r.created_at >= $3 AND r.created_at < $4 AND jsonb_array_length(COALESCE(r.formalism, '[]'::jsonb)) > 0
            GROUP BY o.dept_id) u
         GROUP BY dept_id)
       SELECT COALESCE(t.dept_id, f.dept_id) AS dept_id, d.name AS dept, COALESCE(t.problems, 0) AS problems, COALESCE(t.closed,
             0) AS closed,
              COALESCE(t.overdue, 0) AS overdue, COALESCE(t.stalled, 0) AS stalled, COALESCE(f.formalism, 0) AS formalism
         FROM t FULL JOIN f ON COALESCE(f.dept_id, 0) = COALESCE(t.dept_id, 0)
         LEFT JOIN organizations d ON d.id = COALESCE(t.dept_id, f.dept_id)
        ORDER BY d.name IS NULL, COALESCE(t.problems, 0) DESC, d.name`,
        [unitId, today, from, to],
      )
    ).rows;
  },
  async openOrders(
    q: Queryable,
    unitId: number,
  ): Promise<{ id: number; year: number; seq: number; dept: string; level: OrderLevel; reply_due: string; status: OrderStatus }[]> {
    return (
      await q.query<{ id: number; year: number; seq: number; dept: string; level: OrderLevel; reply_due: string; status: OrderStatus }>(
        `SELECT o.id, o.year, o.seq, d.name AS dept, o.level, o.reply_due, o.status FROM supervision_orders o JOIN organizations
              d ON d.id = o.dept_id
        WHERE o.unit_id = $1 AND o.status <> 'accepted' ORDER BY o.reply_due, o.id`,
        [unitId],
      )
    ).rows;
  },
  /** Stores a digest once per unit, kind and period; null when it exists already. */
  async insert(
    q: Queryable,
    v: { unitId: number; kind: string; period: string; asOf: string; data: unknown; at: Date },
  ): Promise<number | null> {
    return (
      (
        await q.query<{ id: number }>(
          `INSERT INTO digests (unit_id, kind, period, as_of, data, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (unit_id, kind, period) DO NOTHING RETURNING id`,
          [v.unitId, v.kind, v.period, v.asOf, JSON.stringify(v.data), v.at],
        )
      ).rows[0]?.id ?? null
    );
  },
  async byPeriod(q: Queryable, unitId: number, kind: string, period: string): Promise<{ id: number; data: unknown } | null> {
    return (
      (
        await q.query<{ id: number; data: unknown }>('SELECT id, data FROM digests WHERE unit_id = $1 AND kind = $2 AND period = $3', [
          unitId,
          kind,
          period,
        ])
      ).rows[0] ?? null
    );
  },
};
