/**
 * City scale, measured against a bare baseline in the same run (issue 12).
 *
 *   npm run bench:scale                         both engines, 200 units / 100k problems / 1M progress entries
 *   ENGINES=pglite SECONDS=3 ROUNDS=3 npm run bench:scale
 *   CITY="--units 20 --problems 10000 --progress 100000" npm run bench:scale   a smaller city
 *   LOAD_ONLY=1 npm run bench:scale             load the cities and stop (they are kept for the next runs)
 *
 * For each engine: the city is loaded once with `zhenggai demo --scale city` and kept under bench/.data
 * (a PGlite data dir, or a PostgreSQL cluster this script starts on 127.0.0.1 and stops), then:
 *  1. start: `zhenggai serve` on the existing data, the time to its first authenticated answer;
 *  2. throughput: bench/scale-server.ts serves the app and, on a second port of the same process, bare
 *     Fastify routes running one hand-written SQL statement each over the same database handle. For every
 *     figure, autocannon alternates bare and app rounds at 10 and 50 connections; medians of the rounds'
 *     req/s, p50 and p99 are printed with the ratio app/bare;
 *  3. waits: a probe every 50 ms (bench/probe.ts) during an import commit of a 3,000-node notice, a 20,000-
 *     character description save and a round's .xlsx export: the probe's worst wait;
 *  4. memory: the server's RSS (and peak) after all of it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chownSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { median } from './lib.js';
import { probeWhile } from './probe.js';

const ENGINES = (process.env.ENGINES ?? 'pglite,postgres').split(',').filter(Boolean) as ('pglite' | 'postgres')[];
const SECONDS = Number(process.env.SECONDS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = (process.env.CONNECTIONS ?? '10,50').split(',').map(Number);
const CITY = (process.env.CITY ?? '').split(/\s+/).filter(Boolean);
const PASSWORD = process.env.CITY_PASSWORD ?? 'Zhenggai@2026';
const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench', '.data', `city${CITY.join('').replace(/[^a-z0-9]/gi, '') || ''}`);

interface Figure {
  name: string;
  engine: string;
  connections: number;
  app: { rps: number; p50: number; p99: number; p975: number; non2xx: number };
  bare: { rps: number; p50: number; p99: number; p975: number; non2xx: number };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

function pgBin(name: string): string {
  for (const v of ['17', '16', '15', '14']) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  return name;
}

/** A PostgreSQL cluster kept under bench/.data between runs (initdb once), started on a free port. */
async function startPostgres(dir: string): Promise<{ url: string; stop: () => void }> {
  const root = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full: [string, string[]] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  mkdirSync(dir, { recursive: true });
  if (root) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    run(pgBin('initdb'), ['-D', data, '-U', 'zg', '--auth=trust', '--locale=C.UTF-8', '--encoding=UTF8', '-N']);
  }
  const port = await freePort();
  run(pgBin('pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '120',
    '-o',
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c max_connections=200 ` +
      '-c shared_buffers=512MB -c work_mem=16MB -c fsync=off -c synchronous_commit=off',
    'start',
  ]);
  return {
    url: `postgres://zg@127.0.0.1:${port}/postgres`,
    stop: () => run(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
  };
}

function envFor(engine: 'pglite' | 'postgres', dir: string, url: string | null): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SCHEDULER: 'false',
    DATA_DIR: join(dir, 'app'),
    ...(engine === 'postgres' ? { DATABASE_URL: url! } : { DATABASE_URL: '' }),
  };
}

/** Loads the city once; a marker file records that the load finished. */
function ensureCity(engine: string, env: NodeJS.ProcessEnv, dir: string): void {
  const marker = join(dir, 'city-loaded');
  if (existsSync(marker)) {
    // a kept city gets the migrations added since it was loaded now, so the restart below measures a restart
    const m = spawnSync(process.execPath, ['bin/zhenggai.mjs', 'migrate'], { cwd: ROOT, env, stdio: 'inherit' });
    if (m.status !== 0) throw new Error(`migrate failed on ${engine}`);
    return;
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/zhenggai.mjs', 'demo', '--scale', 'city', ...CITY], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`city load failed on ${engine}`);
  const s = (performance.now() - t0) / 1000;
  writeFileSync(marker, JSON.stringify({ seconds: s, args: CITY, at: new Date().toISOString() }));
  console.log(`[${engine}] city loaded in ${s.toFixed(0)} s`);
}

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

async function getJson<T>(url: string, cookie = ''): Promise<T> {
  const r = await fetch(url, { headers: cookie ? { cookie } : {} });
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  return (await r.json()) as T;
}

/** Spawns a command and resolves with its READY line's JSON (bench/scale-server.ts) or when `ready` says so. */
function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; info: { app: string; bare: string } }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      if (l.startsWith('READY ')) ok({ child, info: JSON.parse(l.slice(6)) as { app: string; bare: string } });
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode != null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/** `zhenggai serve` on the existing city: ms from spawn to the first authenticated ledger answer. */
async function measureStart(env: NodeJS.ProcessEnv, username: string): Promise<number> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', 'serve'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode != null) throw new Error('serve exited during start');
      try {
        const cookie = await login(base, username);
        await getJson(`${base}/api/v1/ledger?pageSize=50`, cookie);
        return performance.now() - t0;
      } catch (e) {
        if (!(e instanceof TypeError)) throw e; // connection refused: not up yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stopChild(child);
  }
}

/**
 * The benchmark's server bundled as the product is (`npm start` runs dist/cli.js, not tsx: the server's RSS
 * is then the product's, without tsx's compiler), beside dist/cli.js so that it finds the PGlite worker.
 */
async function buildScaleServer(): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(ROOT, 'dist', 'scale-server.js');
  await build({
    entryPoints: [join(ROOT, 'bench', 'scale-server.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  spawnSync(process.execPath, ['bin/zhenggai.mjs', '--help'], { cwd: ROOT, stdio: 'ignore' }); // builds dist/ when stale
  return out;
}

/**
 * Waits until the database has worked off what a round left queued: autocannon stops at the end of its
 * seconds, but requests already sent still run (on PGlite one after another), and the next figure would
 * otherwise be measured behind them. Done when a trivial statement answers within 100 ms.
 */
async function drain(bare: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    await fetch(`${bare}/bare/ping`);
    if (performance.now() - t0 < 100) return;
  }
}

function cannon(url: string, cookie: string, connections: number): Promise<Figure['app']> {
  return new Promise((ok, fail) => {
    autocannon({ url, connections, duration: SECONDS, headers: cookie ? { cookie } : {} }, (err, r) =>
      err
        ? fail(err)
        : ok({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, p975: r.latency.p97_5, non2xx: r.non2xx + r.errors }),
    );
  });
}

function medianOf(xs: Figure['app'][]): Figure['app'] {
  return {
    rps: median(xs.map((x) => x.rps)),
    p50: median(xs.map((x) => x.p50)),
    p99: median(xs.map((x) => x.p99)),
    p975: median(xs.map((x) => x.p975)),
    non2xx: xs.reduce((s, x) => s + x.non2xx, 0),
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function printFigures(figures: Figure[]): void {
  console.log(
    `\n${'engine'.padEnd(9)}${'figure'.padEnd(34)}${pad('conn', 5)}${pad('app req/s', 11)}${pad('bare req/s', 11)}${pad('ratio', 7)}` +
      `${pad('app p50', 9)}${pad('app p99', 9)}${pad('bare p99', 9)}  errors`,
  );
  for (const f of figures) {
    const ratio = f.app.rps / f.bare.rps;
    console.log(
      `${f.engine.padEnd(9)}${f.name.padEnd(34)}${pad(f.connections, 5)}${pad(f.app.rps.toFixed(0), 11)}${pad(f.bare.rps.toFixed(0), 11)}` +
        `${pad(ratio.toFixed(2), 7)}${pad(f.app.p50.toFixed(0), 9)}${pad(f.app.p99.toFixed(0), 9)}${pad(f.bare.p99.toFixed(0), 9)}` +
        `  ${f.app.non2xx || f.bare.non2xx ? `app ${f.app.non2xx} bare ${f.bare.non2xx}` : ''}${ratio < 0.8 ? '  < 0.8' : ''}`,
    );
  }
}

interface Case {
  name: string;
  app: string;
  bare: string;
  cookie: string;
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<{ figures: Figure[]; notes: string[] }> {
  const dir = join(DATA, engine);
  mkdirSync(dir, { recursive: true });
  const pg = engine === 'postgres' ? await startPostgres(join(dir, 'pg')) : null;
  const notes: string[] = [];
  const figures: Figure[] = [];
  try {
    const env = envFor(engine, dir, pg?.url ?? null);
    ensureCity(engine, env, dir);
    if (process.env.LOAD_ONLY) return { figures, notes };
    // the city's accounts (src/server/demo/city.ts): the inspection office and the first unit's 整改办
    const accounts = { office: process.env.CITY_OFFICE ?? 'office', unitAdmin: process.env.CITY_UNIT ?? 'unit001' };
    const startMs = await measureStart(env, accounts.unitAdmin);
    notes.push(`[${engine}] restart on the city: first authenticated ledger answer after ${startMs.toFixed(0)} ms (goal ≤ 3000)`);
    console.log(notes.at(-1));

    const { child, info } = await startServer([await buildScaleServer()], { ...env, PORT: '0' });
    try {
      const office = await login(info.app, accounts.office);
      const unit = await login(info.app, accounts.unitAdmin);
      const u = (await getJson<{ items: { unitId: number }[] }>(`${info.app}/api/v1/ledger?pageSize=1`, unit)).items[0].unitId;
      const cases = await buildCases(info, { office, unit, unitId: u });
      for (const c of cases) {
        for (const connections of CONNECTIONS) {
          const app: Figure['app'][] = [];
          const bare: Figure['app'][] = [];
          for (let i = 0; i < ROUNDS; i++) {
            bare.push(await cannon(c.bare, '', connections));
            await drain(info.bare);
            app.push(await cannon(c.app, c.cookie, connections));
            await drain(info.bare);
          }
          const f = { name: c.name, engine, connections, app: medianOf(app), bare: medianOf(bare) };
          figures.push(f);
          printFigures([f]);
        }
      }
      // fresh sessions: the figures take long enough for the first ones to reach their idle limit
      const [unit2, office2] = [await login(info.app, accounts.unitAdmin), await login(info.app, accounts.office)];
      notes.push(...(await waits(engine, info.app, unit2, office2, u)));
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
      const rss = `${kb('VmRSS').toFixed(0)} MB, peak ${kb('VmHWM').toFixed(0)} MB`;
      notes.push(`[${engine}] server RSS (bundled, as npm start) ${rss} (goal ≤ 400 on PGlite)`);
      console.log(notes.at(-1));
    } finally {
      await stopChild(child);
    }
  } finally {
    pg?.stop();
  }
  return { figures, notes };
}

async function buildCases(info: { app: string; bare: string }, s: { office: string; unit: string; unitId: number }): Promise<Case[]> {
  const A = `${info.app}/api/v1`;
  const B = `${info.bare}/bare`;
  // words of the city's generated text (src/server/demo/city-text.ts): one common in titles, one common in progress
  const term = process.env.TERM2 ?? '资金';
  const progressTerm = process.env.PROGRESS_TERM ?? '台账';
  // the cursor of page 1,500 at 50 rows (row 74,950), walked once with the largest page the API allows
  let cursor: string | null = null;
  let walked = 0;
  const target = 1499 * 50;
  while (walked < target) {
    const size = Math.min(200, target - walked);
    const page: { items: unknown[]; nextCursor?: string | null } = await getJson(
      `${A}/ledger?pageSize=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      s.office,
    );
    walked += page.items.length;
    cursor = page.nextCursor ?? null;
    if (!cursor || page.items.length === 0) break;
  }
  const deepKey = (await getJson<{ key: string | null }>(`${B}/key-at?offset=${walked - 1}`)).key;
  const some = await getJson<{ items: { id: number }[] }>(`${A}/ledger?pageSize=1&unitId=${s.unitId}`, s.unit);
  const problemId = some.items[0]?.id ?? 1;
  const cases: Case[] = [
    { name: 'ledger unit admin, page 1', app: `${A}/ledger?pageSize=50`, bare: `${B}/ledger?unit=${s.unitId}`, cookie: s.unit },
    {
      name: 'ledger unit admin, status filter',
      app: `${A}/ledger?pageSize=50&status=in_progress`,
      bare: `${B}/ledger?unit=${s.unitId}&status=in_progress`,
      cookie: s.unit,
    },
    {
      name: `ledger unit admin, search “${term}”`,
      app: `${A}/ledger?pageSize=50&q=${encodeURIComponent(term)}`,
      bare: `${B}/search?unit=${s.unitId}&q=${encodeURIComponent(term)}`,
      cookie: s.unit,
    },
    { name: 'ledger office, page 1', app: `${A}/ledger?pageSize=50`, bare: `${B}/ledger`, cookie: s.office },
    {
      name: 'ledger office, status filter',
      app: `${A}/ledger?pageSize=50&status=in_progress`,
      bare: `${B}/ledger?status=in_progress`,
      cookie: s.office,
    },
    {
      name: `ledger office, search “${term}”`,
      app: `${A}/ledger?pageSize=50&q=${encodeURIComponent(term)}`,
      bare: `${B}/search?q=${encodeURIComponent(term)}`,
      cookie: s.office,
    },
    {
      name: `ledger office, page 1,500 (${walked} rows in)`,
      app: `${A}/ledger?pageSize=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      bare: `${B}/ledger${deepKey ? `?after=${encodeURIComponent(deepKey)}` : ''}`,
      cookie: s.office,
    },
    { name: 'dashboard, unit admin', app: `${A}/dashboard`, bare: `${B}/dashboard?unit=${s.unitId}`, cookie: s.unit },
    { name: 'office board', app: `${A}/office/board`, bare: `${B}/board`, cookie: s.office },
    { name: 'problem page', app: `${A}/problems/${problemId}`, bare: `${B}/problem?id=${problemId}`, cookie: s.unit },
    // last: a word in a third of the entries is the heaviest figure; what it leaves queued must not slow the others
    {
      name: `search progress “${progressTerm}”, office`,
      app: `${A}/ledger?pageSize=50&q=${encodeURIComponent(progressTerm)}`,
      bare: `${B}/progress?q=${encodeURIComponent(progressTerm)}`,
      cookie: s.office,
    },
  ];
  for (const c of cases) await getJson(c.app, c.cookie); // a case that fails fails before it is measured
  return cases;
}

/** The probe's worst wait during three long operations. */
async function waits(engine: string, base: string, unit: string, office: string, unitId: number): Promise<string[]> {
  const out: string[] = [];
  const A = `${base}/api/v1`;
  // an open item (a closed one refuses plan edits)
  const page = await getJson<{ items: { id: number; inspectionId: number }[] }>(
    `${A}/ledger?pageSize=1&unitId=${unitId}&status=in_progress`,
    unit,
  );
  const target = page.items[0];
  const csrf = async (cookie: string) => (await getJson<{ csrfToken?: string }>(`${A}/auth/me`, cookie)).csrfToken ?? '';
  const unitCsrf = await csrf(unit);
  // a 20,000-character description (the bigram function and the search index over it)
  const long = '整改工作台账逐项核对，责任到人，时限到天。'.repeat(1000).slice(0, 20000);
  const w1 = await probeWhile(base, office, async () => {
    const r = await fetch(`${A}/problems/${target.id}`, {
      method: 'PATCH',
      headers: { cookie: unit, 'content-type': 'application/json', 'x-csrf-token': unitCsrf },
      body: JSON.stringify({ description: long }),
    });
    return r.status;
  });
  out.push(`[${engine}] 20,000-character save: ${w1.ms.toFixed(0)} ms (HTTP ${w1.value}), probe worst wait ${w1.worstWait.toFixed(0)} ms`);
  // the round's ledger .xlsx
  const w2 = await probeWhile(base, office, async () => {
    const r = await fetch(`${A}/inspections/${target.inspectionId}/ledger.xlsx`, { headers: { cookie: unit } });
    return `${r.status}, ${(await r.arrayBuffer()).byteLength} bytes`;
  });
  out.push(`[${engine}] round ledger export: ${w2.ms.toFixed(0)} ms (HTTP ${w2.value}), probe worst wait ${w2.worstWait.toFixed(0)} ms`);
  // an import commit of a 3,000-node notice
  const { commitImport } = await import('./import.js');
  const w3 = await probeWhile(base, office, () => commitImport(base, unit, unitCsrf, 3000));
  out.push(`[${engine}] 3,000-node import commit: ${w3.ms.toFixed(0)} ms, probe worst wait ${w3.worstWait.toFixed(0)} ms (goal ≤ 250)`);
  for (const l of out) console.log(l);
  return out;
}

const all: Figure[] = [];
const notes: string[] = [];
for (const engine of ENGINES) {
  const r = await benchEngine(engine);
  all.push(...r.figures);
  notes.push(...r.notes);
}
console.log(`\n=== bench:scale — medians of ${ROUNDS} rounds × ${SECONDS} s; latency in ms; ratio = app req/s ÷ bare req/s ===`);
printFigures(all);
for (const n of notes) console.log(n);
process.exit(0);
