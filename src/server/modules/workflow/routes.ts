import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  closureRequestBody,
  closureReviewBody,
  errorResponses,
  extensionDecisionBody,
  extensionRequestBody,
  idParam,
  problemDetailSchema,
  reopenBody,
  stageDoneBody,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { decideExtension, markStageDone, reopenProblem, requestClosure, requestExtension, reviewClosure } from './service.js';

export function workflowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workflow'];
  const response = { 200: problemDetailSchema, ...errorResponses };
  r.post(
    '/problems/:id/closure-request',
    { schema: { tags, summary: '申请销号', params: idParam, body: closureRequestBody, response } },
    (req) => requestClosure(ctx, { actor: requireActor(req), problemId: req.params.id, ...req.body }),
  );
  r.post(
    '/problems/:id/closure-review',
    { schema: { tags, summary: '审核销号（通过或退回）', params: idParam, body: closureReviewBody, response } },
    (req) => reviewClosure(ctx, { actor: requireActor(req), problemId: req.params.id, ...req.body }),
  );
  r.post(
    '/problems/:id/extensions',
    { schema: { tags, summary: '申请延期', params: idParam, body: extensionRequestBody, response } },
    (req) => requestExtension(ctx, { actor: requireActor(req), problemId: req.params.id, ...req.body }),
  );
  r.post(
    '/extensions/:id/decision',
    { schema: { tags, summary: '审批延期申请', params: idParam, body: extensionDecisionBody, response } },
    (req) => decideExtension(ctx, { actor: requireActor(req), extensionId: req.params.id, ...req.body }),
  );
  r.post(
    '/problems/:id/stage-done',
    { schema: { tags, summary: '长期坚持类问题标记阶段性完成', params: idParam, body: stageDoneBody, response } },
    (req) => markStageDone(ctx, { actor: requireActor(req), problemId: req.params.id, ...req.body }),
  );
  r.post(
    '/problems/:id/reopen',
    { schema: { tags, summary: '重新打开已销号的问题（整改办、巡察办），回到整改中', params: idParam, body: reopenBody, response } },
    (req) => reopenProblem(ctx, { actor: requireActor(req), problemId: req.params.id, reason: req.body.reason }),
  );
}
