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

/** The headers every response carries; HSTS only when served over TLS (COOKIE_SECURE=true). */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    // for browsers older than frame-ancestors
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(opts.https ? { 'strict-transport-security': HSTS } : {}),
  };
}

/** Adds the headers to every reply that goes through Fastify's hooks (the router's own errors set them themselves). */
export function registerSecurityHeaders(app: FastifyInstance, headers: Record<string, string>): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(headers);
    return payload;
  });
}
