#!/usr/bin/env node
// Builds what is not built yet: the server/CLI bundle (esbuild, ~1 s) and the web
// bundle (vite). `--force` rebuilds both; otherwise a part is rebuilt only when a
// source file is newer than its output.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

export async function buildServer() {
  const out = join(root, 'dist', 'cli.js');
  const src = Math.max(newest(join(root, 'src', 'server')), newest(join(root, 'src', 'domain')), newest(join(root, 'src', 'cli')));
  if (!force && mtime(out) > src) return false;
  await build({
    entryPoints: {
      cli: join(root, 'src/cli/main.ts'),
      'pglite-worker': join(root, 'src/server/db/pglite-worker.ts'),
      'notice-worker': join(root, 'src/server/modules/imports/notice-worker.ts'),
    },
    outdir: join(root, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return true;
}

export function buildWeb() {
  const out = join(root, 'dist', 'web', 'index.html');
  const src = Math.max(newest(join(root, 'src', 'web')), newest(join(root, 'src', 'domain')));
  if (!force && mtime(out) > src) return false;
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn'],
    { stdio: 'inherit', cwd: root },
  );
  if (r.status !== 0) throw new Error('web build failed');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const s = await buildServer();
  const w = existsSync(join(root, 'src', 'web')) ? buildWeb() : false;
  console.log(`build: server ${s ? 'built' : 'up to date'}, web ${w ? 'built' : 'up to date'} (${Date.now() - t0} ms)`);
}
