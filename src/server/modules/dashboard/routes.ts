import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { dashboard } from './service.js';

const query = z.object({ inspectionId: z.coerce.number().int().positive({ message: '编号应为正整数' }).optional() });

export function dashboardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/dashboard', { schema: { tags: ['dashboard'], summary: '工作看板', querystring: query } }, (req) => dashboard(ctx, requireActor(req), req.query.inspectionId ?? null));
}
