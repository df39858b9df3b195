import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  accountIdParam,
  backupResultSchema,
  errorResponses,
  okSchema,
  securityPolicyBody,
  securityPolicySchema,
  sessionListSchema,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { allSessions, endAnySession } from '../auth/sessions.js';
import { backupNow, getSecurityPolicy, saveSecurityPolicy } from './service.js';

export function securityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['security'];
  const policy = { 200: securityPolicySchema, ...errorResponses };
  r.get('/security/policy', { schema: { tags, summary: '安全策略（安全管理员）', response: policy } }, (req) =>
    getSecurityPolicy(ctx, { actor: requireActor(req) }),
  );
  r.put(
    '/security/policy',
    { schema: { tags, summary: '修改安全策略（安全管理员）', body: securityPolicyBody, response: policy } },
    (req) => saveSecurityPolicy(ctx, { actor: requireActor(req), policy: req.body }),
  );
  r.get(
    '/security/sessions',
    { schema: { tags, summary: '全部会话（安全管理员）', response: { 200: sessionListSchema, ...errorResponses } } },
    (req) => allSessions(ctx, requireActor(req)),
  );
  r.post(
    '/security/sessions/:id/logout',
    { schema: { tags, summary: '结束任一会话（安全管理员）', params: accountIdParam, response: { 200: okSchema, ...errorResponses } } },
    async (req) => {
      await endAnySession(ctx, { actor: requireActor(req), sessionId: req.params.id });
      return { ok: true };
    },
  );
  r.post(
    '/admin/backup',
    {
      schema: {
        tags,
        summary: '立即备份（系统管理员；SM4 加密，写入数据目录的 backups/）',
        response: { 200: backupResultSchema, ...errorResponses },
      },
    },
    (req) => backupNow(ctx, { actor: requireActor(req) }),
  );
}
