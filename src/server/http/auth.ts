import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Actor, AuthStep } from '../modules/auth/actor.js';
import { stepRequired } from '../modules/auth/mfa.js';
import { authenticate } from '../modules/auth/service.js';
import { AppError } from '../lib/errors.js';

export const SESSION_COOKIE = 'zg_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The route needs no session (login, health, public pages). */
    public?: boolean;
    /** Steps of a half-open session (second factor, forced password change) this route also serves; others answer 403 step_required. */
    steps?: readonly AuthStep[];
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the session for every API request, then enforces: a session on
 * non-public routes (401), and the CSRF token on state-changing ones (403).
 * Login is public and guarded instead by requiring a JSON body, which a
 * cross-site form cannot send without a CORS preflight we never grant.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/v1/') || req.is404) return;
    const cookie = req.cookies[SESSION_COOKIE];
    req.actor = cookie ? await authenticate(ctx, cookie, req.ip) : null;
    const isPublic = req.routeOptions.config?.public === true;
    if (isPublic) {
      if (UNSAFE.has(req.method) && !String(req.headers['content-type'] ?? '').startsWith('application/json') && !req.isMultipart()) {
        throw new AppError('unsupported_media', { message: 'JSON body required', userMessage: '请求须为 JSON 格式' });
      }
      return;
    }
    if (!req.actor) throw new AppError('unauthorized', { message: 'no valid session', userMessage: '请先登录（会话不存在或已过期）' });
    // a session that still owes its second factor or a password change reaches only the routes of that step
    const step = req.actor.step;
    if (step && !(req.routeOptions.config?.steps ?? []).includes(step)) throw stepRequired(step);
    if (UNSAFE.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, req.actor.csrfToken)) {
        throw new AppError('csrf', { message: 'missing or wrong CSRF token', userMessage: '请求校验失败（CSRF），请刷新页面后重试' });
      }
    }
  });
}

/** The actor of an authenticated route; the hook guarantees it exists. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthorized', { message: 'no valid session', userMessage: '请先登录' });
  return req.actor;
}
