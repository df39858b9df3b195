import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  idParam,
  inspectionBody,
  inspectionListQuery,
  inspectionListSchema,
  inspectionSchema,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { createInspection, getInspection, listInspections } from './service.js';

export function inspectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inspections'];
  r.get(
    '/inspections',
    {
      schema: {
        tags,
        summary: '巡视巡察轮次列表（分页）',
        querystring: inspectionListQuery,
        response: { 200: inspectionListSchema, ...errorResponses },
      },
    },
    (req) => listInspections(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.get(
    '/inspections/:id',
    { schema: { tags, summary: '巡视巡察轮次', params: idParam, response: { 200: inspectionSchema, ...errorResponses } } },
    (req) => getInspection(ctx, { actor: requireActor(req), inspectionId: req.params.id }),
  );
  r.post(
    '/inspections',
    { schema: { tags, summary: '新建巡视巡察轮次', body: inspectionBody, response: { 200: inspectionSchema, ...errorResponses } } },
    (req) => createInspection(ctx, { actor: requireActor(req), inspection: req.body }),
  );
}
