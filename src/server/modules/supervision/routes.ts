import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DOCX_MIME, errorResponses, evidenceDownload, fileDownload, idParam } from '../../../domain/schemas/index.js';
import {
  formalismCheckBody,
  formalismCheckSchema,
  keyProblemBody,
  keyProblemsQuery,
  keyProblemsSchema,
  orderIssueBody,
  orderReplyFields,
  orderReviewBody,
  orderSchema,
  ordersPageSchema,
  ordersQuery,
} from '../../../domain/schemas/supervision.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import {
  formalismCheck,
  getOrder,
  issueOrder,
  keyProblems,
  listOrders,
  markKeyProblem,
  orderDocx,
  orderEvidence,
  replyOrder,
  reviewOrder,
} from './service.js';

const replyUpload = { fields: orderReplyFields, fileField: 'file', minFiles: 0, maxFiles: 20 };

export function supervisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  const one = { 200: orderSchema, ...errorResponses };
  r.get(
    '/orders',
    {
      schema: {
        tags,
        summary: '督办单列表（待回复的在前）',
        querystring: ordersQuery,
        response: { 200: ordersPageSchema, ...errorResponses },
      },
    },
    (req) => listOrders(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post(
    '/units/:id/orders',
    { schema: { tags, summary: '下发督办单（整改办或巡察办）', params: idParam, body: orderIssueBody, response: one } },
    (req) => issueOrder(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body }),
  );
  r.get('/orders/:id', { schema: { tags, summary: '督办单详情（问题、回复、流转记录）', params: idParam, response: one } }, (req) =>
    getOrder(ctx, { actor: requireActor(req), orderId: req.params.id }),
  );
  r.post(
    '/orders/:id/reply',
    { schema: { tags, summary: '回复督办单（multipart：text、file…）', params: idParam, body: multipartBody(replyUpload), response: one } },
    async (req) => {
      const actor = requireActor(req);
      const { fields, files } = await parseMultipart(req, replyUpload);
      return replyOrder(ctx, { actor, orderId: req.params.id, fields, files });
    },
  );
  r.post(
    '/orders/:id/review',
    { schema: { tags, summary: '审核督办回复（办结或退回）', params: idParam, body: orderReviewBody, response: one } },
    (req) => reviewOrder(ctx, { actor: requireActor(req), orderId: req.params.id, body: req.body }),
  );
  r.get(
    '/orders/:id/docx',
    {
      schema: {
        tags,
        summary: '督办通知单 .docx',
        params: idParam,
        response: { 200: fileDownload(DOCX_MIME, '督办通知单'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const d = await orderDocx(ctx, { actor: requireActor(req), orderId: req.params.id });
      return sendDownload(reply, { ...d, mime: DOCX_MIME });
    },
  );
  r.get(
    '/order-evidence/:id',
    { schema: { tags, summary: '下载督办回复的佐证材料', params: idParam, response: { 200: evidenceDownload, ...errorResponses } } },
    async (req, reply) => {
      const f = await orderEvidence(ctx, { actor: requireActor(req), evidenceId: req.params.id });
      return sendDownload(reply, f);
    },
  );
  r.get(
    '/key-problems',
    {
      schema: {
        tags,
        summary: '重点难点问题（领导领办；分页）',
        querystring: keyProblemsQuery,
        response: { 200: keyProblemsSchema, ...errorResponses },
      },
    },
    (req) => keyProblems(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post(
    '/problems/:id/key',
    {
      schema: {
        tags,
        summary: '设定或取消重点难点问题（领导领办）',
        params: idParam,
        body: keyProblemBody,
        response: { 200: keyProblemsSchema, ...errorResponses },
      },
    },
    (req) => markKeyProblem(ctx, { actor: requireActor(req), problemId: req.params.id, body: req.body }),
  );
  r.post(
    '/formalism-check',
    {
      schema: {
        tags,
        summary: '形式主义提示：对正在填写的进展或督办回复即时检查',
        body: formalismCheckBody,
        response: { 200: formalismCheckSchema, ...errorResponses },
      },
    },
    (req) => {
      requireActor(req);
      return formalismCheck(req.body);
    },
  );
}
