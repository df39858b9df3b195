import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { hasRole } from '../auth/actor.js';
import { forbidden } from '../../lib/errors.js';
import { auditPage, verifyChain } from './service.js';

const query = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(64).optional(),
});

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/audit', { schema: { tags: ['audit'], summary: '审计日志（审计管理员）', querystring: query } },
    (req) => auditPage(ctx, requireActor(req), req.query.page, req.query.pageSize, req.query.action));
  r.get('/audit/verify', { schema: { tags: ['audit'], summary: '校验审计日志哈希链' } }, async (req) => {
    if (!hasRole(requireActor(req), 'auditor')) throw forbidden('verify audit', '校验审计日志');
    return verifyChain(ctx);
  });
}
