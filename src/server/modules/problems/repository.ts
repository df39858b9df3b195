import type { Queryable } from '../../db/index.js';
import type { Scope } from '../auth/actor.js';
import type { LedgerQuery } from '../../../domain/schemas/index.js';
import type { MeasureStatus, ProblemStatus, RectifyKind, ReviewChain } from '../../../domain/workflow/index.js';
import { LIGHT_COLUMNS, LIGHT_RULES_JOIN, LIGHT_SQL, type LightColumns } from '../lightrules/sql.js';
import { sealTransition } from '../audit/integrity.js';
import type { SealedTransition } from '../audit/repository.js';

export interface MeasureRow {
  id: number;
  text: string;
  owner_dept_id: number | null;
  owner_dept_name: string | null;
  /** The database driver gives dates as 'YYYY-MM-DD' text (see db/). */
  deadline: string | null;
  status: MeasureStatus;
  /** Why a measure is 不适用; null otherwise. */
  status_reason: string | null;
  sort_order: number;
}

export interface ProblemRow extends LightColumns {
  id: number;
  inspection_id: number;
  unit_id: number;
  unit_name: string;
  parent_id: number | null;
  level: number;
  label: string;
  title: string;
  description: string;
  sort_order: number;
  rectify_kind: RectifyKind | null;
  leader_id: number | null;
  leader_name: string | null;
  lead_dept_id: number | null;
  lead_dept_name: string | null;
  deadline: string | null;
  status: ProblemStatus;
  stage_done: boolean;
  closure_requested_by: number | null;
  updated_at: Date;
  cooperating: { id: number; name: string }[];
  /** Extension requests waiting for a decision (at most one, by a unique index). */
  pending_extensions: number;
  /** Measures neither done nor marked not applicable. */
  open_measures: number;
  /** The step a closure request waits at; null when none waits. */
  review_step: number | null;
  /** The waiting request's chain, else the unit's closure chain; null when the unit runs on the default. */
  review_chain: ReviewChain | null;
  review_approvers: number[];
  /** The unit's rule (true when the unit has no settings row). */
  closure_needs_measures_done: boolean;
  measure_count: number;
  progress_count: number;
  evidence_count: number;
  is_leaf: boolean;
  /** 重点难点 taken in hand by a leader (领导领办), issue 9. */
  is_key: boolean;
  key_leader_id: number | null;
  key_leader_name: string | null;
  path: { id: number; label: string; title: string }[];
}

const FROM = `
  FROM problems p
  LEFT JOIN problems p1 ON p1.id = p.parent_id
  LEFT JOIN problems p2 ON p2.id = p1.parent_id
  ${LIGHT_RULES_JOIN}`;

// Plain joins only: per-row subqueries made planning this query cost more than
// running it (PGlite re-plans every statement). Counters live on the row;
// cooperating departments and pending extensions come in a second, tiny query
// over the page's ids (`complete`).
const SELECT = `
SELECT p.id, p.inspection_id, p.unit_id, uo.name AS unit_name, p.parent_id, p.level, p.label, p.title, p.description, p.sort_order,
       p.rectify_kind, p.leader_id, COALESCE(lu.display_name, p.leader_name) AS leader_name,
       p.lead_dept_id, ld.name AS lead_dept_name, p.deadline, p.status, p.stage_done,
       p.closure_requested_by, p.updated_at, p.measure_count, p.progress_count, p.evidence_count,
       p.child_count = 0 AS is_leaf,
       p.review_step, COALESCE(p.review_chain, us.closure_chain) AS review_chain, p.review_approvers,
       ${LIGHT_COLUMNS}, p.is_key, p.key_leader_id, kl.display_name AS key_leader_name,
       COALESCE(us.closure_needs_measures_done, true) AS closure_needs_measures_done,
       p1.id AS p1_id, p1.label AS p1_label, p1.title AS p1_title,
       p2.id AS p2_id, p2.label AS p2_label, p2.title AS p2_title
  ${FROM}
  JOIN organizations uo ON uo.id = p.unit_id
  LEFT JOIN users lu ON lu.id = p.leader_id
  LEFT JOIN organizations ld ON ld.id = p.lead_dept_id
  LEFT JOIN unit_settings us ON us.unit_id = p.unit_id
  LEFT JOIN users kl ON kl.id = p.key_leader_id`;

type RawRow = Omit<ProblemRow, 'path' | 'cooperating' | 'pending_extensions' | 'open_measures'> & {
  p1_id: number | null;
  p1_label: string | null;
  p1_title: string | null;
  p2_id: number | null;
  p2_label: string | null;
  p2_title: string | null;
};

/** Tree order: the sibling orders of the ancestors, then the node's own. */
const TREE_ORDER = `p.inspection_id, array_remove(ARRAY[p2.sort_order, p1.sort_order, p.sort_order], NULL)`;

const SCOPE = (u: string, d: string) => `(p.unit_id = ANY(${u}::int[]) OR p.lead_dept_id = ANY(${d}::int[])
  OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY(${d}::int[])))`;

/**
 * The SQL twins of `lightOf` and `isUnplanned` live with the office's light rules
 * (modules/lightrules/sql.ts: every light query joins the rules of the problem's office).
 */
export { LIGHT_SQL, UNPLANNED_SQL } from '../lightrules/sql.js';

/**
 * Adds the ancestors' path, the cooperating departments and the count of pending
 * extension requests (the policies need it) to raw rows, keeping their order.
 * One statement over the page's ids: a UNION of two index lookups costs about
 * what the departments alone did, where per-row subqueries cost twice as much.
 */
async function complete(q: Queryable, rows: RawRow[]): Promise<ProblemRow[]> {
  if (!rows.length) return [];
  const extra = await q.query<{
    kind: 'cooperating' | 'pending_extension' | 'open_measure';
    problem_id: number;
    id: number;
    name: string | null;
  }>(
    `SELECT 'cooperating' AS kind, pc.problem_id, o.id, o.name
       FROM problem_cooperators pc JOIN organizations o ON o.id = pc.dept_id WHERE pc.problem_id = ANY($1::int[])
     UNION ALL
     SELECT 'pending_extension', x.problem_id, x.id, NULL FROM extensions x WHERE x.problem_id = ANY($1::int[]) AND x.status = 'pending'
     UNION ALL
     SELECT 'open_measure', m.problem_id, m.id, NULL FROM measures m
      WHERE m.problem_id = ANY($1::int[]) AND m.status NOT IN ('done', 'not_applicable')
     ORDER BY 1, 3`,
    [rows.map((r) => r.id)],
  );
  const cooperating = new Map<number, { id: number; name: string }[]>();
  const pending = new Map<number, number>();
  const open = new Map<number, number>();
  for (const e of extra.rows) {
    if (e.kind === 'pending_extension') pending.set(e.problem_id, (pending.get(e.problem_id) ?? 0) + 1);
    else if (e.kind === 'open_measure') open.set(e.problem_id, (open.get(e.problem_id) ?? 0) + 1);
    else cooperating.set(e.problem_id, [...(cooperating.get(e.problem_id) ?? []), { id: e.id, name: e.name ?? '' }]);
  }
  return rows.map(({ p1_id, p1_label, p1_title, p2_id, p2_label, p2_title, ...r }) => ({
    ...r,
    path: [
      ...(p2_id != null ? [{ id: p2_id, label: p2_label!, title: p2_title! }] : []),
      ...(p1_id != null ? [{ id: p1_id, label: p1_label!, title: p1_title! }] : []),
    ],
    cooperating: cooperating.get(r.id) ?? [],
    pending_extensions: pending.get(r.id) ?? 0,
    open_measures: open.get(r.id) ?? 0,
  }));
}

/** The words of a search: split at spaces (ASCII and full-width), at most 8, duplicates dropped. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.split(/[\s\u3000]+/).filter(Boolean))].slice(0, 8);
}

/** Splits a query into the character bigrams the search index holds. */
export function bigramQuery(q: string): string | null {
  const s = q.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  const chars = [...s];
  if (chars.length < 2) return null;
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams].map((g) => `'${g.replace(/'/g, "''")}'`).join(' & ');
}

export const problemRepo = {
  async ledger(
    q: Queryable,
    scope: Scope,
    f: LedgerQuery,
    today: string,
  ): Promise<{
    rows: ProblemRow[];
    total: number;
    groups: { id: number; count: number }[];
    units: { id: number; name: string; count: number }[];
  }> {
    const params: unknown[] = [scope.unitIds, scope.deptIds];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [SCOPE('$1', '$2'), 'p.child_count = 0'];
    if (f.inspectionId) where.push(`p.inspection_id = ${p(f.inspectionId)}`);
    if (f.unitId) where.push(`p.unit_id = ${p(f.unitId)}`);
    if (f.status?.length) where.push(`p.status = ANY(${p(f.status)}::text[])`);
    if (f.kind) where.push(`p.rectify_kind = ${p(f.kind)}`);
    if (f.departmentId) {
      const d = p(f.departmentId);
      where.push(
        `(p.lead_dept_id = ${d} OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ${d}))`,
      );
    }
    if (f.deadlineFrom) where.push(`p.deadline >= ${p(f.deadlineFrom)}::date`);
    if (f.deadlineTo) where.push(`p.deadline <= ${p(f.deadlineTo)}::date`);
    if (f.overdue) where.push(`p.status <> 'closed' AND p.deadline < ${p(today)}::date`);
    if (f.light) where.push(`${LIGHT_SQL(p(today))} = ${p(f.light)}`);
    if (f.recurring) where.push('EXISTS (SELECT 1 FROM problem_recurrences rc WHERE rc.problem_id = p.id)');
    // every word must occur in the problem's own text or in the title of an aspect/theme above it
    for (const term of f.q ? searchTerms(f.q) : []) {
      const tsq = bigramQuery(term);
      if (tsq) {
        const t = p(tsq);
        where.push(
          `(p.search @@ to_tsquery('simple', ${t}) OR p1.search @@ to_tsquery('simple', ${t}) OR p2.search @@ to_tsquery('simple', ${t}))`,
        );
      }
      // the index narrows, LIKE decides: bigrams alone would match '管…网' scattered
      where.push(`(p.label || p.title || ' ' || p.description || ' ' || COALESCE(p1.title, '') || ' ' || COALESCE(p2.title, ''))
        ILIKE ${p(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    }
    const dir = f.dir === 'desc' ? 'DESC' : 'ASC';
    const order = {
      order: `${TREE_ORDER} ${dir}`,
      deadline: `p.deadline ${dir} NULLS LAST, ${TREE_ORDER}`,
      status: `array_position(ARRAY['pending','in_progress','long_term','closure_requested','closed'], p.status) ${dir}, ${TREE_ORDER}`,
      updated: `p.updated_at ${dir}, p.id`,
    }[f.sort];
    // first the page of ids (a small plan), then the rows of that page
    const page = await q.query<{ id: number; total_count: number }>(
      `SELECT p.id, count(*) OVER ()::int AS total_count ${FROM}
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`,
      params,
    );
    let total = page.rows[0]?.total_count ?? 0;
    if (page.rows.length === 0 && f.page > 1) {
      // past the last page: count separately so the pager can recover
      const c = await q.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} WHERE ${where.join(' AND ')}`, params.slice(0, -2));
      total = c.rows[0].n;
    }
    const ids = page.rows.map((r) => r.id);
    const rows = ids.length ? (await q.query<RawRow>(`${SELECT} WHERE p.id = ANY($1::int[])`, [ids])).rows : [];
    const at = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
    // the whole-group counts of the groups and units on this page: a header split over two pages counts all its leaves
    const groupIds = [...new Set(rows.flatMap((r) => [r.p1_id, r.p2_id]).filter((x): x is number => x != null))];
    const unitIds = [...new Set(rows.map((r) => r.unit_id))];
    let groups: { id: number; count: number }[] = [];
    let units: { id: number; name: string; count: number }[] = [];
    if (rows.length) {
      const base = params.slice(0, -2);
      const n = base.length;
      const c = await q.query<{ kind: 'group' | 'unit'; id: number; count: number }>(
        `SELECT 'group' AS kind, g.id, count(*)::int AS count
           FROM (SELECT p.id AS leaf, unnest(ARRAY[p1.id, p2.id]) AS gid ${FROM} WHERE ${where.join(' AND ')}) m
           JOIN problems g ON g.id = m.gid WHERE g.id = ANY($${n + 1}::int[]) GROUP BY g.id
         UNION ALL
         SELECT 'unit', p.unit_id,
           count(*)::int ${FROM} WHERE ${where.join(' AND ')} AND p.unit_id = ANY($${n + 2}::int[]) GROUP BY p.unit_id`,
        [...base, groupIds, unitIds],
      );
      const names = new Map(rows.map((r) => [r.unit_id, r.unit_name]));
      groups = c.rows.filter((r) => r.kind === 'group').map((r) => ({ id: r.id, count: r.count }));
      units = c.rows.filter((r) => r.kind === 'unit').map((r) => ({ id: r.id, name: names.get(r.id) ?? '', count: r.count }));
    }
    return { rows: await complete(q, rows), total, groups, units };
  },

  /** One problem within the scope, or null — absent and forbidden look the same. */
  async byId(q: Queryable, scope: Scope, id: number, forUpdate = false): Promise<ProblemRow | null> {
    if (forUpdate) {
      // lock the row first; aggregates cannot be selected FOR UPDATE
      const l = await q.query(`SELECT p.id FROM problems p WHERE p.id = $3 AND ${SCOPE('$1', '$2')} FOR UPDATE`, [
        scope.unitIds,
        scope.deptIds,
        id,
      ]);
      if (l.rowCount === 0) return null;
    }
    const r = await q.query<RawRow>(`${SELECT} WHERE p.id = $3 AND ${SCOPE('$1', '$2')}`, [scope.unitIds, scope.deptIds, id]);
    return r.rows[0] ? (await complete(q, r.rows))[0] : null;
  },

  /**
   * Moves the status when it is still `from`; false when someone moved it first.
   * Leaving a review (any status but closure_requested) clears the review step.
   */
  async setStatus(
    q: Queryable,
    id: number,
    from: ProblemStatus,
    to: ProblemStatus,
    now: Date,
    extra: { closureRequestedBy?: number | null; closedAt?: Date | null } = {},
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = $3::text, updated_at = $4::timestamptz,
              closure_requested_by = CASE WHEN $5::boolean THEN $6::int ELSE closure_requested_by END,
              closed_at = CASE WHEN $3::text = 'closed' THEN $4::timestamptz ELSE NULL END,
              review_step = CASE WHEN $3::text = 'closure_requested' THEN review_step ELSE NULL END,
              review_chain = CASE WHEN $3::text = 'closure_requested' THEN review_chain ELSE NULL END,
              review_approvers = CASE WHEN $3::text = 'closure_requested' THEN review_approvers ELSE '{}' END
        WHERE id = $1 AND status = $2`,
      [id, from, to, now, 'closureRequestedBy' in extra, extra.closureRequestedBy ?? null],
    );
    return r.rowCount === 1;
  },

  /** Opens a closure request on its chain's first step (the chain copied: later settings do not move it). */
  async startReview(q: Queryable, id: number, from: ProblemStatus, v: { by: number; chain: ReviewChain; now: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = 'closure_requested', updated_at = $3, closure_requested_by = $4,
              review_step = 0, review_chain = $5::jsonb, review_approvers = '{}'
        WHERE id = $1 AND status = $2`,
      [id, from, v.now, v.by, JSON.stringify(v.chain)],
    );
    return r.rowCount === 1;
  },

  /**
   * Moves a waiting closure request from `step` to the next; false when another
   * reviewer moved it first (the step in the WHERE makes the second one lose).
   */
  async advanceReview(q: Queryable, id: number, step: number, v: { by: number; now: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET review_step = $2 + 1, review_approvers = array_append(review_approvers, $3), updated_at = $4
        WHERE id = $1 AND status = 'closure_requested' AND COALESCE(review_step, 0) = $2`,
      [id, step, v.by, v.now],
    );
    return r.rowCount === 1;
  },

  /** Moves out of a review from `step` (approved at the last step, or returned); false when someone else decided first. */
  async finishReview(
    q: Queryable,
    id: number,
    step: number,
    to: ProblemStatus,
    v: { closureRequestedBy: number | null; now: Date },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE problems SET status = $3::text, updated_at = $4::timestamptz, closure_requested_by = $5::int,
              closed_at = CASE WHEN $3::text = 'closed' THEN $4::timestamptz ELSE NULL END,
              review_step = NULL, review_chain = NULL, review_approvers = '{}'
        WHERE id = $1 AND status = 'closure_requested' AND COALESCE(review_step, 0) = $2`,
      [id, step, to, v.now, v.closureRequestedBy],
    );
    return r.rowCount === 1;
  },

  async insertTransition(
    q: Queryable,
    t: {
      problemId: number;
      action: string;
      from: ProblemStatus | null;
      to: ProblemStatus | null;
      actorId: number | null;
      reason: string | null;
      at: Date;
      detail?: unknown;
    },
  ): Promise<void> {
    const row = await q.query<SealedTransition>(
      `INSERT INTO transitions (problem_id, action, from_status, to_status, actor_id, reason, created_at, detail) VALUES ($1, $2,
        $3, $4, $5, $6, $7, $8::jsonb)
       RETURNING id, problem_id, action, from_status, to_status, actor_id, created_at`,
      [t.problemId, t.action, t.from, t.to, t.actorId, t.reason, t.at, t.detail == null ? null : JSON.stringify(t.detail)],
    );
    // the keyed seal lets `zhenggai verify` find a transition edited, added or deleted in the database
    await sealTransition(q, row.rows[0]);
  },

  async transitions(q: Queryable, problemId: number) {
    return (
      await q.query<{
        id: number;
        action: string;
        from_status: ProblemStatus | null;
        to_status: ProblemStatus | null;
        actor_id: number | null;
        actor_name: string | null;
        reason: string | null;
        created_at: Date;
        detail: unknown;
      }>(
        `SELECT t.*, u.display_name AS actor_name FROM transitions t LEFT JOIN users u ON u.id = t.actor_id
        WHERE t.problem_id = $1 ORDER BY t.created_at, t.id`,
        [problemId],
      )
    ).rows;
  },

  async measures(q: Queryable, problemId: number): Promise<MeasureRow[]> {
    return (
      await q.query<MeasureRow>(
        `SELECT m.id, m.text, m.owner_dept_id, o.name AS owner_dept_name, m.deadline, m.status, m.status_reason, m.sort_order
         FROM measures m LEFT JOIN organizations o ON o.id = m.owner_dept_id
        WHERE m.problem_id = $1 ORDER BY m.sort_order, m.id`,
        [problemId],
      )
    ).rows;
  },

  async updatePlan(
    q: Queryable,
    id: number,
    v: {
      title?: string;
      description?: string;
      rectifyKind?: RectifyKind;
      leaderId?: number | null;
      leadDeptId?: number | null;
      deadline?: string;
    },
    now: Date,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id, now];
    const add = (col: string, val: unknown) => {
      params.push(val);
      sets.push(`${col} = $${params.length}`);
    };
    if (v.title !== undefined) add('title', v.title);
    if (v.description !== undefined) add('description', v.description);
    if (v.rectifyKind !== undefined) add('rectify_kind', v.rectifyKind);
    if (v.leaderId !== undefined) add('leader_id', v.leaderId);
    if (v.leadDeptId !== undefined) add('lead_dept_id', v.leadDeptId);
    if (v.deadline !== undefined) add('deadline', v.deadline);
    await q.query(`UPDATE problems SET updated_at = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`, params);
  },

  async setCooperators(q: Queryable, id: number, deptIds: number[]): Promise<void> {
    await q.query('DELETE FROM problem_cooperators WHERE problem_id = $1', [id]);
    if (deptIds.length)
      await q.query('INSERT INTO problem_cooperators (problem_id, dept_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [
        id,
        deptIds,
      ]);
  },

  async insert(
    q: Queryable,
    v: {
      inspectionId: number;
      unitId: number;
      parentId: number | null;
      level: number;
      label: string;
      title: string;
      description: string;
      rectifyKind?: RectifyKind | null;
      leadDeptId?: number | null;
      leaderId?: number | null;
      leaderName?: string | null;
      deadline?: string | null;
      status?: ProblemStatus;
      now: Date;
    },
  ): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order,
                             rectify_kind, lead_dept_id, leader_id, leader_name, deadline, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
               (SELECT COALESCE(max(sort_order), 0) + 1 FROM problems WHERE inspection_id = $1 AND parent_id IS NOT DISTINCT FROM $3::int),
               $8, $9, $10, $11, $12, $13, $14, $14)
       RETURNING id`,
      [
        v.inspectionId,
        v.unitId,
        v.parentId,
        v.level,
        v.label,
        v.title,
        v.description,
        v.rectifyKind ?? null,
        v.leadDeptId ?? null,
        v.leaderId ?? null,
        v.leaderName ?? null,
        v.deadline ?? null,
        v.status ?? 'pending',
        v.now,
      ],
    );
    if (v.parentId != null) await q.query('UPDATE problems SET child_count = child_count + 1 WHERE id = $1', [v.parentId]);
    return r.rows[0].id;
  },

  async node(q: Queryable, id: number): Promise<{ id: number; inspection_id: number; unit_id: number; level: number } | null> {
    return (
      (
        await q.query<{ id: number; inspection_id: number; unit_id: number; level: number }>(
          'SELECT id, inspection_id, unit_id, level FROM problems WHERE id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },

  async insertMeasure(
    q: Queryable,
    v: { problemId: number; text: string; ownerDeptId: number | null; deadline: string | null; now: Date },
  ): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO measures (problem_id, text, owner_dept_id, deadline, sort_order, created_at)
       VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(sort_order), 0) + 1 FROM measures WHERE problem_id = $1), $5) RETURNING id`,
      [v.problemId, v.text, v.ownerDeptId, v.deadline, v.now],
    );
    await q.query('UPDATE problems SET measure_count = measure_count + 1 WHERE id = $1', [v.problemId]);
    return r.rows[0].id;
  },

  async measureById(q: Queryable, id: number): Promise<(MeasureRow & { problem_id: number }) | null> {
    return (
      (
        await q.query<MeasureRow & { problem_id: number }>(
          `SELECT m.id, m.problem_id, m.text, m.owner_dept_id, o.name AS owner_dept_name, m.deadline, m.status, m.status_reason,
            m.sort_order
         FROM measures m LEFT JOIN organizations o ON o.id = m.owner_dept_id WHERE m.id = $1`,
          [id],
        )
      ).rows[0] ?? null
    );
  },

  /**
   * Changes the fields given (undefined: unchanged). The status reason is kept
   * only with 不适用 and cleared with any other status.
   */
  async updateMeasure(
    q: Queryable,
    id: number,
    v: { text?: string; status?: MeasureStatus; statusReason?: string | null; ownerDeptId?: number | null; deadline?: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE measures SET text = COALESCE($2, text), status = COALESCE($3, status),
              owner_dept_id = CASE WHEN $4::boolean THEN $5::int ELSE owner_dept_id END,
              deadline = CASE WHEN $6::boolean THEN $7::date ELSE deadline END,
              status_reason = CASE WHEN $3::text IS NULL THEN status_reason WHEN $3::text = 'not_applicable' THEN $8::text ELSE NULL END
        WHERE id = $1`,
      [
        id,
        v.text ?? null,
        v.status ?? null,
        v.ownerDeptId !== undefined,
        v.ownerDeptId ?? null,
        v.deadline !== undefined,
        v.deadline ?? null,
        v.statusReason ?? null,
      ],
    );
  },

  /** The latest measure deadline of a problem (a first deadline may not fall before it). */
  async latestMeasureDeadline(q: Queryable, problemId: number): Promise<string | null> {
    return (await q.query<{ d: string | null }>('SELECT max(deadline)::text AS d FROM measures WHERE problem_id = $1', [problemId])).rows[0]
      .d;
  },

  /** Names of departments by id (for the before/after of a plan change). */
  async orgNames(q: Queryable, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const r = await q.query<{ id: number; name: string }>('SELECT id, name FROM organizations WHERE id = ANY($1::int[])', [ids]);
    return new Map(r.rows.map((x) => [x.id, x.name]));
  },

  async userName(q: Queryable, id: number): Promise<string | null> {
    return (await q.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [id])).rows[0]?.display_name ?? null;
  },

  /** Departments given belong to the unit (guards plan edits against foreign ids). */
  async deptsInUnit(q: Queryable, unitId: number, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (
      await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM organizations WHERE kind = 'department' AND unit_id = $1 AND id = ANY($2::int[])`,
        [unitId, ids],
      )
    ).rows[0].n;
  },

  async leaderInUnit(q: Queryable, unitId: number, userId: number): Promise<boolean> {
    return (
      (await q.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND org_id = $2 AND role = 'leader'`, [userId, unitId])).rowCount > 0
    );
  },
};
