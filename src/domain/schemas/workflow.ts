/**
 * Requests of the daily work (issue 7): a unit's settings (consistency rules and
 * review chains), reopening a closed problem, the to-do list.
 */
import { z } from 'zod';
import { MAX_CHAIN_STEPS, REVIEWER_ROLES } from '../workflow/index.js';
import { multiLineText, pageInt, singleLineText } from './primitives.js';

/** One step of a review chain: who reviews and what the office calls the step. */
export const reviewStepBody = z.object({
  /** unit_admin_or_leader (整改办或责任领导), unit_admin (整改办), leader (责任领导), office_admin (巡察办). */
  role: z.enum(REVIEWER_ROLES, { message: '审核角色取值无效' }),
  /** The step's name as people read it, e.g. 整改办初审. */
  name: singleLineText(20, '环节名称').meta({ example: '整改办初审' }),
});

function chain(what: string) {
  return z
    .array(reviewStepBody)
    .min(1, { message: `${what}至少一个环节` })
    .max(MAX_CHAIN_STEPS, { message: `${what}最多 ${MAX_CHAIN_STEPS} 个环节` });
}

/** PUT /units/:id/settings — the whole settings of a unit (整改办). */
export const unitSettingsBody = z.object({
  rules: z.object({
    /** A closure request needs every measure done or marked not applicable with a reason. */
    closureNeedsMeasuresDone: z.boolean({ error: '应为 true 或 false' }),
    /** A measure's deadline cannot be after its problem's. */
    measureDeadlineWithinProblem: z.boolean({ error: '应为 true 或 false' }),
    /** A measure marked done moves a 未启动 problem to 整改中. */
    measureDoneStartsProblem: z.boolean({ error: '应为 true 或 false' }),
  }),
  /** The closure review chain after the department's request, 1–3 steps. */
  closureChain: chain('销号审核流程'),
  /** The extension review chain, 1–3 steps. */
  extensionChain: chain('延期审批流程'),
});
export type UnitSettingsBody = z.infer<typeof unitSettingsBody>;

/** POST /problems/:id/reopen — a closed problem back to work, with the reason. */
export const reopenBody = z.object({ reason: multiLineText(2000, '重新打开的理由') });
export type ReopenBody = z.infer<typeof reopenBody>;

/** GET /todo: one page of the user's to-do list, most pressing first. */
export const todoQuery = z.object({
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 200, '每页条数').default(20),
});
export type TodoQuery = z.infer<typeof todoQuery>;
