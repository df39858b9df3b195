import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { closureRequestBody, closureReviewBody, extensionDecisionBody, extensionRequestBody, idParam, stageDoneBody } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { decideExtension, markStageDone, requestClosure, requestExtension, reviewClosure } from './service.js';

export function workflowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workflow'];
  r.post('/problems/:id/closure-request', { schema: { tags, summary: '申请销号', params: idParam, body: closureRequestBody } },
    (req) => requestClosure(ctx, requireActor(req), req.params.id, req.body.reason));
  r.post('/problems/:id/closure-review', { schema: { tags, summary: '审核销号（通过或退回）', params: idParam, body: closureReviewBody } },
    (req) => reviewClosure(ctx, requireActor(req), req.params.id, req.body.decision, req.body.reason));
  r.post('/problems/:id/extensions', { schema: { tags, summary: '申请延期', params: idParam, body: extensionRequestBody } },
    (req) => requestExtension(ctx, requireActor(req), req.params.id, req.body.deadline, req.body.reason));
  r.post('/extensions/:id/decision', { schema: { tags, summary: '审批延期申请', params: idParam, body: extensionDecisionBody } },
    (req) => decideExtension(ctx, requireActor(req), req.params.id, req.body.decision, req.body.reason));
  r.post('/problems/:id/stage-done', { schema: { tags, summary: '长期坚持类问题标记阶段性完成', params: idParam, body: stageDoneBody } },
    (req) => markStageDone(ctx, requireActor(req), req.params.id, req.body.reason));
}
