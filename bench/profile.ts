/**
 * Where a request's time goes: runs the real app in this process on an existing database (a city from
 * `zhenggai demo --scale city`), signs in, sends each URL `REPEAT` times and prints, for the last one, every
 * statement it ran with its wall time (the worker round trip included) and, from EXPLAIN (ANALYZE), the
 * server's planning and execution time — the gap between the two is transfer and parsing.
 *
 *   DATA_DIR=bench/.data/city/pglite/app npx tsx bench/profile.ts office '/api/v1/ledger?pageSize=50' …
 *   DATABASE_URL=postgres://… DATA_DIR=… npx tsx bench/profile.ts unit001 /api/v1/dashboard
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { loadConfig } from '../src/server/config.js';
import { openConfigured, clockFrom } from '../src/server/serve.js';
import { buildApp } from '../src/server/app.js';
import type { Queryable, QueryOptions } from '../src/server/db/index.js';

const [username, ...urls] = process.argv.slice(2);
const REPEAT = Number(process.env.REPEAT ?? 3);
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', SCHEDULER: 'false' });
const db = await openConfigured(config);

interface Run {
  sql: string;
  params: unknown[] | undefined;
  ms: number;
}
let runs: Run[] | null = null;
// every queryable the app is handed (the Db and its transactions) reports its statements here
const seen = new WeakSet<object>();
const inside = new AsyncLocalStorage<boolean>();
function watch<Q extends Queryable & { tx?: (fn: (q: Queryable) => Promise<unknown>) => Promise<unknown> }>(o: Q): Q {
  if (seen.has(o)) return o;
  seen.add(o);
  const query = o.query.bind(o);
  o.query = (async (sql: string, params?: unknown[], opts?: QueryOptions) => {
    // a transaction's queryable may call the Db's own query: record the outermost call of each chain only
    if (inside.getStore()) return query(sql, params, opts);
    const t0 = performance.now();
    try {
      return await inside.run(true, () => query(sql, params, opts));
    } finally {
      runs?.push({ sql, params, ms: performance.now() - t0 });
    }
  }) as Q['query'];
  if (o.tx) {
    const tx = o.tx.bind(o);
    o.tx = (fn) => tx((q) => fn(watch(q as Q)));
  }
  return o;
}
watch(db);

const app = await buildApp({ db, clock: clockFrom(config), config });
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Zhenggai@2026' } });
if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.statusCode} ${login.body}`);
const cookie = String(login.headers['set-cookie']).split(';')[0];

for (const url of urls) {
  let last: Run[] = [];
  let ms = 0;
  let status = 0;
  for (let k = 0; k < REPEAT; k++) {
    runs = [];
    const t0 = performance.now();
    const r = await app.inject({ url, headers: { cookie } });
    ms = performance.now() - t0;
    status = r.statusCode;
    last = runs;
    runs = null;
  }
  const inDb = last.reduce((s, r) => s + r.ms, 0);
  console.log(`\n${url} → ${status} in ${ms.toFixed(1)} ms: ${last.length} statements, ${inDb.toFixed(1)} ms of them in the database`);
  for (const r of last) {
    let plan = '';
    if (/^\s*(WITH|SELECT)/i.test(r.sql)) {
      const e = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, SUMMARY) ${r.sql}`, r.params);
      const lines = e.rows.map((x) => Object.values(x)[0]);
      const pick = (re: RegExp) => lines.find((l) => re.test(l))?.match(/([\d.]+) ms/)?.[1] ?? '?';
      plan = `  (plan ${pick(/Planning Time/)} + run ${pick(/Execution Time/)} ms)`;
      // FULL_PLAN=ms: the whole plan of every statement slower than that
      if (process.env.FULL_PLAN && r.ms > Number(process.env.FULL_PLAN)) console.log(lines.map((l) => `      | ${l}`).join('\n'));
    }
    console.log(`  ${r.ms.toFixed(1).padStart(7)} ms${plan.padEnd(32)} ${r.sql.replace(/\s+/g, ' ').trim().slice(0, 110)}`);
  }
}
await app.close();
await db.close();
