import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, evidenceDownload, idParam } from '../../../domain/schemas/index.js';
import {
  lookbackAnswerFields,
  lookbackDecisionBody,
  lookbackDetailSchema,
  lookbackListQuery,
  lookbackOpenBody,
  lookbackPageSchema,
} from '../../../domain/schemas/office.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import { answerItem, closeLookback, decideItem, getLookback, listLookbacks, lookbackEvidence, openLookback } from './service.js';

/** An answer: its text and up to 20 evidence files. */
const answerUpload = { fields: lookbackAnswerFields, fileField: 'file', minFiles: 0, maxFiles: 20 };

export function lookbackRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['lookback'];
  const one = { 200: lookbackDetailSchema, ...errorResponses };
  r.post(
    '/inspections/:id/lookbacks',
    {
      schema: { tags, summary: '开展回头看：按随机种子或风险抽取已销号问题', params: idParam, body: lookbackOpenBody, response: one },
    },
    (req) => openLookback(ctx, { actor: requireActor(req), inspectionId: req.params.id, body: req.body }),
  );
  r.get(
    '/lookbacks',
    { schema: { tags, summary: '回头看列表', querystring: lookbackListQuery, response: { 200: lookbackPageSchema, ...errorResponses } } },
    (req) => listLookbacks(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.get('/lookbacks/:id', { schema: { tags, summary: '回头看及其核查事项', params: idParam, response: one } }, (req) =>
    getLookback(ctx, { actor: requireActor(req), lookbackId: req.params.id }),
  );
  r.post(
    '/lookbacks/:id/close',
    { schema: { tags, summary: '结束回头看（各事项均已确认或重新打开）', params: idParam, response: one } },
    (req) => closeLookback(ctx, { actor: requireActor(req), lookbackId: req.params.id }),
  );
  r.post(
    '/lookback-items/:id/answer',
    {
      schema: {
        tags,
        summary: '单位答复回头看核查事项（multipart：text、file…）',
        params: idParam,
        body: multipartBody(answerUpload),
        response: one,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { fields, files } = await parseMultipart(req, answerUpload);
      return answerItem(ctx, { actor, itemId: req.params.id, text: fields.text, files });
    },
  );
  r.post(
    '/lookback-items/:id/decision',
    {
      schema: {
        tags,
        summary: '巡察办确认或重新打开（退回整改中并设定新时限）',
        params: idParam,
        body: lookbackDecisionBody,
        response: one,
      },
    },
    (req) => decideItem(ctx, { actor: requireActor(req), itemId: req.params.id, body: req.body }),
  );
  r.get(
    '/lookback-evidence/:id',
    { schema: { tags, summary: '下载回头看答复的佐证材料', params: idParam, response: { 200: evidenceDownload, ...errorResponses } } },
    async (req, reply) => {
      const f = await lookbackEvidence(ctx, { actor: requireActor(req), evidenceId: req.params.id });
      return sendDownload(reply, f);
    },
  );
}
