import type { Queryable } from '../../db/index.js';
import type { EvaluationConfig, EvaluationInputs, Grade } from '../../../domain/evaluation/index.js';
import type { InspectionKind } from '../../../domain/notice/types.js';

export interface RoundRow {
  id: number;
  title: string;
  kind: InspectionKind;
  feedback_date: string | null;
  created_at: Date;
  unit_id: number;
  unit_name: string;
  office_id: number;
  office_name: string;
}

export interface OverrideRow {
  id: number;
  inspection_id: number;
  grade: Grade | null;
  computed_grade: Grade;
  computed_score: string;
  reason: string;
  created_by: number;
  created_by_name: string;
  created_at: Date;
}

/** The Beijing date of an instant column, in SQL (no time zone database needed). */
export const BEIJING_DATE = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`;

/** Not a long-term item: only these have a deadline to keep. */
const DATED = `p.deadline IS NOT NULL AND p.status <> 'long_term' AND p.rectify_kind IS DISTINCT FROM 'long_term'`;

const ROUND = `SELECT i.id, i.title, i.kind, i.feedback_date::text AS feedback_date, i.created_at, i.unit_id, u.name AS unit_name,
       u.parent_id AS office_id, o.name AS office_name
  FROM inspections i JOIN organizations u ON u.id = i.unit_id JOIN organizations o ON o.id = u.parent_id`;

export const evaluationRepo = {
  async round(q: Queryable, inspectionId: number): Promise<RoundRow | null> {
    return (await q.query<RoundRow>(`${ROUND} WHERE i.id = $1`, [inspectionId])).rows[0] ?? null;
  },

  /** The rounds of units under the offices, fed back (or, without a feedback date, created) in `year`. */
  async roundsOfYear(q: Queryable, officeIds: number[], year: number): Promise<RoundRow[]> {
    return (
      await q.query<RoundRow>(
        `${ROUND} WHERE u.parent_id = ANY($1::int[])
          AND extract(year FROM COALESCE(i.feedback_date, ${BEIJING_DATE('i.created_at')}))::int = $2
        ORDER BY u.name, i.feedback_date NULLS LAST, i.id`,
        [officeIds, year],
      )
    ).rows;
  },

  /**
   * The counts of the evaluation for several rounds at once (the board, the export):
   * each part is one aggregate over the rounds' problems, joined by round.
   */
  async inputs(q: Queryable, inspectionIds: number[], o: { today: string; stalledSince: Date }): Promise<Map<number, EvaluationInputs>> {
    if (!inspectionIds.length) return new Map();
    const r = await q.query<{ id: number } & Record<string, number>>(
      `WITH pr AS (
         SELECT p.inspection_id,
                count(*)::int AS items,
                count(*) FILTER (WHERE ${DATED} AND (p.status = 'closed' OR p.deadline < $2::date))::int AS due,
                count(*) FILTER (WHERE ${DATED} AND p.status = 'closed'
                                   AND ${BEIJING_DATE('p.closed_at')} <= p.deadline)::int AS closed_on_time,
                count(*) FILTER (WHERE ${DATED} AND p.status <> 'closed' AND p.deadline < $2::date)::int AS overdue_open,
                count(*) FILTER (WHERE p.status <> 'closed')::int AS open,
                count(*) FILTER (WHERE p.status <> 'closed'
                                   AND COALESCE(p.last_progress_at, p.created_at) < $3::timestamptz)::int AS stalled_open
           FROM problems p WHERE p.inspection_id = ANY($1::int[]) AND p.child_count = 0 GROUP BY p.inspection_id),
       tr AS (
         SELECT p.inspection_id,
                count(*) FILTER (WHERE t.action = 'closure_request')::int AS requests,
                count(*) FILTER (WHERE t.action = 'closure_return')::int AS returns
           FROM transitions t JOIN problems p ON p.id = t.problem_id
          WHERE p.inspection_id = ANY($1::int[]) AND t.action IN ('closure_request', 'closure_return') GROUP BY p.inspection_id),
       ex AS (
         SELECT p.inspection_id, count(*)::int AS approved
           FROM extensions x JOIN problems p ON p.id = x.problem_id
          WHERE p.inspection_id = ANY($1::int[]) AND x.status = 'approved' GROUP BY p.inspection_id),
       pe AS (
         SELECT p.inspection_id, count(*)::int AS entries,
                count(*) FILTER (WHERE e.formalism IS NOT NULL AND e.formalism <> '[]'::jsonb)::int AS formalism
           FROM progress_entries e JOIN problems p ON p.id = e.problem_id
          WHERE p.inspection_id = ANY($1::int[]) GROUP BY p.inspection_id),
       rc AS (
         SELECT r.inspection_id, count(DISTINCT r.problem_id)::int AS recurring
           FROM problem_recurrences r JOIN problems p ON p.id = r.problem_id
          WHERE r.inspection_id = ANY($1::int[]) AND p.child_count = 0 GROUP BY r.inspection_id),
       lb AS (
         SELECT l.inspection_id,
                count(*) FILTER (WHERE li.status IN ('confirmed', 'reopened'))::int AS decided,
                count(*) FILTER (WHERE li.status = 'reopened')::int AS reopened
           FROM lookback_items li JOIN lookbacks l ON l.id = li.lookback_id
          WHERE l.inspection_id = ANY($1::int[]) GROUP BY l.inspection_id),
       fb AS (
         SELECT COALESCE(pb.inspection_id, fp.inspection_id) AS inspection_id, count(*)::int AS feedback
           FROM feedback f
           LEFT JOIN publications pb ON pb.id = f.publication_id
           LEFT JOIN problems fp ON fp.id = f.problem_id
          WHERE COALESCE(pb.inspection_id, fp.inspection_id) = ANY($1::int[]) GROUP BY 1)
       SELECT i.id,
              COALESCE(pr.items, 0) AS "items", COALESCE(pr.due, 0) AS "due", COALESCE(pr.closed_on_time, 0) AS "closedOnTime",
              COALESCE(pr.overdue_open, 0) AS "overdueOpen", COALESCE(pr.open, 0) AS "open", COALESCE(pr.stalled_open, 0) AS "stalledOpen",
              COALESCE(tr.requests, 0) AS "closureRequests", COALESCE(tr.returns, 0) AS "returnedClosures",
              COALESCE(ex.approved, 0) AS "approvedExtensions", COALESCE(pe.entries, 0) AS "progressEntries",
              COALESCE(pe.formalism, 0) AS "formalismEntries", COALESCE(rc.recurring, 0) AS "recurring",
              COALESCE(lb.decided, 0) AS "lookbackDecided", COALESCE(lb.reopened, 0) AS "lookbackReopened",
              COALESCE(fb.feedback, 0) AS "feedback"
         FROM inspections i
         LEFT JOIN pr ON pr.inspection_id = i.id LEFT JOIN tr ON tr.inspection_id = i.id LEFT JOIN ex ON ex.inspection_id = i.id
         LEFT JOIN pe ON pe.inspection_id = i.id LEFT JOIN rc ON rc.inspection_id = i.id LEFT JOIN lb ON lb.inspection_id = i.id
         LEFT JOIN fb ON fb.inspection_id = i.id
        WHERE i.id = ANY($1::int[])`,
      [inspectionIds, o.today, o.stalledSince],
    );
    return new Map(r.rows.map(({ id, ...x }) => [id, x as unknown as EvaluationInputs]));
  },

  /** The office's stored configuration (null: the defaults). */
  async config(q: Queryable, officeId: number): Promise<EvaluationConfig | null> {
    return (
      (await q.query<{ config: EvaluationConfig }>('SELECT config FROM evaluation_configs WHERE office_id = $1', [officeId])).rows[0]
        ?.config ?? null
    );
  },

  async saveConfig(q: Queryable, officeId: number, config: EvaluationConfig, by: number, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO evaluation_configs (office_id, config, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (office_id) DO UPDATE SET config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [officeId, JSON.stringify(config), by, at],
    );
  },

  /** Overrides of the rounds, newest first. */
  async overrides(q: Queryable, inspectionIds: number[]): Promise<OverrideRow[]> {
    if (!inspectionIds.length) return [];
    return (
      await q.query<OverrideRow>(
        `SELECT v.*, u.display_name AS created_by_name FROM evaluation_overrides v JOIN users u ON u.id = v.created_by
        WHERE v.inspection_id = ANY($1::int[]) ORDER BY v.id DESC`,
        [inspectionIds],
      )
    ).rows;
  },

  async insertOverride(
    q: Queryable,
    v: { inspectionId: number; grade: Grade | null; computedGrade: Grade; computedScore: number; reason: string; by: number; at: Date },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO evaluation_overrides (inspection_id, grade, computed_grade, computed_score, reason, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [v.inspectionId, v.grade, v.computedGrade, v.computedScore, v.reason, v.by, v.at],
      )
    ).rows[0].id;
  },
};
