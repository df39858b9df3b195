import type { Db, Queryable, QueryResult } from './types.js';
import { Mutex } from '../lib/mutex.js';
import { startWorker } from '../lib/worker.js';

/** An error raised by the database, with the SQLSTATE code kept for mapping. */
export class DbError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

/**
 * PGlite on a worker thread. PGlite has one connection, so a transaction holds a
 * mutex from BEGIN to COMMIT and plain queries take the same mutex: nothing can
 * interleave into an open transaction.
 */
export async function openPglite(dataDir: string | null, sharedBuffers?: string): Promise<Db> {
  const worker = startWorker(new URL('./pglite-worker.js', import.meta.url), new URL('./pglite-worker.ts', import.meta.url), {
    dataDir,
    sharedBuffers: sharedBuffers ?? null,
  });
  worker.unref();
  const pending = new Map<number, { resolve: (r: QueryResult<never>) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let failed: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    worker.on(
      'message',
      (m: {
        id?: number;
        ready?: boolean;
        rows?: never[];
        rowCount?: number;
        bytes?: Uint8Array;
        error?: { message: string; code?: string; detail?: string; constraint?: string };
      }) => {
        if (m.ready) return resolve();
        const p = pending.get(m.id!);
        if (!p) return;
        pending.delete(m.id!);
        if (m.error) p.reject(new DbError(m.error.message, m.error.code, m.error.detail, m.error.constraint));
        else p.resolve({ rows: m.rows!, rowCount: m.rowCount!, ...(m.bytes ? { bytes: m.bytes } : {}) });
      },
    );
    worker.on('error', (e) => {
      failed = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      reject(e);
    });
  });

  function send<T>(
    op: 'query' | 'exec' | 'close' | 'dump',
    sql?: string,
    params?: unknown[],
    prepare?: boolean,
  ): Promise<QueryResult<T> & { bytes?: Uint8Array }> {
    if (failed) return Promise.reject(failed);
    const id = ++seq;
    worker.ref(); // keep the process alive while a query is in flight
    return new Promise<QueryResult<T>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: QueryResult<never>) => void, reject });
      worker.postMessage({ id, op, sql, params: params?.map(toParam), prepare });
    }).finally(() => {
      if (pending.size === 0) worker.unref();
    });
  }

  const mutex = new Mutex();
  const owner = {};
  const raw: Queryable = { owner, query: (sql, params, opts) => send('query', sql, params, opts?.prepare) };
  return {
    owner,
    engine: 'pglite',
    query: (sql, params, opts) => mutex.run(() => raw.query(sql, params, opts)),
    exec: (sql) =>
      mutex.run(async () => {
        await send('exec', sql);
      }),
    // under the mutex: no transaction is open while the data directory is copied
    dump: (sql) =>
      mutex.run(async () => {
        const r = await send<Record<string, unknown>>('dump', sql);
        return { rows: r.rows, bytes: r.bytes! };
      }),
    tx: (fn) =>
      mutex.run(async () => {
        await send('exec', 'BEGIN');
        try {
          const out = await fn(raw);
          await send('exec', 'COMMIT');
          return out;
        } catch (e) {
          await send('exec', 'ROLLBACK').catch(() => undefined);
          throw e;
        }
      }),
    close: async () => {
      await mutex.run(() => send('close'));
      await worker.terminate();
    },
  };
}

/** Structured-clone cannot carry every JS value the pg driver accepts; normalise. */
function toParam(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !Array.isArray(v)) return JSON.stringify(v);
  return v;
}
