/** The answer of GET /dashboard: completion and counts over the leaf problems in the user's scope. */
import { z } from 'zod';
import { LIGHTS, PROBLEM_STATUSES, RECTIFY_KINDS } from '../../workflow/index.js';
import { dateSchema, idSchema } from './common.js';
import { ledgerRowSchema } from './problems.js';

/** An object with one count per key, every key present (zero counts included). */
function countsOf<K extends string>(keys: readonly K[], what: string) {
  const shape = Object.fromEntries(keys.map((k) => [k, z.int().nonnegative()])) as Record<K, z.ZodInt>;
  return z.object(shape).describe(what);
}

/** The kinds a problem may have, and `unset` for problems not planned yet. */
export const DASHBOARD_KINDS = [...RECTIFY_KINDS, 'unset'] as const;

/** One lead department's line of the dashboard. */
export const departmentStatSchema = z.object({
  /** The lead department; null for the line of problems with no lead department yet. */
  deptId: idSchema.nullable(),
  /** Its name; "未指定" for the line without a department. */
  name: z.string(),
  /** Its problems. */
  total: z.int().nonnegative(),
  /** Of those, closed. */
  closed: z.int().nonnegative(),
  /** Of those, past the deadline and not closed. */
  overdue: z.int().nonnegative(),
});
export type DepartmentStat = z.input<typeof departmentStatSchema>;

export const dashboardSchema = z
  .object({
    /** The server's Beijing date the counts were made on (lights and overdue depend on it). */
    today: dateSchema,
    /** Leaf problems in scope. */
    total: z.int().nonnegative(),
    /** Of those, closed (已销号). */
    closed: z.int().nonnegative(),
    /** closed / total as a percentage with one decimal, e.g. 22.2; 0 when there are none. */
    completionRate: z.number().min(0).max(100),
    /** Past the deadline and not closed. */
    overdueCount: z.int().nonnegative(),
    /** Problems per workflow state. */
    byStatus: countsOf(PROBLEM_STATUSES, '各状态的问题数'),
    /** Problems per rectification kind; `unset` counts those not planned yet. */
    byKind: countsOf(DASHBOARD_KINDS, '各整改类型的问题数（unset：未设定）'),
    /** Problems per light. */
    byLight: countsOf(LIGHTS, '各灯色的问题数'),
    /** Per lead department, largest first. */
    byDepartment: z.array(departmentStatSchema),
    /** The 20 overdue problems nearest their deadline, as ledger rows. */
    overdue: z.array(ledgerRowSchema),
  })
  .describe('工作看板');
export type Dashboard = z.input<typeof dashboardSchema>;
