import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../domain/schemas/index.js';
import {
  captchaSchema,
  feedbackBody,
  feedbackCreatedSchema,
  feedbackItemSchema,
  feedbackListQuery,
  feedbackPageSchema,
  feedbackStateSchema,
  feedbackUpdateBody,
  trackingParams,
  feedbackAttachmentDownload,
  type FeedbackBody,
} from '../../../domain/schemas/feedback.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import { admit, captcha, feedbackAttachment, feedbackState, getFeedback, listFeedback, submitFeedback, updateFeedback } from './service.js';
import { sendDownload } from '../../http/download.js';

/** The feedback form as multipart: its fields and an optional attachment. */
export const feedbackUpload = { fields: feedbackBody, fileField: 'file', minFiles: 0, maxFiles: 1 };

/** The submission of a JSON or multipart request, validated either way. */
async function submission(req: FastifyRequest): Promise<{ body: FeedbackBody; file?: { filename: string; bytes: Buffer } }> {
  if (!req.isMultipart()) return { body: req.body as FeedbackBody };
  const { fields, files } = await parseMultipart(req, feedbackUpload);
  return { body: fields, file: files[0] };
}

/** The public's feedback: captcha, submission, state by code; the unit's inbox. */
export function feedbackRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['feedback'];
  const pub = { public: true };
  r.get(
    '/public/captcha',
    { schema: { tags, summary: '意见建议验证码（算式图片）', response: { 200: captchaSchema, ...errorResponses } }, config: pub },
    () => captcha(ctx),
  );
  r.post(
    '/public/feedback',
    {
      schema: {
        tags,
        summary: '提交意见建议（JSON，或 multipart 含附件 file）：返回查询码',
        body: multipartBody(feedbackUpload, feedbackBody),
        response: { 201: feedbackCreatedSchema, ...errorResponses },
      },
      config: pub,
    },
    async (req, reply) => {
      const s = await submission(req);
      admit(ctx, req.ip, s.body);
      return reply.code(201).send(await submitFeedback(ctx, { ...s, ip: req.ip }));
    },
  );
  r.get(
    '/public/feedback/:code',
    {
      schema: {
        tags,
        summary: '按查询码查看意见建议的办理状态和答复',
        params: trackingParams,
        response: { 200: feedbackStateSchema, ...errorResponses },
      },
      config: pub,
    },
    (req) => feedbackState(ctx, req.params.code),
  );
  r.get(
    '/units/:id/feedback',
    {
      schema: {
        tags,
        summary: '本单位收到的意见建议',
        params: idParam,
        querystring: feedbackListQuery,
        response: { 200: feedbackPageSchema, ...errorResponses },
      },
    },
    (req) => listFeedback(ctx, { actor: requireActor(req), unitId: req.params.id, ...req.query }),
  );
  r.get(
    '/feedback/:id',
    { schema: { tags, summary: '一条意见建议', params: idParam, response: { 200: feedbackItemSchema, ...errorResponses } } },
    (req) => getFeedback(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.patch(
    '/feedback/:id',
    {
      schema: {
        tags,
        summary: '办理意见建议：标记正在办理、答复、关联问题',
        params: idParam,
        body: feedbackUpdateBody,
        response: { 200: feedbackItemSchema, ...errorResponses },
      },
    },
    (req) => updateFeedback(ctx, { actor: requireActor(req), id: req.params.id, body: req.body }),
  );
  r.get(
    '/feedback/:id/attachment',
    {
      schema: {
        tags,
        summary: '下载意见建议的附件（本单位整改办）',
        params: idParam,
        response: { 200: feedbackAttachmentDownload, ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await feedbackAttachment(ctx, { actor: requireActor(req), id: req.params.id });
      return sendDownload(reply, { ...f, filename: f.name });
    },
  );
}
