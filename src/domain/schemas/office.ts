/**
 * Requests and answers of the inspection office's view (issue 10): the board of all
 * units, the evaluation of a round (整改评估), the look-back (回头看) and the problems
 * that come back (屡查屡犯). The server validates and serializes with these; the web
 * takes its types from them.
 */
import { z } from 'zod';
import { COMPONENT_KEYS, GRADES } from '../evaluation/index.js';
import { LOOKBACK_METHODS, RISK_CODES } from '../evaluation/lookback.js';
import {
  DOCX_MIME,
  dateSchema,
  fileDownload,
  idSchema,
  instantSchema,
  pageSchema,
  problemStatusSchema,
  refSchema,
} from './responses/common.js';
import { inspectionKindSchema } from './responses/inspections.js';
import { id, isoDate, multiLineText, pageInt, singleLineText } from './primitives.js';
import { INSPECTION_KINDS } from './index.js';

// ———— 屡查屡犯 ————

/** GET /inspections/:id/recurrences — a page of the round's flagged problems. */
export const recurrenceQuery = z.object({
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 200, '每页条数').default(50),
});
export type RecurrenceQuery = z.infer<typeof recurrenceQuery>;

/** A problem as the comparison shows it. */
const comparedProblemSchema = z.object({
  /** Its id (link to the problem page). */
  id: idSchema,
  /** Its labels from the top of the tree, e.g. "（二）3.（1）". */
  path: z.string(),
  title: z.string(),
  description: z.string(),
});

/** One flag: a problem of the round resembles one of an earlier round. */
export const recurrenceSchema = z
  .object({
    /** The problem of this round. */
    problem: comparedProblemSchema,
    /** The earlier problem it resembles. */
    earlier: comparedProblemSchema.extend({
      /** Its status now. */
      status: problemStatusSchema,
      /** The Beijing date it was closed (销号), or null while open. */
      closedOn: dateSchema.nullable(),
      /** Its round. */
      inspection: refSchema,
      /** Its unit (another unit of the office, or the same). */
      unit: refSchema,
    }),
    /** The similarity score in [0, 1], two decimals (method: src/domain/similarity). */
    score: z.number().min(0).max(1),
    /** True when the earlier problem belongs to the same unit (屡查屡犯 in the strict sense). */
    sameUnit: z.boolean(),
    /** The sentence people read, e.g. "与2024年第一轮巡察（二）3. 相似，0.82，已于2024-09-30销号". */
    message: z.string(),
  })
  .describe('与以往轮次相似的问题');
export type Recurrence = z.input<typeof recurrenceSchema>;

export const recurrencePageSchema = pageSchema(recurrenceSchema).extend({
  /** The threshold a pair is flagged at. */
  threshold: z.number(),
  /** How the score is computed, in one sentence. */
  method: z.string(),
});
export type RecurrencePage = z.input<typeof recurrencePageSchema>;

/** POST /inspections/:id/recurrences/check — what a check found. */
export const recurrenceCheckSchema = z.object({
  /** Problems of the round compared. */
  checked: z.int().nonnegative(),
  /** Of those, how many resemble an earlier problem. */
  flagged: z.int().nonnegative(),
  /** Milliseconds the comparison took (signatures, candidates, scores). */
  ms: z.number().nonnegative(),
});
export type RecurrenceCheck = z.input<typeof recurrenceCheckSchema>;

// ———— the board ————

/** GET /office/board: filters and order. */
export const boardQuery = z.object({
  /** Only rounds of this kind. */
  kind: z.enum(INSPECTION_KINDS, { message: '巡视巡察类型取值无效' }).optional(),
  /** Only rounds fed back in this year (or created in it, when no feedback date is known). */
  year: pageInt(1949, 2100, '年份').optional(),
  sort: z
    .enum(['rank', 'name', 'completion', 'overdue', 'red', 'stalled', 'problems', 'recurring', 'idle'], { message: '排序字段取值无效' })
    .default('rank'),
  dir: z.enum(['asc', 'desc'], { message: '排序方向应为 asc 或 desc' }).default('asc'),
});
export type BoardQuery = z.infer<typeof boardQuery>;

/** One unit's row on the board. */
export const boardUnitSchema = z.object({
  unit: refSchema,
  /** Rounds of the unit (within the filters) with an item not closed. */
  roundsOpen: z.int().nonnegative(),
  /** Rounds of the unit within the filters. */
  rounds: z.int().nonnegative(),
  /** Actionable problems. */
  problems: z.int().nonnegative(),
  closed: z.int().nonnegative(),
  /** closed / problems, 0–1 (0 when there are no problems). */
  completion: z.number(),
  /** Closed on or before the deadline. */
  closedOnTime: z.int().nonnegative(),
  /** Closed after the deadline. */
  closedLate: z.int().nonnegative(),
  /** Open past the deadline (red). */
  red: z.int().nonnegative(),
  /** Open, deadline within the office's yellow days. */
  yellow: z.int().nonnegative(),
  /** Open without progress for the stalled period. */
  stalled: z.int().nonnegative(),
  /** Supervision orders (督办单) waiting for a reply or its review. */
  openOrders: z.int().nonnegative(),
  /** Days since the unit last reported progress on any item; null when never. */
  daysSinceProgress: z.int().nullable(),
  /** Public feedback (意见建议) not yet answered. */
  feedbackOpen: z.int().nonnegative(),
  /** Problems flagged as found before (屡查屡犯). */
  recurring: z.int().nonnegative(),
  /** Rank by completion (then fewer red, then name); 1 is best. */
  rank: z.int().positive(),
});
export type BoardUnit = z.input<typeof boardUnitSchema>;

export const boardSchema = z
  .object({
    /** The offices read (the actor's). */
    offices: z.array(refSchema),
    units: z.array(boardUnitSchema),
    /** Sums over all units shown. */
    totals: z.object({
      units: z.int().nonnegative(),
      problems: z.int().nonnegative(),
      closed: z.int().nonnegative(),
      red: z.int().nonnegative(),
      openOrders: z.int().nonnegative(),
      recurring: z.int().nonnegative(),
    }),
    /** The Beijing date the counts are for. */
    today: dateSchema,
    /** Years that have rounds (the year filter's choices). */
    years: z.array(z.int()),
  })
  .describe('巡察办看板');
export type Board = z.input<typeof boardSchema>;

/** GET /office/units/:id — one unit's rounds (the drill-down). */
export const unitRoundSchema = z.object({
  inspection: refSchema,
  kind: inspectionKindSchema,
  feedbackDate: dateSchema.nullable(),
  problems: z.int().nonnegative(),
  closed: z.int().nonnegative(),
  red: z.int().nonnegative(),
  stalled: z.int().nonnegative(),
  recurring: z.int().nonnegative(),
  score: z.number(),
  grade: z.enum(GRADES),
  /** True when the grade is the office's override. */
  overridden: z.boolean(),
  /** Look-backs of the round still open. */
  lookbacksOpen: z.int().nonnegative(),
});
export const unitDetailSchema = z
  .object({ unit: refSchema, office: refSchema, rounds: z.array(unitRoundSchema) })
  .describe('单位的巡视巡察轮次');
export type UnitDetail = z.input<typeof unitDetailSchema>;

/** GET /office/trend — weekly snapshots per unit. */
export const trendQuery = z.object({
  kind: z.enum(INSPECTION_KINDS, { message: '巡视巡察类型取值无效' }).optional(),
  year: pageInt(1949, 2100, '年份').optional(),
  /** How many weeks back (default 26). */
  weeks: pageInt(1, 260, '周数').default(26),
});
export type TrendQuery = z.infer<typeof trendQuery>;

export const trendSchema = z
  .object({
    /** The Mondays (Beijing) of the weeks with snapshots, oldest first. */
    weeks: z.array(dateSchema),
    series: z.array(
      z.object({
        unit: refSchema,
        /** Completion (closed / problems, 0–1) each week; null when no snapshot of that week. */
        completion: z.array(z.number().nullable()),
        /** Overdue items each week. */
        overdue: z.array(z.int().nullable()),
      }),
    ),
  })
  .describe('各单位完成率、逾期数周趋势');
export type Trend = z.input<typeof trendSchema>;

// ———— evaluation ————

export const gradeSchema = z.enum(GRADES);

export const componentSchema = z.object({
  key: z.enum(COMPONENT_KEYS),
  /** The component's name, e.g. 按期销号. */
  name: z.string(),
  numerator: z.number().nonnegative(),
  denominator: z.number().nonnegative(),
  /** What the numerator counts. */
  numeratorLabel: z.string(),
  /** What the denominator counts. */
  denominatorLabel: z.string(),
  /** min(1, numerator / denominator), 0 when the denominator is 0. */
  rate: z.number(),
  weight: z.number(),
  /** weight × rate, one decimal. */
  deduction: z.number(),
});

export const evaluationConfigSchema = z.object({
  weights: z.object(
    Object.fromEntries(COMPONENT_KEYS.map((k) => [k, z.number().min(0).max(100)])) as Record<(typeof COMPONENT_KEYS)[number], z.ZodNumber>,
  ),
  thresholds: z.object({ good: z.number().min(0).max(100), fairly_good: z.number().min(0).max(100), average: z.number().min(0).max(100) }),
  stalledDays: z.int().min(1).max(365),
  feedbackSaturation: z.int().min(1).max(1000),
});
export type EvaluationConfigBody = z.infer<typeof evaluationConfigSchema>;

/** PUT /office/evaluation-config — the office's weights and thresholds (sum of weights 100). */
export const evaluationConfigBody = z.object({
  weights: z.object(
    Object.fromEntries(
      COMPONENT_KEYS.map((k) => [
        k,
        z
          .number({ error: `权重 ${k} 应为数字` })
          .min(0, { message: '权重不能为负' })
          .max(100, { message: '权重不能大于 100' }),
      ]),
    ) as Record<(typeof COMPONENT_KEYS)[number], z.ZodNumber>,
  ),
  thresholds: z.object({
    good: z.number({ error: '“好”的分数线应为数字' }).min(0).max(100),
    fairly_good: z.number({ error: '“较好”的分数线应为数字' }).min(0).max(100),
    average: z.number({ error: '“一般”的分数线应为数字' }).min(0).max(100),
  }),
  stalledDays: z
    .int({ error: '停滞天数应为整数' })
    .min(1, { message: '停滞天数至少 1 天' })
    .max(365, { message: '停滞天数不能超过 365 天' }),
  feedbackSaturation: z
    .int({ error: '满扣件数应为整数' })
    .min(1, { message: '满扣件数至少 1 件' })
    .max(1000, { message: '满扣件数不能超过 1000' }),
});

export const evaluationOverrideSchema = z.object({
  /** The grade set by the office; null: back to the computed grade. */
  grade: gradeSchema.nullable(),
  reason: z.string(),
  by: refSchema,
  at: instantSchema,
  /** What the computation said when the override was made. */
  computedGrade: gradeSchema,
  computedScore: z.number(),
});

export const evaluationSchema = z
  .object({
    inspection: refSchema,
    unit: refSchema,
    kind: inspectionKindSchema,
    /** The Beijing date the counts are for. */
    asOf: dateSchema,
    components: z.array(componentSchema),
    /** 100 − Σ deductions, never below 0. */
    score: z.number(),
    /** The grade the score earns. */
    computedGrade: gradeSchema,
    /** The grade in force: the latest override's, else the computed one. */
    grade: gradeSchema,
    /** The latest override, or null. */
    override: evaluationOverrideSchema.nullable(),
    /** Earlier overrides, newest first. */
    history: z.array(evaluationOverrideSchema),
    config: evaluationConfigSchema,
    abilities: z.object({
      /** Override the grade (巡察办). */
      override: z.boolean(),
    }),
  })
  .describe('整改评估');
export type EvaluationView = z.input<typeof evaluationSchema>;

/** POST /inspections/:id/evaluation/override */
export const evaluationOverrideBody = z.object({
  /** The grade to set; null returns to the computed grade. */
  grade: z.enum(GRADES, { message: '等次取值无效' }).nullable(),
  reason: multiLineText(2000, '调整理由'),
});
export type EvaluationOverrideBody = z.infer<typeof evaluationOverrideBody>;

/** GET /office/evaluations/xlsx?year= */
export const evaluationExportQuery = z.object({ year: pageInt(1949, 2100, '年份') });

/** The year's evaluations of every round of the office's units, one row each with every component. */
export const evaluationsXlsx = fileDownload(
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '某年度各单位整改评估汇总 Excel 文件（.xlsx）：每轮一行，各评估项的分子/分母与扣分、得分、计算等次与评定等次',
);

/** The evaluation report of a round as an official document. */
export const evaluationDocx = fileDownload(DOCX_MIME, '整改评估报告，GB/T 9704-2012 版式的 Word 文件（.docx）');

// ———— look-back ————

export const lookbackMethodSchema = z.enum(LOOKBACK_METHODS);
export const riskCodeSchema = z.enum(RISK_CODES);

/** POST /inspections/:id/lookbacks — open a look-back and draw its sample. */
export const lookbackOpenBody = z.object({
  method: z.enum(LOOKBACK_METHODS, { message: '抽取方式应为 random 或 risk' }),
  /** How many closed items to draw. */
  size: z.int({ error: '抽取数量应为整数' }).min(1, { message: '抽取数量至少 1 项' }).max(500, { message: '抽取数量不能超过 500 项' }),
  /** The seed of the draw; a fresh one is made and recorded when absent. */
  seed: singleLineText(64, '随机种子').optional(),
  /** By when the unit answers. */
  answerDue: isoDate,
  note: multiLineText(2000, '说明', { min: 0 }).default(''),
});
export type LookbackOpenBody = z.infer<typeof lookbackOpenBody>;

/** POST /lookback-items/:id/answer — multipart fields besides the files. */
export const lookbackAnswerFields = z.object({ text: multiLineText(10000, '核查说明') });

/** POST /lookback-items/:id/decision */
export const lookbackDecisionBody = z
  .object({
    decision: z.enum(['confirm', 'reopen'], { message: '结论应为 confirm 或 reopen' }),
    reason: multiLineText(2000, '核查意见'),
    /** The new deadline of a reopened item. */
    deadline: isoDate.optional(),
  })
  .refine((v) => v.decision !== 'reopen' || !!v.deadline, { message: '重新打开须设定新的整改时限', path: ['deadline'] });
export type LookbackDecisionBody = z.infer<typeof lookbackDecisionBody>;

/** GET /lookbacks — the look-backs the actor sees (the office's, or those of the unit to answer). */
export const lookbackListQuery = z.object({
  status: z.enum(['open', 'closed'], { message: '状态应为 open 或 closed' }).optional(),
  inspectionId: id.optional(),
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 200, '每页条数').default(50),
});
export type LookbackListQuery = z.infer<typeof lookbackListQuery>;

export const lookbackItemStatusSchema = z.enum(['requested', 'answered', 'confirmed', 'reopened']);

export const lookbackItemSchema = z.object({
  id: idSchema,
  problem: z.object({ id: idSchema, path: z.string(), title: z.string(), status: problemStatusSchema, deadline: dateSchema.nullable() }),
  /** Risk signs found when drawn (by either method). */
  risks: z.array(z.object({ code: riskCodeSchema, label: z.string() })),
  status: lookbackItemStatusSchema,
  answer: z.string().nullable(),
  answeredBy: refSchema.nullable(),
  answeredAt: instantSchema.nullable(),
  evidence: z.array(z.object({ id: idSchema, filename: z.string(), mime: z.string(), size: z.int() })),
  decisionReason: z.string().nullable(),
  decidedBy: refSchema.nullable(),
  decidedAt: instantSchema.nullable(),
  /** The deadline set when reopened. */
  newDeadline: dateSchema.nullable(),
  abilities: z.object({
    /** Answer with evidence (整改办 of the unit, or the lead department). */
    answer: z.boolean(),
    /** Confirm or reopen (巡察办). */
    decide: z.boolean(),
  }),
});
export type LookbackItem = z.input<typeof lookbackItemSchema>;

export const lookbackSummarySchema = z.object({
  id: idSchema,
  inspection: refSchema,
  unit: refSchema,
  method: lookbackMethodSchema,
  seed: z.string(),
  sampleSize: z.int().nonnegative(),
  population: z.int().nonnegative(),
  answerDue: dateSchema,
  note: z.string(),
  status: z.enum(['open', 'closed']),
  openedBy: refSchema,
  openedAt: instantSchema,
  closedAt: instantSchema.nullable(),
  /** Items by status. */
  counts: z.object({ requested: z.int(), answered: z.int(), confirmed: z.int(), reopened: z.int() }),
});
export type LookbackSummary = z.input<typeof lookbackSummarySchema>;

export const lookbackDetailSchema = lookbackSummarySchema
  .extend({
    items: z.array(lookbackItemSchema),
    abilities: z.object({
      /** Close the look-back (巡察办, once every item is decided). */
      close: z.boolean(),
    }),
  })
  .describe('回头看');
export type LookbackDetail = z.input<typeof lookbackDetailSchema>;

export const lookbackPageSchema = pageSchema(lookbackSummarySchema);
