/**
 * The OpenAPI fuzz: every route that /api/docs/json lists, every path and query
 * parameter, every JSON body field (nested objects and array items too) and
 * every multipart field and file, sent the standard bad values — missing, null,
 * wrong type, empty, NUL, lone surrogate, right-to-left override, a 1 MB string,
 * 0, negative, float, 2^31, hex, exponent, impossible dates, deep JSON, unknown
 * extra fields — as an anonymous client and as each role of the demo.
 *
 * It asserts that nothing answers 5xx, that every 400 names the field (in
 * `details[].path` or the message), and that the server's log holds no error
 * and no stack trace. Routes are read from the document, so a new route is
 * fuzzed without touching this file; values start from each field's `example`.
 *
 * To keep the run short, a case goes to every session only when the first
 * session's answer could depend on who asks; a refusal by the schema or by size
 * cannot (it comes before any use case), so it is repeated for the other
 * sessions only as a sample that must answer the same. The diagnostics list the
 * requests per route family and their statuses, and the run time.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { startTestApp, engine, type TestApp } from '../helpers/app.js';
import { factories, TEST_PASSWORD } from '../helpers/factories.js';

// ---- the OpenAPI subset the fuzz reads ------------------------------------------------------

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

const JSON_TYPE = 'application/json';
const MULTIPART = 'multipart/form-data';

/** A value the schema accepts, as far as the document says: its example, default, first enum value. */
function sample(s: Schema | undefined): unknown {
  if (!s) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0]);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return 'x';
  }
}

// ---- the standard bad values -----------------------------------------------------------------

const MISSING = Symbol('missing');
/**
 * JSON nested 5,000 deep. JSON.stringify of such a value overflows the stack, so
 * it travels as a marker string that `jsonText` replaces with the written-out text.
 */
const DEEP_TEXT = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
const DEEP = '\u0001zg-deep-json\u0001';
const jsonText = (v: unknown): string => JSON.stringify(v).split(JSON.stringify(DEEP)).join(DEEP_TEXT);
const MB = 'x'.repeat(1 << 20);

/** Each bad value as JSON, and as the text a URL or a form field carries. */
const BAD: { name: string; json: unknown; text: string | typeof MISSING }[] = [
  { name: 'missing', json: MISSING, text: MISSING },
  { name: 'null', json: null, text: 'null' },
  { name: 'wrong type (object)', json: { a: 1 }, text: '{"a":1}' },
  { name: 'wrong type (array)', json: ['x'], text: '["x"]' },
  { name: 'wrong type (number)', json: 12345, text: '12345' },
  { name: 'empty', json: '', text: '' },
  { name: 'blank', json: '   ', text: '   ' },
  { name: 'NUL', json: 'a\u0000b', text: 'a\u0000b' },
  { name: 'control char', json: 'a\u0007b', text: 'a\u0007b' },
  { name: 'lone surrogate', json: 'a\ud800b', text: 'a\ud800b' },
  { name: 'RTL override', json: 'inv\u202efdp.txt', text: 'inv\u202efdp.txt' },
  { name: '1 MB string', json: MB, text: MB },
  { name: 'zero', json: 0, text: '0' },
  { name: 'negative', json: -1, text: '-1' },
  { name: 'float', json: 1.5, text: '1.5' },
  { name: '2^31', json: 2 ** 31, text: String(2 ** 31) },
  { name: 'huge number', json: 1e308, text: '9'.repeat(400) },
  { name: 'hex', json: '0x10', text: '0x10' },
  { name: 'exponent', json: '1e3', text: '1e3' },
  { name: 'year 0000', json: '0000-01-01', text: '0000-01-01' },
  { name: '2026-02-30', json: '2026-02-30', text: '2026-02-30' },
  { name: 'month 13', json: '2026-13', text: '2026-13' },
  { name: 'day 99', json: '2026-12-99', text: '2026-12-99' },
  { name: 'deep JSON', json: DEEP, text: DEEP_TEXT },
];

/** Percent-encodes text for a URL byte by byte; a lone surrogate goes as its (invalid) CESU-8 bytes. */
function urlText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff)
      out +=
        `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** The bytes of text with a lone surrogate kept as invalid UTF-8 (what a hostile client can send). */
function rawBytes(s: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    parts.push(
      c >= 0xd800 && c <= 0xdfff ? Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]) : Buffer.from(ch, 'utf8'),
    );
  }
  return Buffer.concat(parts);
}

// ---- requests --------------------------------------------------------------------------------

interface FilePart {
  field: string;
  name: string;
  bytes: Buffer;
}
interface Req {
  method: string;
  path: string;
  query: [string, string][];
  json?: unknown;
  rawJson?: string;
  form?: { fields: [string, string][]; files: FilePart[]; malformed?: boolean };
  contentType?: string;
}

let boundarySeq = 0;
function multipartBytes(form: NonNullable<Req['form']>): { body: Buffer; type: string } {
  const boundary = `----zgfuzz${++boundarySeq}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of form.fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`), rawBytes(v), Buffer.from('\r\n'));
  }
  for (const f of form.files) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="`),
      rawBytes(f.name.replace(/"/g, '%22')),
      Buffer.from('"\r\nContent-Type: application/octet-stream\r\n\r\n'),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(form.malformed ? `--${boundary}\r\nContent-Disposition: form-da` : `--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

interface Session {
  name: string;
  cookie: string;
  csrf: string;
}
interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function send(t: TestApp, who: Session, r: Req): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (who.cookie) headers.cookie = who.cookie;
  if (who.csrf && r.method !== 'GET') headers['x-csrf-token'] = who.csrf;
  let body: BodyInit | undefined;
  if (r.form) {
    const m = multipartBytes(r.form);
    body = new Uint8Array(m.body);
    headers['content-type'] = m.type;
  } else if (r.rawJson !== undefined || r.json !== undefined) {
    body = r.rawJson ?? jsonText(r.json);
    headers['content-type'] = r.contentType ?? JSON_TYPE;
  }
  const qs = r.query.map(([k, v]) => `${urlText(k)}=${urlText(v)}`).join('&');
  const res = await fetch(`${t.base}${r.path}${qs ? `?${qs}` : ''}`, { method: r.method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: kept as text */
  }
  return { status: res.status, body: parsed, text };
}

// ---- cases -----------------------------------------------------------------------------------

interface Case {
  family: string;
  /** "POST /api/v1/…" plus the body variant (json, form), which is also the key of its baseline. */
  route: string;
  /** The field the bad value went into ('' for the body as a whole). */
  field: string;
  value: string;
  req: Req;
}

/** Sets (or with MISSING removes) the value at a dotted path inside a JSON copy. */
function withValue(base: unknown, path: string[], v: unknown): unknown {
  const copy: unknown = structuredClone(base);
  let cur = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (v === MISSING) delete cur[last];
  else cur[last] = v;
  return copy;
}

/** Every field of a JSON schema: top-level properties, nested objects and the first item of arrays of objects. */
function jsonFields(s: Schema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!s || depth > 3) return [];
  const alt = s.anyOf ?? s.oneOf;
  if (alt)
    return jsonFields(
      alt.find((a) => a.type === 'object' || a.type === 'array'),
      prefix,
      depth,
    );
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([k, v]) => [[...prefix, k], ...jsonFields(v, [...prefix, k], depth + 1)]);
  }
  if (s.type === 'array' && s.items?.type === 'object') return jsonFields(s.items, [...prefix, '0'], depth + 1);
  return [];
}

const BASE_FILE: FilePart = { field: 'file', name: 'notice.txt', bytes: Buffer.from('一、存在的问题\n1. 示例问题标题\n', 'utf8') };

function casesOf(doc: OpenApi): { cases: Case[]; bases: Map<string, Req> } {
  const cases: Case[] = [];
  const bases = new Map<string, Req>();
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const route = `${method.toUpperCase()} ${template}`;
      const family = template.replace(/^\/api\/(v1\/)?/, '').split('/')[0] || 'root';
      const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const pathOf = (over: Record<string, string | typeof MISSING> = {}) =>
        template.replace(/\{(\w+)\}/g, (_m, name: string) => {
          const v = name in over ? over[name] : String(sample(pathParams.find((p) => p.name === name)?.schema));
          return v === MISSING ? '' : urlText(v);
        });
      const baseQuery = (): [string, string][] =>
        queryParams.filter((p) => p.required || p.schema?.example !== undefined).map((p) => [p.name, String(sample(p.schema))]);
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content[JSON_TYPE]?.schema;
      const formSchema = content[MULTIPART]?.schema;
      const formFields = Object.entries(formSchema?.properties ?? {}).filter(
        ([, v]) => v.items?.format !== 'binary' && v.format !== 'binary',
      );
      const fileField = Object.entries(formSchema?.properties ?? {}).find(
        ([, v]) => v.items?.format === 'binary' || v.format === 'binary',
      )?.[0];
      const baseForm = (): NonNullable<Req['form']> => ({
        fields: formFields.map(([k, v]) => [k, typeof sample(v) === 'string' ? (sample(v) as string) : JSON.stringify(sample(v))]),
        files: fileField ? [{ ...BASE_FILE, field: fileField }] : [],
      });
      const plain: Req = { method: method.toUpperCase(), path: pathOf(), query: baseQuery() };
      // the request as the document describes it: JSON when it takes JSON, else the form (a route may take both)
      const base: Req = jsonSchema ? { ...plain, json: sample(jsonSchema) } : formSchema ? { ...plain, form: baseForm() } : plain;
      const variant = (r: Req) => `${route}${r.form ? ' (form)' : r.json !== undefined || r.rawJson !== undefined ? ' (json)' : ''}`;
      bases.set(variant(base), base);
      if (jsonSchema && formSchema) bases.set(variant({ ...plain, form: baseForm() }), { ...plain, form: baseForm() });
      const add = (field: string, value: string, req: Req) => {
        // a case keeps the baseline of its own body variant when the route has one, else the route's
        cases.push({ family, route: bases.has(variant(req)) ? variant(req) : variant(base), field, value, req });
      };

      for (const p of pathParams) {
        for (const b of BAD) add(p.name, b.name, { ...base, path: pathOf({ [p.name]: b.text }) });
      }
      for (const p of queryParams) {
        for (const b of BAD) {
          const query = base.query.filter(([k]) => k !== p.name);
          add(p.name, b.name, { ...base, query: b.text === MISSING ? query : [...query, [p.name, b.text]] });
        }
        add(p.name, 'repeated', {
          ...base,
          query: [...base.query, [p.name, String(sample(p.schema))], [p.name, String(sample(p.schema))]],
        });
      }
      if (jsonSchema) {
        for (const path of jsonFields(jsonSchema)) {
          for (const b of BAD) add(path.join('.'), b.name, { ...base, json: withValue(base.json, path, b.json) });
        }
        const whole: [string, Partial<Req>][] = [
          ['body null', { json: null }],
          ['body array', { json: [base.json] }],
          ['body string', { json: 'x' }],
          ['body empty object', { json: {} }],
          ['body deep JSON', { rawJson: DEEP_TEXT }],
          ['body unknown field', { json: { ...(base.json as object), zzUnknown: 'x' } }],
          [
            'body constructor.prototype',
            { rawJson: `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(base.json).slice(1)}` },
          ],
          ['body __proto__', { rawJson: `{"__proto__":{"polluted":true},${JSON.stringify(base.json).slice(1)}` }],
          ['body not JSON', { rawJson: '{"a":' }],
          ['body wrong media type', { rawJson: 'a=1', contentType: 'text/plain' }],
        ];
        for (const [name, over] of whole) add('', name, { ...plain, ...over });
      }
      if (formSchema) {
        const form = baseForm();
        const base = { ...plain, form };
        for (const [k] of formFields) {
          for (const b of BAD) {
            const fields = form.fields.filter(([x]) => x !== k);
            add(k, b.name, { ...base, form: { ...form, fields: b.text === MISSING ? fields : [...fields, [k, b.text]] } });
          }
          add(k, 'repeated', { ...base, form: { ...form, fields: [...form.fields, ...form.fields.filter(([x]) => x === k)] } });
        }
        if (fileField) {
          const file = (over: Partial<FilePart>): FilePart[] => [{ ...BASE_FILE, field: fileField, ...over }];
          const fileCases: [string, FilePart[]][] = [
            ['missing', []],
            ['empty file', file({ bytes: Buffer.alloc(0) })],
            ['name NUL', file({ name: 'a\u0000b.txt' })],
            ['name control char', file({ name: 'a\u0007b.txt' })],
            ['name lone surrogate', file({ name: 'a\ud800b.txt' })],
            ['name RTL override', file({ name: 'inv\u202efdp.txt' })],
            ['name 300 chars', file({ name: `${'长'.repeat(296)}.txt` })],
            ['name empty', file({ name: '' })],
            ['name path', file({ name: '../../etc/passwd.txt' })],
            ['binary content', file({ bytes: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]) })],
            ['21 files', Array.from({ length: 21 }, () => ({ ...BASE_FILE, field: fileField }))],
            ['wrong field', [{ ...BASE_FILE, field: 'other' }]],
          ];
          for (const [name, files] of fileCases)
            add(name === 'wrong field' ? 'other' : fileField, name, { ...base, form: { ...form, files } });
        }
        add('', 'malformed multipart', { ...base, form: { ...form, malformed: true } });
        if (!jsonSchema) add('', 'JSON instead of multipart', { ...plain, json: {} });
        add('', 'body unknown field', { ...base, form: { ...form, fields: [...form.fields, ['zzUnknown', 'x']] } });
      }
      if (!params.length && !jsonSchema && !formSchema) add('', 'unknown query', { ...base, query: [['zzUnknown', 'a\u0000b']] });
    }
  }
  return { cases, bases };
}

// ---- the run ---------------------------------------------------------------------------------

let t: TestApp;
const sessions: Session[] = [];
const DEMO_ROLES = ['office', 'unit', 'dept1', 'leader', 'auditor'];

before(async () => {
  t = await startTestApp({}, { captureLogs: true });
  sessions.push({ name: 'anonymous', cookie: '', csrf: '' });
  for (const u of DEMO_ROLES) {
    const c = await t.login(u);
    sessions.push({ name: u, cookie: c.cookie, csrf: c.csrf });
  }
  // the demo has no system administrator: one is made in the demo's office
  const office = await t.login('office');
  const me = (await office.get('/api/v1/auth/me')).body as { user: { roles: { orgId: number; orgName: string }[] } };
  const org = me.user.roles[0];
  const admin = await factories(t).user({ role: 'sysadmin', org: { id: org.orgId, name: org.orgName } });
  const c = await t.login(admin.username, TEST_PASSWORD);
  sessions.push({ name: 'sysadmin', cookie: c.cookie, csrf: c.csrf });
});
after(async () => {
  await t?.close();
});

/** The field paths a 400 lists in `details`. */
function fieldsOf(body: unknown): string[] {
  const details = body && typeof body === 'object' ? (body as { details?: unknown }).details : null;
  return Array.isArray(details) ? details.map((d: { path?: unknown }) => String(d?.path ?? '')).filter(Boolean) : [];
}

/** Whether a 400 names the field: in details[].path (the field, or a part of it) or in the message. */
function namesField(body: unknown, field: string): boolean {
  if (!body || typeof body !== 'object') return false;
  const { message, details } = body as { message?: unknown; details?: unknown };
  const paths = Array.isArray(details) ? details.map((d: { path?: unknown }) => String(d?.path ?? '')) : [];
  if (!field) return paths.some((p) => p !== '') || (typeof message === 'string' && /请求体|表单|请求格式/.test(message));
  const last = field.split('.').pop()!;
  return (
    paths.some((p) => p === field || p.startsWith(`${field}.`) || (p !== '' && field.startsWith(`${p}.`))) ||
    (typeof message === 'string' && (message.includes(field) || message.includes(last)))
  );
}

async function pool<T>(items: T[], n: number, run: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await run(items[i++]);
    }),
  );
}

/**
 * Whether an answer is the schema's refusal of this field: the one 400 of invalid input (http/errors.ts
 * `invalidInput`, the router's errors) reads "请求体字段 X 有误：…" (or 查询参数/路径参数) and names the field.
 * A 400 a use case raises after looking at the data may name the field too, but is worded otherwise.
 */
function bySchema(a: Answer, field: string): boolean {
  if (a.status !== 400 || !field || !namesField(a.body, field)) return false;
  const message = (a.body as { message?: unknown }).message;
  return typeof message === 'string' && /^(请求体|查询参数|路径参数)字段 \S+ 有误：/.test(message);
}

/** One in this many requests a schema refused is also sent as every other session, to check the refusal is the same. */
const SAMPLE = 20;

test(`OpenAPI fuzz on ${engine}: no 5xx, every 400 names its field, no stack trace in the log`, async (ctx) => {
  const doc = (await (await fetch(`${t.base}/api/docs/json`)).json()) as OpenApi;
  const { cases, bases } = casesOf(doc);
  // logging out ends the session every other case runs on: those cases go last
  const ending = (route: string) => /\/logout\b/.test(route);

  // what each route answers to its unmodified request, per session
  const baseline = new Map<string, Answer>();
  for (const who of sessions) {
    for (const [route, req] of bases) if (!(ending(route) && who.cookie)) baseline.set(`${who.name} ${route}`, await send(t, who, req));
  }
  // Each case goes first to the session that gets furthest into the route (its base answers 2xx, or at least not
  // 401/403). A 400 naming the bad field there comes from the schema, which runs before anything that depends on
  // who asks (the session hook answers 401/403 before it; the handler runs after it), and a size refusal comes
  // before routing; so the other sessions are sent every case that was not such a refusal — and one in SAMPLE of
  // those that were, which must get the same answer.
  const rank = (a: Answer | undefined) => (!a ? 9 : a.status < 300 ? 0 : a.status === 401 || a.status === 403 ? 2 : 1);
  const roles = sessions.filter((x) => x.cookie);
  const lead = new Map(
    [...bases.keys()].map((route) => [
      route,
      [...roles].sort((a, b) => rank(baseline.get(`${a.name} ${route}`)) - rank(baseline.get(`${b.name} ${route}`)))[0],
    ]),
  );

  const started = performance.now();
  const failures: string[] = [];
  const perFamily = new Map<string, { n: number; statuses: Map<number, number> }>();
  let sent = 0;
  const run = async (c: Case, who: Session): Promise<Answer | null> => {
    const where = `${who.name} ${c.route} ${c.field || '(body)'}=${c.value}`;
    let a: Answer;
    try {
      a = await send(t, who, c.req);
    } catch (e) {
      failures.push(`${where}: request failed: ${(e as Error).message}`);
      return null;
    }
    sent++;
    const f = perFamily.get(c.family) ?? { n: 0, statuses: new Map<number, number>() };
    f.n++;
    f.statuses.set(a.status, (f.statuses.get(a.status) ?? 0) + 1);
    perFamily.set(c.family, f);
    if (a.status >= 500) failures.push(`${where}: ${a.status} ${a.text.slice(0, 300)}`);
    else if (a.status === 400) {
      // A value the schema refuses is named by the schema. A value it accepts can still be refused by a use case or a
      // rule across fields, for the sake of another field (isKey=true needs the base's leaderId to be a leader): then
      // the 400 must name that field. Either way a 400 names a field.
      if (!namesField(a.body, c.field) && fieldsOf(a.body).length === 0) {
        failures.push(`${where}: 400 without naming the field: ${a.text.slice(0, 300)}`);
      }
    }
    return a;
  };

  const first = new Map<Case, Answer | null>();
  await pool(
    cases.filter((c) => !ending(c.route)),
    6,
    async (c) => {
      first.set(c, await run(c, lead.get(c.route)!));
    },
  );
  let skipped = 0;
  const second: { c: Case; who: Session; expect?: Answer }[] = [];
  for (const c of cases) {
    if (ending(c.route)) continue;
    const a = first.get(c);
    // refused before anything that depends on who asks: by the schema, or by size (413/414/431)
    const refused = !!a && (bySchema(a, c.field) || [413, 414, 431].includes(a.status));
    // without a session, a route that needs one answers 401 whatever the value, once the body is parsed: whole-body
    // cases (parsing) and public routes go to the anonymous client, other cases only as the sample
    const anonymousToo = !c.field || baseline.get(`anonymous ${c.route}`)?.status !== 401;
    for (const who of sessions) {
      if (who === lead.get(c.route)) continue;
      if (!refused && (who.cookie || anonymousToo)) second.push({ c, who });
      else if (++skipped % SAMPLE === 0) second.push({ c, who, expect: a ?? undefined });
    }
  }
  await pool(second, 6, async ({ c, who, expect }) => {
    const a = await run(c, who);
    if (
      a &&
      expect &&
      !(a.text === expect.text || (!who.cookie && a.status === 401) || (!bySchema(expect, c.field) && a.status === expect.status))
    ) {
      failures.push(
        `${who.name} ${c.route} ${c.field}=${c.value}: ${a.status} ${a.text.slice(0, 200)}, ` +
          `but ${lead.get(c.route)!.name} got ${expect.status} ${expect.text.slice(0, 200)}`,
      );
    }
  });
  for (const c of cases.filter((x) => ending(x.route))) for (const who of sessions) await run(c, who);
  const seconds = (performance.now() - started) / 1000;

  ctx.diagnostic(
    `fuzz on ${engine}: ${sent} requests (${cases.length} cases over ${bases.size} routes, ${sessions.length} sessions; ` +
      `${skipped - Math.floor(skipped / SAMPLE)} repeats of a refusal left out) in ${seconds.toFixed(1)} s`,
  );
  for (const [family, f] of [...perFamily.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    ctx.diagnostic(
      `${family.padEnd(12)} ${String(f.n).padStart(6)}  ${[...f.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([st, n]) => `${st}×${n}`)
        .join(' ')}`,
    );
  }
  // the assertion below shows the first 40; ZG_FUZZ_FAILURES=<file> keeps them all
  if (process.env.ZG_FUZZ_FAILURES) writeFileSync(process.env.ZG_FUZZ_FAILURES, failures.join('\n'));

  const logErrors = t.logs.filter((l) => {
    const e = JSON.parse(l) as { level?: number };
    return (e.level ?? 0) >= 50 || l.includes('"stack"') || /\n\s+at /.test(l);
  });
  assert.ok(sent >= 3000, `only ${sent} requests`);
  assert.deepEqual(failures.slice(0, 40), [], `${failures.length} failing cases`);
  assert.deepEqual(logErrors.slice(0, 5), [], `${logErrors.length} error lines in the server log`);
});
