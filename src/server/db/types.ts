/**
 * The one database interface the app speaks. Two engines implement it: PGlite
 * (embedded, in a worker thread) and a PostgreSQL server through a `pg` pool.
 * Repositories receive a `Queryable`; use cases open transactions with `db.tx`.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Run as a named statement, parsed and planned once per connection (PGlite: per worker); from its sixth run
   * the engine may keep a generic plan, made without the parameters' values. For the hot reads whose best plan
   * does not depend on the values (a page of the ledger, the problem page, the dashboard). Never for a search:
   * a generic plan cannot know how common a word is, and the ledger's search fell from 20 ms to 5 s with one.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  /**
   * The same object for a Db and every queryable its transactions hand out:
   * per-database registries (the audit key bound to a database) key on it.
   */
  readonly owner?: object;
}

export type Engine = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly engine: Engine;
  /** PostgreSQL: the connection string (backups hand it to pg_dump). */
  readonly url?: string;
  /** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * PGlite only: a consistent copy of the whole data directory (a gzipped tar,
   * PGlite's dumpDataDir) and the rows of `sql` run at the same instant — no
   * transaction can land between the two (backups, modules/audit/backup.ts).
   */
  dump?(sql: string): Promise<{ rows: Record<string, unknown>[]; bytes: Uint8Array }>;
  close(): Promise<void>;
}
