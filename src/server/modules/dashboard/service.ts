import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { scopeOf } from '../auth/actor.js';
import { notFound } from '../../lib/errors.js';
import { PROBLEM_STATUSES, RECTIFY_KINDS } from '../../../domain/workflow/index.js';
import { dashboardRepo } from './repository.js';
import { dayWindow, ledger } from '../problems/service.js';
import { inspectionRepo } from '../inspections/repository.js';

/** The unit dashboard: completion, counts by status/kind/light/department, the overdue list. */
export async function dashboard(ctx: AppContext, actor: Actor, inspectionId: number | null) {
  if (inspectionId != null && !(await inspectionRepo.list(ctx.db, actor.readUnitIds, actor.deptIds)).some((i) => i.id === inspectionId)) {
    throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  }
  const { today, yellowUntil } = dayWindow(ctx);
  const scope = scopeOf(actor);
  const [counts, depts, overdue] = await Promise.all([
    dashboardRepo.counts(ctx.db, scope, inspectionId, today, yellowUntil),
    dashboardRepo.byDepartment(ctx.db, scope, inspectionId, today),
    ledger(ctx, actor, { inspectionId: inspectionId ?? undefined, overdue: true, sort: 'deadline', dir: 'asc', page: 1, pageSize: 20 }),
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
    byStatus: Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, sum((r) => r.status === s)])),
    byKind: Object.fromEntries([...RECTIFY_KINDS, 'unset'].map((k) => [k, sum((r) => (r.kind ?? 'unset') === k)])),
    byLight: Object.fromEntries(['green', 'yellow', 'red', 'blue', 'none'].map((l) => [l, sum((r) => r.light === l)])),
    byDepartment: depts.map((d) => ({ deptId: d.dept_id, name: d.name ?? '未指定', total: d.total, closed: d.closed, overdue: d.overdue })),
    overdue: overdue.items,
  };
}
