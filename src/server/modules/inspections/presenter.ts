import type { InspectionRow } from './repository.js';

export function presentInspection(r: InspectionRow) {
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
  };
}
