/**
 * The response contract (issue 6 point 3): every route declares what it answers
 * with a zod schema from src/domain/schemas/responses, /api/docs documents it,
 * and the serializer drops whatever a presenter sends beyond it, so an internal
 * column cannot reach a client by accident.
 *
 * The leak test plants extra fields in the answers of real routes (a
 * preSerialization hook runs after the use case and presenter, before the
 * serializer) and checks that none arrives; the same plant in the OpenAPI
 * document, which has no response schema, does arrive — the control that shows
 * the plant works. The app is built here rather than by the harness because
 * hooks must be added before it starts; the engine makes no difference to
 * serialization, so it is PGlite on both runs.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig } from '../../src/server/config.js';
import { migrate, type Db } from '../../src/server/db/index.js';
import { openPglite } from '../../src/server/db/pglite.js';
import { ManualClock } from '../../src/server/lib/clock.js';
import { loadDemo, DEMO_PASSWORD } from '../../src/server/demo/load.js';
import {
  dashboardSchema,
  ledgerPageSchema,
  problemDetailSchema,
  sessionSchema,
  type LedgerRow,
  type ProblemDetail,
  type Session,
} from '../../src/domain/schemas/index.js';
import { TEST_NOW } from '../helpers/app.js';

const PLANT = 'PLANTED-INTERNAL-COLUMN';
/** Fields whose values are free-form by design (figures, audit detail, stated totals): extra keys there are content. */
const FREE_FORM = new Set(['figures', 'detail', 'stated', 'breakdown']);

/** Adds an undeclared field to every object of an answer, as a careless presenter would. */
function plant(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plant);
  if (v === null || typeof v !== 'object' || v instanceof Date) return v;
  const out: Record<string, unknown> = { internal_column: PLANT };
  for (const [k, x] of Object.entries(v)) out[k] = FREE_FORM.has(k) ? x : plant(x);
  return out;
}

let app: FastifyInstance;
let db: Db;
let dataDir: string;
let cookie = '';

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zg-contract-'));
  const config = defaultConfig({ dataDir, LOG_LEVEL: 'silent' });
  const clock = new ManualClock(TEST_NOW);
  db = await openPglite(null);
  await migrate(db);
  await loadDemo(db, clock, dataDir);
  app = await buildApp({ db, clock, config, logger: false });
  app.addHook('preSerialization', async (req, _reply, payload) => (req.headers['x-plant'] ? plant(payload) : payload));
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'unit', password: DEMO_PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  cookie = String(login.headers['set-cookie']).split(';')[0];
});
after(async () => {
  await app?.close();
  await db?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, planted = false): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url, headers: { cookie, ...(planted ? { 'x-plant': '1' } : {}) } });

interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  components?: { schemas?: Record<string, unknown> };
}

describe('every route declares its answer', () => {
  let doc: OpenApiDoc;
  before(async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(r.statusCode, 200);
    doc = r.json<OpenApiDoc>();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  test('the document lists the API routes (health, auth, ledger, problems, workflow, imports, audit …)', () => {
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/health',
      '/api/v1/auth/login',
      '/api/v1/ledger',
      '/api/v1/problems/{id}',
      '/api/v1/problems/{id}/closure-review',
      '/api/v1/imports/preview',
      '/api/v1/audit',
      '/api/v1/evidence/{id}',
      '/api/v1/dashboard',
      '/api/v1/users',
    ]) {
      assert.ok(paths.includes(p), `${p} is documented`);
    }
    assert.ok(operations().length >= 30, `${operations().length} operations`);
  });

  test('every operation has a 2xx answer with a schema (204: no body); every /api/v1 one documents the 4xx error shape', () => {
    const missing: string[] = [];
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = op.responses ?? {};
      const ok = Object.entries(responses).filter(([code]) => /^2(\d\d|XX)$/.test(code));
      if (!ok.length) {
        missing.push(`${where}: no 2xx response`);
        continue;
      }
      for (const [code, res] of ok) {
        if (code === '204') continue;
        const media = Object.entries(res.content ?? {});
        if (!media.length) missing.push(`${where} ${code}: no content schema`);
        for (const [type, { schema }] of media) {
          const declared = !!schema && ('$ref' in schema || 'properties' in schema || 'items' in schema || schema.format === 'binary');
          if (!declared) missing.push(`${where} ${code} ${type}: schema declares nothing`);
        }
      }
      // every /api/v1 route can refuse (401 without a session, 400 on bad input …); the health check cannot
      const err = responses['4XX']?.content?.['application/json']?.schema;
      if (path.startsWith('/api/v1/') && (!err || !('properties' in err))) missing.push(`${where}: the 4xx error shape is not documented`);
    }
    assert.deepEqual(missing, []);
  });

  test('objects in the documented answers are closed: additionalProperties false (what is not declared is not sent)', () => {
    const open: string[] = [];
    const walk = (s: unknown, where: string): void => {
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}[${i}]`));
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'object' && o.properties && o.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'properties' && v && typeof v === 'object') {
          // free-form values (figures, audit detail, stated totals) are content, not columns
          for (const [name, p] of Object.entries(v)) if (!FREE_FORM.has(name)) walk(p, `${where}.${name}`);
        } else if (k !== 'properties') walk(v, `${where}/${k}`);
      }
    };
    for (const { path, method, op } of operations()) {
      for (const [code, res] of Object.entries(op.responses ?? {})) {
        if (code.startsWith('2')) walk(res.content, `${method.toUpperCase()} ${path} ${code}`);
      }
    }
    walk(doc.components?.schemas?.OrgNode, 'OrgNode');
    assert.deepEqual(open, []);
  });

  test('the recursive organisation tree is a named component the route refers to', () => {
    assert.ok(doc.components?.schemas?.OrgNode, 'OrgNode component');
    assert.match(JSON.stringify(doc.paths['/api/v1/orgs/tree'].get.responses), /#\/components\/schemas\/OrgNode/);
  });
});

describe('a field a presenter sends beyond the schema does not reach the client', () => {
  test('control: the plant reaches the client where no response schema applies (the OpenAPI document)', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'x-plant': '1' } });
    assert.equal(r.statusCode, 200);
    assert.ok(r.body.includes(PLANT), 'the hook plants fields');
  });

  test('public routes: health and login answer only their declared fields', async () => {
    const h = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-plant': '1' } });
    assert.equal(h.statusCode, 200);
    assert.deepEqual(h.json(), { status: 'ok', db: 'pglite' });
    const l = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-plant': '1' },
      payload: { username: 'unit', password: DEMO_PASSWORD },
    });
    assert.equal(l.statusCode, 200, l.body);
    assert.ok(!l.body.includes(PLANT), l.body.slice(0, 500));
    const s = sessionSchema.parse(l.json());
    assert.equal(s.user.username, 'unit');
  });

  test('the ledger, a problem page (measures, progress, history, extensions), the dashboard, rounds and the org tree', async () => {
    const page = await get('/api/v1/ledger?pageSize=200');
    assert.equal(page.statusCode, 200);
    const rows: LedgerRow[] = ledgerPageSchema.encode(ledgerPageSchema.parse(page.json())).items;
    // the demo problem with the most to show: an extension and progress with evidence
    const rich = rows.find((x) => x.evidenceCount > 0 && x.status !== 'pending') ?? rows[0];
    assert.ok(rich, 'the demo has problems');
    const urls = [
      '/api/v1/auth/me',
      '/api/v1/ledger?pageSize=200',
      `/api/v1/problems/${rich.id}`,
      '/api/v1/dashboard',
      '/api/v1/inspections',
      '/api/v1/orgs/tree',
      `/api/v1/units/${rich.unitId}/departments`,
      `/api/v1/units/${rich.unitId}/leaders`,
    ];
    for (const url of urls) {
      const plain = await get(url);
      const planted = await get(url, true);
      assert.equal(planted.statusCode, 200, `${url}: ${planted.body.slice(0, 300)}`);
      assert.ok(!planted.body.includes(PLANT), `${url} leaked: ${planted.body.slice(0, 300)}`);
      assert.deepEqual(planted.json(), plain.json(), `${url}: the planted answer is the plain answer`);
    }
    const detail: ProblemDetail = problemDetailSchema.encode(problemDetailSchema.parse((await get(`/api/v1/problems/${rich.id}`)).json()));
    assert.ok(detail.progress.length > 0 && detail.measures.length > 0, 'the page has nested objects to plant into');
    dashboardSchema.parse((await get('/api/v1/dashboard')).json());
  });

  test('an error answer keeps its shape: {code, message, details} and nothing more', async () => {
    const r = await get('/api/v1/problems/999999', true);
    assert.equal(r.statusCode, 404);
    assert.deepEqual(Object.keys(r.json()).sort(), ['code', 'details', 'message']);
    assert.ok(!r.body.includes(PLANT));
  });
});

/**
 * Type-level: the web's answer types are these schemas' `z.input`, so reading a
 * field the server does not send is a compile error (the type check runs over
 * test/ too). Never called; `@ts-expect-error` fails the check if a field appears.
 */
export function webTypesRefuseUnsentFields(row: LedgerRow, detail: ProblemDetail, session: Session): unknown[] {
  return [
    // @ts-expect-error the ledger row has no database column names
    row.sort_order,
    // @ts-expect-error nor the problem's search vector
    detail.search,
    // @ts-expect-error the session never carries a password hash
    session.user.passwordHash,
    // instants are ISO strings on the wire, not Dates
    row.updatedAt.endsWith('Z'),
    // abilities are declared booleans, not optional
    detail.abilities.requestClosure satisfies boolean,
    detail.extensions.map((x) => x.requestedBy.name satisfies string),
    z.string().parse(session.user.units[0]?.name ?? ''),
  ];
}
