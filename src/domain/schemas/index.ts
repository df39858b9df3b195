/**
 * One zod schema per request, shared by the server (validation, OpenAPI) and the
 * web forms (client-side validation with the same messages). Messages are
 * Chinese: they are shown to people as they are.
 */
import { z } from 'zod';
import { PROBLEM_STATUSES, RECTIFY_KINDS } from '../workflow/index.js';

const isoDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: '日期无效' });

const text = (max: number, what: string) =>
  z.string({ error: `请填写${what}` }).trim().min(1, { message: `请填写${what}` }).max(max, { message: `${what}不能超过 ${max} 字` });

const id = z.coerce.number({ error: '编号应为数字' }).int({ message: '编号应为整数' }).positive({ message: '编号应为正整数' });

export const idParam = z.object({ id });
export type IdParam = z.infer<typeof idParam>;

/** POST /auth/login */
export const loginBody = z.object({
  /** The account name, e.g. "dept1". */
  username: text(64, '用户名'),
  /** The password in clear over TLS; compared with the argon2id hash. */
  password: z.string({ error: '请填写密码' }).min(1, { message: '请填写密码' }).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

/** GET /ledger: paging, sorting and filters of the 整改台账. */
export const ledgerQuery = z.object({
  /** Only this inspection round. */
  inspectionId: id.optional(),
  /** One or more statuses, comma-separated. */
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(PROBLEM_STATUSES, { message: '状态取值无效' })).optional()),
  /** Lead or cooperating department. */
  departmentId: id.optional(),
  kind: z.enum(RECTIFY_KINDS, { message: '整改类型取值无效' }).optional(),
  deadlineFrom: isoDate.optional(),
  deadlineTo: isoDate.optional(),
  /** Only items past their deadline and not closed. */
  overdue: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  light: z.enum(['green', 'yellow', 'red', 'blue', 'none']).optional(),
  /** Free text over label, title and description (Chinese bigram search). */
  q: z.string().trim().max(100, { message: '搜索词不能超过 100 字' }).optional(),
  sort: z.enum(['order', 'deadline', 'status', 'updated']).default('order'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1, { message: '页码从 1 开始' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, { message: '每页最多 200 条' }).default(50),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

/** PATCH /problems/:id — the plan of one problem (not its deadline once set). */
export const problemPlanBody = z.object({
  title: text(500, '问题标题').optional(),
  description: z.string().max(20000, { message: '问题描述不能超过 20000 字' }).optional(),
  rectifyKind: z.enum(RECTIFY_KINDS, { message: '整改类型取值无效' }).optional(),
  leaderId: id.nullable().optional(),
  leadDeptId: id.nullable().optional(),
  cooperatingDeptIds: z.array(id).max(50).optional(),
  /** Only while no deadline is set; afterwards it moves only by an approved extension. */
  deadline: isoDate.optional(),
});
export type ProblemPlanBody = z.infer<typeof problemPlanBody>;

/** POST /inspections */
export const inspectionBody = z.object({
  unitId: id,
  kind: z.enum(['巡视', '巡察', '审计', '督察'], { message: '巡视巡察类型取值无效' }),
  title: text(200, '轮次名称'),
  body: text(100, '巡视巡察机构'),
  onsiteStart: isoDate.optional(),
  onsiteEnd: isoDate.optional(),
  feedbackDate: isoDate.optional(),
  planDue: isoDate.optional(),
  reportDue: isoDate.optional(),
}).refine((v) => !v.onsiteStart || !v.onsiteEnd || v.onsiteStart <= v.onsiteEnd, { message: '进驻结束日期不能早于开始日期', path: ['onsiteEnd'] });
export type InspectionBody = z.infer<typeof inspectionBody>;

/** POST /problems: add a node to the problem tree. */
export const problemCreateBody = z.object({
  inspectionId: id,
  parentId: id.nullable().optional(),
  label: text(20, '序号'),
  title: text(500, '问题标题'),
  description: z.string().max(20000).default(''),
  rectifyKind: z.enum(RECTIFY_KINDS).optional(),
  leadDeptId: id.optional(),
  deadline: isoDate.optional(),
});
export type ProblemCreateBody = z.infer<typeof problemCreateBody>;

/** POST /problems/:id/measures */
export const measureBody = z.object({
  text: text(4000, '整改措施'),
  ownerDeptId: id.nullable().optional(),
  deadline: isoDate.nullable().optional(),
});
export type MeasureBody = z.infer<typeof measureBody>;

/** PATCH /measures/:id */
export const measureUpdateBody = z.object({
  text: text(4000, '整改措施').optional(),
  status: z.enum(['pending', 'in_progress', 'done'], { message: '措施状态取值无效' }).optional(),
  ownerDeptId: id.nullable().optional(),
});
export type MeasureUpdateBody = z.infer<typeof measureUpdateBody>;

/** POST /problems/:id/progress — multipart fields besides the files. */
export const progressFields = z.object({
  text: text(10000, '进展情况'),
  measureId: id.optional(),
  /** Optional figures as JSON, e.g. {"清退资金(万元)": 12.5}. */
  figures: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        const v: unknown = JSON.parse(s);
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch { /* reported below */ }
      ctx.addIssue({ code: 'custom', message: '量化指标应为 JSON 对象' });
      return z.NEVER;
    }),
});
export type ProgressFields = z.infer<typeof progressFields>;

/** POST /problems/:id/closure-request */
export const closureRequestBody = z.object({ reason: text(2000, '销号说明') });
/** POST /problems/:id/closure-review */
export const closureReviewBody = z.object({
  decision: z.enum(['approve', 'return'], { message: '审核结论应为 approve 或 return' }),
  reason: text(2000, '审核意见'),
});
/** POST /problems/:id/extensions */
export const extensionRequestBody = z.object({ deadline: isoDate, reason: text(2000, '延期理由') });
/** POST /extensions/:id/decision */
export const extensionDecisionBody = z.object({
  decision: z.enum(['approve', 'refuse'], { message: '审批结论应为 approve 或 refuse' }),
  reason: text(2000, '审批意见'),
});
/** POST /problems/:id/stage-done: 阶段性完成 of a long-term item. */
export const stageDoneBody = z.object({ reason: text(2000, '说明') });

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
export const password = z
  .string()
  .min(8, { message: '密码至少 8 位' })
  .max(128)
  .refine((s) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(s)).length >= 3, {
    message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  });

/** POST /users (sysadmin) and `zhenggai user add`. */
export const userBody = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{2,64}$/, { message: '用户名为 2–64 位字母、数字、下划线、点或连字符' }),
  displayName: text(64, '姓名'),
  password,
  orgId: id,
  role: z.enum(ROLES, { message: '角色取值无效' }),
});
export type UserBody = z.infer<typeof userBody>;
