/**
 * The SQL twin of the domain's lights (`lightOf`, `isStalled`, `isUnplanned` in
 * src/domain/workflow), for queries that filter or count by light. A query using
 * them joins `LIGHT_RULES_JOIN` (the unit's office's current rules, NULLs when the
 * office runs on the defaults) and reads the problem as `p`.
 * test/unit/light-sql.test.ts evaluates them over a grid of every rule and keeps
 * them in agreement with the domain.
 */
import { DEFAULT_LIGHT_RULES } from '../../../domain/workflow/index.js';

/** The join every light query needs: `lr` holds the rules of the problem's office. */
export const LIGHT_RULES_JOIN = 'LEFT JOIN unit_light_rules lr ON lr.unit_id = p.unit_id';

// Defaults come from the domain's constant (numbers and booleans of our own, safe to inline).
const D = DEFAULT_LIGHT_RULES;
const YELLOW_DAYS = `COALESCE(lr.yellow_days, ${Number(D.yellowDays)})`;
// a missing rules row means the defaults; a row with NULL stalled_days means "no stalled rule"
const DEFAULT_STALLED = D.stalledDays == null ? 'NULL' : String(Number(D.stalledDays));
const STALLED_DAYS = `(CASE WHEN lr.unit_id IS NULL THEN ${DEFAULT_STALLED} ELSE lr.stalled_days END)`;
const ORDER_YELLOW = `COALESCE(lr.order_yellow, ${D.orderYellow ? 'true' : 'false'})`;
const ORDER_OVERDUE_RED = `COALESCE(lr.order_overdue_red, ${D.orderOverdueRed ? 'true' : 'false'})`;

/**
 * The Beijing date the problem has been quiet since: its last progress entry, or
 * its creation. Computed in UTC plus eight hours so that no time-zone database is
 * needed (China has had no daylight saving since 1991).
 */
export const QUIET_SINCE_SQL = `((COALESCE(p.last_progress_at, p.created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date`;

/** The SQL twin of `isUnplanned`: no kind, no lead department, or no deadline on an item that needs one. */
export const UNPLANNED_SQL = `(p.rectify_kind IS NULL OR p.lead_dept_id IS NULL
    OR (p.deadline IS NULL AND p.rectify_kind <> 'long_term' AND p.status <> 'long_term'))`;

/** The SQL twin of `isStalled`; `today` is a placeholder of a Beijing date. */
export const STALLED_SQL = (today: string) => `(p.status IN ('pending', 'in_progress', 'long_term')
    AND ${STALLED_DAYS} IS NOT NULL AND ${today}::date - ${QUIET_SINCE_SQL} >= ${STALLED_DAYS})`;

/** The SQL twin of `lightOf`, in the same order of rules. */
export const LIGHT_SQL = (today: string) => `CASE
  WHEN p.status = 'closed' THEN 'none'
  WHEN ${UNPLANNED_SQL} THEN 'unplanned'
  WHEN p.open_orders > 0 AND ${ORDER_OVERDUE_RED} AND p.order_reply_due < ${today}::date THEN 'red'
  WHEN NOT (p.rectify_kind = 'long_term' OR p.status = 'long_term') AND p.deadline < ${today}::date THEN 'red'
  WHEN p.open_orders > 0 AND ${ORDER_YELLOW} THEN 'yellow'
  WHEN ${STALLED_SQL(today)} THEN 'yellow'
  WHEN p.rectify_kind = 'long_term' OR p.status = 'long_term' THEN 'blue'
  WHEN p.deadline - ${today}::date <= ${YELLOW_DAYS} THEN 'yellow'
  ELSE 'green' END`;

/** Columns a problem row carries for `lightInputs` (select them beside the row). */
export const LIGHT_COLUMNS = `${QUIET_SINCE_SQL}::text AS quiet_since, p.open_orders, p.order_reply_due,
       lr.unit_id IS NOT NULL AS has_light_rules, lr.yellow_days, lr.stalled_days, lr.order_yellow, lr.order_overdue_red`;

/** The raw light columns of a row. */
export interface LightColumns {
  quiet_since: string | null;
  open_orders: number;
  order_reply_due: string | null;
  has_light_rules: boolean;
  yellow_days: number | null;
  stalled_days: number | null;
  order_yellow: boolean | null;
  order_overdue_red: boolean | null;
}

/** The facts and rules `lightOf` takes, from a row that selected LIGHT_COLUMNS. */
export function lightInputs(r: LightColumns) {
  const rules = r.has_light_rules
    ? { yellowDays: r.yellow_days!, stalledDays: r.stalled_days, orderYellow: r.order_yellow!, orderOverdueRed: r.order_overdue_red! }
    : DEFAULT_LIGHT_RULES;
  return { facts: { quietSince: r.quiet_since, openOrders: r.open_orders, orderReplyDue: r.order_reply_due }, rules };
}
