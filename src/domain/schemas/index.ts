/**
 * One zod schema per request, shared by the server (validation, OpenAPI) and the
 * web forms (client-side validation with the same messages). Messages are
 * Chinese: they are shown to people as they are. Every field is built from the
 * primitives in ./primitives.ts, so an id, a date or a text field is checked the
 * same way everywhere.
 */
import { z } from 'zod';
import { LIGHTS, MEASURE_STATUSES, PROBLEM_STATUSES, RECTIFY_KINDS } from '../workflow/index.js';
import { id, isoDate, jsonObjectText, multiLineText, pageInt, pagingFields, queryText, secretText, singleLineText } from './primitives.js';

export * from './primitives.js';

/** Path parameter of every /things/:id route. */
export const idParam = z.object({ id });

/** POST /auth/login */
export const loginBody = z.object({
  /** The account name, e.g. "dept1". */
  username: singleLineText(64, '用户名').meta({ example: 'wangwu' }),
  /** The password in clear over TLS; compared with the argon2id hash. */
  password: secretText(256, '密码'),
});
export type LoginBody = z.infer<typeof loginBody>;

/** The ledger's sorts; `relevance` ranks the matches of a search (the default when `q` is given). */
export const LEDGER_SORTS = ['order', 'deadline', 'status', 'updated', 'relevance'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

/** Counts of the ledger stop reading matches here: above it the answer says “more than 10,000”. */
export const LEDGER_COUNT_CAP = 10_000;

/** How deep `page` may reach (rows skipped); deeper pages are reached with cursors, which cost the same on any page. */
export const LEDGER_MAX_OFFSET = 10_000;

const CURSOR_BAD = '翻页游标无效，请回到第一页';
const int32 = z.int().min(-2147483648).max(2147483647);
const treeKey = z.array(int32).min(1).max(8);
/** UTC instant with microseconds, as the ledger's SQL writes it (canonical, whatever the session's time zone). */
const instantKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((s) => !Number.isNaN(Date.parse(s)));
const sortDir = { d: z.enum(['asc', 'desc']), w: z.enum(['a', 'b']) };

/**
 * What a ledger cursor holds: the sort and direction it was made for, whether it asks for the rows
 * after (`a`) or before (`b`) it, and the sort key of the row it stands on (`k`, see LEDGER_KEYS in
 * modules/problems/repository.ts). Encoded as base64url JSON: opaque to the client, checked field by
 * field on the way back in.
 */
export const ledgerCursorSchema = z.discriminatedUnion('s', [
  z.strictObject({ s: z.literal('order'), ...sortDir, k: z.tuple([int32, treeKey, int32]) }),
  z.strictObject({
    s: z.literal('deadline'),
    ...sortDir,
    k: z.tuple([z.union([isoDate, z.enum(['infinity', '-infinity'])]), int32, treeKey, int32]),
  }),
  z.strictObject({ s: z.literal('status'), ...sortDir, k: z.tuple([z.int().min(1).max(5), int32, treeKey, int32]) }),
  z.strictObject({ s: z.literal('updated'), ...sortDir, k: z.tuple([instantKey, int32]) }),
  z.strictObject({ s: z.literal('relevance'), ...sortDir, k: z.tuple([z.int().min(1).max(100), instantKey, int32]) }),
]);
export type LedgerCursor = z.infer<typeof ledgerCursorSchema>;

function toBase64Url(s: string): string {
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A cursor as the API hands it out (the keys are ASCII: numbers, dates, instants). */
export function encodeLedgerCursor(c: LedgerCursor): string {
  return toBase64Url(JSON.stringify(c));
}

/** The cursor in a request, or null when it is not one the ledger made. */
export function decodeLedgerCursor(s: string): LedgerCursor | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(s)) return null;
  try {
    const json: unknown = JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/')));
    const r = ledgerCursorSchema.safeParse(json);
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The sort a ledger request is served in: the one asked for, else by relevance while searching, else tree order. */
export function ledgerSortOf(f: { sort?: LedgerSort; q?: string }): LedgerSort {
  const searching = !!f.q?.trim();
  if (f.sort === 'relevance' && !searching) return 'order';
  return f.sort ?? (searching ? 'relevance' : 'order');
}

/** GET /ledger: paging, sorting and filters of the 整改台账. */
export const ledgerQuery = z
  .object({
    /** Only this inspection round. */
    inspectionId: id.optional(),
    /** Only this unit (the inspection office's ledger holds several). */
    unitId: id.optional(),
    /** One or more statuses, comma-separated. */
    status: z
      .string()
      .max(200, { message: '状态筛选过长' })
      .optional()
      .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
      .pipe(z.array(z.enum(PROBLEM_STATUSES, { message: '状态取值无效' })).optional())
      .meta({ example: 'in_progress' }),
    /** Lead or cooperating department. */
    departmentId: id.optional(),
    kind: z.enum(RECTIFY_KINDS, { message: '整改类型取值无效' }).optional(),
    deadlineFrom: isoDate.optional(),
    deadlineTo: isoDate.optional(),
    /** Only items past their deadline and not closed. */
    overdue: z
      .enum(['true', 'false'], { message: '应为 true 或 false' })
      .optional()
      .transform((v) => v === 'true'),
    /** A light; `unplanned` (未计划) finds the items still to plan. */
    light: z.enum(LIGHTS, { message: '指示灯取值无效' }).optional(),
    /** Only items flagged as resembling a problem of an earlier round (重复出现, 屡查屡犯). */
    recurring: z
      .enum(['true', 'false'], { message: '应为 true 或 false' })
      .transform((v) => v === 'true')
      .optional(),
    /**
     * Free text (Chinese bigram search): every word, separated by spaces, must occur in the label, title
     * or description of the problem, in the title of an aspect or theme above it, in one of its measures
     * or in one of its progress entries (a one-character word: the problem's text and titles only, as
     * measures and progress are found through their bigram index).
     */
    q: queryText(100, '搜索词').optional(),
    /** The sort; by default tree order, or relevance while searching. */
    sort: z.enum(LEDGER_SORTS, { message: '排序字段取值无效' }).optional(),
    dir: z.enum(['asc', 'desc'], { message: '排序方向应为 asc 或 desc' }).default('asc'),
    /**
     * A page by number, only as deep as 10,000 rows (it skips the rows before it); further pages are
     * reached with `cursor`, as the ledger's own pager does.
     */
    page: pageInt(1, 100_000, '页码').default(1),
    pageSize: pageInt(1, 200, '每页条数').default(50),
    /** `nextCursor` or `prevCursor` of a page in the same sort and direction: the page after or before it. */
    cursor: z.string().max(1000, { message: CURSOR_BAD }).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.cursor !== undefined) {
      const c = decodeLedgerCursor(f.cursor);
      if (!c) ctx.addIssue({ code: 'custom', path: ['cursor'], message: CURSOR_BAD });
      else if (c.s !== ledgerSortOf(f) || c.d !== f.dir) {
        ctx.addIssue({ code: 'custom', path: ['cursor'], message: '翻页游标属于另一种排序，请回到第一页' });
      }
      if (f.page !== 1) ctx.addIssue({ code: 'custom', path: ['page'], message: '使用翻页游标时不能同时指定页码' });
    } else if ((f.page - 1) * f.pageSize > LEDGER_MAX_OFFSET) {
      ctx.addIssue({ code: 'custom', path: ['page'], message: '页码过深，请用“下一页”逐页翻看或缩小筛选范围' });
    }
  });
export type LedgerQuery = z.infer<typeof ledgerQuery>;

/** PATCH /problems/:id — the plan of one problem (not its deadline once set). */
export const problemPlanBody = z.object({
  title: singleLineText(500, '问题标题').optional(),
  description: multiLineText(20000, '问题描述', { min: 0 }).optional(),
  rectifyKind: z.enum(RECTIFY_KINDS, { message: '整改类型取值无效' }).optional(),
  leaderId: id.nullable().optional(),
  leadDeptId: id.nullable().optional(),
  cooperatingDeptIds: z.array(id).max(50, { message: '配合部门最多 50 个' }).optional(),
  /** Only while no deadline is set; afterwards it moves only by an approved extension. */
  deadline: isoDate.optional(),
});
export type ProblemPlanBody = z.infer<typeof problemPlanBody>;

export const INSPECTION_KINDS = ['巡视', '巡察', '审计', '督察'] as const;

/** POST /inspections */
export const inspectionBody = z
  .object({
    unitId: id,
    kind: z.enum(INSPECTION_KINDS, { message: '巡视巡察类型取值无效' }),
    title: singleLineText(200, '轮次名称'),
    body: singleLineText(100, '巡视巡察机构'),
    onsiteStart: isoDate.optional(),
    onsiteEnd: isoDate.optional(),
    feedbackDate: isoDate.optional(),
    planDue: isoDate.optional(),
    reportDue: isoDate.optional(),
  })
  .refine((v) => !v.onsiteStart || !v.onsiteEnd || v.onsiteStart <= v.onsiteEnd, {
    message: '进驻结束日期不能早于开始日期',
    path: ['onsiteEnd'],
  });
export type InspectionBody = z.infer<typeof inspectionBody>;

/** GET /inspections: a page of the rounds the user may read, optionally searched (the round pickers type to search). */
export const inspectionListQuery = z.object({
  ...pagingFields(),
  /** Text the round's name, inspecting body or unit name contains. */
  q: queryText(100, '搜索词').optional(),
  /** Only the rounds of this unit. */
  unitId: id.optional(),
});
export type InspectionListQuery = z.infer<typeof inspectionListQuery>;

/** POST /problems: add a node to the problem tree. */
export const problemCreateBody = z.object({
  inspectionId: id,
  parentId: id.nullable().optional(),
  label: singleLineText(20, '序号').meta({ example: '（一）' }),
  title: singleLineText(500, '问题标题'),
  description: multiLineText(20000, '问题描述', { min: 0 }).default(''),
  rectifyKind: z.enum(RECTIFY_KINDS, { message: '整改类型取值无效' }).optional(),
  leadDeptId: id.optional(),
  deadline: isoDate.optional(),
});
export type ProblemCreateBody = z.infer<typeof problemCreateBody>;

/** POST /problems/:id/measures */
export const measureBody = z.object({
  text: multiLineText(4000, '整改措施'),
  ownerDeptId: id.nullable().optional(),
  deadline: isoDate.nullable().optional(),
});
export type MeasureBody = z.infer<typeof measureBody>;

/** PATCH /measures/:id */
export const measureUpdateBody = z
  .object({
    text: multiLineText(4000, '整改措施').optional(),
    /** not_applicable (不适用) needs `statusReason`. */
    status: z.enum(MEASURE_STATUSES, { message: '措施状态取值无效' }).optional(),
    /** Why the measure does not apply; kept only with status not_applicable. */
    statusReason: multiLineText(1000, '不适用的理由').optional(),
    ownerDeptId: id.nullable().optional(),
    /** Not after the problem's deadline when the unit's rule is on. */
    deadline: isoDate.nullable().optional(),
  })
  .refine((v) => v.status !== 'not_applicable' || !!v.statusReason?.trim(), {
    message: '标记为“不适用”须说明理由',
    path: ['statusReason'],
  });
export type MeasureUpdateBody = z.infer<typeof measureUpdateBody>;

/** Bounds of a progress entry's figures: enough for a table of numbers, not a document. */
export const FIGURES_LIMITS = { depth: 4, keys: 200, bytes: 16_384, what: '量化指标' } as const;

/** POST /problems/:id/progress — multipart fields besides the files. */
export const progressFields = z.object({
  text: multiLineText(10000, '进展情况'),
  measureId: id.optional(),
  /** Optional figures as JSON, e.g. {"清退资金(万元)": 12.5}; bounded in depth, keys and size. */
  figures: jsonObjectText(FIGURES_LIMITS).optional().meta({ example: '{"清退资金(万元)": 12.5}' }),
});
export type ProgressFields = z.infer<typeof progressFields>;

/** A step of a review chain, from 0 (chains have at most three steps). */
const reviewStepIndex = z
  .int({ error: '审核环节应为整数' })
  .min(0, { message: '审核环节不能小于 0' })
  .max(2, { message: '审核环节不能大于 2' });

/** POST /problems/:id/closure-request */
export const closureRequestBody = z.object({ reason: multiLineText(2000, '销号说明') });
/** POST /problems/:id/closure-review */
export const closureReviewBody = z.object({
  decision: z.enum(['approve', 'return'], { message: '审核结论应为 approve 或 return' }),
  reason: multiLineText(2000, '审核意见'),
  /** The review step the reviewer saw (from 0); when the request has moved on meanwhile the review is refused (409). */
  step: reviewStepIndex.optional(),
});
/** POST /problems/:id/extensions */
export const extensionRequestBody = z.object({ deadline: isoDate, reason: multiLineText(2000, '延期理由') });
/** POST /extensions/:id/decision */
export const extensionDecisionBody = z.object({
  decision: z.enum(['approve', 'refuse'], { message: '审批结论应为 approve 或 refuse' }),
  reason: multiLineText(2000, '审批意见'),
  /** The approval step the decider saw (from 0); refused (409) when the request has moved on meanwhile. */
  step: reviewStepIndex.optional(),
});
/** POST /problems/:id/stage-done: 阶段性完成 of a long-term item. */
export const stageDoneBody = z.object({ reason: multiLineText(2000, '说明') });

/** GET /dashboard */
export const dashboardQuery = z.object({
  /** Only this inspection round; all rounds the actor reads when absent. */
  inspectionId: id.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

/** What selects rows of the audit trail: the page and the export share it. */
const auditFilter = z.object({
  /** Only this action, e.g. "auth.login". */
  action: queryText(64, '操作类型').optional().meta({ example: 'auth.login' }),
  /** From this Beijing date on (inclusive). */
  from: isoDate.optional().meta({ example: '2026-11-01' }),
  /** Up to this Beijing date (inclusive). */
  to: isoDate.optional().meta({ example: '2026-11-30' }),
});
const rangeInOrder: [(v: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (v) => !v.from || !v.to || v.from <= v.to,
  { message: '结束日期不能早于起始日期', path: ['to'] },
];

/** GET /audit (auditor): a page of the trail, newest first. */
export const auditQuery = auditFilter
  .extend({
    page: pageInt(1, 1_000_000, '页码').default(1),
    pageSize: pageInt(1, 200, '每页条数').default(50),
  })
  .refine(...rangeInOrder);
/** GET /audit/export.xlsx (auditor): the rows the same filters select. */
export const auditExportQuery = auditFilter.refine(...rangeInOrder);
export type AuditExportQuery = z.infer<typeof auditExportQuery>;
export type AuditQuery = z.infer<typeof auditQuery>;

export const ROLES = ['office_admin', 'unit_admin', 'dept_handler', 'leader', 'inspector', 'sysadmin', 'secadmin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_ZH: Record<Role, string> = {
  office_admin: '巡察办',
  unit_admin: '整改办',
  dept_handler: '责任部门',
  leader: '责任领导',
  inspector: '纪检',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
};

/** Password policy (等保 defaults; configurable length). */
export const password = secretText(128, '密码')
  .refine((s) => s.length >= 8, { message: '密码至少 8 位' })
  .refine((s) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(s)).length >= 3, {
    message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  })
  .meta({ example: 'Zg-example-2026' });

/**
 * POST /users (sysadmin) and `zhenggai user add`. User names are unique
 * regardless of case (a unique index on lower(username)).
 */
/** GET /admin/orgs: a page of the organisations of some kinds, optionally those whose name (or parent's) contains `q`. */
export const adminOrgQuery = z.object({
  ...pagingFields(),
  /** Text the organisation's name or its parent's name contains. */
  q: queryText(100, '搜索词').optional(),
  /** Only these kinds, comma-separated, e.g. "unit,office". */
  kinds: z
    .string({ error: '组织类型应为文本' })
    .regex(/^(office|unit|department)(,(office|unit|department)){0,2}$/, { message: '组织类型应为 office、unit、department，以逗号分隔' })
    .transform((v) => v.split(',') as ('office' | 'unit' | 'department')[])
    .optional()
    .meta({ example: 'unit,office' }),
});
export type AdminOrgQuery = z.infer<typeof adminOrgQuery>;

/** GET /users: a page of the accounts, optionally those whose account name or name contains `q`. */
export const userListQuery = z.object({
  ...pagingFields(),
  /** Text the account name or the person's name contains. */
  q: queryText(64, '搜索词').optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const userBody = z.object({
  username: z
    .string({ error: '用户名应为文本' })
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,64}$/, { message: '用户名为 2–64 位字母、数字、下划线、点或连字符' })
    .meta({ example: 'zhangsan' }),
  displayName: singleLineText(64, '姓名').meta({ example: '张三' }),
  password,
  orgId: id,
  role: z.enum(ROLES, { message: '角色取值无效' }),
});
export type UserBody = z.infer<typeof userBody>;

export * from './workflow.js';
export * from './security.js';
export * from './people.js';

/** The response schemas (what every route answers); the web's API types are inferred from them. */
export * from './responses/index.js';
