/**
 * Requests of planning many problems at once and of editing a round's problem
 * tree (issue 7 points 7, 8 and 19): the bulk edit and the plan import both send
 * one plan per problem, checked by the same `problemPlanBody` as PATCH
 * /problems/:id. Kept out of ./index.ts's re-exports because it builds on that
 * file's schemas (a re-export would make an import cycle); import it directly.
 */
import { z } from 'zod';
import { id, problemPlanBody, singleLineText } from './index.js';

/** Problems a bulk edit or a plan import changes in one request (one transaction). */
export const MAX_PLAN_BATCH = 500;

/** POST /problems/plan-batch: one plan per problem, all applied or none. */
export const planBatchBody = z.object({
  /** The problems and what to set on each; a problem appears once. */
  items: z
    .array(
      z.object({
        /** The problem. */
        id,
        /** The fields to set (absent fields stay as they are). */
        plan: problemPlanBody,
      }),
    )
    .min(1, { message: '请至少选择一个问题' })
    .max(MAX_PLAN_BATCH, { message: `一次最多修改 ${MAX_PLAN_BATCH} 个问题` })
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, { message: '同一问题不能出现两次' }),
  /** What the change is, for the history: bulk (批量修改, the default), import (导入计划) or inline (台账内编辑). */
  source: z.enum(['bulk', 'import', 'inline'], { message: '来源取值无效' }).default('bulk'),
});
export type PlanBatchBody = z.infer<typeof planBatchBody>;

/** The multipart fields of a plan import preview besides the file: none yet. */
export const planImportFields = z.object({});

/** PATCH /problems/:id/node: the label or the place of a node in its round's tree. */
export const problemNodeBody = z
  .object({
    /** The label as written, e.g. "（三）" or "2.". */
    label: singleLineText(20, '序号').optional(),
    /** The new parent; null moves it to the top of the tree. Absent: stays under its parent. */
    parentId: id.nullable().optional(),
    /** Its place among its (new) siblings, from 0; absent: last. */
    position: z
      .int({ error: '位置应为整数' })
      .min(0, { message: '位置不能小于 0' })
      .max(10_000, { message: '位置不能大于 10000' })
      .optional(),
  })
  .refine((v) => v.label !== undefined || v.parentId !== undefined || v.position !== undefined, {
    message: '请填写序号、上级或位置中的至少一项',
    path: ['label'],
  });
export type ProblemNodeBody = z.infer<typeof problemNodeBody>;
