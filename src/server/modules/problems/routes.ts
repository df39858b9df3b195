import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  idParam,
  ledgerPageSchema,
  ledgerQuery,
  measureBody,
  measureUpdateBody,
  problemCreateBody,
  problemDetailSchema,
  problemPlanBody,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { addMeasure, createProblem, getProblem, ledger, updateMeasure, updatePlan } from './service.js';

export function problemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ledger'];
  const detail = { 200: problemDetailSchema, ...errorResponses };
  r.get(
    '/ledger',
    {
      schema: {
        tags,
        summary: '整改台账（分页、排序、筛选）',
        querystring: ledgerQuery,
        response: { 200: ledgerPageSchema, ...errorResponses },
      },
    },
    (req) => ledger(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post('/problems', { schema: { tags, summary: '新增问题节点', body: problemCreateBody, response: detail } }, (req) =>
    createProblem(ctx, { actor: requireActor(req), problem: req.body }),
  );
  r.get('/problems/:id', { schema: { tags, summary: '问题详情', params: idParam, response: detail } }, (req) =>
    getProblem(ctx, { actor: requireActor(req), problemId: req.params.id }),
  );
  r.patch('/problems/:id', { schema: { tags, summary: '修改整改计划', params: idParam, body: problemPlanBody, response: detail } }, (req) =>
    updatePlan(ctx, { actor: requireActor(req), problemId: req.params.id, plan: req.body }),
  );
  r.post(
    '/problems/:id/measures',
    { schema: { tags, summary: '新增整改措施', params: idParam, body: measureBody, response: detail } },
    (req) => addMeasure(ctx, { actor: requireActor(req), problemId: req.params.id, measure: req.body }),
  );
  r.patch(
    '/measures/:id',
    { schema: { tags, summary: '修改整改措施', params: idParam, body: measureUpdateBody, response: detail } },
    (req) => updateMeasure(ctx, { actor: requireActor(req), measureId: req.params.id, change: req.body }),
  );
}
