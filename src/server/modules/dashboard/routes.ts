import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardQuery, dashboardSchema, errorResponses } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { dashboard } from './service.js';

export function dashboardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: '工作看板',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema, ...errorResponses },
      },
    },
    (req) => dashboard(ctx, { actor: requireActor(req), inspectionId: req.query.inspectionId ?? null }),
  );
}
