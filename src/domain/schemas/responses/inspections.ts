/** Answers of the inspections module: inspection rounds (巡视/巡察/审计/督察 轮次). */
import { z } from 'zod';
import type { InspectionKind } from '../../notice/types.js';
import { dateSchema, idSchema, instantSchema, pageSchema } from './common.js';

/** The kinds of inspection a round can be. */
export const inspectionKindSchema = z.enum(['巡视', '巡察', '审计', '督察'] as const satisfies readonly InspectionKind[]);

/** One inspection round with the counts of its actionable problems. */
export const inspectionSchema = z
  .object({
    /** The round's id. */
    id: idSchema,
    /** The inspected unit. */
    unitId: idSchema,
    /** The inspected unit's name. */
    unitName: z.string(),
    /** 巡视, 巡察, 审计 or 督察. */
    kind: inspectionKindSchema,
    /** The round's name, e.g. "十二届市委第三轮巡察". */
    title: z.string(),
    /** The inspecting body, e.g. "市委第一巡察组". */
    body: z.string(),
    /** First day on site, or null when not known. */
    onsiteStart: dateSchema.nullable(),
    /** Last day on site, or null when not known. */
    onsiteEnd: dateSchema.nullable(),
    /** The day the findings were fed back (反馈日期). */
    feedbackDate: dateSchema.nullable(),
    /** When the rectification plan is due. */
    planDue: dateSchema.nullable(),
    /** When the rectification report is due. */
    reportDue: dateSchema.nullable(),
    /** Leaf (actionable) problems of the round. */
    problemCount: z.int().nonnegative(),
    /** Of those, how many are closed (已销号). */
    closedCount: z.int().nonnegative(),
    /** When the round was created. */
    createdAt: instantSchema,
    /** What the user may do in this round. */
    abilities: z.object({
      /** Add problems to its tree (整改办 of the inspected unit). */
      addProblem: z.boolean(),
    }),
  })
  .describe('巡视巡察轮次');
export type Inspection = z.input<typeof inspectionSchema>;

/** GET /inspections: one page of the rounds the user may read, newest feedback first. */
export const inspectionListSchema = pageSchema(inspectionSchema).describe('巡视巡察轮次列表（分页，反馈日期新的在前）');
export type InspectionPage = z.input<typeof inspectionListSchema>;
