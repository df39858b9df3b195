/**
 * Answers of the problems, progress and workflow modules: ledger rows, the
 * problem page and its parts. Every object the UI acts on carries `abilities`.
 */
import { z } from 'zod';
import { MEASURE_STATUSES, PLAN_FIELDS, REVIEWER_ROLES } from '../../workflow/index.js';
import {
  actorRefSchema,
  dateSchema,
  fileDownload,
  idSchema,
  instantSchema,
  lightSchema,
  pageSchema,
  problemStatusSchema,
  rectifyKindSchema,
  refSchema,
} from './common.js';

/** What the user may do to one problem now (role and state combined); the UI shows only what is true. */
export const problemAbilitiesSchema = z.object({
  /** Edit the plan: title, description, kind, leader, departments, first deadline (整改办). */
  edit: z.boolean(),
  /** Add a measure (整改办, leaf problems). */
  addMeasure: z.boolean(),
  /** Report progress with evidence (lead or cooperating department, 整改办; not while closed or under review). */
  addProgress: z.boolean(),
  /** Ask for closure (销号): needs evidence; lead department or 整改办. */
  requestClosure: z.boolean(),
  /** Approve or return a closure request (整改办 or leader, never the requester). */
  reviewClosure: z.boolean(),
  /** Ask to move the deadline (lead department or 整改办, items with a deadline). */
  requestExtension: z.boolean(),
  /** Mark a long-term item 阶段性完成 (整改办). */
  markStageDone: z.boolean(),
  /** Reopen a closed item with a reason (整改办 of its unit, 巡察办 above it). */
  reopen: z.boolean(),
});
export type ProblemAbilities = z.input<typeof problemAbilitiesSchema>;

/** An ancestor of a problem in the tree (a group or theme), outermost first. */
export const pathNodeSchema = z.object({
  /** The ancestor's id. */
  id: idSchema,
  /** Its label as written, e.g. "一、" or "（二）". */
  label: z.string(),
  /** Its title. */
  title: z.string(),
});
export type PathNode = z.input<typeof pathNodeSchema>;

/** The responsible leader of a problem. */
export const problemLeaderSchema = z.object({
  /** The leader's account; null when the notice names a leader who has no account. */
  id: idSchema.nullable(),
  /** The leader's name. */
  name: z.string(),
});

/** The step a closure or extension request waits at. */
export const reviewStepSchema = z.object({
  /** Its place in the chain, from 0. */
  index: z.int().nonnegative(),
  /** How many steps the chain has (1–3). */
  count: z.int().positive(),
  /** The step's name, e.g. 整改办初审. */
  name: z.string(),
  /** Who reviews at it. */
  role: z.enum(REVIEWER_ROLES),
  /** That role in Chinese. */
  roleZh: z.string(),
});
export type ReviewStepView = z.input<typeof reviewStepSchema>;

/** One problem as the ledger shows it (a row of GET /ledger; the head of the problem page). */
export const ledgerRowSchema = z.object({
  /** The problem id. */
  id: idSchema,
  /** Its inspection round. */
  inspectionId: idSchema,
  /** The unit that rectifies it. */
  unitId: idSchema,
  /** That unit's name (the office's ledger shows rows of several units). */
  unitName: z.string(),
  /** Its parent node; null at the top of the tree. */
  parentId: idSchema.nullable(),
  /** Depth in the tree, 1–3. */
  level: z.int().min(1).max(3),
  /** Its label as written, e.g. "1." or "（一）". */
  label: z.string(),
  /** Its title. */
  title: z.string(),
  /** Its full statement; may be empty. */
  description: z.string(),
  /** Its ancestors, outermost first, so a table can show the tree. */
  path: z.array(pathNodeSchema),
  /** 立行立改 (immediate), 限期整改 (deadline) or 长期坚持 (long_term); null until planned. */
  rectifyKind: rectifyKindSchema.nullable(),
  /** The kind in Chinese; null when unset. */
  rectifyKindZh: z.string().nullable(),
  /** The responsible leader (责任领导); null when none is named. */
  leader: problemLeaderSchema.nullable(),
  /** The lead department (牵头部门); null until assigned. */
  leadDept: refSchema.nullable(),
  /** Cooperating departments (配合部门), by id. */
  cooperatingDepts: z.array(refSchema),
  /** The deadline (整改时限); null until set; afterwards it moves only by an approved extension. */
  deadline: dateSchema.nullable(),
  /** The workflow state. */
  status: problemStatusSchema,
  /** The state in Chinese. */
  statusZh: z.string(),
  /** The light on the server's Beijing today: red overdue, yellow near, green, blue long-term, unplanned (grey), none closed. */
  light: lightSchema,
  /** Past its deadline and not closed. */
  overdue: z.boolean(),
  /** A long-term item marked 阶段性完成. */
  stageDone: z.boolean(),
  /** Has no child nodes: only leaves take measures, progress and closure. */
  isLeaf: z.boolean(),
  /** Its measures. */
  measureCount: z.int().nonnegative(),
  /** Its progress entries. */
  progressCount: z.int().nonnegative(),
  /** Its evidence files. */
  evidenceCount: z.int().nonnegative(),
  /** Who asked for closure while it is requested (or who got it closed); null otherwise. */
  closureRequestedBy: idSchema.nullable(),
  /** Measures neither done nor marked not applicable (a closure waits for them when the unit's rule is on). */
  openMeasureCount: z.int().nonnegative(),
  /** While a closure request waits: the review step it waits at; null otherwise. */
  reviewStep: reviewStepSchema.nullable(),
  /** Supervision (issue 9): stalled, supervision orders waiting for a reply, 重点难点 taken in hand by a leader. */
  supervision: z.object({
    /** No progress for the office's stalled period. */
    stalled: z.boolean(),
    /** Supervision orders waiting for the department's reply. */
    openOrders: z.int().nonnegative(),
    /** The earliest reply deadline among them; null when none waits. */
    orderReplyDue: dateSchema.nullable(),
    /** Marked 重点难点问题. */
    isKey: z.boolean(),
    /** The leader who took it in hand (领导领办); null when none. */
    keyLeader: refSchema.nullable(),
  }),
  /** Last change of the problem or its plan. */
  updatedAt: instantSchema,
  /** What the user may do to it now. */
  abilities: problemAbilitiesSchema,
});
export type LedgerRow = z.input<typeof ledgerRowSchema>;

/** Where a search word was found in a row, for the ledger to show (best place first). */
export const LEDGER_MATCH_PLACES = ['title', 'description', 'group', 'measure', 'progress'] as const;

/** GET /ledger: one page of the actionable (leaf) problems. */
export const ledgerPageSchema = pageSchema(ledgerRowSchema)
  .extend({
    /**
     * How many rows match: exact when the filters are only round, unit and status (read from a tally, whatever the
     * size), otherwise counted up to 10,000: when `totalCapped`, more than `total` match. Null on a page reached by
     * `cursor`: the count comes with the first page and is not read again for every later one.
     */
    total: z.int().nonnegative().nullable(),
    /** The count stopped at its cap (10,000): the UI says “more than 10,000”. */
    totalCapped: z.boolean(),
    /** The sort the page is in (relevance while searching unless another was asked for). */
    sort: z.enum(['order', 'deadline', 'status', 'updated', 'relevance']),
    /** Pass as `cursor` for the page after this one; null on the last page. */
    nextCursor: z.string().nullable(),
    /** Pass as `cursor` for the page before this one; null on the first page. */
    prevCursor: z.string().nullable(),
    /**
     * For every group node (方面, 类别) on this page: how many leaves under it match the filters
     * in all pages, so a group header split over two pages still counts the whole group.
     */
    groups: z.array(
      z.object({
        /** The group node. */ id: idSchema,
        /** Matching leaves under it (at most 10,000 counted). */ count: z.int().nonnegative(),
        /** More than `count` match. */ capped: z.boolean(),
      }),
    ),
    /** For every unit on this page: its name and how many leaves of it match in all pages. */
    units: z.array(
      z.object({
        /** The unit. */ id: idSchema,
        /** Its name. */ name: z.string(),
        /** Matching leaves (at most 10,000 counted). */ count: z.int().nonnegative(),
        /** More than `count` match. */ capped: z.boolean(),
      }),
    ),
    /** While searching: for each row of the page, the best place a word was found and the text around it. */
    matches: z.array(
      z.object({
        /** The row. */ id: idSchema,
        /** Title, description, an aspect/theme title above it, one of its measures or one of its progress entries. */
        where: z.enum(LEDGER_MATCH_PLACES),
        /** A stretch of that text around the first word found (at most about 80 characters, … where cut). */
        text: z.string(),
      }),
    ),
  })
  .describe('整改台账的一页（叶子问题，按所选排序）');
export type LedgerPage = z.input<typeof ledgerPageSchema>;

/** What the user may do to one measure. */
export const measureAbilitiesSchema = z.object({
  /** Rewrite its text, owner department (整改办). */
  edit: z.boolean(),
  /** Tick its status (整改办 or the lead department). */
  setStatus: z.boolean(),
});
export type MeasureAbilities = z.input<typeof measureAbilitiesSchema>;

export { MEASURE_STATUSES };

/** One rectification measure (整改措施) of a problem. */
export const measureSchema = z.object({
  /** The measure id. */
  id: idSchema,
  /** What will be done. */
  text: z.string(),
  /** The department that carries it out; null when not assigned. */
  ownerDept: refSchema.nullable(),
  /** Its own deadline, when it has one. */
  deadline: dateSchema.nullable(),
  /** pending, in_progress, done or not_applicable (不适用, with a reason). */
  status: z.enum(MEASURE_STATUSES),
  /** Why it does not apply (status not_applicable); null otherwise. */
  statusReason: z.string().nullable(),
  /** What the user may do to it. */
  abilities: measureAbilitiesSchema,
});
export type Measure = z.input<typeof measureSchema>;

/** One evidence file (佐证材料) filed with a progress entry; download at GET /evidence/:id. */
export const evidenceSchema = z.object({
  /** The evidence id (for the download link). */
  id: idSchema,
  /** The file name as uploaded (shortened, path separators replaced). */
  filename: z.string(),
  /** Its type, checked against the content. */
  mime: z.string(),
  /** Its size in bytes. */
  size: z.int().nonnegative(),
  /** SM3 of the content, hex; the download carries it in `x-content-digest`. */
  digest: z.string(),
});
export type Evidence = z.input<typeof evidenceSchema>;

/**
 * GET /evidence/:id answers the file itself, not JSON: its stored type in
 * `content-type`, `content-disposition: attachment` with the name, `x-content-digest: sm3=<hex>`.
 */
export const evidenceDownload = fileDownload('application/octet-stream', '佐证材料文件本身，content-type 为其类型');

/** One progress entry (整改进展); entries are append-only. */
export const progressEntrySchema = z.object({
  /** The entry id. */
  id: idSchema,
  /** What was done, as reported. */
  text: z.string(),
  /** Figures reported with it, e.g. {"清退资金(万元)": 12.5}; null when none. */
  figures: z.record(z.string(), z.unknown()).nullable(),
  /** The measure it reports on, if any. */
  measureId: idSchema.nullable(),
  /** Who reported it (the system for progress imported from a notice by the command line). */
  author: actorRefSchema,
  /** When it was reported. */
  createdAt: instantSchema,
  /** Its evidence files, by id. */
  evidence: z.array(evidenceSchema),
});
export type ProgressEntry = z.input<typeof progressEntrySchema>;

/** One field of a 计划变更 (plan change) with its value before and after, as people read it. */
export const planChangeSchema = z.object({
  /** title, description, rectifyKind, leader, leadDept, cooperatingDepts, deadline, or a measure's: measureAdded, measureText, … */
  field: z.enum(PLAN_FIELDS),
  /** The value before (names, not ids); null when there was none. */
  before: z.string().nullable(),
  /** The value after; null when removed. */
  after: z.string().nullable(),
  /** For a measure's field: which measure, by id and by its text. */
  measure: refSchema.nullable().optional(),
});
export type PlanChange = z.input<typeof planChangeSchema>;

/** What a history step records beyond its reason. */
export const transitionDetailSchema = z.object({
  /** A 计划变更: each field that changed. */
  changes: z.array(planChangeSchema).optional(),
  /** A review step: its name, e.g. 整改办初审. */
  stepName: z.string().optional(),
  /** A review step: its place in the chain, from 0, and the chain's length. */
  step: z.int().nonnegative().optional(),
  steps: z.int().positive().optional(),
  /** A reopening: what asked for it (manual; lookback for the look-back of a round). */
  source: z.string().optional(),
  /** An extension step: the request and the deadlines. */
  extensionId: idSchema.optional(),
  from: dateSchema.nullable().optional(),
  to: dateSchema.nullable().optional(),
});
export type TransitionDetail = z.input<typeof transitionDetailSchema>;

/** One step of the problem's history. */
export const transitionSchema = z.object({
  /** The step id. */
  id: idSchema,
  /**
   * What happened: start, import, closure_request, closure_step_approve, closure_approve, closure_return,
   * extension_request, extension_step_approve, extension_approve, extension_refuse, stage_done, kind_change,
   * plan_change (计划变更), reopen.
   */
  action: z.string(),
  /** The state before; null when not recorded. */
  fromStatus: problemStatusSchema.nullable(),
  /** The state after (equal to `fromStatus` for steps that do not move it); null when not recorded. */
  toStatus: problemStatusSchema.nullable(),
  /** Who did it. */
  actor: actorRefSchema,
  /** The reason or opinion given. */
  reason: z.string().nullable(),
  /** What else it records (a plan change's before and after, a review step's name); null when nothing. */
  detail: transitionDetailSchema.nullable(),
  /** When. */
  createdAt: instantSchema,
});
export type Transition = z.input<typeof transitionSchema>;

export const EXTENSION_STATUSES = ['pending', 'approved', 'refused'] as const;

/** What the user may do to one extension request. */
export const extensionAbilitiesSchema = z.object({
  /** Approve or refuse it (整改办 or leader, never the requester; pending requests only). */
  decide: z.boolean(),
});
export type ExtensionAbilities = z.input<typeof extensionAbilitiesSchema>;

/** One request to move a problem's deadline (延期申请). */
export const extensionSchema = z.object({
  /** The request id (POST /extensions/:id/decision). */
  id: idSchema,
  /** The deadline when it was asked for. */
  oldDeadline: dateSchema.nullable(),
  /** The deadline asked for. */
  requestedDeadline: dateSchema,
  /** Why. */
  reason: z.string(),
  /** pending, approved or refused. */
  status: z.enum(EXTENSION_STATUSES),
  /** Who asked. */
  requestedBy: refSchema,
  /** When it was asked. */
  requestedAt: instantSchema,
  /** Who decided; null while pending. */
  decidedBy: refSchema.nullable(),
  /** When it was decided; null while pending. */
  decidedAt: instantSchema.nullable(),
  /** The decider's opinion; null while pending. */
  decisionReason: z.string().nullable(),
  /** While pending: the approval step it waits at; null once decided. */
  step: reviewStepSchema.nullable(),
  /** What the user may do to it. */
  abilities: extensionAbilitiesSchema,
});
export type Extension = z.input<typeof extensionSchema>;

/** GET /problems/:id, and the answer of every change to a problem: the whole problem page. */
export const problemDetailSchema = ledgerRowSchema
  .extend({
    /** Its measures in plan order. */
    measures: z.array(measureSchema),
    /** Its progress entries, newest first. */
    progress: z.array(progressEntrySchema),
    /** Its history, oldest first. */
    transitions: z.array(transitionSchema),
    /** Its extension requests, newest first. */
    extensions: z.array(extensionSchema),
  })
  .describe('问题详情：台账行及其措施、进展、流转记录、延期申请');
export type ProblemDetail = z.input<typeof problemDetailSchema>;
