import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuery, auditVerifySchema, errorResponses } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { auditPage } from './service.js';
import { verifyAuditTrail } from './verify.js';

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（审计管理员）',
        querystring: auditQuery,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    (req) => auditPage(ctx, { actor: requireActor(req), ...req.query }),
  );
  r.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计日志哈希链', response: { 200: auditVerifySchema, ...errorResponses } } },
    (req) => verifyAuditTrail(ctx, { actor: requireActor(req) }),
  );
}
