import Fastify, { type FastifyInstance, type FastifyLoggerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { Db } from './db/index.js';
import type { Clock } from './lib/clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { registerAuth } from './http/auth.js';
import { startTrust } from './modules/audit/trust.js';
import { securityRoutes } from './modules/security/routes.js';
import { MAX_PARAM_LENGTH, registerErrorHandler, routerErrors } from './http/errors.js';
import { openApiTransform, requestValidatorCompiler } from './http/openapi.js';
import { registerSecurityHeaders, securityHeaders } from './http/security.js';
import { rootDir } from './lib/paths.js';
import { authRoutes } from './modules/auth/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { orgRoutes } from './modules/orgs/routes.js';
import { inspectionRoutes } from './modules/inspections/routes.js';
import { problemRoutes } from './modules/problems/routes.js';
import { planningRoutes } from './modules/problems/planning-routes.js';
import { progressRoutes } from './modules/progress/routes.js';
import { workflowRoutes } from './modules/workflow/routes.js';
import { dashboardRoutes } from './modules/dashboard/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { userRoutes } from './modules/users/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { registerRoutes } from './modules/registers/routes.js';
import { noticeRoutes } from './modules/notices/routes.js';
import { publicationRoutes } from './modules/publications/routes.js';
import { feedbackRoutes } from './modules/feedback/routes.js';
import { exportRoutes } from './modules/exports/routes.js';
import { portalRoutes } from './public/routes.js';
import { unitRoutes } from './modules/units/routes.js';
import { todoRoutes } from './modules/todo/routes.js';
import { lightRuleRoutes } from './modules/lightrules/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { supervisionRoutes } from './modules/supervision/routes.js';
import { digestRoutes } from './modules/digests/routes.js';
import { officeRoutes } from './modules/office/routes.js';
import { evaluationRoutes } from './modules/evaluation/routes.js';
import { lookbackRoutes } from './modules/lookback/routes.js';
import { recurrenceRoutes } from './modules/recurrence/routes.js';

export interface BuildOptions {
  db: Db;
  clock: Clock;
  config: Config;
  /** Serve the built web bundle from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** Where the built web bundle is (default dist/web; tests give their own). */
  webDir?: string;
  /** false: no log at all; a stream: the log goes there (tests that read it) at LOG_LEVEL. */
  logger?: boolean | { stream: NonNullable<FastifyLoggerOptions['stream']> };
}

/**
 * Builds the HTTP app. Route order of concerns: cookie → session (preValidation)
 * → CSRF → zod validation → the module's use case → presenter → one error shape.
 */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const headers = securityHeaders({ https: opts.config.COOKIE_SECURE });
  const router = routerErrors(headers);
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: opts.config.LOG_LEVEL, ...(typeof opts.logger === 'object' ? { stream: opts.logger.stream } : {}) },
    // only the configured balancers' X-Forwarded-For is believed: a client cannot name its own address
    trustProxy: opts.config.TRUST_PROXY ? opts.config.TRUST_PROXY.replace(/\s+/g, '') : false,
    bodyLimit: 2 * 1024 * 1024,
    // ids in URLs are small integers; keep long garbage out of the router
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: router.handler,
  });
  app.addHook('onRoute', router.onRoute);
  const ctx: AppContext = { db: opts.db, clock: opts.clock, config: opts.config, log: app.log };

  registerSecurityHeaders(app, headers);
  app.setValidatorCompiler(requestValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: opts.config.MAX_UPLOAD_MB * 1024 * 1024, files: 20, fields: 20, fieldSize: 1024 * 1024 },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Zhenggai API', description: '整改台账、销号、延期、看板等接口。错误统一为 {code, message, details}。', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zg_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: openApiTransform,
    // named response schemas (the recursive OrgNode) become components the routes refer to
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const webDir = opts.webDir ?? join(rootDir(), 'dist', 'web');
  const spa = !!opts.serveWeb && existsSync(join(webDir, 'index.html'));
  registerErrorHandler(app, { spa });
  // the audit key bound, the keyed chain begun, checkpoints written until close (issue 13)
  const trust = await startTrust(ctx);
  app.addHook('onClose', trust.stop);
  registerAuth(app, ctx);
  healthRoutes(app, ctx);
  await app.register(
    async (api) => {
      authRoutes(api, ctx);
      orgRoutes(api, ctx);
      inspectionRoutes(api, ctx);
      problemRoutes(api, ctx);
      planningRoutes(api, ctx);
      progressRoutes(api, ctx);
      workflowRoutes(api, ctx);
      dashboardRoutes(api, ctx);
      auditRoutes(api, ctx);
      userRoutes(api, ctx);
      securityRoutes(api, ctx);
      importRoutes(api, ctx);
      registerRoutes(api, ctx);
      noticeRoutes(api, ctx);
      publicationRoutes(api, ctx);
      feedbackRoutes(api, ctx);
      exportRoutes(api, ctx);
      unitRoutes(api, ctx);
      todoRoutes(api, ctx);
      lightRuleRoutes(api, ctx);
      notificationRoutes(api, ctx);
      supervisionRoutes(api, ctx);
      digestRoutes(api, ctx);
      officeRoutes(api, ctx);
      evaluationRoutes(api, ctx);
      lookbackRoutes(api, ctx);
      recurrenceRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  // the public portal: server-rendered pages without login (its own error pages, in HTML)
  await app.register(async (portal) => portalRoutes(portal, ctx), { prefix: '/public' });

  if (spa) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: 'index.html' });
  return app;
}
