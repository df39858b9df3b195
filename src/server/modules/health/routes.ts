import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    { schema: { tags: ['health'], summary: '健康检查', response: { 200: healthSchema } }, config: { public: true } },
    async () => ({
      status: 'ok' as const,
      db: ctx.db.engine,
    }),
  );
}
