/**
 * Requests and responses of supervision (issue 9): an office's light and reminder
 * rules, the inbox, a unit's channels and digest schedule, supervision orders
 * (督办单), key problems taken in hand by a leader, digests, the formalism check.
 */
import { z } from 'zod';
import { ORDER_LEVELS, ORDER_STATUSES, REMINDER_KINDS } from '../supervision/index.js';
import { id, isoDate, multiLineText, pageInt, pagingFields, singleLineText } from './primitives.js';
import {
  actorRefSchema,
  dateSchema,
  idSchema,
  instantSchema,
  lightSchema,
  pageSchema,
  problemStatusSchema,
  refSchema,
} from './responses/common.js';

const bool = (what: string) => z.boolean({ error: `${what}应为 true 或 false` });
function days(min: number, max: number, what: string) {
  return z
    .number({ error: `${what}应为整数` })
    .int({ message: `${what}应为整数` })
    .min(min, { message: `${what}不能小于 ${min}` })
    .max(max, { message: `${what}不能大于 ${max}` });
}

// ——— Light and reminder rules of an office ———

/** PUT /offices/:id/light-rules — a new version of the office's rules (巡察办). */
export const lightRulesBody = z.object({
  /** Yellow when the deadline is this many days away or fewer (0–90). */
  yellowDays: days(0, 90, '临期预警天数'),
  /** Stalled after this many days without progress (1–365); null: no stalled rule. */
  stalledDays: days(1, 365, '进展停滞天数').nullable(),
  /** Yellow while a supervision order waits for a reply. */
  orderYellow: bool('督办未回复亮黄灯'),
  /** Red once a supervision order's reply deadline has passed. */
  orderOverdueRed: bool('督办逾期亮红灯'),
  /** Remind the lead department when an item turns yellow. */
  remindYellow: bool('黄灯提醒'),
  /** Remind the department and the responsible leader when an item turns red. */
  remindRed: bool('红灯提醒'),
  /** Escalate to 整改办 and 巡察办 after this many days red (1–365); null: never. */
  escalateRedDays: days(1, 365, '红灯升级天数').nullable(),
  /** Remind the handlers of a stalled item. */
  remindStalled: bool('停滞提醒'),
  /** Remind this many days before a supervision order's reply deadline (0–30). */
  orderRemindDays: days(0, 30, '督办回复提前提醒天数'),
  /** Why the rules changed (kept with the version). */
  note: multiLineText(500, '修改说明', { min: 0 }).default(''),
});
export type LightRulesBody = z.infer<typeof lightRulesBody>;

const rulesShape = {
  yellowDays: z.int(),
  stalledDays: z.int().nullable(),
  orderYellow: z.boolean(),
  orderOverdueRed: z.boolean(),
  remindYellow: z.boolean(),
  remindRed: z.boolean(),
  escalateRedDays: z.int().nullable(),
  remindStalled: z.boolean(),
  orderRemindDays: z.int(),
};

/** GET /offices/:id/light-rules — the current rules and every earlier version. */
export const lightRulesSchema = z.object({
  /** The inspection office. */
  office: refSchema,
  /** The rules in force (the defaults when the office never saved its own). */
  current: z.object({
    ...rulesShape,
    /** Its version number; 0 for the defaults. */
    version: z.int().nonnegative(),
  }),
  /** Every saved version, newest first: who changed what, when. */
  versions: z.array(
    z.object({
      version: z.int().positive(),
      ...rulesShape,
      /** Why it changed. */
      note: z.string(),
      /** Who saved it. */
      by: actorRefSchema,
      /** When. */
      at: instantSchema,
    }),
  ),
  abilities: z.object({ edit: z.boolean() }),
});

// ——— Inbox ———

/** GET /notifications: a page of the user's inbox, newest first. */
export const notificationsQuery = z.object({
  /** Only unread ones. */
  unread: z
    .enum(['true', 'false'], { message: '应为 true 或 false' })
    .optional()
    .transform((v) => v === 'true'),
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 200, '每页条数').default(20),
});
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

/** POST /notifications/read — mark some (or all) as read. */
export const markReadBody = z
  .object({
    /** The notifications to mark; omitted with `all: true`. */
    ids: z.array(id).max(500, { message: '一次最多标记 500 条' }).optional(),
    /** Mark every unread notification of the user. */
    all: bool('全部已读').optional(),
  })
  .refine((b) => b.all === true || (b.ids?.length ?? 0) > 0, { message: '请指定要标记的通知', path: ['ids'] });
export type MarkReadBody = z.infer<typeof markReadBody>;

export const notificationSchema = z.object({
  id: z.int().positive(),
  /** What kind of reminder: yellow, red, escalate, stalled, order_*, digest. */
  kind: z.enum(REMINDER_KINDS),
  /** The kind in Chinese. */
  kindZh: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where it leads in the web app (a problem, an order, a digest). */
  link: z.string(),
  createdAt: instantSchema,
  readAt: instantSchema.nullable(),
});
export const notificationsPageSchema = pageSchema(notificationSchema).extend({
  /** Unread notifications in all pages (the bell's number). */
  unread: z.int().nonnegative(),
});
export const unreadCountSchema = z.object({ unread: z.int().nonnegative() });

// ——— Channels of a unit ———

export const CHANNEL_KINDS = ['dingtalk', 'wecom', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const webhookUrl = z
  .string({ error: '地址应为文本' })
  .trim()
  .max(500, { message: '地址不能超过 500 字' })
  .regex(/^https?:\/\/[^\s]+$/, { message: '地址应以 http:// 或 https:// 开头' });
const email = z
  .string()
  .trim()
  .max(200, { message: '邮箱地址过长' })
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, { message: '邮箱地址格式不正确' });

/** POST /units/:id/channels and PUT /channels/:id — a group robot or a mailbox. */
export const channelBody = z
  .object({
    kind: z.enum(CHANNEL_KINDS, { message: '渠道类型取值无效' }),
    /** What people call it, e.g. "整改办钉钉群". */
    name: singleLineText(50, '渠道名称'),
    /** DingTalk/WeCom: the robot's webhook address (with its access_token or key). */
    url: webhookUrl.optional(),
    /** DingTalk: the signing secret (SEC…); omitted on an edit keeps the one stored; "" removes it. */
    secret: z
      .string()
      .trim()
      .max(200, { message: '加签密钥过长' })
      .regex(/^[\x21-\x7e]*$/, { message: '加签密钥含有无效字符' })
      .optional(),
    /** E-mail: the recipients. */
    emailTo: z.array(email).max(20, { message: '收件人最多 20 个' }).optional(),
    enabled: bool('启用').default(true),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'email' && !b.emailTo?.length) ctx.addIssue({ code: 'custom', path: ['emailTo'], message: '请填写收件人邮箱' });
    if (b.kind !== 'email' && !b.url) ctx.addIssue({ code: 'custom', path: ['url'], message: '请填写机器人 Webhook 地址' });
    if (b.kind === 'email' && b.url) ctx.addIssue({ code: 'custom', path: ['url'], message: '邮件渠道不需要 Webhook 地址' });
  });
export type ChannelBody = z.infer<typeof channelBody>;

export const channelSchema = z.object({
  id: idSchema,
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  /** The webhook address with its token masked (the full one is never sent back). */
  url: z.string().nullable(),
  /** Whether a signing secret is stored (the secret itself is never sent back). */
  hasSecret: z.boolean(),
  emailTo: z.array(z.string()),
  enabled: z.boolean(),
  /** Deliveries on this channel that failed for good. */
  failed: z.int().nonnegative(),
  updatedAt: instantSchema,
});

export const deliverySchema = z.object({
  id: z.int().positive(),
  channel: refSchema,
  title: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.int().nonnegative(),
  /** When the next attempt is due (pending) — after 1, 2, 4, 8, 16 minutes. */
  nextAttemptAt: instantSchema.nullable(),
  lastError: z.string().nullable(),
  createdAt: instantSchema,
  sentAt: instantSchema.nullable(),
});

/** GET /units/:id/channels — the unit's channels, its digest schedule and the latest deliveries. */
export const channelsSchema = z.object({
  unit: refSchema,
  channels: z.array(channelSchema),
  schedule: z.object({
    /** ISO weekday of the weekly urging, 1 = Monday. */
    weeklyWeekday: z.int().min(1).max(7),
    /** Day of the month of the monthly dispatch, 1–28. */
    monthlyDay: z.int().min(1).max(28),
  }),
  /** The latest deliveries, newest first (failures stay visible here). */
  deliveries: z.array(deliverySchema),
  abilities: z.object({ edit: z.boolean() }),
});

/** PUT /units/:id/digest-schedule */
export const digestScheduleBody = z.object({
  weeklyWeekday: days(1, 7, '周督促星期'),
  monthlyDay: days(1, 28, '月调度日期'),
});
export type DigestScheduleBody = z.infer<typeof digestScheduleBody>;

/** POST /channels/:id/test — the result of a test message, sent at once. */
export const channelTestSchema = z.object({
  ok: z.boolean(),
  /** The channel's answer when it failed. */
  error: z.string().nullable(),
});

// ——— Supervision orders ———

/** POST /units/:id/orders — issue an order (整改办 of the unit, or 巡察办 of its office). */
export const orderIssueBody = z.object({
  /** The problems it is about (leaves of the unit). */
  problemIds: z.array(id).min(1, { message: '请选择至少一个问题' }).max(50, { message: '一张督办单最多 50 个问题' }),
  /** The department addressed. */
  deptId: id,
  /** The leader addressed (责任领导), optional. */
  leaderId: id.optional(),
  level: z.enum(ORDER_LEVELS, { message: '督办级别取值无效' }),
  /** 督办要求. */
  demands: multiLineText(4000, '督办要求'),
  /** The reply deadline (回复时限). */
  replyDue: isoDate,
});
export type OrderIssueBody = z.infer<typeof orderIssueBody>;

/** Multipart fields of POST /orders/:id/reply (with evidence files). */
export const orderReplyFields = z.object({ text: multiLineText(8000, '回复内容') });
export type OrderReplyFields = z.infer<typeof orderReplyFields>;

/** POST /orders/:id/review — accept the reply (办结) or return it. */
export const orderReviewBody = z.object({
  decision: z.enum(['accept', 'return'], { message: '审核结果应为 accept 或 return' }),
  reason: multiLineText(2000, '审核意见'),
  /** With a return: a new reply deadline (optional; else the old one stands). */
  replyDue: isoDate.optional(),
});
export type OrderReviewBody = z.infer<typeof orderReviewBody>;

/** GET /orders: filters. */
export const ordersQuery = z.object({
  unitId: id.optional(),
  status: z.enum(ORDER_STATUSES, { message: '状态取值无效' }).optional(),
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 200, '每页条数').default(20),
});
export type OrdersQuery = z.infer<typeof ordersQuery>;

const formalismWarning = z.object({
  /** What looks like formalism, in Chinese. */
  message: z.string(),
  /** What to write instead. */
  suggestion: z.string(),
});

export const orderSummarySchema = z.object({
  id: idSchema,
  /** 〔2026〕第3号 */
  number: z.string(),
  unit: refSchema,
  issuer: refSchema,
  dept: refSchema,
  leader: refSchema.nullable(),
  level: z.enum(ORDER_LEVELS),
  levelZh: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusZh: z.string(),
  replyDue: dateSchema,
  /** The reply deadline has passed while it waits for a reply. */
  overdue: z.boolean(),
  problemCount: z.int().nonnegative(),
  issuedAt: instantSchema,
});
export const ordersPageSchema = pageSchema(orderSummarySchema);

export const orderSchema = orderSummarySchema.extend({
  demands: z.string(),
  issuedBy: actorRefSchema,
  problems: z.array(
    z.object({
      id: idSchema,
      label: z.string(),
      title: z.string(),
      status: problemStatusSchema,
      deadline: dateSchema.nullable(),
      light: lightSchema,
    }),
  ),
  replies: z.array(
    z.object({
      id: idSchema,
      author: actorRefSchema,
      text: z.string(),
      formalism: z.array(formalismWarning),
      evidence: z.array(z.object({ id: idSchema, filename: z.string(), size: z.int().nonnegative() })),
      createdAt: instantSchema,
    }),
  ),
  history: z.array(
    z.object({
      action: z.string(),
      actionZh: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actor: actorRefSchema,
      reason: z.string().nullable(),
      createdAt: instantSchema,
    }),
  ),
  abilities: z.object({ reply: z.boolean(), review: z.boolean() }),
});

/** POST /problems/:id/key — mark 重点难点 and name the leader who takes it in hand, or unmark. */
export const keyProblemBody = z
  .object({
    isKey: bool('重点难点'),
    /** 领办领导 (a leader of the unit); required when marking. */
    leaderId: id.optional(),
  })
  .refine((b) => !b.isKey || b.leaderId != null, { message: '请选择领办领导', path: ['leaderId'] });
export type KeyProblemBody = z.infer<typeof keyProblemBody>;

export const keyProblemSchema = z.object({
  id: idSchema,
  label: z.string(),
  title: z.string(),
  unit: refSchema,
  leadDept: refSchema.nullable(),
  keyLeader: refSchema.nullable(),
  status: problemStatusSchema,
  deadline: dateSchema.nullable(),
  light: lightSchema,
});
/** GET /key-problems: one page, open ones first. */
export const keyProblemsSchema = pageSchema(keyProblemSchema);
/** GET /key-problems */
export const keyProblemsQuery = z.object({ ...pagingFields() });
export type KeyProblemsQuery = z.infer<typeof keyProblemsQuery>;

// ——— Formalism check ———

/** POST /formalism-check — the checker's formalism rule on a text being written. */
export const formalismCheckBody = z.object({
  text: multiLineText(8000, '内容', { min: 0 }),
  /** What is being written: progress (整改进展) or a reply to a supervision order (督办回复). */
  what: z.enum(['progress', 'reply'], { message: '应为 progress 或 reply' }).default('progress'),
});
export const formalismCheckSchema = z.object({ warnings: z.array(formalismWarning) });

// ——— Digests ———

/** GET /units/:id/digest — the weekly urging or the monthly dispatch as of a date. */
export const digestQuery = z.object({
  kind: z.enum(['weekly', 'monthly'], { message: '应为 weekly 或 monthly' }).default('weekly'),
  /** As of this Beijing date (default today). */
  date: isoDate.optional(),
});
export type DigestQuery = z.infer<typeof digestQuery>;

const digestItem = z.object({
  id: idSchema,
  label: z.string(),
  title: z.string(),
  dept: z.string().nullable(),
  deadline: dateSchema.nullable(),
  status: problemStatusSchema,
  isKey: z.boolean(),
  keyLeader: z.string().nullable(),
});

export const digestSchema = z.object({
  unit: refSchema,
  kind: z.enum(['weekly', 'monthly']),
  kindZh: z.string(),
  period: z.string(),
  asOf: dateSchema,
  dueSoon: z.array(digestItem),
  overdue: z.array(digestItem),
  stalled: z.array(digestItem),
  closureRequests: z.array(digestItem),
  extensionRequests: z.array(digestItem),
  openOrders: z.array(
    z.object({
      id: idSchema,
      number: z.string(),
      dept: z.string(),
      level: z.enum(ORDER_LEVELS),
      replyDue: dateSchema,
      overdue: z.boolean(),
    }),
  ),
  keyProblems: z.array(digestItem),
  byDept: z.array(
    z.object({
      deptId: idSchema.nullable(),
      dept: z.string(),
      problems: z.int().nonnegative(),
      closed: z.int().nonnegative(),
      overdue: z.int().nonnegative(),
      stalled: z.int().nonnegative(),
      /** Completion rate in percent, one decimal. */
      rate: z.number(),
      /** Progress entries and order replies with a formalism warning in the period. */
      formalism: z.int().nonnegative(),
    }),
  ),
});
export type DigestData = z.output<typeof digestSchema>;
