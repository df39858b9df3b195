#!/usr/bin/env node
// Entry of the `zhenggai` command: builds what is missing or stale (so
// `npm install && npm start` works on a fresh clone), then runs the bundled CLI.
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'src'))) {
  const { buildServer, buildWeb } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
  await buildServer();
  if (process.argv[2] === 'serve' || process.argv.length <= 2) buildWeb();
}
await import(pathToFileURL(join(root, 'dist', 'cli.js')).href);
