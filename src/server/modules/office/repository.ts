import type { Queryable } from '../../db/index.js';
import type { InspectionKind } from '../../../domain/notice/types.js';
import { LIGHT_RULES_JOIN, LIGHT_SQL, STALLED_SQL } from '../lightrules/sql.js';
import { BEIJING_DATE } from '../evaluation/repository.js';

export interface BoardRow {
  unit_id: number;
  unit_name: string;
  rounds: number;
  rounds_open: number;
  problems: number;
  closed: number;
  closed_on_time: number;
  closed_late: number;
  red: number;
  yellow: number;
  stalled: number;
  last_progress_at: Date | null;
  open_orders: number;
  feedback_open: number;
  recurring: number;
}

export interface BoardFilter {
  officeIds: number[];
  /** The units of this statement (a batch of the offices' units: see `boardOf`). */
  unitIds: number[];
  kind?: InspectionKind;
  year?: number;
  today: string;
}

/** The rounds a filter keeps: of the offices' units, of a kind, fed back (or created) in a year. */
const ROUNDS = `SELECT i.id, i.unit_id FROM inspections i JOIN organizations u ON u.id = i.unit_id
  WHERE u.parent_id = ANY($1::int[]) AND ($2::text IS NULL OR i.kind = $2::text)
    AND ($3::int IS NULL OR extract(year FROM COALESCE(i.feedback_date, ${BEIJING_DATE('i.created_at')}))::int = $3::int)`;

/** The units of the offices ($1) in this batch ($5). */
const UNITS = `SELECT id FROM organizations WHERE kind = 'unit' AND parent_id = ANY($1::int[]) AND id = ANY($5::int[])`;

const DATED = `p.deadline IS NOT NULL AND p.status <> 'long_term' AND p.rectify_kind IS DISTINCT FROM 'long_term'`;

export const officeRepo = {
  async offices(q: Queryable, ids: number[]): Promise<{ id: number; name: string }[]> {
    return (
      await q.query<{ id: number; name: string }>(
        `SELECT id, name FROM organizations WHERE id = ANY($1::int[]) AND kind = 'office' ORDER BY id`,
        [ids],
      )
    ).rows;
  },

  /**
   * One row per unit of the offices: one pass over the leaf problems of the rounds
   * kept (grouped by unit, the lights as the ledger computes them), plus small
   * aggregates of supervision orders, public feedback and recurrence flags, each
   * on its own unit index. Units without a round in the filter still appear (zeros).
   */
  /** The units of the offices, in id order (the board is read in batches of them). */
  async unitIds(q: Queryable, officeIds: number[]): Promise<number[]> {
    const r = await q.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'unit' AND parent_id = ANY($1::int[]) ORDER BY id`, [
      officeIds,
    ]);
    return r.rows.map((x) => x.id);
  },

  async board(q: Queryable, f: BoardFilter): Promise<BoardRow[]> {
    // without a filter every round of the office counts: the problems are then chosen by unit, a hash
    // semi-join on 200 units, instead of joining 100k rows to the list of all rounds
    const filtered = f.kind != null || f.year != null;
    return (
      await q.query<BoardRow>(
        `WITH r AS (${ROUNDS} AND i.unit_id = ANY($5::int[])),
            -- each row's light computed once (the CASE is the costly part at 100k rows), then counted per unit
            lit AS (
              SELECT p.unit_id, p.inspection_id, p.status, p.last_progress_at,
                     ${LIGHT_SQL('$4')} AS light, ${STALLED_SQL('$4')} AS stalled,
                     CASE WHEN p.status = 'closed' AND ${DATED} THEN ${BEIJING_DATE('p.closed_at')} <= p.deadline END AS on_time
                FROM problems p ${LIGHT_RULES_JOIN}
               WHERE p.child_count = 0 AND ${filtered ? 'p.inspection_id IN (SELECT id FROM r)' : `p.unit_id IN (${UNITS})`}),
            -- counted per round first, then per unit: no DISTINCT, so both steps hash instead of sorting 100k rows
            per_round AS (
              SELECT unit_id, inspection_id,
                     count(*)::int AS problems,
                     count(*) FILTER (WHERE status = 'closed')::int AS closed,
                     count(*) FILTER (WHERE on_time)::int AS closed_on_time,
                     count(*) FILTER (WHERE NOT on_time)::int AS closed_late,
                     count(*) FILTER (WHERE light = 'red')::int AS red,
                     count(*) FILTER (WHERE light = 'yellow')::int AS yellow,
                     count(*) FILTER (WHERE stalled)::int AS stalled,
                     max(last_progress_at) AS last_progress_at
                FROM lit GROUP BY unit_id, inspection_id),
            agg AS (
              SELECT unit_id, sum(problems)::int AS problems, sum(closed)::int AS closed, sum(closed_on_time)::int AS closed_on_time,
                     sum(closed_late)::int AS closed_late, sum(red)::int AS red, sum(yellow)::int AS yellow, sum(stalled)::int AS stalled,
                     count(*) FILTER (WHERE problems > closed)::int AS rounds_open, max(last_progress_at) AS last_progress_at
                FROM per_round GROUP BY unit_id),
            rounds AS (SELECT unit_id, count(*)::int AS n FROM r GROUP BY unit_id),
            orders AS (
              SELECT o.unit_id, count(*)::int AS n FROM supervision_orders o JOIN organizations u ON u.id = o.unit_id
               WHERE u.parent_id = ANY($1::int[]) AND o.unit_id = ANY($5::int[]) AND o.status IN ('issued', 'replied', 'returned')
               GROUP BY o.unit_id),
            fb AS (
              SELECT f.unit_id, count(*)::int AS n FROM feedback f JOIN organizations u ON u.id = f.unit_id
               WHERE u.parent_id = ANY($1::int[]) AND f.unit_id = ANY($5::int[]) AND f.status <> 'answered' GROUP BY f.unit_id),
            rc AS (
              SELECT x.unit_id, count(DISTINCT x.problem_id)::int AS n FROM problem_recurrences x JOIN r ON r.id = x.inspection_id
               GROUP BY x.unit_id)
       SELECT u.id AS unit_id, u.name AS unit_name, COALESCE(rounds.n, 0) AS rounds, COALESCE(agg.rounds_open, 0) AS rounds_open,
              COALESCE(agg.problems, 0) AS problems, COALESCE(agg.closed, 0) AS closed,
              COALESCE(agg.closed_on_time, 0) AS closed_on_time, COALESCE(agg.closed_late, 0) AS closed_late,
              COALESCE(agg.red, 0) AS red, COALESCE(agg.yellow, 0) AS yellow, COALESCE(agg.stalled, 0) AS stalled,
              agg.last_progress_at, COALESCE(orders.n, 0) AS open_orders, COALESCE(fb.n, 0) AS feedback_open, COALESCE(rc.n, 0) AS recurring
         FROM organizations u
         LEFT JOIN agg ON agg.unit_id = u.id LEFT JOIN rounds ON rounds.unit_id = u.id LEFT JOIN orders ON orders.unit_id = u.id
         LEFT JOIN fb ON fb.unit_id = u.id LEFT JOIN rc ON rc.unit_id = u.id
        WHERE u.kind = 'unit' AND u.parent_id = ANY($1::int[]) AND u.id = ANY($5::int[])
        ORDER BY u.id`,
        [f.officeIds, f.kind ?? null, f.year ?? null, f.today, f.unitIds],
      )
    ).rows;
  },

  /** Years that have rounds (for the year filter). */
  async years(q: Queryable, officeIds: number[]): Promise<number[]> {
    return (
      await q.query<{ y: number }>(
        `SELECT DISTINCT extract(year FROM COALESCE(i.feedback_date, ${BEIJING_DATE('i.created_at')}))::int AS y
         FROM inspections i JOIN organizations u ON u.id = i.unit_id WHERE u.parent_id = ANY($1::int[]) ORDER BY y DESC`,
        [officeIds],
      )
    ).rows.map((r) => r.y);
  },

  /** A unit under the offices, with its office; null when it is not one. */
  async unit(
    q: Queryable,
    officeIds: number[],
    unitId: number,
  ): Promise<{ id: number; name: string; office_id: number; office_name: string } | null> {
    return (
      (
        await q.query<{ id: number; name: string; office_id: number; office_name: string }>(
          `SELECT u.id, u.name, o.id AS office_id, o.name AS office_name FROM organizations u JOIN organizations o ON o.id = u.parent_id
        WHERE u.id = $1 AND u.kind = 'unit' AND u.parent_id = ANY($2::int[])`,
          [unitId, officeIds],
        )
      ).rows[0] ?? null
    );
  },

  /** The rounds of a unit with their light counts and open look-backs, newest first. */
  async unitRounds(q: Queryable, unitId: number, today: string) {
    return (
      await q.query<{
        id: number;
        title: string;
        kind: InspectionKind;
        feedback_date: string | null;
        problems: number;
        closed: number;
        red: number;
        stalled: number;
        recurring: number;
        lookbacks_open: number;
      }>(
        `SELECT i.id, i.title, i.kind, i.feedback_date::text AS feedback_date,
              COALESCE(a.problems, 0) AS problems, COALESCE(a.closed, 0) AS closed, COALESCE(a.red, 0) AS red,
              COALESCE(a.stalled, 0) AS stalled,
              (SELECT count(DISTINCT x.problem_id)::int FROM problem_recurrences x WHERE x.inspection_id = i.id) AS recurring,
              (SELECT count(*)::int FROM lookbacks l WHERE l.inspection_id = i.id AND l.status = 'open') AS lookbacks_open
         FROM inspections i
         LEFT JOIN (
           SELECT p.inspection_id, count(*)::int AS problems, count(*) FILTER (WHERE p.status = 'closed')::int AS closed,
                  count(*) FILTER (WHERE ${LIGHT_SQL('$2')} = 'red')::int AS red,
                  count(*) FILTER (WHERE ${STALLED_SQL('$2')})::int AS stalled
             FROM problems p ${LIGHT_RULES_JOIN} WHERE p.unit_id = $1 AND p.child_count = 0
             GROUP BY p.inspection_id) a ON a.inspection_id = i.id
        WHERE i.unit_id = $1
        ORDER BY i.feedback_date DESC NULLS LAST, i.id DESC`,
        [unitId, today],
      )
    ).rows;
  },

  /** Weekly snapshots of the rounds kept by a filter, from `since` (a Monday). */
  async snapshots(q: Queryable, f: Omit<BoardFilter, 'today' | 'unitIds'> & { since: string }) {
    return (
      await q.query<{ unit_id: number; unit_name: string; week: string; problems: number; closed: number; overdue: number }>(
        `WITH r AS (${ROUNDS})
       SELECT s.unit_id, u.name AS unit_name, s.week::text AS week, sum(s.problems)::int AS problems, sum(s.closed)::int AS closed,
              sum(s.overdue)::int AS overdue
         FROM office_snapshots s JOIN r ON r.id = s.inspection_id JOIN organizations u ON u.id = s.unit_id
        WHERE s.week >= $4::date
        GROUP BY s.unit_id, u.name, s.week ORDER BY s.week, s.unit_id`,
        [f.officeIds, f.kind ?? null, f.year ?? null, f.since],
      )
    ).rows;
  },

  /**
   * Writes a week's snapshot of every round (of every office) as of `at`: an item
   * counts as closed when it was closed by then, as overdue when its deadline had
   * passed by `today` without that. One statement, idempotent — a second run in the
   * same week replaces the week's row with the counts of the later run. (Counting as
   * of a past instant lets a new installation draw its first weeks from closure dates.)
   */
  async takeSnapshot(q: Queryable, o: { week: string; today: string; at: Date }): Promise<number> {
    const closedBy = `(p.status = 'closed' AND p.closed_at <= $3::timestamptz)`;
    const r = await q.query(
      `INSERT INTO office_snapshots (inspection_id, unit_id, week, problems, closed, closed_on_time, overdue, taken_at)
       SELECT p.inspection_id, p.unit_id, $1::date, count(*)::int,
              count(*) FILTER (WHERE ${closedBy})::int,
              count(*) FILTER (WHERE ${closedBy} AND ${DATED} AND ${BEIJING_DATE('p.closed_at')} <= p.deadline)::int,
              count(*) FILTER (WHERE NOT ${closedBy} AND ${DATED} AND p.deadline < $2::date)::int,
              $3::timestamptz
         FROM problems p WHERE p.child_count = 0
        GROUP BY p.inspection_id, p.unit_id
       ON CONFLICT (inspection_id, week) DO UPDATE SET problems = EXCLUDED.problems, closed = EXCLUDED.closed,
              closed_on_time = EXCLUDED.closed_on_time, overdue = EXCLUDED.overdue, taken_at = EXCLUDED.taken_at`,
      [o.week, o.today, o.at],
    );
    return r.rowCount;
  },
};
