import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Db } from './types.js';
import { rootDir } from '../lib/paths.js';

export interface MigrationReport {
  applied: string[];
  already: number;
}

/**
 * Applies the SQL files of `migrations/` in name order, each in its own
 * transaction with its record, so a failed migration leaves nothing half-done
 * and a second run applies nothing. A recorded file whose content changed is
 * refused: migrations are history, not configuration.
 *
 * Several app servers may start at once on one PostgreSQL (docs/SCALING.md): each step takes a
 * transaction-scoped advisory lock and re-reads whether its migration is recorded, so the first
 * server applies it and the others skip it instead of failing on objects that already exist.
 */
/** One lock for every migrating server of a database (the number is arbitrary, fixed forever). */
const LOCK = 'SELECT pg_advisory_xact_lock(7120260101)';

export async function migrate(db: Db, dir = join(rootDir(), 'migrations')): Promise<MigrationReport> {
  await db.tx(async (q) => {
    await q.query(LOCK);
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const done = new Map(
    (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [
      r.name,
      r.checksum,
    ]),
  );
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = readFileSync(join(dir, name), 'utf8');
    const checksum = createHash('sm3').update(sql).digest('hex');
    const seen = done.get(name);
    if (seen) {
      if (seen !== checksum) throw new Error(`migration ${name} changed after it was applied (checksum ${seen} → ${checksum})`);
      continue;
    }
    const ran = await db.tx(async (q) => {
      await q.query(LOCK);
      // another server may have applied it while this one waited for the lock
      const now = await q.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE name = $1', [name]);
      if (now.rows.length) return false;
      for (const stmt of splitSql(sql)) await q.query(stmt);
      await q.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [name, checksum]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return { applied, already: done.size };
}

/**
 * Splits a migration into statements so each can run through the parameterised
 * query path inside one transaction (PGlite's exec cannot share our BEGIN/COMMIT
 * framing with a worker round trip per statement otherwise). Understands
 * quotes, comments and $$ bodies — enough for the migrations we write.
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      cur += '\n';
      continue;
    }
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      cur += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        cur += sql.slice(i, end + m[0].length);
        i = end + m[0].length;
        continue;
      }
    }
    if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
