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

/** A node of an imported tree, with its counters known beforehand (the whole tree is in hand). */
export interface NewTreeNode {
  parentId: number | null;
  label: string;
  title: string;
  description: string;
  /** Its place among its siblings, 1, 2, 3 … (unique per parent: it maps the returned ids back). */
  sortOrder: number;
  rectifyKind: string | null;
  leadDeptId: number | null;
  leaderName: string | null;
  deadline: string | null;
  status: ProblemStatus;
  childCount: number;
  measureCount: number;
  progressCount: number;
}

/**
 * Set-based writes of a whole imported tree (issue 12: a 3,000-node import row by
 * row held the embedded database for 7–9 s). One statement per level; the
 * counters are written with the rows, so no per-row UPDATE of the parent follows.
 */
export const treeImportRepo = {
  /** Inserts one level of new nodes of a round; answers their ids in the order given. */
  async insertLevel(q: Queryable, v: { inspectionId: number; unitId: number; level: number; now: Date; rows: NewTreeNode[] }) {
    if (!v.rows.length) return [];
    const col = <K extends keyof NewTreeNode>(k: K) => v.rows.map((r) => r[k]);
    const r = await q.query<{ id: number; parent_id: number | null; sort_order: number }>(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order, rectify_kind, lead_dept_id,
                             leader_name, deadline, status, child_count, measure_count, progress_count, last_progress_at,
                             created_at, updated_at)
       SELECT $1, $2, x.parent, $3, x.label, x.title, x.description, x.place, x.kind, x.lead, x.leader, x.deadline::date, x.status,
              x.children, x.measures, x.progress, CASE WHEN x.progress > 0 THEN $4::timestamptz END, $4, $4
       FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::int[], $12::text[], $13::text[],
                   $14::text[], $15::int[], $16::int[], $17::int[]) WITH ORDINALITY
         AS x(parent, label, title, description, place, kind, lead, leader, deadline, status, children, measures, progress, n)
       ORDER BY x.n
       RETURNING id, parent_id, sort_order`,
      [
        v.inspectionId,
        v.unitId,
        v.level,
        v.now,
        col('parentId'),
        col('label'),
        col('title'),
        col('description'),
        col('sortOrder'),
        col('rectifyKind'),
        col('leadDeptId'),
        col('leaderName'),
        col('deadline'),
        col('status'),
        col('childCount'),
        col('measureCount'),
        col('progressCount'),
      ],
    );
    // RETURNING does not promise the input's order: (parent, place) is unique among new siblings
    const byPlace = new Map(r.rows.map((x) => [`${x.parent_id}:${x.sort_order}`, x.id]));
    return v.rows.map((x) => {
      const id = byPlace.get(`${x.parentId}:${x.sortOrder}`);
      if (id == null) throw new Error(`imported node ${x.parentId}:${x.sortOrder} not returned`);
      return id;
    });
  },

  /** Measures of new problems, in one statement (their problems' measure_count is written with the problems). */
  async insertMeasures(
    q: Queryable,
    rows: { problemId: number; text: string; ownerDeptId: number | null; sortOrder: number }[],
    now: Date,
  ) {
    if (!rows.length) return;
    await q.query(
      `INSERT INTO measures (problem_id, text, owner_dept_id, sort_order, created_at)
       SELECT x.pid, x.text, x.owner, x.place, $1 FROM unnest($2::int[], $3::text[], $4::int[], $5::int[]) AS x(pid, text, owner, place)`,
      [now, rows.map((r) => r.problemId), rows.map((r) => r.text), rows.map((r) => r.ownerDeptId), rows.map((r) => r.sortOrder)],
    );
  },

  /** Cooperating departments of new problems, in one statement. */
  async insertCooperators(q: Queryable, pairs: { problemId: number; deptId: number }[]) {
    if (!pairs.length) return;
    await q.query(
      `INSERT INTO problem_cooperators (problem_id, dept_id) SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`,
      [pairs.map((p) => p.problemId), pairs.map((p) => p.deptId)],
    );
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
