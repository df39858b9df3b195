/** Answers of the daily work (issue 7): a unit's settings and the to-do list. */
import { z } from 'zod';
import { REVIEWER_ROLES } from '../../workflow/index.js';
import { dateSchema, idSchema, instantSchema, lightSchema, pageSchema, problemStatusSchema, refSchema } from './common.js';
import { reviewStepSchema } from './problems.js';

/** One step of a review chain as configured. */
export const reviewStepConfigSchema = z.object({
  /** Who reviews at it. */
  role: z.enum(REVIEWER_ROLES),
  /** The step's name, e.g. 整改办初审. */
  name: z.string(),
});

/** GET/PUT /units/:id/settings: the consistency rules and review chains of one unit. */
export const unitSettingsSchema = z
  .object({
    /** The unit. */
    unit: refSchema,
    /** The consistency rules (all on unless the unit's 整改办 switched one off). */
    rules: z.object({
      /** A closure request needs every measure done or marked not applicable with a reason. */
      closureNeedsMeasuresDone: z.boolean(),
      /** A measure's deadline cannot be after its problem's. */
      measureDeadlineWithinProblem: z.boolean(),
      /** A measure marked done moves a 未启动 problem to 整改中. */
      measureDoneStartsProblem: z.boolean(),
    }),
    /** The closure review steps after the department's request, in order; the last one closes the item. */
    closureChain: z.array(reviewStepConfigSchema),
    /** The extension approval steps, in order; the last one moves the deadline. */
    extensionChain: z.array(reviewStepConfigSchema),
    /** Whether these are the defaults (the unit never saved its own). */
    isDefault: z.boolean(),
    /** Who saved them last; null for the defaults. */
    updatedBy: refSchema.nullable(),
    /** When; null for the defaults. */
    updatedAt: instantSchema.nullable(),
    /** What the user may do: edit (the unit's 整改办). */
    abilities: z.object({ edit: z.boolean() }),
  })
  .describe('单位设置：一致性规则与审核流程');
export type UnitSettings = z.input<typeof unitSettingsSchema>;

/**
 * The kinds of to-do: a handler's `report` (an item of theirs under way),
 * `closure_returned`, `extension_refused`, `overdue`; a reviewer's
 * `closure_review` and `extension_decision` waiting at their step; 整改办's
 * `to_plan` (an item without kind, lead department or deadline).
 */
export const TODO_KINDS = [
  'closure_review',
  'extension_decision',
  'closure_returned',
  'extension_refused',
  'overdue',
  'to_plan',
  'report',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** One thing the user has to do. */
export const todoItemSchema = z.object({
  /** What is to be done (see TODO_KINDS). */
  kind: z.enum(TODO_KINDS),
  /** The problem it concerns. */
  problem: z.object({
    /** The problem id (the page to open). */
    id: idSchema,
    /** Its label, e.g. （1）. */
    label: z.string(),
    /** Its title. */
    title: z.string(),
    /** Its state. */
    status: problemStatusSchema,
    /** Its deadline; null when none. */
    deadline: dateSchema.nullable(),
    /** Its light on the server's Beijing today. */
    light: lightSchema,
    /** Past its deadline and not closed. */
    overdue: z.boolean(),
    /** Its unit. */
    unit: refSchema,
    /** Its lead department; null when none. */
    leadDept: refSchema.nullable(),
  }),
  /** The extension request, for extension_decision and extension_refused; null otherwise. */
  extensionId: idSchema.nullable(),
  /** The deadline asked for, for extension kinds; null otherwise. */
  requestedDeadline: dateSchema.nullable(),
  /** The step waiting for the user (closure_review, extension_decision); null otherwise. */
  step: reviewStepSchema.nullable(),
  /** Since when it waits (the request, the return, the refusal, the deadline passing, the last change). */
  since: instantSchema,
  /** The words that came with it: the request's reason, the return's or refusal's opinion; null when none. */
  note: z.string().nullable(),
  /** Who it came from (the requester, the reviewer who returned it); null when nobody. */
  from: refSchema.nullable(),
});
export type TodoItem = z.input<typeof todoItemSchema>;

/** GET /todo: a page of the user's to-do list, most pressing first, with the count of each kind. */
export const todoPageSchema = pageSchema(todoItemSchema)
  .extend({
    /** How many of each kind in all pages. */
    counts: z.object(Object.fromEntries(TODO_KINDS.map((k) => [k, z.int().nonnegative()])) as Record<TodoKind, z.ZodInt>),
  })
  .describe('待办事项的一页');
export type TodoPage = z.input<typeof todoPageSchema>;
