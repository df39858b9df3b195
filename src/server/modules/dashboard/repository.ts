import type { Queryable } from '../../db/index.js';
import type { Scope } from '../auth/actor.js';
import { LIGHT_RULES_JOIN, LIGHT_SQL } from '../lightrules/sql.js';

/**
 * The leaves in scope ($1 unit ids, $2 department ids, $3 an optional round). A reader of whole units gets a plain
 * unit condition: the OR with the departments' EXISTS kept every plan from the unit's index, and a unit admin's
 * dashboard read all 100,000 problems of a city twice (10 req/s). `$2 IS NOT NULL` keeps the parameter typed.
 */
function leafInScope(scope: Scope): string {
  const who = scope.deptIds.length
    ? `(p.unit_id = ANY($1::int[]) OR p.lead_dept_id = ANY($2::int[])
       OR EXISTS (SELECT 1 FROM problem_cooperators pc WHERE pc.problem_id = p.id AND pc.dept_id = ANY($2::int[])))`
    : 'p.unit_id = ANY($1::int[]) AND $2::int[] IS NOT NULL';
  return `p.child_count = 0 AND ${who} AND ($3::int IS NULL OR p.inspection_id = $3::int)`;
}

export const dashboardRepo = {
  /** Counts by status, kind and light in one pass over the leaf problems in scope. */
  async counts(q: Queryable, scope: Scope, inspectionId: number | null, today: string) {
    return (
      await q.query<{ status: string; kind: string | null; light: string; overdue: boolean; n: number }>(
        `SELECT p.status, p.rectify_kind AS kind, ${LIGHT_SQL('$4')} AS light,
              (p.status <> 'closed' AND p.deadline < $4::date) AS overdue, count(*)::int AS n
         FROM problems p ${LIGHT_RULES_JOIN} WHERE ${leafInScope(scope)}
        GROUP BY 1, 2, 3, 4`,
        [scope.unitIds, scope.deptIds, inspectionId, today],
      )
    ).rows;
  },
  /** Per lead department: total, closed and overdue. */
  async byDepartment(q: Queryable, scope: Scope, inspectionId: number | null, today: string) {
    return (
      await q.query<{ dept_id: number | null; name: string | null; total: number; closed: number; overdue: number }>(
        `SELECT p.lead_dept_id AS dept_id, o.name, count(*)::int AS total,
              count(*) FILTER (WHERE p.status = 'closed')::int AS closed,
              count(*) FILTER (WHERE p.status <> 'closed' AND p.deadline < $4::date)::int AS overdue
         FROM problems p LEFT JOIN organizations o ON o.id = p.lead_dept_id
        WHERE ${leafInScope(scope)}
        GROUP BY p.lead_dept_id, o.name ORDER BY total DESC, o.name`,
        [scope.unitIds, scope.deptIds, inspectionId, today],
      )
    ).rows;
  },
};
