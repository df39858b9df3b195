#!/usr/bin/env node
// Runs the whole suite: unit tests, the API suite on PGlite and on a PostgreSQL
// server the harness starts itself, and the browser tests. Each part is a
// separate `node --test` run so that a failure names its part; the summary line
// at the end ("N passed, N failed") is what CI reads.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/pg-server.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit api-pglite`

function find(dir, suffix) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) out = out.concat(find(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

// Deadlines are Beijing dates whatever the host's zone: the API suite on PGlite
// runs with the host in UTC, the other parts in Asia/Shanghai, so both zones are
// exercised on every run without running anything twice.
const parts = [
  { name: 'unit', files: [...find('src', '.test.ts'), ...find('test/unit', '.test.ts')], env: { TZ: 'Asia/Shanghai' } },
  // component tests of the web under jsdom (test/web/setup.ts makes the DOM)
  { name: 'web', files: find('test/web', '.test.tsx'), env: { TZ: 'Asia/Shanghai' } },
  { name: 'api-pglite', files: find('test/api', '.test.ts'), env: { ZG_TEST_ENGINE: 'pglite', TZ: 'UTC' } },
  { name: 'api-postgres', files: find('test/api', '.test.ts'), env: { ZG_TEST_ENGINE: 'postgres', TZ: 'Asia/Shanghai' } },
  { name: 'browser', files: find('e2e', '.spec.ts'), env: { TZ: 'Asia/Shanghai' }, build: true },
].filter((p) => only.length === 0 || only.includes(p.name));

let passed = 0, failed = 0, skipped = 0;
// The type check is part of the suite: a type error is a failure like any other.
if (only.length === 0 || only.includes('typecheck')) {
  console.log('\n=== typecheck ===');
  const tc = spawnSync(process.execPath, ['node_modules/typescript-native/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (tc.status === 0) passed += 1; else failed += 1;
}
for (const part of parts) {
  if (part.files.length === 0) continue;
  if (part.build) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    if (b.status !== 0) { console.error('build failed'); process.exit(1); }
  }
  console.log(`\n=== ${part.name}: ${part.files.length} files (TZ=${part.env.TZ}) ===`);
  let pg = null;
  if (part.env.ZG_TEST_ENGINE === 'postgres') {
    try {
      pg = await startPostgres();
    } catch (e) {
      console.error(`api-postgres: ${e.message}`);
      failed += 1;
      continue;
    }
    part.env.ZG_TEST_PG_URL = pg.url;
  }
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...part.files],
    { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test', ...part.env }, maxBuffer: 1 << 28 },
  );
  pg?.stop();
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const num = (k) => Number((r.stdout.match(new RegExp(`^ℹ ${k} (\\d+)`, 'm')) || [])[1] || 0);
  passed += num('pass'); failed += num('fail'); skipped += num('skipped');
  if (r.status !== 0 && num('fail') === 0) failed += 1; // a crash outside any test
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
