/**
 * The SQL of the city-scale demo loader (city.ts): batched multi-row inserts
 * through `unnest` — one statement per batch, the same on PGlite and on a
 * PostgreSQL server (PGlite has no COPY FROM STDIN through our driver) — and
 * the few statements around the load (reset, search indexes, identity
 * sequences, statistics). Table and column names come from the fixed specs in
 * city.ts, never from input.
 */
import type { Db, Queryable } from '../db/index.js';

/** A column of a bulk insert: its name and SQL type (jsonb is sent as text and cast). */
export type ColumnType = 'int' | 'smallint' | 'text' | 'date' | 'timestamptz' | 'bool' | 'jsonb';
export type ColumnSpec = readonly (readonly [string, ColumnType])[];

export interface SearchIndex {
  name: string;
  definition: string;
}

const PARAM_TYPE: Record<ColumnType, string> = {
  int: 'int[]',
  smallint: 'smallint[]',
  text: 'text[]',
  date: 'date[]',
  timestamptz: 'timestamptz[]',
  bool: 'boolean[]',
  jsonb: 'text[]',
};

// Tables whose `id` the loader assigns itself (OVERRIDING SYSTEM VALUE): rows can then refer to each other and be
// sealed without a round trip; the identity sequences are moved past the loaded ids at the end.
export const IDENTITY_TABLES = [
  'organizations',
  'users',
  'inspections',
  'problems',
  'measures',
  'progress_entries',
  'evidence',
  'transitions',
  'extensions',
] as const;

export const cityRepo = {
  /**
   * Inserts the rows given as one array per column. `overriding`: the ids are
   * in the data (identity columns are GENERATED ALWAYS).
   */
  async insertColumns(q: Queryable, table: string, spec: ColumnSpec, columns: unknown[][], overriding: boolean): Promise<number> {
    if (!columns.length || !columns[0].length) return 0;
    const names = spec.map(([n]) => n);
    const params = spec.map(([, t], i) => `$${i + 1}::${PARAM_TYPE[t]}`);
    const select = spec.map(([n, t]) => (t === 'jsonb' ? `x.${n}::jsonb` : `x.${n}`));
    const r = await q.query(
      `INSERT INTO ${table} (${names.join(', ')}) ${overriding ? 'OVERRIDING SYSTEM VALUE' : ''}
       SELECT ${select.join(', ')} FROM unnest(${params.join(', ')}) AS x(${names.join(', ')})`,
      columns,
    );
    return r.rowCount;
  },

  /** What the demo reset leaves that a fresh city must not inherit: the scheduler's record of days already evaluated. */
  async wipeScheduler(q: Queryable): Promise<void> {
    await q.query('TRUNCATE scheduler_runs');
  },

  /** The GIN indexes of the tables the loader fills in bulk, with their definitions (to be rebuilt as they were). */
  async searchIndexes(q: Queryable, tables: readonly string[]): Promise<SearchIndex[]> {
    return (
      await q.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes
          WHERE schemaname = current_schema() AND tablename = ANY($1::text[]) AND indexdef LIKE '% USING gin %'
          ORDER BY indexname`,
        [tables],
      )
    ).rows.map((r) => ({ name: r.indexname, definition: r.indexdef }));
  },
  async dropIndex(q: Queryable, name: string): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "${name.replace(/"/g, '""')}"`);
  },
  /** Builds an index in one transaction with room to sort in memory (a GIN build over a million rows spills otherwise). */
  async createIndex(db: Db, definition: string): Promise<void> {
    await db.tx(async (q) => {
      await q.query("SET LOCAL maintenance_work_mem = '256MB'");
      await q.query(definition);
    });
  },

  /** Moves every identity sequence the loader bypassed past the highest id loaded. */
  async syncIdentities(q: Queryable): Promise<void> {
    for (const t of IDENTITY_TABLES) {
      await q.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), m, true) FROM (SELECT max(id) AS m FROM ${t}) x WHERE m IS NOT NULL`, [
        t,
      ]);
    }
  },

  /** Fresh statistics (and, on the server, the visibility map) for the planner after a bulk load. */
  async analyse(db: Db): Promise<void> {
    // outside a transaction: VACUUM refuses to run inside one
    await db.exec('VACUUM ANALYZE');
  },

  async count(q: Queryable, table: string): Promise<number> {
    return Number((await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0].n);
  },

  /** Overdue open leaves of a unit's latest round (the supervision orders pick from these). */
  async overdueLeaves(q: Queryable, unitId: number, today: string, limit: number): Promise<{ id: number; lead_dept_id: number }[]> {
    return (
      await q.query<{ id: number; lead_dept_id: number }>(
        `SELECT id, lead_dept_id FROM problems
          WHERE unit_id = $1 AND child_count = 0 AND status IN ('in_progress', 'pending') AND deadline < $2::date
            AND lead_dept_id IS NOT NULL
          ORDER BY id LIMIT $3`,
        [unitId, today, limit],
      )
    ).rows;
  },
};
