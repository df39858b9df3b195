import pg from 'pg';
import type { Db, QueryResult } from './types.js';
import { DbError } from './pglite.js';

// Same value shapes as the PGlite engine: dates as 'YYYY-MM-DD', int8 as numbers.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

function wrap(e: unknown): DbError {
  const err = e as { message?: string; code?: string; detail?: string; constraint?: string };
  return new DbError(err.message ?? String(e), err.code, err.detail, err.constraint);
}

/** A PostgreSQL server through a `pg` pool. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced, not fatal
  const probe = await pool.query('SELECT 1').catch((e) => {
    throw wrap(e);
  });
  void probe;
  const query = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    try {
      const r = await client.query(sql, params as unknown[]);
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
    query: (sql, params) => query(pool, sql, params),
    exec: async (sql) => {
      await query(pool, sql);
    },
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ owner, query: (sql, params) => query(client, sql, params) });
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
