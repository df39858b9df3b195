/**
 * The audit page names every action the server writes (issue 7, point 16): each
 * fixed action code of a writeAudit call has a Chinese and an English label, so
 * the auditor never reads a bare code for a known action.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zh } from '../../src/web/i18n/zh.js';
import { en } from '../../src/web/i18n/en.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

test('every fixed action code the server audits has a label in both dictionaries', () => {
  const codes = new Set<string>();
  for (const file of sources('src/server')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(m[1]!);
  }
  assert.ok(codes.size >= 40, `${codes.size} action codes found`);
  const missing = [...codes].filter((c) => !(`audit.act.${c}` in zh) || !(`audit.act.${c}` in en));
  assert.deepEqual(missing, []);
});
