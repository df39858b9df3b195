/**
 * Security headers on every response — API answers, errors, 404s, the web app
 * and its static files, /api/docs — and session idle expiry that holds at any
 * setting, including SESSION_IDLE_MINUTES=1 with the actor cache in between.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { rootDir } from '../../src/server/lib/paths.js';
import { startTestApp, expectError, type TestApp } from '../helpers/app.js';
import { factories } from '../helpers/factories.js';

let t: TestApp;
let web: FastifyInstance;
let secure: FastifyInstance;
let webDir: string;

before(async () => {
  t = await startTestApp({}, { demo: false });
  // the same server with the web app served from a bundle of our own, and one behind TLS (COOKIE_SECURE)
  webDir = mkdtempSync(join(tmpdir(), 'zg-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(join(webDir, 'assets', 'app.js'), 'export {};');
  web = await buildApp({ db: t.db, clock: t.clock, config: t.config, serveWeb: true, webDir, logger: false });
  secure = await buildApp({ db: t.db, clock: t.clock, config: { ...t.config, COOKIE_SECURE: true }, logger: false });
});
after(async () => {
  await web?.close();
  await secure?.close();
  await t?.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** The policy's directives by name. */
function csp(header: string | null | undefined): Map<string, string[]> {
  assert.ok(header, 'a Content-Security-Policy header');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v]),
  );
}

/** The headers every response must carry, whatever it is. */
function assertHeaders(h: (name: string) => string | null | undefined, what: string): void {
  const policy = csp(h('content-security-policy'));
  const script = policy.get('script-src') ?? policy.get('default-src') ?? [];
  assert.deepEqual(script, ["'self'"], `${what}: scripts from this origin only (no inline, no eval, no other origin)`);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], what);
  assert.deepEqual(policy.get('object-src'), ["'none'"], what);
  for (const [name, sources] of policy) {
    for (const src of sources)
      assert.ok(!/^(https?:|\*|\/\/)/.test(src) && !/\.\w+$/.test(src), `${what}: ${name} names an external origin ${src}`);
  }
  assert.equal(h('x-content-type-options'), 'nosniff', what);
  assert.equal(h('referrer-policy'), 'same-origin', what);
}

test('API answers, errors and 404s carry the security headers', async () => {
  const c = t.anon();
  const cases: [string, () => Promise<{ status: number; headers: Headers }>, number][] = [
    ['health', () => c.get('/api/health'), 200],
    ['401', () => c.get('/api/v1/ledger'), 401],
    ['400', () => c.post('/api/v1/auth/login', { username: '' }), 400],
    ['415', () => c.request('POST', '/api/v1/auth/login', undefined, { raw: 'x', headers: { 'content-type': 'text/plain' } }), 415],
    ['404', () => c.get('/api/v1/no-such-thing'), 404],
    ['bad URL', () => c.get('/api/v1/problems/%ED%A0%80'), 400],
    ['OpenAPI', () => c.get('/api/docs/json'), 200],
  ];
  for (const [what, send, status] of cases) {
    const r = await send();
    assert.equal(r.status, status, what);
    assertHeaders((n) => r.headers.get(n), what);
    assert.equal(r.headers.get('strict-transport-security'), null, `${what}: no HSTS without TLS`);
  }
});

test('the web app, its static files and client-side routes carry them too', async () => {
  for (const url of ['/', '/assets/app.js', '/ledger/42', '/index.html']) {
    const r = await web.inject({ url });
    assert.equal(r.statusCode, 200, url);
    assertHeaders((n) => r.headers[n] as string | undefined, url);
  }
  const missing = await web.inject({ url: '/api/v1/nothing' });
  assert.equal(missing.statusCode, 404);
  assertHeaders((n) => missing.headers[n] as string | undefined, 'API 404 with the web app served');
});

test('Strict-Transport-Security is sent when cookies are marked Secure (behind TLS)', async () => {
  for (const url of ['/api/health', '/api/v1/ledger', '/api/v1/nothing']) {
    const r = await secure.inject({ url });
    assert.match(String(r.headers['strict-transport-security']), /^max-age=\d{8,}/, url);
    assertHeaders((n) => r.headers[n] as string | undefined, url);
  }
});

test('/api/docs works under the policy: its page loads only same-origin script files', async () => {
  const c = t.anon();
  const page = await c.request('GET', '/api/docs/');
  assert.equal(page.status, 200);
  assertHeaders((n) => page.headers.get(n), '/api/docs');
  const html = String(page.body);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="[^"]+"/, 'no inline script');
    assert.equal(body.trim(), '', 'no inline script');
    assert.doesNotMatch(attrs, /src="(https?:)?\/\//, 'no script from another origin');
  }
  for (const src of scripts.map(([, attrs]) => /src="([^"]+)"/.exec(attrs)![1])) {
    const js = await c.request('GET', new URL(src, `${t.base}/api/docs/`).pathname);
    assert.equal(js.status, 200, src);
  }
});

test('the web build needs no inline script and no external origin', () => {
  const files = [join(rootDir(), 'src', 'web', 'index.html'), join(rootDir(), 'dist', 'web', 'index.html')].filter((f) => existsSync(f));
  assert.ok(files.length > 0);
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(attrs, /\bsrc="/, `${file}: inline script`);
      assert.equal(body.trim(), '', `${file}: inline script`);
    }
    // namespaces in an inline SVG are names, not fetches
    const urls = [...html.matchAll(/\b(?:src|href)="(https?:)?\/\/[^"]+"/g)].map((m) => m[0]);
    assert.deepEqual(urls, [], `${file}: loads from another origin`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${file}: inline event handler`);
  }
});

test('a session used every 20 s survives SESSION_IDLE_MINUTES=1; one left alone for a minute does not', async () => {
  const idle = await startTestApp({ SESSION_IDLE_MINUTES: 1 }, { demo: false });
  try {
    const office = await factories(idle).office();
    const c = await idle.login(office.admin.username, office.admin.password);
    for (let s = 20; s <= 300; s += 20) {
      idle.clock.advance(20_000);
      assert.equal((await c.get('/api/v1/auth/me')).status, 200, `in use, at ${s} s`);
    }
    // bursts within the actor cache's 5 s and pauses just under the limit
    for (const gap of [1_000, 2_000, 4_000, 50_000, 3_000, 53_000, 4_000, 53_000]) {
      idle.clock.advance(gap);
      assert.equal((await c.get('/api/v1/auth/me')).status, 200, `after a pause of ${gap / 1000} s`);
    }
    idle.clock.advance(60_000);
    expectError(await c.get('/api/v1/auth/me'), 401);
  } finally {
    await idle.close();
  }
});

test('the idle limit is validated at start: 1 minute to 1 day, and not beyond the session itself', () => {
  assert.equal(loadConfig({ SESSION_IDLE_MINUTES: '1' }).SESSION_IDLE_MINUTES, 1);
  for (const env of [
    { SESSION_IDLE_MINUTES: '0' },
    { SESSION_IDLE_MINUTES: '1441' },
    { SESSION_IDLE_MINUTES: '1.5' },
    { SESSION_IDLE_MINUTES: '120', SESSION_MAX_HOURS: '1' },
    { SESSION_MAX_HOURS: '0' },
  ]) {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && /SESSION_(IDLE_MINUTES|MAX_HOURS)/.test(e.message),
      JSON.stringify(env),
    );
  }
});

test('X-Forwarded-For is believed only from a configured balancer (TRUST_PROXY)', async () => {
  const proxied = await buildApp({ db: t.db, clock: t.clock, config: { ...t.config, TRUST_PROXY: '127.0.0.1' }, logger: false });
  try {
    const login = (app: FastifyInstance, username: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        payload: JSON.stringify({ username, password: 'not-the-password-1A!' }),
      });
    assert.equal((await login(proxied, 'via-balancer')).statusCode, 401);
    assert.equal((await login(t.app, 'direct-client')).statusCode, 401);
    const ip = async (name: string) =>
      (await t.db.query<{ ip: string }>(`SELECT ip FROM audit_log WHERE actor_name = $1 ORDER BY id DESC LIMIT 1`, [name])).rows[0]?.ip;
    assert.equal(await ip('via-balancer'), '203.0.113.9', 'behind the configured balancer the client is the forwarded address');
    assert.equal(await ip('direct-client'), '127.0.0.1', 'without TRUST_PROXY a client cannot name its own address');
  } finally {
    await proxied.close();
  }
  assert.throws(() => loadConfig({ TRUST_PROXY: 'everyone' }), ConfigError);
});
