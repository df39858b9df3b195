import type { Queryable } from '../../db/index.js';
import type { ProblemStatus, RectifyKind, ReviewChain } from '../../../domain/workflow/index.js';
import type { TodoKind } from '../../../domain/schemas/index.js';
import { UNPLANNED_SQL } from '../problems/repository.js';

/** Whose to-do: the person and the sets their roles give. */
export interface TodoWho {
  userId: number;
  deptIds: number[];
  adminUnitIds: number[];
  leaderUnitIds: number[];
  officeUnitIds: number[];
  /** Beijing today. */
  today: string;
}

export interface TodoRow {
  kind: TodoKind;
  problem_id: number;
  label: string;
  title: string;
  status: ProblemStatus;
  rectify_kind: RectifyKind | null;
  deadline: string | null;
  lead_dept_id: number | null;
  lead_dept_name: string | null;
  unit_id: number;
  unit_name: string;
  extension_id: number | null;
  requested_deadline: string | null;
  chain: ReviewChain | null;
  step: number | null;
  since: Date;
  note: string | null;
  from_id: number | null;
  from_name: string | null;
}

// $1 me, $2 departments, $3 administered units, $4 led units, $5 units under my offices, $6 today
const PARAMS = (w: TodoWho) => [w.userId, w.deptIds, w.adminUnitIds, w.leaderUnitIds, w.officeUnitIds, w.today];

/**
 * Whether the person fills the role of the step `role` (a text expression) on
 * problem p: the SQL twin of `fillsRole` with the person's sets; the API test
 * checks every review to-do is one the person's abilities allow.
 */
const FILLS = (role: string) => `(
     (${role} = 'unit_admin' AND p.unit_id = ANY($3::int[]))
  OR (${role} = 'leader' AND p.unit_id = ANY($4::int[]))
  OR (${role} = 'unit_admin_or_leader' AND (p.unit_id = ANY($3::int[]) OR p.unit_id = ANY($4::int[])))
  OR (${role} = 'office_admin' AND p.unit_id = ANY($5::int[])))`;

const DEFAULT_CLOSURE = `'[{"role": "unit_admin_or_leader", "name": "销号审核"}]'::jsonb`;
const DEFAULT_EXTENSION = `'[{"role": "unit_admin_or_leader", "name": "延期审批"}]'::jsonb`;

const COLS = `p.id AS problem_id, p.label, p.title, p.status, p.rectify_kind, p.deadline, p.lead_dept_id, p.unit_id`;

/** Every to-do of the person, one row per thing to do, with its priority (lower first) and sort keys. */
const TODO = `
  -- a closure request waiting at a step the person reviews (not their own, not one they approved a step of)
  SELECT 'closure_review' AS kind, 1 AS prio, ${COLS}, NULL::int AS extension_id, NULL::date AS requested_deadline,
         COALESCE(p.review_chain, ${DEFAULT_CLOSURE}) AS chain, COALESCE(p.review_step, 0)::int AS step,
         p.updated_at AS since, lt.reason AS note, p.closure_requested_by AS from_id
    FROM problems p
    LEFT JOIN LATERAL (SELECT t.reason FROM transitions t WHERE t.problem_id = p.id AND t.action = 'closure_request'
                        ORDER BY t.created_at DESC, t.id DESC LIMIT 1) lt ON true
   WHERE p.status = 'closure_requested'
     AND ${FILLS(`(COALESCE(p.review_chain, ${DEFAULT_CLOSURE}) -> COALESCE(p.review_step, 0)::int ->> 'role')`)}
     AND p.closure_requested_by IS DISTINCT FROM $1 AND NOT ($1 = ANY(p.review_approvers))
  UNION ALL
  -- an extension request waiting at a step the person decides
  SELECT 'extension_decision', 2, ${COLS}, x.id, x.requested_deadline,
         COALESCE(x.chain, ${DEFAULT_EXTENSION}), x.step::int, x.requested_at, x.reason, x.requested_by
    FROM extensions x JOIN problems p ON p.id = x.problem_id
   WHERE x.status = 'pending'
     AND ${FILLS(`(COALESCE(x.chain, ${DEFAULT_EXTENSION}) -> x.step::int ->> 'role')`)}
     AND x.requested_by <> $1 AND NOT ($1 = ANY(x.approvers))
  UNION ALL
  -- the lead department's open items: returned, refused, overdue, or simply to report on
  SELECT CASE WHEN lt.action = 'closure_return' THEN 'closure_returned'
              WHEN lx.status = 'refused' THEN 'extension_refused'
              WHEN p.deadline < $6::date THEN 'overdue'
              ELSE 'report' END,
         CASE WHEN lt.action = 'closure_return' THEN 3 WHEN lx.status = 'refused' THEN 4 WHEN p.deadline < $6::date THEN 5 ELSE 7 END,
         ${COLS},
         CASE WHEN lt.action IS DISTINCT FROM 'closure_return' AND lx.status = 'refused' THEN lx.id END,
         CASE WHEN lt.action IS DISTINCT FROM 'closure_return' AND lx.status = 'refused' THEN lx.requested_deadline END,
         NULL, NULL,
         CASE WHEN lt.action = 'closure_return' THEN lt.created_at WHEN lx.status = 'refused' THEN lx.decided_at ELSE p.updated_at END,
         CASE WHEN lt.action = 'closure_return' THEN lt.reason WHEN lx.status = 'refused' THEN lx.decision_reason END,
         CASE WHEN lt.action = 'closure_return' THEN lt.actor_id WHEN lx.status = 'refused' THEN lx.decided_by END
    FROM problems p
    LEFT JOIN LATERAL (SELECT t.action, t.reason, t.actor_id, t.created_at FROM transitions t
                        WHERE t.problem_id = p.id AND t.action IN ('closure_request', 'closure_return', 'closure_approve', 'reopen')
                        ORDER BY t.created_at DESC, t.id DESC LIMIT 1) lt ON true
    LEFT JOIN LATERAL (SELECT x.id, x.status, x.requested_deadline, x.decided_at, x.decided_by, x.decision_reason FROM extensions x
                        WHERE x.problem_id = p.id ORDER BY x.requested_at DESC, x.id DESC LIMIT 1) lx ON true
   WHERE p.lead_dept_id = ANY($2::int[]) AND p.child_count = 0 AND p.status IN ('pending', 'in_progress', 'long_term')
  UNION ALL
  -- 整改办: its unit's open items nobody has planned yet (no kind, lead department or deadline)
  SELECT 'to_plan', 6, ${COLS}, NULL, NULL, NULL, NULL, p.updated_at, NULL, NULL
    FROM problems p
   WHERE p.unit_id = ANY($3::int[]) AND p.child_count = 0 AND p.status <> 'closed' AND ${UNPLANNED_SQL}`;

export const todoRepo = {
  /** How many of each kind. */
  async counts(q: Queryable, w: TodoWho): Promise<Map<TodoKind, number>> {
    const r = await q.query<{ kind: TodoKind; n: number }>(`SELECT kind, count(*)::int AS n FROM (${TODO}) t GROUP BY kind`, PARAMS(w));
    return new Map(r.rows.map((x) => [x.kind, x.n]));
  },
  /** One page, most pressing first: by kind, then the nearest deadline, then the longest waiting. */
  async page(q: Queryable, w: TodoWho, page: number, pageSize: number): Promise<TodoRow[]> {
    return (
      await q.query<TodoRow>(
        `SELECT t.*, o.name AS unit_name, d.name AS lead_dept_name, u.display_name AS from_name
         FROM (${TODO}) t
         JOIN organizations o ON o.id = t.unit_id
         LEFT JOIN organizations d ON d.id = t.lead_dept_id
         LEFT JOIN users u ON u.id = t.from_id
        ORDER BY t.prio, t.deadline NULLS LAST, t.since, t.problem_id, t.extension_id NULLS FIRST
        LIMIT $7 OFFSET $8`,
        [...PARAMS(w), pageSize, (page - 1) * pageSize],
      )
    ).rows;
  },
};
