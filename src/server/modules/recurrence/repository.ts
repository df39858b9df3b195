import type { Queryable } from '../../db/index.js';
import type { ProblemStatus } from '../../../domain/workflow/index.js';
import { BEIJING_DATE } from '../evaluation/repository.js';

/** A problem whose signature is missing or of an older method version. */
export interface UnsignedRow {
  id: number;
  unit_id: number;
  inspection_id: number;
  round_on: string;
  title: string;
  description: string;
}

export interface SignatureRow {
  problem_id: number;
  title_norm: string;
  norm: string;
  bands: number[];
}

export interface CandidateRow {
  /** The new problem. */
  pid: number;
  /** The earlier problem sharing a band. */
  cid: number;
  /** How many bands they share (the ranking of candidates). */
  shared: number;
  title_norm: string;
  norm: string;
}

/** One flag as read back: the problem, the earlier problem with its round, unit and outcome. */
export interface RecurrenceRow {
  problem_id: number;
  problem_label: string;
  problem_title: string;
  problem_description: string;
  problem_path: string;
  inspection_id: number;
  unit_id: number;
  earlier_id: number;
  earlier_label: string;
  earlier_title: string;
  earlier_description: string;
  earlier_path: string;
  earlier_status: ProblemStatus;
  earlier_closed_at: Date | null;
  earlier_inspection_id: number;
  earlier_inspection_title: string;
  earlier_feedback_date: string | null;
  earlier_unit_id: number;
  earlier_unit_name: string;
  score: number;
  computed_at: Date;
}

/** The day a round counts from: fed back, or created when no feedback date is known. */
const ROUND_ON = `COALESCE(i.feedback_date, ${BEIJING_DATE('i.created_at')})`;

/** The labels from the top of the tree down to the node, e.g. "（二）3.（1）". */
const PATH = (a: string) => `COALESCE(${a}2.label, '') || COALESCE(${a}1.label, '') || ${a}.label`;

export const recurrenceRepo = {
  /** The office (巡察办) a unit is under; null for an organisation that is not a unit. */
  async officeOfUnit(q: Queryable, unitId: number): Promise<number | null> {
    const r = await q.query<{ parent_id: number }>(`SELECT parent_id FROM organizations WHERE id = $1 AND kind = 'unit'`, [unitId]);
    return r.rows[0]?.parent_id ?? null;
  },

  /** The round's unit and office, or null when the round does not exist. */
  async round(q: Queryable, inspectionId: number): Promise<{ unit_id: number; office_id: number; title: string; round_on: string } | null> {
    const r = await q.query<{ unit_id: number; office_id: number; title: string; round_on: string }>(
      `SELECT i.unit_id, u.parent_id AS office_id, i.title, ${ROUND_ON}::text AS round_on
         FROM inspections i JOIN organizations u ON u.id = i.unit_id WHERE i.id = $1`,
      [inspectionId],
    );
    return r.rows[0] ?? null;
  },

  /**
   * Problems of the office's units waiting in the signature queue: those added since
   * the last check, and those whose title or description changed (triggers fill the
   * queue). At most `limit` per call, so a first check of a large history proceeds in batches.
   */
  async unsigned(q: Queryable, officeId: number, limit: number): Promise<UnsignedRow[]> {
    return (
      await q.query<UnsignedRow>(
        `SELECT p.id, p.unit_id, p.inspection_id, ${ROUND_ON}::text AS round_on, p.title, p.description
         FROM signature_queue sq JOIN problems p ON p.id = sq.problem_id
         JOIN organizations u ON u.id = p.unit_id JOIN inspections i ON i.id = p.inspection_id
        WHERE u.parent_id = $1
        ORDER BY p.id LIMIT $2`,
        [officeId, limit],
      )
    ).rows;
  },

  /** Takes the given problems off the queue; answers those that were on it (the others were signed meanwhile). */
  async dequeueQueued(q: Queryable, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    return (
      await q.query<{ problem_id: number }>('DELETE FROM signature_queue WHERE problem_id = ANY($1::int[]) RETURNING problem_id', [ids])
    ).rows.map((r) => r.problem_id);
  },

  /** Takes signed problems off the queue. */
  async dequeue(q: Queryable, ids: number[]): Promise<void> {
    if (ids.length) await q.query('DELETE FROM signature_queue WHERE problem_id = ANY($1::int[])', [ids]);
  },

  /** Stores signatures (replacing those of another version), in one statement. */
  async saveSignatures(
    q: Queryable,
    officeId: number,
    version: number,
    rows: { id: number; unitId: number; inspectionId: number; roundOn: string; titleNorm: string; norm: string; bands: number[] }[],
  ): Promise<void> {
    if (!rows.length) return;
    await q.query(
      `INSERT INTO problem_signatures (problem_id, office_id, unit_id, inspection_id, round_on, version, title_norm, norm, bands)
       SELECT x.id, $1, x.unit_id, x.inspection_id, x.round_on, $2, x.title_norm, x.norm,
              COALESCE((SELECT array_agg(b::int) FROM jsonb_array_elements_text(x.bands) b), '{}')
         FROM jsonb_to_recordset($3::jsonb)
              AS x(id int, unit_id int, inspection_id int, round_on date, title_norm text, norm text, bands jsonb)
       ON CONFLICT (problem_id) DO UPDATE SET office_id = EXCLUDED.office_id, unit_id = EXCLUDED.unit_id,
              inspection_id = EXCLUDED.inspection_id, round_on = EXCLUDED.round_on, version = EXCLUDED.version,
              title_norm = EXCLUDED.title_norm,
              norm = EXCLUDED.norm, bands = EXCLUDED.bands`,
      [
        officeId,
        version,
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            unit_id: r.unitId,
            inspection_id: r.inspectionId,
            round_on: r.roundOn,
            title_norm: r.titleNorm,
            norm: r.norm,
            bands: r.bands,
          })),
        ),
      ],
    );
  },

  /** The signed leaves of a round (or the problems given): what is checked. */
  async signaturesOf(q: Queryable, o: { inspectionId?: number; problemIds?: number[] }): Promise<SignatureRow[]> {
    return (
      await q.query<SignatureRow>(
        `SELECT s.problem_id, s.title_norm, s.norm, s.bands
         FROM problem_signatures s JOIN problems p ON p.id = s.problem_id
        WHERE p.child_count = 0 AND ($1::int IS NULL OR s.inspection_id = $1) AND ($2::int[] IS NULL OR s.problem_id = ANY($2::int[]))`,
        [o.inspectionId ?? null, o.problemIds ?? null],
      )
    ).rows;
  },

  /**
   * The earlier problems of the office (leaves of rounds fed back before the round
   * checked, or the same day and entered before it) sharing a band with one new
   * problem, the `limit` sharing the most bands. One statement per new problem, its
   * band keys a constant array, so that the GIN index is what the plan uses: a single
   * statement for the whole round (a lateral probe per key, or one overlap with every
   * key) was planned, without table statistics, as a scan comparing every stored
   * array with every key — seconds at 20k problems. The `+ 0` keeps the planner off the
   * b-tree on inspection_id for the same reason, and the problems are not joined here
   * (a group node that was once a leaf is left out when the flags are read).
   */
  async candidates(
    q: Queryable,
    o: { officeId: number; before: { inspectionId: number; roundOn: string }; pid: number; keys: number[]; limit: number },
  ): Promise<CandidateRow[]> {
    if (!o.keys.length) return [];
    return (
      await q.query<CandidateRow>(
        `SELECT $6::int AS pid, s.problem_id AS cid, s.title_norm, s.norm,
                (SELECT count(*) FROM unnest(s.bands) b WHERE b = ANY($1::int[]))::int AS shared
           FROM problem_signatures s
          WHERE s.bands && $1::int[] AND s.office_id + 0 = $2 AND (s.round_on, s.inspection_id + 0) < ($3::date, $4::int)
          ORDER BY shared DESC, s.problem_id DESC
          LIMIT $5`,
        [o.keys, o.officeId, o.before.roundOn, o.before.inspectionId, o.limit, o.pid],
      )
    ).rows;
  },

  /** Plans that use the indexes (see `candidates`), until the caller's transaction ends. */
  async preferIndexes(q: Queryable): Promise<void> {
    await q.query('SET LOCAL enable_seqscan = off');
  },

  async allowScans(q: Queryable): Promise<void> {
    await q.query('SET LOCAL enable_seqscan = on');
  },

  /**
   * Fresh statistics after many signatures were added (PGlite has no autovacuum to gather them), by
   * autovacuum's own rule: when the rows added exceed a tenth of the table (and 50). ANALYZE samples
   * 30,000 rows whatever the size; at city scale that held PGlite's worker for a second after every
   * import of a few thousand problems, which changes the statistics of 100,000 by little.
   */
  async analyze(q: Queryable, added: number): Promise<void> {
    const r = await q.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'problem_signatures'::regclass`);
    const known = Number(r.rows[0]?.n ?? -1);
    if (known < 0 || added > 50 + known / 10) await q.query('ANALYZE problem_signatures');
  },

  /** Replaces the flags of the problems checked (a check of a round recomputes them all). */
  async replaceFlags(
    q: Queryable,
    problemIds: number[],
    flags: { problemId: number; earlierId: number; unitId: number; inspectionId: number; score: number }[],
    now: Date,
  ): Promise<void> {
    if (problemIds.length) await q.query('DELETE FROM problem_recurrences WHERE problem_id = ANY($1::int[])', [problemIds]);
    if (!flags.length) return;
    await q.query(
      `INSERT INTO problem_recurrences (problem_id, earlier_id, unit_id, inspection_id, score, computed_at)
       SELECT x.problem_id, x.earlier_id, x.unit_id, x.inspection_id, x.score, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(problem_id int, earlier_id int, unit_id int, inspection_id int, score real)`,
      [
        JSON.stringify(
          flags.map((f) => ({
            problem_id: f.problemId,
            earlier_id: f.earlierId,
            unit_id: f.unitId,
            inspection_id: f.inspectionId,
            score: f.score,
          })),
        ),
        now,
      ],
    );
  },

  /** The unit and round of problems (the flags are stored with them). */
  async placeOf(q: Queryable, ids: number[]): Promise<Map<number, { unit_id: number; inspection_id: number }>> {
    const r = await q.query<{ id: number; unit_id: number; inspection_id: number }>(
      'SELECT id, unit_id, inspection_id FROM problems WHERE id = ANY($1::int[])',
      [ids],
    );
    return new Map(r.rows.map((x) => [x.id, x]));
  },

  /** The flags of a round, or of one problem, with the earlier problem described; best score first within a problem. */
  async flags(
    q: Queryable,
    o: { inspectionId?: number; problemId?: number; limit: number; offset: number },
  ): Promise<{ rows: RecurrenceRow[]; total: number }> {
    const where = `($1::int IS NULL OR r.inspection_id = $1) AND ($2::int IS NULL OR r.problem_id = $2) AND p.child_count = 0
      AND EXISTS (SELECT 1 FROM problems ep WHERE ep.id = r.earlier_id AND ep.child_count = 0)`;
    const rows = (
      await q.query<RecurrenceRow>(
        `SELECT r.problem_id, p.label AS problem_label, p.title AS problem_title, p.description AS problem_description,
              ${PATH('p')} AS problem_path, r.inspection_id, r.unit_id,
              r.earlier_id, e.label AS earlier_label, e.title AS earlier_title, e.description AS earlier_description,
              ${PATH('e')} AS earlier_path, e.status AS earlier_status, e.closed_at AS earlier_closed_at,
              ei.id AS earlier_inspection_id, ei.title AS earlier_inspection_title, ei.feedback_date::text AS earlier_feedback_date,
              eu.id AS earlier_unit_id, eu.name AS earlier_unit_name, r.score, r.computed_at
         FROM problem_recurrences r
         JOIN problems p ON p.id = r.problem_id
         LEFT JOIN problems p1 ON p1.id = p.parent_id LEFT JOIN problems p2 ON p2.id = p1.parent_id
         JOIN problems e ON e.id = r.earlier_id
         LEFT JOIN problems e1 ON e1.id = e.parent_id LEFT JOIN problems e2 ON e2.id = e1.parent_id
         JOIN inspections ei ON ei.id = e.inspection_id
         JOIN organizations eu ON eu.id = e.unit_id
        WHERE ${where}
        ORDER BY p.inspection_id, array_remove(ARRAY[p2.sort_order, p1.sort_order, p.sort_order], NULL), r.score DESC, r.earlier_id
        LIMIT $3 OFFSET $4`,
        [o.inspectionId ?? null, o.problemId ?? null, o.limit, o.offset],
      )
    ).rows;
    const total = (
      await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM problem_recurrences r JOIN problems p ON p.id = r.problem_id WHERE ${where}`,
        [o.inspectionId ?? null, o.problemId ?? null],
      )
    ).rows[0].n;
    return { rows, total };
  },

  /** How many leaves of a round are flagged (the evaluation's recurrence component). */
  async flaggedCount(q: Queryable, inspectionId: number): Promise<number> {
    return (
      await q.query<{ n: number }>(
        `SELECT count(DISTINCT r.problem_id)::int AS n FROM problem_recurrences r JOIN problems p ON p.id = r.problem_id
        WHERE r.inspection_id = $1 AND p.child_count = 0`,
        [inspectionId],
      )
    ).rows[0].n;
  },
};
