/**
 * Security headers on every response: API answers, the web app, its static
 * files, /api/docs, errors and 404s alike (an onSend hook sees them all).
 *
 * The built web (dist/web) loads only same-origin module scripts and no external
 * resource; Ant Design's CSS-in-JS writes <style> elements at run time, so styles
 * allow 'unsafe-inline' while scripts never do. Swagger UI (@fastify/swagger-ui 6)
 * loads its scripts as files too, so /api/docs runs under the same policy.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, the figure browsers' preload lists ask for. */
const HSTS = 'max-age=63072000; includeSubDomains';

export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (opts.https) reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
