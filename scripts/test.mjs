#!/usr/bin/env node
// Runs the whole suite: type check, lint, unit tests, component tests of the web,
// the API suite on PGlite and on a PostgreSQL server the harness starts itself,
// and the browser tests. Each part is a separate process so that a failure names
// its part; the summary line at the end ("N passed, N failed") is what CI reads.
//
// The machine has two cores, so the parts run in two lanes at once: the
// embedded-engine lane (PGlite is CPU-bound in this process) and the server lane
// (the PostgreSQL suite mostly waits on the database server, then the browser).
// Each part's output is printed whole when it ends, so lanes never interleave.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/pg-server.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit api-pglite`

function find(dir, suffix) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) out = out.concat(find(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

const nodeTest = (files) => ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
const bin = (path, ...args) => [path, ...args];

// Deadlines are Beijing dates whatever the host's zone: the unit and PGlite API
// parts run with the host in UTC, the others in Asia/Shanghai, so both zones are
// exercised on every run without running anything twice.
const lanes = [
  [
    { name: 'typecheck', args: bin('node_modules/typescript-native/bin/tsc', '--noEmit', '-p', 'tsconfig.json'), plain: true },
    { name: 'lint', args: bin('node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0'), plain: true },
    { name: 'format', args: bin('node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level=warn'), plain: true },
    { name: 'unit', files: [...find('src', '.test.ts'), ...find('test/unit', '.test.ts')], env: { TZ: 'UTC' } },
    { name: 'web', files: find('test/web', '.test.tsx'), env: { TZ: 'Asia/Shanghai' } },
    { name: 'api-pglite', files: find('test/api', '.test.ts'), env: { ZG_TEST_ENGINE: 'pglite', TZ: 'UTC' } },
  ],
  [
    { name: 'api-postgres', files: find('test/api', '.test.ts'), env: { ZG_TEST_ENGINE: 'postgres', TZ: 'Asia/Shanghai' } },
    { name: 'browser', files: find('e2e', '.spec.ts'), env: { TZ: 'Asia/Shanghai' }, build: true },
  ],
].map((lane) => lane.filter((p) => only.length === 0 || only.includes(p.name)));

let passed = 0;
let failed = 0;
let skipped = 0;

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: 'test', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}

async function runPart(part) {
  const started = Date.now();
  if (part.files && part.files.length === 0) return;
  if (part.build) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    if (b.status !== 0) {
      process.stdout.write(`\n=== ${part.name}: build failed ===\n${b.stdout}${b.stderr}`);
      failed += 1;
      return;
    }
  }
  const env = { ...(part.env ?? {}) };
  let pg = null;
  if (env.ZG_TEST_ENGINE === 'postgres') {
    try {
      pg = await startPostgres();
    } catch (e) {
      process.stdout.write(`\n=== ${part.name}: ${e.message} ===\n`);
      failed += 1;
      return;
    }
    env.ZG_TEST_PG_URL = pg.url;
  }
  const r = await run(part.plain ? part.args : nodeTest(part.files), env);
  pg?.stop();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const head = part.plain ? part.name : `${part.name}: ${part.files.length} files (TZ=${env.TZ})`;
  process.stdout.write(`\n=== ${head} — ${secs} s ===\n${r.out}`);
  if (part.plain) {
    if (r.status === 0) passed += 1;
    else failed += 1;
    return;
  }
  const num = (k) => Number((r.out.match(new RegExp(`^ℹ ${k} (\\d+)`, 'm')) || [])[1] || 0);
  passed += num('pass');
  failed += num('fail');
  skipped += num('skipped');
  if (r.status !== 0 && num('fail') === 0) failed += 1; // a crash outside any test
}

await Promise.all(
  lanes.map(async (lane) => {
    for (const part of lane) await runPart(part);
  }),
);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
