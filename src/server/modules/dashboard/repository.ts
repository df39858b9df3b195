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

const byName = (a: string | null, b: string | null) => (a === b ? 0 : a == null ? 1 : b == null ? -1 : a < b ? -1 : 1);

export interface DashboardCount {
  status: string;
  kind: string | null;
  light: string;
  overdue: boolean;
  n: number;
}
export interface DepartmentCount {
  dept_id: number | null;
  name: string | null;
  total: number;
  closed: number;
  overdue: number;
}

export const dashboardRepo = {
  /**
   * In one pass over the leaf problems in scope: the counts by status, kind, light and overdue, and per lead
   * department the total, closed and overdue (two grouping sets of one scan: each row's light is worked out once).
   */
  async tallies(q: Queryable, scope: Scope, inspectionId: number | null, today: string) {
    const rows = (
      await q.query<DashboardCount & { by_dept: boolean; dept_id: number | null; name: string | null; closed: number; overdue_n: number }>(
        `SELECT g.*, o.name FROM (
           SELECT GROUPING(x.dept_id) = 0 AS by_dept, x.status, x.kind, x.light, x.overdue, x.dept_id, count(*)::int AS n,
                  count(*) FILTER (WHERE x.status = 'closed')::int AS closed, count(*) FILTER (WHERE x.overdue)::int AS overdue_n
             FROM (SELECT p.status, p.rectify_kind AS kind, ${LIGHT_SQL('$4')} AS light,
                          (p.status <> 'closed' AND p.deadline < $4::date) AS overdue, p.lead_dept_id AS dept_id
                     FROM problems p ${LIGHT_RULES_JOIN} WHERE ${leafInScope(scope)}) x
            GROUP BY GROUPING SETS ((x.status, x.kind, x.light, x.overdue), (x.dept_id))) g
         LEFT JOIN organizations o ON g.by_dept AND o.id = g.dept_id`,
        [scope.unitIds, scope.deptIds, inspectionId, today],
        { prepare: true },
      )
    ).rows;
    const counts: DashboardCount[] = rows
      .filter((r) => !r.by_dept)
      .map((r) => ({ status: r.status, kind: r.kind, light: r.light, overdue: r.overdue, n: r.n }));
    const depts: DepartmentCount[] = rows
      .filter((r) => r.by_dept)
      .map((r) => ({ dept_id: r.dept_id, name: r.name, total: r.n, closed: r.closed, overdue: r.overdue_n }))
      // largest first, then by name as the database orders it (code points; no name last)
      .sort((x, y) => y.total - x.total || byName(x.name, y.name));
    return { counts, depts };
  },
};
