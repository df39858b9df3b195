import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, QueryOptions, QueryResult } from './types.js';
import { DbError } from './pglite.js';

// Same value shapes as the PGlite engine: dates as 'YYYY-MM-DD', int8 as numbers.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

function wrap(e: unknown): DbError {
  const err = e as { message?: string; code?: string; detail?: string; constraint?: string };
  return new DbError(err.message ?? String(e), err.code, err.detail, err.constraint);
}

/**
 * A statement that asks (QueryOptions.prepare) as a named one: each connection parses and plans it once, and
 * after five runs the server keeps a generic plan when it costs no more than planning afresh — the ledger's page
 * statement planned in 2.5–6 ms and ran in 2. The name is the text's digest, so the same text is the same statement.
 */
function statement(sql: string, params: unknown[] | undefined, opts: QueryOptions | undefined): pg.QueryConfig {
  if (!opts?.prepare || !params?.length) return { text: sql, values: params };
  return { name: `zg${generation}_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`, text: sql, values: params };
}
/**
 * Bumped when the server answers that a table under a kept statement changed shape (a migration applied by
 * another server while this one runs): every statement is then prepared again under a new name.
 */
let generation = 0;
const CHANGED = /cached plan must not change result type/;

/** A PostgreSQL server through a `pg` pool. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  // Tuned for many short requests, not one long query: JIT off (the planner's cost threshold let it compile the
  // ledger's search statement on every request: 150 ms of LLVM for a 60 ms query at city scale), and no parallel
  // workers (starting two took 10 ms of a search source that reads in 2–5 ms alone, and under load every request's
  // workers compete for the same cores)
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced, not fatal
  const probe = await pool.query('SELECT 1').catch((e) => {
    throw wrap(e);
  });
  void probe;
  const query = async <T>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<T>> => {
    try {
      const r = await client.query(statement(sql, params, opts)).catch(async (e: unknown) => {
        if (!CHANGED.test(String((e as Error).message))) throw e;
        generation++;
        return client.query(statement(sql, params, opts));
      });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    } catch (e) {
      throw wrap(e);
    }
  };
  const owner = {};
  return {
    owner,
    engine: 'postgres',
    url,
    query: (sql, params, opts) => query(pool, sql, params, opts),
    exec: async (sql) => {
      await query(pool, sql);
    },
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ owner, query: (sql, params, opts) => query(client, sql, params, opts) });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
