import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/health', { schema: { tags: ['health'], summary: '健康检查' }, config: { public: true } }, async () => ({
    status: 'ok',
    db: ctx.db.engine,
  }));
}
