/**
 * Answers of planning many problems at once (bulk edit, plan import from Excel)
 * and of the round's problem tree editor (issue 7 points 7 and 8).
 */
import { z } from 'zod';
import { dateSchema, idSchema, problemStatusSchema, rectifyKindSchema } from './common.js';

/** POST /problems/plan-batch */
export const planBatchResultSchema = z
  .object({
    /** How many problems changed (one 计划变更 history entry each). */
    updated: z.int().nonnegative(),
    /** Their ids, in the order sent. */
    ids: z.array(idSchema),
  })
  .describe('批量修改整改计划的结果');
export type PlanBatchResult = z.input<typeof planBatchResultSchema>;

/** The plan a ledger row gives, resolved to ids of the unit (only what resolved). */
export const resolvedPlanSchema = z.object({
  /** The lead department found by name. */
  leadDeptId: idSchema.optional(),
  /** The cooperating departments found by name. */
  cooperatingDeptIds: z.array(idSchema).optional(),
  /** The leader's account found by name. */
  leaderId: idSchema.optional(),
  /** The deadline (a month means its last day); absent when the problem has another one already. */
  deadline: dateSchema.optional(),
  /** 立行立改, 限期整改 or 长期坚持 as a code. */
  rectifyKind: rectifyKindSchema.optional(),
});
export type ResolvedPlan = z.input<typeof resolvedPlanSchema>;

export const MATCH_BY = ['label_title', 'title', 'contains', 'similar'] as const;

/** One row of the uploaded ledger, what it says and which problem it plans. */
export const planImportRowSchema = z.object({
  /** The sheet row (as Excel numbers it). */
  line: z.int().positive(),
  /** The row's 序号. */
  label: z.string(),
  /** The row's problem text, first clause. */
  title: z.string(),
  /** The cells as written: leader, lead department, cooperating departments, deadline, kind. */
  cells: z.object({
    leader: z.string().nullable(),
    leadDept: z.string().nullable(),
    cooperatingDepts: z.array(z.string()),
    deadline: z.string().nullable(),
    kind: z.string().nullable(),
  }),
  /** The problem of the round it plans; null when none matched. */
  match: z
    .object({
      /** The problem. */
      problemId: idSchema,
      /** Its label and title in the round. */
      label: z.string(),
      title: z.string(),
      /** How it matched: label and title, title, one title containing the other, or similar wording. */
      by: z.enum(MATCH_BY),
      /** 0–1. */
      score: z.number().min(0).max(1),
    })
    .nullable(),
  /** True when two problems matched about equally well (none is chosen). */
  ambiguous: z.boolean(),
  /** The plan to apply, resolved to ids. */
  plan: resolvedPlanSchema,
  /** What could not be taken over, in Chinese (an unknown department, a deadline already set …). */
  issues: z.array(z.string()),
});
export type PlanImportRow = z.input<typeof planImportRowSchema>;

/** POST /inspections/:id/plan-import/preview: nothing is written. */
export const planImportPreviewSchema = z
  .object({
    /** The uploaded file's name. */
    filename: z.string(),
    /** Every problem row of the ledger, in sheet order. */
    rows: z.array(planImportRowSchema),
    /** Leaf problems of the round no row matched. */
    unmatchedProblems: z.array(z.object({ id: idSchema, label: z.string(), title: z.string() })),
    /** Rows matched / problems in the round. */
    matched: z.int().nonnegative(),
    problems: z.int().nonnegative(),
  })
  .describe('从 Excel 台账导入整改计划：预览（不写入）');
export type PlanImportPreview = z.input<typeof planImportPreviewSchema>;

/** What the user may do to one node of the tree. */
export const treeNodeAbilitiesSchema = z.object({
  /** Edit label, title, description (整改办, not closed). */
  edit: z.boolean(),
  /** Add a child (整改办; the tree has at most three levels). */
  addChild: z.boolean(),
  /** Move it or delete it: only before any progress, measure status or review exists under it. */
  move: z.boolean(),
  delete: z.boolean(),
});

/** One node of a round's problem tree (groups and leaves). */
export const treeNodeSchema = z.object({
  /** The node. */
  id: idSchema,
  /** Its parent; null at the top. */
  parentId: idSchema.nullable(),
  /** Depth, 1–3. */
  level: z.int().min(1).max(3),
  /** Its label as written. */
  label: z.string(),
  /** Its title. */
  title: z.string(),
  /** Its statement. */
  description: z.string(),
  /** Its place among its siblings. */
  sortOrder: z.int(),
  /** Its state. */
  status: problemStatusSchema,
  /** Leaf problems under it (itself when a leaf). */
  leafCount: z.int().nonnegative(),
  /** Progress entries under it (a node with progress is kept). */
  progressCount: z.int().nonnegative(),
  /** What the user may do to it. */
  abilities: treeNodeAbilitiesSchema,
});
export type TreeNode = z.input<typeof treeNodeSchema>;

/** GET /inspections/:id/tree */
export const problemTreeSchema = z
  .object({
    /** The round. */
    inspectionId: idSchema,
    /** Whether the user may add top-level nodes. */
    addProblem: z.boolean(),
    /** Every node, in tree order (parents before their children). */
    nodes: z.array(treeNodeSchema),
  })
  .describe('轮次的问题树');
export type ProblemTree = z.input<typeof problemTreeSchema>;

/** DELETE /problems/:id */
export const problemDeletedSchema = z.object({
  /** Nodes removed: the node and everything under it. */
  deleted: z.int().positive(),
});
