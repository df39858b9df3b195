import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, loginBody, sessionSchema } from '../../../domain/schemas/index.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor, SESSION_COOKIE } from '../../http/auth.js';
import { actorUnits, login, logout } from './service.js';
import { presentMe } from './presenter.js';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/auth/login', { schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: sessionSchema, ...errorResponses } }, config: { public: true } }, async (req, reply) => {
    const { actor, cookieToken } = await login(ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    reply.setCookie(SESSION_COOKIE, cookieToken, {
      httpOnly: true, sameSite: 'strict', path: '/', secure: ctx.config.COOKIE_SECURE,
      maxAge: ctx.config.SESSION_MAX_HOURS * 3600,
    });
    return presentMe(actor, await actorUnits(ctx, actor));
  });
  r.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出', response: { 204: z.undefined().describe('已退出'), ...errorResponses } } }, async (req, reply) => {
    await logout(ctx, requireActor(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
  r.get('/auth/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 200: sessionSchema, ...errorResponses } } }, async (req) => {
    const actor = requireActor(req);
    return presentMe(actor, await actorUnits(ctx, actor));
  });
}
