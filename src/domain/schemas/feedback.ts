/**
 * Requests and answers of the public's feedback (意见建议): the portal's form and
 * its tracking code, and the unit's inbox where the 整改办 answers it. The
 * sender's name, phone and e-mail are optional and personal: the server stores
 * them encrypted and shows them only to the unit's administrators.
 */
import { z } from 'zod';
import { id, multiLineText, pageInt, singleLineText } from './primitives.js';
import { actorRefSchema, fileDownload, idSchema, instantSchema, pageSchema } from './responses/common.js';
import { publicationCode } from './publications.js';

export const FEEDBACK_STATUSES = ['received', 'in_progress', 'answered'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** As the public reads the state of its feedback. */
export const FEEDBACK_STATUS_ZH: Record<FeedbackStatus, string> = { received: '已收到', in_progress: '正在办理', answered: '已答复' };

/**
 * A tracking code, "XXXX-XXXX-XXXX" in Crockford's base32; typed from a note, so
 * lower case, O for 0 and I/L for 1 are read as meant.
 */
export const trackingCode = z
  .string({ error: '查询码应为文本' })
  .max(30, { message: '查询码格式不正确' })
  .transform((s) => s.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1'))
  .pipe(
    z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, { message: '查询码格式不正确（应如 7K3M-9QX2-PAB4）' }),
  )
  .meta({ example: '7K3M-9QX2-PAB4' });

const optionalLine = (max: number, what: string) => singleLineText(max, what, { min: 0 }).optional();

/**
 * POST /public/feedback (JSON, or multipart with an optional attachment as `file`).
 * The captcha fields are required unless the server runs with FEEDBACK_CAPTCHA=false.
 */
export const feedbackBody = z.object({
  /** The unit the feedback is for. */
  unitId: id,
  /** The published notice it is about, when sent from its page. */
  publication: publicationCode.optional(),
  /** 主题. */
  subject: singleLineText(100, '主题').meta({ example: '关于排涝整改的建议' }),
  /** 内容. */
  text: multiLineText(5000, '内容').meta({ example: '建议公布易涝点整治的完工时间。' }),
  /** 姓名 (optional). */
  name: optionalLine(50, '姓名'),
  /** 联系电话 (optional). */
  phone: optionalLine(30, '联系电话').refine((s) => !s || /^[0-9+\-() ]{5,30}$/.test(s), { message: '联系电话格式不正确' }),
  /** 电子邮箱 (optional). */
  email: optionalLine(120, '电子邮箱').refine((s) => !s || /^[^\s@]{1,64}@[^\s@]{1,63}(\.[^\s@]{1,63})+$/.test(s), {
    message: '电子邮箱格式不正确',
  }),
  /** The token of the captcha shown (GET /public/captcha). */
  captchaToken: z.string({ error: '验证码应为文本' }).max(400, { message: '验证码已失效，请刷新' }).optional(),
  /** The visitor's answer to the captcha's sum. */
  captchaAnswer: z.string({ error: '验证码答案应为文本' }).max(10, { message: '验证码答案应为数字' }).optional(),
});
export type FeedbackBody = z.infer<typeof feedbackBody>;

/** GET /public/feedback/:code. */
export const trackingParams = z.object({ code: trackingCode });

/** GET /units/:id/feedback: the unit's inbox. */
export const feedbackListQuery = z.object({
  /** Only feedback in this state. */
  status: z.enum(FEEDBACK_STATUSES, { message: '状态取值无效' }).optional(),
  page: pageInt(1, 100_000, '页码').default(1),
  pageSize: pageInt(1, 100, '每页条数').default(20),
});

/**
 * PATCH /feedback/:id: take it in hand, answer it (the public reads the answer by
 * its code), link it to a problem of the unit's ledger (null unlinks).
 */
export const feedbackUpdateBody = z
  .object({
    /** in_progress: being handled (an answer sets answered by itself). */
    status: z.enum(['in_progress'], { message: '状态只能改为 in_progress（正在办理）；答复后自动为已答复' }).optional(),
    /** The answer the public reads. */
    answer: multiLineText(5000, '答复').optional(),
    /** A problem of the unit's ledger the feedback concerns; null to unlink. */
    problemId: id.nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.answer !== undefined || b.problemId !== undefined, {
    message: '请至少修改状态、答复或关联问题中的一项',
    path: ['answer'],
  });
export type FeedbackUpdateBody = z.infer<typeof feedbackUpdateBody>;

// ───────────────────────────── answers ─────────────────────────────

/** GET /public/captcha: an arithmetic question drawn as an SVG image, and the signed token to send back. */
export const captchaSchema = z.object({
  /** Signed, expires in 10 minutes, usable once. */
  token: z.string(),
  /** data:image/svg+xml;base64,… */
  image: z.string(),
  /** False when the server runs with FEEDBACK_CAPTCHA=false (the fields may then be left out). */
  required: z.boolean(),
});

/** 201 of POST /public/feedback. */
export const feedbackCreatedSchema = z.object({
  /** The tracking code: the only way to read the answer later. Shown once. */
  code: z.string(),
});

/** GET /public/feedback/:code: what the sender may know of its feedback. */
export const feedbackStateSchema = z.object({
  code: z.string(),
  unitName: z.string(),
  subject: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  /** 已收到, 正在办理, 已答复. */
  statusLabel: z.string(),
  submittedAt: instantSchema,
  answer: z.string().nullable(),
  answeredAt: instantSchema.nullable(),
});
export type FeedbackState = z.input<typeof feedbackStateSchema>;

/** One feedback in the unit's inbox. */
export const feedbackItemSchema = z.object({
  id: idSchema,
  unitId: idSchema,
  subject: z.string(),
  text: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  createdAt: instantSchema,
  /** The notice it was sent from; null for feedback to the unit in general. */
  publication: z.object({ code: z.string(), title: z.string() }).nullable(),
  /** Whether the sender left a name, phone or e-mail. */
  hasContact: z.boolean(),
  /** The sender's contact, decrypted: only for the unit's administrators (null for others and when none was left). */
  contact: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  /** The attachment, when one was sent. */
  attachment: z.object({ name: z.string(), size: z.int().nonnegative(), mime: z.string(), url: z.string() }).nullable(),
  answer: z.string().nullable(),
  answeredAt: instantSchema.nullable(),
  answeredBy: actorRefSchema.nullable(),
  /** The problem of the ledger it was linked to. */
  problem: z.object({ id: idSchema, label: z.string(), title: z.string() }).nullable(),
  abilities: z.object({
    /** Answer, mark in progress, link (the unit's 整改办). */
    handle: z.boolean(),
    /** See the sender's contact (the unit's 整改办). */
    viewContact: z.boolean(),
  }),
});
export type FeedbackItem = z.input<typeof feedbackItemSchema>;

/** GET /units/:id/feedback. */
export const feedbackPageSchema = pageSchema(feedbackItemSchema).extend({
  /** Counts by state over the whole inbox (not only this page). */
  counts: z.object({ received: z.int().nonnegative(), in_progress: z.int().nonnegative(), answered: z.int().nonnegative() }),
});
export type FeedbackPage = z.input<typeof feedbackPageSchema>;

/** GET /feedback/:id/attachment: the file as sent, streamed. */
export const feedbackAttachmentDownload = fileDownload('application/octet-stream', '意见建议的附件，content-type 为其类型');
