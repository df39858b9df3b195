import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  accountIdParam,
  errorResponses,
  loginBody,
  mfaDisableBody,
  mfaEnableBody,
  mfaSetupSchema,
  mfaVerifyBody,
  okSchema,
  passwordChangeBody,
  passwordRulesSchema,
  recoveryCodesBody,
  recoveryCodesSchema,
  sessionListSchema,
  sessionSchema,
} from '../../../domain/schemas/index.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor, SESSION_COOKIE } from '../../http/auth.js';
import { passwordRules } from '../security/service.js';
import { AUTH_STEPS } from './actor.js';
import { actorUnits, authenticate, login, logout } from './service.js';
import { changePassword } from './password.js';
import { mfaDisable, mfaEnable, mfaRecoveryCodes, mfaSetup, mfaVerify } from './mfa.js';
import { endMySession, mySessions } from './sessions.js';
import { presentMe } from './presenter.js';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const me = async (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    return presentMe(actor, await actorUnits(ctx, actor));
  };
  // after a step is done (password changed, code given) the request's actor still owes it: read the session again
  const fresh = async (req: Parameters<typeof requireActor>[0]) => {
    const actor = (await authenticate(ctx, req.cookies[SESSION_COOKIE] ?? '', req.ip)) ?? requireActor(req);
    return presentMe(actor, await actorUnits(ctx, actor));
  };
  const ok = { 200: okSchema, ...errorResponses };
  r.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: '登录（其后可能还须输入动态验证码或修改密码，见 user.step）',
        body: loginBody,
        response: { 200: sessionSchema, ...errorResponses },
      },
      config: { public: true },
    },
    async (req, reply) => {
      const { actor, cookieToken } = await login(ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      reply.setCookie(SESSION_COOKIE, cookieToken, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: ctx.config.COOKIE_SECURE,
        maxAge: ctx.config.SESSION_MAX_HOURS * 3600,
      });
      return presentMe(actor, await actorUnits(ctx, actor));
    },
  );
  r.post(
    '/auth/logout',
    {
      schema: { tags, summary: '退出', response: { 204: z.undefined().describe('已退出'), ...errorResponses } },
      config: { steps: AUTH_STEPS },
    },
    async (req, reply) => {
      await logout(ctx, requireActor(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
  r.get(
    '/auth/me',
    { schema: { tags, summary: '当前用户', response: { 200: sessionSchema, ...errorResponses } }, config: { steps: AUTH_STEPS } },
    me,
  );
  r.get(
    '/auth/password-rules',
    { schema: { tags, summary: '密码规则', response: { 200: passwordRulesSchema, ...errorResponses } }, config: { steps: AUTH_STEPS } },
    () => passwordRules(ctx),
  );
  r.post(
    '/auth/password',
    {
      schema: { tags, summary: '修改本人密码', body: passwordChangeBody, response: { 200: sessionSchema, ...errorResponses } },
      config: { steps: ['password'] },
    },
    async (req) => {
      await changePassword(ctx, { actor: requireActor(req), ...req.body });
      return fresh(req);
    },
  );
  r.post(
    '/auth/mfa/setup',
    {
      schema: { tags, summary: '获取双因素认证绑定二维码', response: { 200: mfaSetupSchema, ...errorResponses } },
      config: { steps: ['mfa_enrol'] },
    },
    (req) => mfaSetup(ctx, { actor: requireActor(req) }),
  );
  r.post(
    '/auth/mfa/enable',
    {
      schema: { tags, summary: '绑定双因素认证', body: mfaEnableBody, response: { 200: recoveryCodesSchema, ...errorResponses } },
      config: { steps: ['mfa_enrol'] },
    },
    (req) => mfaEnable(ctx, { actor: requireActor(req), code: req.body.code }),
  );
  r.post(
    '/auth/mfa/verify',
    {
      schema: { tags, summary: '登录第二步：动态验证码或恢复码', body: mfaVerifyBody, response: { 200: sessionSchema, ...errorResponses } },
      config: { steps: ['mfa'] },
    },
    async (req) => {
      await mfaVerify(ctx, { actor: requireActor(req), ...req.body });
      return fresh(req);
    },
  );
  r.post(
    '/auth/mfa/disable',
    { schema: { tags, summary: '解除双因素认证（安全策略未要求时）', body: mfaDisableBody, response: ok } },
    async (req) => {
      await mfaDisable(ctx, { actor: requireActor(req), password: req.body.password });
      return { ok: true };
    },
  );
  r.post(
    '/auth/mfa/recovery-codes',
    { schema: { tags, summary: '重新生成恢复码', body: recoveryCodesBody, response: { 200: recoveryCodesSchema, ...errorResponses } } },
    (req) => mfaRecoveryCodes(ctx, { actor: requireActor(req), code: req.body.code }),
  );
  r.get('/auth/sessions', { schema: { tags, summary: '本人的会话', response: { 200: sessionListSchema, ...errorResponses } } }, (req) =>
    mySessions(ctx, requireActor(req)),
  );
  r.post(
    '/auth/sessions/:id/logout',
    { schema: { tags, summary: '结束本人的一个会话', params: accountIdParam, response: ok } },
    async (req) => {
      await endMySession(ctx, { actor: requireActor(req), sessionId: req.params.id });
      return { ok: true };
    },
  );
}
