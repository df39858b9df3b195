import type { Queryable } from '../../db/index.js';
import type { InspectionBody } from '../../../domain/schemas/index.js';

export interface InspectionRow {
  id: number;
  unit_id: number;
  unit_name: string;
  kind: InspectionBody['kind'];
  title: string;
  body: string;
  onsite_start: string | null;
  onsite_end: string | null;
  feedback_date: string | null;
  plan_due: string | null;
  report_due: string | null;
  source_digest: string | null;
  created_at: Date;
  problem_count: number;
  closed_count: number;
}

const SELECT = `SELECT i.*, o.name AS unit_name,
  (SELECT count(*)::int FROM problems p WHERE p.inspection_id = i.id AND p.child_count = 0) AS problem_count,
  (SELECT count(*)::int FROM problems p WHERE p.inspection_id = i.id AND p.status = 'closed' AND p.child_count = 0) AS closed_count
  FROM inspections i JOIN organizations o ON o.id = i.unit_id`;

export const inspectionRepo = {
  /**
   * A page of the inspections of the given units, plus those where the given
   * departments have problems, newest feedback first; optionally those whose name,
   * inspecting body or unit name contains `q`, or of one unit. The counts are
   * computed for the page's rows only.
   */
  async list(
    q: Queryable,
    v: { unitIds: number[]; deptIds: number[]; q?: string; unitId?: number; limit: number; offset: number },
  ): Promise<{ rows: InspectionRow[]; total: number }> {
    const where = `(i.unit_id = ANY($1::int[])
          OR EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = i.id AND (p.lead_dept_id = ANY($2::int[])
               OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY($2::int[])))))
        AND ($3::text IS NULL OR strpos(i.title, $3) > 0 OR strpos(i.body, $3) > 0 OR strpos(o.name, $3) > 0)
        AND ($4::int IS NULL OR i.unit_id = $4)`;
    const args = [v.unitIds, v.deptIds, v.q || null, v.unitId ?? null];
    const total = (
      await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inspections i JOIN organizations o ON o.id = i.unit_id WHERE ${where}`,
        args,
      )
    ).rows[0].n;
    const rows = (
      await q.query<InspectionRow>(
        `WITH page AS (
           SELECT i.id FROM inspections i JOIN organizations o ON o.id = i.unit_id WHERE ${where}
            ORDER BY i.feedback_date DESC NULLS LAST, i.id DESC LIMIT $5 OFFSET $6)
         ${SELECT} WHERE i.id IN (SELECT id FROM page) ORDER BY i.feedback_date DESC NULLS LAST, i.id DESC`,
        [...args, v.limit, v.offset],
      )
    ).rows;
    return { rows, total };
  },
  /** One inspection of the given units, or (with deptIds) one where those departments have problems, as `list` shows. */
  async byId(q: Queryable, unitIds: number[], id: number, deptIds: number[] = []): Promise<InspectionRow | null> {
    return (
      (
        await q.query<InspectionRow>(
          `${SELECT} WHERE i.id = $1 AND (i.unit_id = ANY($2::int[])
          OR EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = i.id AND (p.lead_dept_id = ANY($3::int[])
               OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY($3::int[])))))`,
          [id, unitIds, deptIds],
        )
      ).rows[0] ?? null
    );
  },
  async insert(q: Queryable, v: InspectionBody & { createdBy: number | null; sourceDigest?: string | null; now: Date }): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO inspections (unit_id, kind, title, body, onsite_start, onsite_end, feedback_date, plan_due, report_due,
        source_digest, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        v.unitId,
        v.kind,
        v.title,
        v.body,
        v.onsiteStart ?? null,
        v.onsiteEnd ?? null,
        v.feedbackDate ?? null,
        v.planDue ?? null,
        v.reportDue ?? null,
        v.sourceDigest ?? null,
        v.createdBy,
        v.now,
      ],
    );
    return r.rows[0].id;
  },
};
