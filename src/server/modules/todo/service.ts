import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../../lib/policy.js';
import { isOverdue, lightOf } from '../../../domain/workflow/index.js';
import { TODO_KINDS, type TodoKind, type TodoQuery } from '../../../domain/schemas/index.js';
import { beijingToday } from '../problems/service.js';
import { presentStep } from '../problems/presenter.js';
import { todoRepo } from './repository.js';
import * as policy from './policy.js';

/**
 * GET /todo — what the person has to do, most pressing first: requests
 * waiting at their review step, their department's returned closures, refused
 * extensions, overdue items and items to report on, and (整改办) items to plan.
 */
export async function todo(ctx: AppContext, o: { actor: Actor; query: TodoQuery }) {
  const { actor, query } = o;
  enforce('viewTodo', policy.viewTodo(actor));
  const today = beijingToday(ctx);
  const who = {
    userId: actor.id,
    deptIds: actor.deptIds,
    adminUnitIds: actor.adminUnitIds,
    leaderUnitIds: actor.leaderUnitIds,
    officeUnitIds: actor.officeUnitIds,
    today,
  };
  const [counts, rows] = await Promise.all([todoRepo.counts(ctx.db, who), todoRepo.page(ctx.db, who, query.page, query.pageSize)]);
  const total = [...counts.values()].reduce((a, n) => a + n, 0);
  return {
    items: rows.map((r) => ({
      kind: r.kind,
      problem: {
        id: r.problem_id,
        label: r.label,
        title: r.title,
        status: r.status,
        deadline: r.deadline,
        light: lightOf({ status: r.status, rectifyKind: r.rectify_kind, deadline: r.deadline, leadDeptId: r.lead_dept_id }, today),
        overdue: isOverdue(r, today),
        unit: { id: r.unit_id, name: r.unit_name },
        leadDept: r.lead_dept_id != null && r.lead_dept_name != null ? { id: r.lead_dept_id, name: r.lead_dept_name } : null,
      },
      extensionId: r.extension_id,
      requestedDeadline: r.requested_deadline,
      step: r.chain ? presentStep(r.chain, r.step, r.chain) : null,
      since: r.since,
      note: r.note,
      from: r.from_id != null && r.from_name != null ? { id: r.from_id, name: r.from_name } : null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    counts: Object.fromEntries(TODO_KINDS.map((k) => [k, counts.get(k) ?? 0])) as Record<TodoKind, number>,
  };
}
