/**
 * All SQL of the ledger export. Rows are read a page at a time in the ledger's
 * tree order (keyset on the path of sort orders, then id), each page its own
 * short query, so a 10,000-row export never holds a transaction — on PGlite,
 * whose one connection every other request also waits for, least of all.
 */
import type { Queryable } from '../../db/index.js';

export interface ExportRow {
  id: number;
  level: number;
  label: string;
  title: string;
  description: string;
  rectify_kind: 'immediate' | 'deadline' | 'long_term' | null;
  deadline: string | null;
  status: 'pending' | 'in_progress' | 'closure_requested' | 'closed' | 'long_term';
  stage_done: boolean;
  leader: string | null;
  lead_dept: string | null;
  cooperators: string | null;
  has_children: boolean;
  path: number[];
}

/** Where a page ends: the next page starts after this row. */
export interface Cursor {
  path: number[];
  id: number;
}

const PATH = 'array_remove(ARRAY[p2.sort_order, p1.sort_order, p.sort_order], NULL)';

export const exportRepo = {
  async page(q: Queryable, inspectionId: number, after: Cursor | null, limit: number): Promise<ExportRow[]> {
    const r = await q.query<ExportRow>(
      `SELECT p.id, p.level, p.label, p.title, p.description, p.rectify_kind, p.deadline::text AS deadline, p.status, p.stage_done,
              COALESCE(lu.display_name, p.leader_name) AS leader, d.name AS lead_dept,
              (SELECT string_agg(o.name, '、' ORDER BY o.name) FROM problem_cooperators c JOIN organizations o ON o.id = c.dept_id
                WHERE c.problem_id = p.id) AS cooperators,
              EXISTS (SELECT 1 FROM problems ch WHERE ch.parent_id = p.id) AS has_children,
              ${PATH} AS path
         FROM problems p
         LEFT JOIN problems p1 ON p1.id = p.parent_id
         LEFT JOIN problems p2 ON p2.id = p1.parent_id
         LEFT JOIN users lu ON lu.id = p.leader_id
         LEFT JOIN organizations d ON d.id = p.lead_dept_id
        WHERE p.inspection_id = $1 AND ($2::int[] IS NULL OR (${PATH}, p.id) > ($2::int[], $3::int))
        ORDER BY ${PATH}, p.id
        LIMIT $4`,
      [inspectionId, after?.path ?? null, after?.id ?? 0, limit],
    );
    return r.rows;
  },

  async measures(q: Queryable, problemIds: number[]): Promise<{ problem_id: number; text: string }[]> {
    if (!problemIds.length) return [];
    return (
      await q.query<{ problem_id: number; text: string }>(
        'SELECT problem_id, text FROM measures WHERE problem_id = ANY($1::int[]) ORDER BY problem_id, sort_order, id',
        [problemIds],
      )
    ).rows;
  },

  async latestProgress(q: Queryable, problemIds: number[]): Promise<{ problem_id: number; text: string }[]> {
    if (!problemIds.length) return [];
    return (
      await q.query<{ problem_id: number; text: string }>(
        `SELECT DISTINCT ON (problem_id) problem_id, text FROM progress_entries
          WHERE problem_id = ANY($1::int[]) ORDER BY problem_id, created_at DESC, id DESC`,
        [problemIds],
      )
    ).rows;
  },
};
