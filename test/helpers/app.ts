/**
 * The API test harness: a real HTTP server on 127.0.0.1 over a real database —
 * in-memory PGlite, or a fresh database on the PostgreSQL server that
 * scripts/test.mjs started (ZG_TEST_ENGINE=postgres). The demo data doubles as
 * the fixtures; the clock is manual so deadlines can be tested by moving it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
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
}

let seq = 0;

async function openTestDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (engine === 'pglite') return { db: await openPglite(null), drop: async () => undefined };
  const admin = process.env.ZG_TEST_PG_URL;
  if (!admin) throw new Error('ZG_TEST_ENGINE=postgres needs ZG_TEST_PG_URL (run through `npm test`, which starts the server)');
  const name = `zg_t_${process.pid}_${++seq}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await c.end();
  const db = await openPostgres(admin.replace(/\/[^/]*$/, `/${name}`));
  return {
    db,
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zg-test-'));
  const config = defaultConfig({ dataDir, LOG_LEVEL: 'silent', ...overrides });
  const clock = new ManualClock(TEST_NOW);
  const { db, drop } = await openTestDb();
  await migrate(db);
  await loadDemo(db, clock, dataDir);
  const app = await buildApp({ db, clock, config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app, db, clock, config, base,
    anon: () => new Client(base),
    async login(username, password = DEMO_PASSWORD) {
      const c = new Client(base);
      const r = await c.post('/api/v1/auth/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      c.csrf = (r.body as { csrfToken: string }).csrfToken;
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

export interface Res<T = any> { status: number; body: T; headers: Headers }

/** A tiny cookie-keeping HTTP client that sends the CSRF token like the web app. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; raw?: BodyInit; headers?: Record<string, string> } = {}): Promise<Res<T>> {
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
    const data = ct.includes('json') ? await r.json() : ct.startsWith('text/') || ct === '' ? await r.text() : Buffer.from(await r.arrayBuffer());
    return { status: r.status, body: data as T, headers: r.headers };
  }
  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body?: unknown, opts?: { csrf?: boolean }) { return this.request<T>('POST', path, body ?? {}, opts); }
  patch<T = any>(path: string, body?: unknown) { return this.request<T>('PATCH', path, body ?? {}); }
  /** multipart/form-data with string fields and files. */
  upload<T = any>(path: string, fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type?: string }[] = []) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('file', new Blob([Buffer.from(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
    return this.request<T>('POST', path, undefined, { raw: fd });
  }
}

/** A 1×1 PNG for evidence uploads. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
