import type { Actor } from '../auth/actor.js';
import { abilities } from '../../lib/policy.js';
import { createProblem } from '../problems/policy.js';
import type { InspectionRow } from './repository.js';

/** A round as the API shows it, with what the actor may do in it (add problems to its tree). */
export function presentInspection(r: InspectionRow, actor: Actor) {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    kind: r.kind,
    title: r.title,
    body: r.body,
    onsiteStart: r.onsite_start,
    onsiteEnd: r.onsite_end,
    feedbackDate: r.feedback_date,
    planDue: r.plan_due,
    reportDue: r.report_due,
    problemCount: r.problem_count,
    closedCount: r.closed_count,
    createdAt: r.created_at,
    abilities: abilities({ addProblem: createProblem(actor, r.unit_id) }),
  };
}
