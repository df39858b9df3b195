/**
 * SQL of the round's problem tree editor (issue 7 point 8): the whole tree of a
 * round, moving a node (parent, place among siblings, levels under it) and
 * deleting a node with what is under it. Counters (`child_count`) are kept in
 * the same statements' transaction, as the repository's inserts keep them.
 */
import type { Queryable } from '../../db/index.js';
import type { ProblemStatus } from '../../../domain/workflow/index.js';

export interface TreeRow {
  id: number;
  parent_id: number | null;
  level: number;
  label: string;
  title: string;
  description: string;
  sort_order: number;
  status: ProblemStatus;
  child_count: number;
  progress_count: number;
  measure_count: number;
  unit_id: number;
  inspection_id: number;
}

const COLUMNS = `id, parent_id, level, label, title, description, sort_order, status,
  child_count, progress_count, measure_count, unit_id, inspection_id`;

export const treeRepo = {
  /** Every node of a round, parents before children, siblings in order. */
  async nodes(q: Queryable, inspectionId: number): Promise<TreeRow[]> {
    return (
      await q.query<TreeRow>(
        `SELECT ${COLUMNS} FROM problems WHERE inspection_id = $1 ORDER BY level, parent_id NULLS FIRST, sort_order, id`,
        [inspectionId],
      )
    ).rows;
  },

  /** A node and everything under it (three levels at most), the node first; locked for the change. */
  async subtree(q: Queryable, id: number): Promise<TreeRow[]> {
    await q.query(
      `SELECT id FROM problems WHERE id = $1 OR parent_id = $1 OR parent_id IN (SELECT id FROM problems WHERE parent_id = $1) FOR UPDATE`,
      [id],
    );
    return (
      await q.query<TreeRow>(
        `SELECT ${COLUMNS} FROM problems
        WHERE id = $1 OR parent_id = $1 OR parent_id IN (SELECT id FROM problems WHERE parent_id = $1)
        ORDER BY level, sort_order, id`,
        [id],
      )
    ).rows;
  },

  /** Ids of the siblings under `parentId` (null: the top of the round), in order. */
  async siblings(q: Queryable, inspectionId: number, parentId: number | null): Promise<number[]> {
    return (
      await q.query<{ id: number }>(
        `SELECT id FROM problems WHERE inspection_id = $1 AND parent_id IS NOT DISTINCT FROM $2::int ORDER BY sort_order, id`,
        [inspectionId, parentId],
      )
    ).rows.map((r) => r.id);
  },

  /** Numbers siblings 1, 2, 3 … in the order given. */
  async renumber(q: Queryable, ids: number[]): Promise<void> {
    if (!ids.length) return;
    await q.query(`UPDATE problems p SET sort_order = o.n FROM unnest($1::int[]) WITH ORDINALITY AS o(id, n) WHERE p.id = o.id`, [ids]);
  },

  /** Hangs a node under a new parent, shifting the levels of everything under it by `shift`. */
  async reparent(
    q: Queryable,
    v: { id: number; from: number | null; to: number | null; subtree: number[]; shift: number; now: Date },
  ): Promise<void> {
    await q.query('UPDATE problems SET parent_id = $2, updated_at = $3 WHERE id = $1', [v.id, v.to, v.now]);
    if (v.shift !== 0) await q.query('UPDATE problems SET level = level + $2 WHERE id = ANY($1::int[])', [v.subtree, v.shift]);
    if (v.from != null) await q.query('UPDATE problems SET child_count = child_count - 1 WHERE id = $1', [v.from]);
    if (v.to != null) await q.query('UPDATE problems SET child_count = child_count + 1 WHERE id = $1', [v.to]);
  },

  async setLabel(q: Queryable, id: number, label: string, now: Date): Promise<void> {
    await q.query('UPDATE problems SET label = $2, updated_at = $3 WHERE id = $1', [id, label, now]);
  },

  /**
   * Deletes a node and what is under it (the foreign keys cascade to measures,
   * cooperators and history) and the seals of that history, so `zhenggai verify`
   * does not report the rows as deleted behind the application's back: the
   * deletion itself stands in the hash-chained audit log.
   */
  async remove(q: Queryable, v: { id: number; parentId: number | null; subtree: number[] }): Promise<number> {
    await q.query(
      `DELETE FROM integrity_seals WHERE kind = 'transition'
         AND object_id IN (SELECT id FROM transitions WHERE problem_id = ANY($1::int[]))`,
      [v.subtree],
    );
    const r = await q.query('DELETE FROM problems WHERE id = ANY($1::int[])', [v.subtree]);
    if (v.parentId != null) await q.query('UPDATE problems SET child_count = child_count - 1 WHERE id = $1', [v.parentId]);
    return r.rowCount;
  },
};

/** What the plan import and the bulk edit read of many problems at once. */
export const planRepo = {
  /** The leaf problems of a round with their current deadline and status. */
  async leaves(q: Queryable, inspectionId: number) {
    return (
      await q.query<{ id: number; label: string; title: string; description: string; deadline: string | null; status: ProblemStatus }>(
        `SELECT id, label, title, description, deadline, status FROM problems
        WHERE inspection_id = $1 AND child_count = 0 ORDER BY level, sort_order, id`,
        [inspectionId],
      )
    ).rows;
  },

  /** Labels and titles by id, for messages naming the problem. */
  async names(q: Queryable, ids: number[]): Promise<Map<number, string>> {
    const r = await q.query<{ id: number; label: string; title: string }>(
      'SELECT id, label, title FROM problems WHERE id = ANY($1::int[])',
      [ids],
    );
    return new Map(r.rows.map((x) => [x.id, `${x.label} ${x.title.length > 30 ? `${x.title.slice(0, 30)}…` : x.title}`.trim()]));
  },
};

export const planUnits = {
  /** The units the given problems belong to. */
  async of(q: Queryable, ids: number[]): Promise<number[]> {
    return (await q.query<{ unit_id: number }>('SELECT DISTINCT unit_id FROM problems WHERE id = ANY($1::int[])', [ids])).rows.map(
      (r) => r.unit_id,
    );
  },
};
