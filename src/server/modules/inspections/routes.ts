import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, inspectionBody } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { createInspection, getInspection, listInspections } from './service.js';

export function inspectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inspections'];
  r.get('/inspections', { schema: { tags, summary: '巡视巡察轮次列表' } }, (req) => listInspections(ctx, requireActor(req)));
  r.get('/inspections/:id', { schema: { tags, summary: '巡视巡察轮次', params: idParam } }, (req) => getInspection(ctx, requireActor(req), req.params.id));
  r.post('/inspections', { schema: { tags, summary: '新建巡视巡察轮次', body: inspectionBody } }, (req) => createInspection(ctx, requireActor(req), req.body));
}
