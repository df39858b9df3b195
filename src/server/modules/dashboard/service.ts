import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { notFound } from '../../lib/errors.js';
import { LIGHTS, PROBLEM_STATUSES } from '../../../domain/workflow/index.js';
import { DASHBOARD_KINDS } from '../../../domain/schemas/index.js';
import { dashboardRepo } from './repository.js';
import { beijingToday, ledger } from '../problems/service.js';
import { inspectionRepo } from '../inspections/repository.js';

/** One count per key, every key present (the response schema requires them all). */
function countsBy<K extends string>(keys: readonly K[], count: (k: K) => number): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, count(k)])) as Record<K, number>;
}

/** The unit dashboard: completion, counts by status/kind/light/department, the overdue list. */
export async function dashboard(ctx: AppContext, o: { actor: Actor; inspectionId: number | null }) {
  const { actor, inspectionId } = o;
  // a round the actor does not see is absent, as on GET /inspections/:id
  if (inspectionId != null && !(await inspectionRepo.byId(ctx.db, actor.readUnitIds, inspectionId, actor.deptIds))) {
    throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  }
  const today = beijingToday(ctx);
  const scope = scopeOf(actor);
  const [{ counts, depts }, overdue] = await Promise.all([
    dashboardRepo.tallies(ctx.db, scope, inspectionId, today),
    // the list only: its count would repeat the overdue count above
    ledger(ctx, {
      actor,
      query: { inspectionId: inspectionId ?? undefined, overdue: true, sort: 'deadline', dir: 'asc', page: 1, pageSize: 20 },
      count: false,
    }),
  ]);
  const sum = (f: (r: (typeof counts)[number]) => boolean) => counts.filter(f).reduce((a, r) => a + r.n, 0);
  const total = sum(() => true);
  const closed = sum((r) => r.status === 'closed');
  return {
    today,
    total,
    closed,
    completionRate: total ? Math.round((closed / total) * 1000) / 10 : 0,
    overdueCount: sum((r) => r.overdue),
    byStatus: countsBy(PROBLEM_STATUSES, (s) => sum((r) => r.status === s)),
    byKind: countsBy(DASHBOARD_KINDS, (k) => sum((r) => (r.kind ?? 'unset') === k)),
    byLight: countsBy(LIGHTS, (l) => sum((r) => r.light === l)),
    byDepartment: depts.map((d) => ({ deptId: d.dept_id, name: d.name ?? '未指定', total: d.total, closed: d.closed, overdue: d.overdue })),
    overdue: overdue.items,
  };
}
