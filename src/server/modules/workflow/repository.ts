import type { Queryable } from '../../db/index.js';
import type { ReviewChain } from '../../../domain/workflow/index.js';

export interface ExtensionRow {
  id: number;
  problem_id: number;
  old_deadline: string | null;
  requested_deadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  requested_by: number;
  /** Never null: requested_by is a NOT NULL reference to users. */
  requested_by_name: string;
  requested_at: Date;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  /** The chain copied at the request; null for requests older than chains (one step). */
  chain: ReviewChain | null;
  /** The step it waits at (0-based). */
  step: number;
  /** Who approved its earlier steps. */
  approvers: number[];
}

const SELECT = `SELECT x.*, ru.display_name AS requested_by_name, du.display_name AS decided_by_name
  FROM extensions x LEFT JOIN users ru ON ru.id = x.requested_by LEFT JOIN users du ON du.id = x.decided_by`;

/** A problem's extension requests (the problem given as an SQL expression), and their order. */
export const extensionsOf = (problemId: string) => `${SELECT} WHERE x.problem_id = ${problemId}`;
export const EXTENSION_ORDER = 'requested_at DESC, id DESC';
/** The instants of an extension row (see db/json.ts). */
export const EXTENSION_INSTANTS = ['requested_at', 'decided_at'] as const;

export const extensionRepo = {
  async forProblem(q: Queryable, problemId: number): Promise<ExtensionRow[]> {
    return (await q.query<ExtensionRow>(`${extensionsOf('$1')} ORDER BY ${EXTENSION_ORDER}`, [problemId])).rows;
  },
  async byId(q: Queryable, id: number, forUpdate = false): Promise<ExtensionRow | null> {
    if (forUpdate) await q.query('SELECT id FROM extensions WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<ExtensionRow>(`${SELECT} WHERE x.id = $1`, [id])).rows[0] ?? null;
  },
  async pendingCount(q: Queryable, problemId: number): Promise<number> {
    return (
      await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM extensions WHERE problem_id = $1 AND status = 'pending'`, [problemId])
    ).rows[0].n;
  },
  async insert(
    q: Queryable,
    v: { problemId: number; oldDeadline: string | null; deadline: string; reason: string; by: number; at: Date; chain: ReviewChain },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO extensions (problem_id, old_deadline, requested_deadline, reason, requested_by, requested_at, chain)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id`,
        [v.problemId, v.oldDeadline, v.deadline, v.reason, v.by, v.at, JSON.stringify(v.chain)],
      )
    ).rows[0].id;
  },
  /** Moves a pending request from `step` to the next; false when another decider moved it first. */
  async advance(q: Queryable, id: number, step: number, by: number): Promise<boolean> {
    const r = await q.query(
      `UPDATE extensions SET step = step + 1, approvers = array_append(approvers, $3) WHERE id = $1 AND status = 'pending' AND step = $2`,
      [id, step, by],
    );
    return r.rowCount === 1;
  },
  /** Decides a pending request (at `step` when given); false when someone decided it first. */
  async decide(
    q: Queryable,
    id: number,
    v: { status: 'approved' | 'refused'; by: number; at: Date; reason: string; step?: number },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE extensions SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5
        WHERE id = $1 AND status = 'pending' AND ($6::int IS NULL OR step = $6::int)`,
      [id, v.status, v.by, v.at, v.reason, v.step ?? null],
    );
    return r.rowCount === 1;
  },
  /** The only path by which a set deadline moves. */
  async moveDeadline(q: Queryable, problemId: number, deadline: string, at: Date): Promise<void> {
    await q.query('UPDATE problems SET deadline = $2, updated_at = $3 WHERE id = $1', [problemId, deadline, at]);
  },
  async stageDone(q: Queryable, problemId: number, at: Date): Promise<void> {
    await q.query('UPDATE problems SET stage_done = true, updated_at = $2 WHERE id = $1', [problemId, at]);
  },
};
