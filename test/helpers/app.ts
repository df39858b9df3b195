/**
 * The API test harness: a real HTTP server on 127.0.0.1 over a real database —
 * in-memory PGlite, or a fresh database on the PostgreSQL server that
 * scripts/test.mjs started (ZG_TEST_ENGINE=postgres). Suites build their own
 * world with test/helpers/factories.ts; the demo is loaded only when a suite
 * asks for it ({ demo: true }, the default for suites written before the
 * factories). The clock is manual so deadlines can be tested by moving it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import pg from 'pg';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig, type Config } from '../../src/server/config.js';
import { migrate, type Db } from '../../src/server/db/index.js';
import { openPglite } from '../../src/server/db/pglite.js';
import { openPostgres } from '../../src/server/db/postgres.js';
import { ManualClock } from '../../src/server/lib/clock.js';
import { loadDemo, DEMO_PASSWORD } from '../../src/server/demo/load.js';

export const TEST_NOW = '2026-11-21T02:00:00.000Z';
export const engine = (process.env.ZG_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  clock: ManualClock;
  config: Config;
  base: string;
  login(username: string, password?: string): Promise<Client>;
  anon(): Client;
  close(): Promise<void>;
  /** The server's log lines (JSON), when started with { captureLogs: true }; empty otherwise. */
  logs: string[];
}

let seq = 0;

/**
 * A fresh, empty database on the test engine. On PostgreSQL `second` opens another pool on the same
 * database (two app servers, as far as the database can tell); on PGlite there is only one.
 */
export async function openTestDb(): Promise<{ db: Db; drop: () => Promise<void>; second: () => Promise<Db> }> {
  if (engine === 'pglite') {
    const db = await openPglite(null);
    return { db, drop: async () => undefined, second: async () => db };
  }
  const admin = process.env.ZG_TEST_PG_URL;
  if (!admin) throw new Error('ZG_TEST_ENGINE=postgres needs ZG_TEST_PG_URL (run through `npm test`, which starts the server)');
  const name = `zg_t_${process.pid}_${++seq}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await c.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPostgres(url);
  return {
    db,
    second: () => openPostgres(url),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface TestAppOptions {
  /** Load the demo content (default true). Suites that build their world with the factories pass false. */
  demo?: boolean;
  /** Keep the server's log (level info) in `logs`, for suites that assert on it (no stack traces, no errors). */
  captureLogs?: boolean;
}

export async function startTestApp(overrides: Partial<Config> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zg-test-'));
  // The suites sign in as office admins and auditors without a second factor and keep several sessions of one
  // account: the policy's second factor and session limit are off here; test/api/trust-*.test.ts turn them on.
  const config = defaultConfig({ dataDir, LOG_LEVEL: 'silent', MFA_REQUIRED_ROLES: 'none', SESSION_MAX_PER_USER: 0, ...overrides });
  const clock = new ManualClock(TEST_NOW);
  const { db, drop } = await openTestDb();
  await migrate(db);
  if (opts.demo !== false) await loadDemo(db, clock, dataDir);
  const logs: string[] = [];
  const logger = opts.captureLogs ? { stream: { write: (line: string) => void logs.push(line) } } : false;
  const app = await buildApp({ db, clock, config: opts.captureLogs ? { ...config, LOG_LEVEL: 'info' } : config, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app,
    db,
    clock,
    config,
    base,
    logs,
    anon: () => new Client(base),
    async login(username, password = DEMO_PASSWORD) {
      const c = new Client(base);
      const r = await c.post('/api/v1/auth/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      c.csrf = expectOk(r, z.object({ csrfToken: z.string() })).csrfToken;
      return c;
    },
    async close() {
      await app.close();
      await db.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The one error shape every failing request answers (src/server/http/errors.ts). */
const errorShape = z.object({ code: z.string(), message: z.string(), details: z.unknown() });

/**
 * An error answer as sent, plus two things read out of `details` because
 * nearly every test asks for them: the field paths a 400 names, and the reason
 * code a 409 gives.
 */
export interface ApiError {
  code: string;
  message: string;
  details: unknown;
  /** `details[].path` of a 400 (empty when details is not a list). */
  fields: string[];
  /** `details.reason` of a workflow 409, when there is one. */
  reason: string | undefined;
}

/** One HTTP answer. `body` is what the server sent: parsed JSON, text, or bytes. */
export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** The error shape when the status is 4xx/5xx and the body has it; null otherwise. */
  error: ApiError | null;
}

function readError(status: number, body: unknown): ApiError | null {
  if (status < 400) return null;
  const e = errorShape.safeParse(body);
  if (!e.success) return null;
  const d = e.data.details;
  const fields = Array.isArray(d)
    ? d.flatMap((x: unknown) => (x && typeof x === 'object' && 'path' in x && typeof x.path === 'string' ? [x.path] : []))
    : [];
  const reason = d && typeof d === 'object' && !Array.isArray(d) && 'reason' in d && typeof d.reason === 'string' ? d.reason : undefined;
  return { ...e.data, fields, reason };
}

export interface RequestOptions {
  /** false: leave the x-csrf-token header off even though the client has a token. */
  csrf?: boolean;
  /** A body sent as is (form data, a string) instead of JSON. */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * A tiny cookie-keeping HTTP client that sends the CSRF token like the web app.
 * Bodies are `unknown` unless the caller names a type (an unchecked claim) or
 * parses them with a schema through `expectOk`.
 */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: BodyInit | undefined = opts.raw;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(this.base + path, { method, headers, body: payload });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const ct = r.headers.get('content-type') ?? '';
    const data: unknown = ct.includes('json')
      ? await r.json()
      : ct.startsWith('text/') || ct === ''
        ? await r.text()
        : Buffer.from(await r.arrayBuffer());
    return { status: r.status, body: data as T, headers: r.headers, error: readError(r.status, data) };
  }
  get<T = unknown>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, undefined, opts);
  }
  post<T = unknown>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
  patch<T = unknown>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PATCH', path, body ?? {}, opts);
  }
  put<T = unknown>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', path, body ?? {}, opts);
  }
  /** multipart/form-data with string fields and files. */
  upload<T = unknown>(path: string, fields: Record<string, string>, files: UploadFile[] = [], opts: Omit<RequestOptions, 'raw'> = {}) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('file', new Blob([Buffer.from(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
    return this.request<T>('POST', path, undefined, { ...opts, raw: fd });
  }
}

/**
 * Asserts a 2xx answer, checks its body against `schema` (a shared response
 * schema, or a test's own) and returns the body as sent — the JSON on the wire,
 * `z.input` of the schema (an instant stays an ISO string, as the web reads it).
 * A field the server does not send fails here, naming the field, rather than
 * later as `undefined`.
 */
export function expectOk<S extends z.ZodType>(r: Res<unknown>, schema: S): z.input<S> {
  assert.ok(r.status >= 200 && r.status < 300, `expected 2xx, got ${r.status}: ${JSON.stringify(r.body)}`);
  const parsed = schema.safeParse(r.body);
  if (!parsed.success)
    assert.fail(`response does not match its schema: ${z.prettifyError(parsed.error)}\n${JSON.stringify(r.body).slice(0, 2000)}`);
  return r.body as z.input<S>;
}

/** Asserts an error answer with this status (and code, when given) and returns its error. */
export function expectError(r: Res<unknown>, status: number, code?: string): ApiError {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  assert.ok(r.error, `a ${status} without the {code, message, details} shape: ${JSON.stringify(r.body)}`);
  if (code) assert.equal(r.error.code, code, r.error.message);
  return r.error;
}

/** A 1×1 PNG for evidence uploads. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
