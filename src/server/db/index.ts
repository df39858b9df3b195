import { join } from 'node:path';
import type { Db } from './types.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { lockDataDir } from './lock.js';

export type { Db, Queryable, QueryOptions, QueryResult, Engine } from './types.js';
export { DbError } from './pglite.js';
export { migrate } from './migrate.js';
export { DataDirLockedError } from './lock.js';

export interface OpenOptions {
  /** postgres://… selects a PostgreSQL server; otherwise PGlite under dataDir/pg. */
  databaseUrl?: string;
  dataDir: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  /** PGlite's shared_buffers (e.g. '64MB'): the WASM heap holds them, so they are most of the process's memory. */
  sharedBuffers?: string;
}

/** Opens the configured engine. With PGlite, the data directory is locked first. */
export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  if (opts.memory) return openPglite(null);
  const release = lockDataDir(opts.dataDir);
  try {
    const db = await openPglite(join(opts.dataDir, 'pg'), opts.sharedBuffers);
    const close = db.close;
    return {
      ...db,
      close: async () => {
        await close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
