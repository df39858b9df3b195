import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, ledgerQuery, measureBody, measureUpdateBody, problemCreateBody, problemPlanBody } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { addMeasure, createProblem, getProblem, ledger, updateMeasure, updatePlan } from './service.js';

export function problemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ledger'];
  r.get('/ledger', { schema: { tags, summary: '整改台账（分页、排序、筛选）', querystring: ledgerQuery } }, (req) => ledger(ctx, requireActor(req), req.query));
  r.post('/problems', { schema: { tags, summary: '新增问题节点', body: problemCreateBody } }, (req) => createProblem(ctx, requireActor(req), req.body));
  r.get('/problems/:id', { schema: { tags, summary: '问题详情', params: idParam } }, (req) => getProblem(ctx, requireActor(req), req.params.id));
  r.patch('/problems/:id', { schema: { tags, summary: '修改整改计划', params: idParam, body: problemPlanBody } }, (req) => updatePlan(ctx, requireActor(req), req.params.id, req.body));
  r.post('/problems/:id/measures', { schema: { tags, summary: '新增整改措施', params: idParam, body: measureBody } }, (req) => addMeasure(ctx, requireActor(req), req.params.id, req.body));
  r.patch('/measures/:id', { schema: { tags, summary: '修改整改措施', params: idParam, body: measureUpdateBody } }, (req) => updateMeasure(ctx, requireActor(req), req.params.id, req.body));
}
