/**
 * The public's feedback (意见建议): received from the portal or a script, read back
 * by its tracking code, handled in the unit's inbox. The code is shown once and
 * stored as its SM3; the sender's contact is SM4-encrypted (lib/crypto.ts) with a
 * key from the key directory, never the database, and decrypted only for the
 * unit's administrators. Every change is one transaction with its audit row; the
 * audit never carries the sender's personal data.
 */
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import { decryptField, encryptField } from '../../lib/crypto.js';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import { abilities, enforce } from '../../lib/policy.js';
import { sm3 } from '../../lib/sm3.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/service.js';
import { checkEvidenceType, openBlob, putBlob } from '../progress/store.js';
import { randomCode } from '../publications/service.js';
import { FEEDBACK_STATUS_ZH, type FeedbackBody, type FeedbackStatus, type FeedbackUpdateBody } from '../../../domain/schemas/feedback.js';
import { feedbackRepo, type FeedbackRow } from './repository.js';
import { guardsFor } from './limiter.js';
import * as policy from './policy.js';

/** Largest attachment to a feedback, in bytes (the evidence limit applies too). */
export const FEEDBACK_ATTACHMENT_MAX = 10 * 1024 * 1024;

const CAPTCHA_ZH = {
  missing: '请填写验证码（计算图中算式的结果）',
  expired: '验证码已过期，请刷新后重新填写',
  wrong: '验证码不正确，请看新的算式重新计算',
  used: '验证码已使用过，请刷新后重新填写',
} as const;

/** GET /public/captcha. */
export function captcha(ctx: AppContext) {
  return { ...guardsFor(ctx.config, ctx.clock).captcha.issue(), required: ctx.config.FEEDBACK_CAPTCHA };
}

/**
 * The checks before a submission is read at all: the address's hourly allowance
 * (429), then the captcha (400 naming the answer field).
 */
export function admit(ctx: AppContext, ip: string, body: Pick<FeedbackBody, 'captchaToken' | 'captchaAnswer'>): void {
  const g = guardsFor(ctx.config, ctx.clock);
  const wait = g.limiter.take(ip);
  if (wait !== null) {
    throw new AppError('rate_limited', {
      message: `feedback rate limit for ${ip}`,
      userMessage: `提交过于频繁，请约 ${Math.ceil(wait / 60)} 分钟后再试`,
      details: { retryAfter: wait },
    });
  }
  if (!ctx.config.FEEDBACK_CAPTCHA) return;
  const c = g.captcha.check(body.captchaToken, body.captchaAnswer);
  if (c !== 'ok') {
    throw badRequest(`captcha ${c}`, `请求体字段 captchaAnswer 有误：${CAPTCHA_ZH[c]}`, [
      { path: 'captchaAnswer', message: CAPTCHA_ZH[c] },
    ]);
  }
}

const fieldError = (path: string, message: string) =>
  badRequest(`invalid ${path}`, `请求体字段 ${path} 有误：${message}`, [{ path, message }]);

/**
 * POST /public/feedback — stores the feedback and answers its tracking code.
 * `admit` has run before (the route calls it first, so a flood is refused cheaply).
 */
export async function submitFeedback(
  ctx: AppContext,
  o: { body: FeedbackBody; file?: { filename: string; bytes: Buffer }; ip: string | null },
): Promise<{ code: string }> {
  const b = o.body;
  if (o.file && o.file.bytes.length > FEEDBACK_ATTACHMENT_MAX) {
    throw new AppError('payload_too_large', { message: 'feedback attachment too large', userMessage: '附件不能超过 10 MB' });
  }
  // the type is checked before anything is stored; the file is stored once the unit is known
  const mime = o.file ? checkEvidenceType(o.file.filename, o.file.bytes) : null;
  const encrypt = (v: string | undefined) => (v ? encryptField(ctx.config, v) : null);
  return ctx.db.tx(async (q) => {
    const unit = await feedbackRepo.publishingUnit(q, b.unitId);
    if (!unit) throw fieldError('unitId', '该单位不存在或尚未公开发布整改情况通报');
    let publicationId: number | null = null;
    if (b.publication) {
      publicationId = await feedbackRepo.publicationOfUnit(q, unit.id, b.publication);
      if (!publicationId) throw fieldError('publication', '该单位没有这一发布编号的通报');
    }
    const attachment =
      o.file && mime ? { digest: await putBlob(ctx.config, o.file.bytes), name: o.file.filename, mime, size: o.file.bytes.length } : null;
    let code = randomCode([4, 4, 4]);
    while (await feedbackRepo.codeTaken(q, sm3(code))) code = randomCode([4, 4, 4]);
    const now = ctx.clock.now();
    const id = await feedbackRepo.insert(q, {
      unitId: unit.id,
      publicationId,
      codeHash: sm3(code),
      subject: b.subject,
      body: b.text,
      nameEnc: encrypt(b.name),
      phoneEnc: encrypt(b.phone),
      emailEnc: encrypt(b.email),
      attachment,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: null,
      actorName: null,
      action: 'feedback.receive',
      objectType: 'feedback',
      objectId: id,
      unitId: unit.id,
      detail: { publication: b.publication ?? null, attachment: attachment?.digest ?? null, contact: !!(b.name || b.phone || b.email) },
      ip: o.ip,
    });
    return { code };
  });
}

/** GET /public/feedback/:code — its state and answer, for whoever holds the code. */
export async function feedbackState(ctx: AppContext, code: string) {
  const f = await feedbackRepo.byCodeHash(ctx.db, sm3(code));
  if (!f) throw notFound('feedback', '该查询码对应的意见建议');
  return {
    code,
    unitName: f.unit_name,
    subject: f.subject,
    status: f.status,
    statusLabel: FEEDBACK_STATUS_ZH[f.status],
    submittedAt: new Date(f.created_at),
    answer: f.answer,
    answeredAt: f.answered_at ? new Date(f.answered_at) : null,
  };
}

// ───────────────────────────── the unit's inbox ─────────────────────────────

function present(ctx: AppContext, actor: Actor, f: FeedbackRow) {
  const seesContact = policy.viewSenderContact(actor, f.unit_id).allowed;
  const hasContact = !!(f.name_enc || f.phone_enc || f.email_enc);
  const plain = (v: string | null) => (v ? decryptField(ctx.config, v) : null);
  return {
    id: f.id,
    unitId: f.unit_id,
    subject: f.subject,
    text: f.body,
    status: f.status,
    createdAt: new Date(f.created_at),
    publication: f.publication_code ? { code: f.publication_code, title: f.publication_title ?? '' } : null,
    hasContact,
    contact: seesContact && hasContact ? { name: plain(f.name_enc), phone: plain(f.phone_enc), email: plain(f.email_enc) } : null,
    attachment:
      f.attachment_digest && seesContact
        ? {
            name: f.attachment_name ?? '',
            size: f.attachment_size ?? 0,
            mime: f.attachment_mime ?? '',
            url: `/api/v1/feedback/${f.id}/attachment`,
          }
        : null,
    answer: f.answer,
    answeredAt: f.answered_at ? new Date(f.answered_at) : null,
    answeredBy: f.answered_by ? { id: f.answered_by, name: f.answered_by_name } : null,
    problem: f.problem_id ? { id: f.problem_id, label: f.problem_label ?? '', title: f.problem_title ?? '' } : null,
    abilities: abilities({ handle: policy.handleFeedback(actor, f.unit_id), viewContact: policy.viewSenderContact(actor, f.unit_id) }),
  };
}

async function visibleUnit(q: Queryable, actor: Actor, unitId: number): Promise<void> {
  if (!policy.viewFeedback(actor, unitId).allowed || !(await feedbackRepo.unitExists(q, unitId)))
    throw notFound(`unit ${unitId}`, '该单位');
}

/** GET /units/:id/feedback — the inbox, newest first, with counts by state. */
export async function listFeedback(
  ctx: AppContext,
  o: { actor: Actor; unitId: number; status?: FeedbackStatus; page: number; pageSize: number },
) {
  await visibleUnit(ctx.db, o.actor, o.unitId);
  const { rows, total } = await feedbackRepo.page(ctx.db, o.unitId, o.status, o.page, o.pageSize);
  const counts = await feedbackRepo.counts(ctx.db, o.unitId);
  return { items: rows.map((r) => present(ctx, o.actor, r)), total, page: o.page, pageSize: o.pageSize, counts };
}

async function visibleFeedback(q: Queryable, actor: Actor, id: number, lock = false): Promise<FeedbackRow> {
  const f = await feedbackRepo.byId(q, id, { lock });
  if (!f || !policy.viewFeedback(actor, f.unit_id).allowed) throw notFound(`feedback ${id}`, '该意见建议');
  return f;
}

/** GET /feedback/:id. */
export async function getFeedback(ctx: AppContext, o: { actor: Actor; id: number }) {
  return present(ctx, o.actor, await visibleFeedback(ctx.db, o.actor, o.id));
}

/** PATCH /feedback/:id — take in hand, answer (the public then reads it by code), link to a problem. */
export async function updateFeedback(ctx: AppContext, o: { actor: Actor; id: number; body: FeedbackUpdateBody }) {
  await ctx.db.tx(async (q) => {
    const f = await visibleFeedback(q, o.actor, o.id, true);
    enforce('handleFeedback', policy.handleFeedback(o.actor, f.unit_id));
    const b = o.body;
    if (b.status === 'in_progress' && b.answer === undefined && f.status === 'answered') {
      throw conflict('feedback already answered', '该意见建议已答复；如需补充，请直接修改答复', { reason: 'invalid_state' });
    }
    let problemId = f.problem_id;
    if (b.problemId !== undefined) {
      if (b.problemId !== null && !(await feedbackRepo.problemOfUnit(q, f.unit_id, b.problemId))) {
        throw fieldError('problemId', '该问题不在本单位的整改台账中');
      }
      problemId = b.problemId;
    }
    const now = ctx.clock.now();
    const answered = b.answer !== undefined;
    const status: FeedbackStatus = answered ? 'answered' : b.status === 'in_progress' ? 'in_progress' : f.status;
    await feedbackRepo.update(q, f.id, {
      status,
      answer: answered ? b.answer! : f.answer,
      answeredBy: answered ? o.actor.id : f.answered_by,
      answeredAt: answered ? now : f.answered_at,
      problemId,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: answered ? 'feedback.answer' : 'feedback.update',
      objectType: 'feedback',
      objectId: f.id,
      unitId: f.unit_id,
      detail: { from: f.status, to: status, problemId },
      ip: o.actor.ip,
    });
  });
  return getFeedback(ctx, o);
}

/** GET /feedback/:id/attachment — for the unit's administrators, like the sender's contact. */
export async function feedbackAttachment(ctx: AppContext, o: { actor: Actor; id: number }) {
  const f = await visibleFeedback(ctx.db, o.actor, o.id);
  enforce('viewFeedback', policy.viewSenderContact(o.actor, f.unit_id));
  if (!f.attachment_digest) throw notFound('attachment', '该意见建议的附件');
  return {
    ...(await openBlob(ctx.config, f.attachment_digest)),
    name: f.attachment_name ?? 'attachment',
    mime: f.attachment_mime ?? 'application/octet-stream',
  };
}
