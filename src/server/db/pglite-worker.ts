/**
 * Owns the PGlite instance on its own thread. PGlite runs Postgres compiled to
 * WASM on the thread that calls it, so a slow query in the server's thread would
 * freeze every other request (measured: 31k → 4 req/s during one 2 s query).
 * Messages are executed strictly in order; the client side serialises
 * transactions, so this loop needs no locking of its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { isPreparedRead, preparedReads } from './pglite-prepared.js';

interface Request {
  id: number;
  op: 'query' | 'exec' | 'close' | 'dump';
  sql?: string;
  params?: unknown[];
  /** Run as a named statement (db/types.ts QueryOptions). */
  prepare?: boolean;
}

const { dataDir, sharedBuffers } = workerData as { dataDir: string | null; sharedBuffers: string | null };
// Dates stay 'YYYY-MM-DD' strings: a JS Date would shift Beijing dates by the host zone.
const parsers = { 1082: (v: string) => v, 20: (v: string) => Number(v) };
let db = await PGlite.create(dataDir ?? undefined, { parsers });
// shared_buffers live in the WASM heap, which never shrinks: PGlite's default 128 MB is most of the server's memory
// (a city-scale data dir measured 295 MB of RSS on open with 128 MB, 185 MB with 32 MB). The setting takes effect at
// start, so a data dir that holds another value is set once and reopened; the data files stay in the OS's cache.
if (dataDir && sharedBuffers) {
  const now = (await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0].shared_buffers;
  if (now.toLowerCase() !== sharedBuffers.toLowerCase()) {
    await db.query(`ALTER SYSTEM SET shared_buffers = '${sharedBuffers.replace(/[^0-9a-zA-Z]/g, '')}'`);
    await db.close();
    db = await PGlite.create(dataDir, { parsers });
  }
}

// the reads that ask for it run as named statements, planned once (pglite-prepared.ts)
const prepared = preparedReads(db);

const port = parentPort!;
let chain = Promise.resolve();
port.on('message', (req: Request) => {
  chain = chain.then(async () => {
    try {
      if (req.op === 'query') {
        const r =
          req.prepare && isPreparedRead(req.sql!, req.params)
            ? await prepared(req.sql!, req.params!)
            : await db.query(req.sql!, req.params ?? []);
        // pg's rowCount: rows returned by a SELECT (or RETURNING), rows changed otherwise.
        // PGlite's affectedRows is 0 for a SELECT, which made `rowCount > 0` checks always false.
        const rowCount = r.fields.length > 0 ? r.rows.length : (r.affectedRows ?? 0);
        port.postMessage({ id: req.id, rows: r.rows, rowCount });
      } else if (req.op === 'dump') {
        // the rows of the counting query and the copy in one turn of this loop: nothing runs between them
        const rows = req.sql ? (await db.query(req.sql)).rows : [];
        const bytes = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
        port.postMessage({ id: req.id, rows, rowCount: rows.length, bytes }, [bytes.buffer]);
      } else if (req.op === 'exec') {
        await db.exec(req.sql!);
        port.postMessage({ id: req.id, rows: [], rowCount: 0 });
      } else {
        await db.close();
        port.postMessage({ id: req.id, rows: [], rowCount: 0 });
      }
    } catch (e) {
      const err = e as { message?: string; code?: string; detail?: string; constraint?: string };
      port.postMessage({
        id: req.id,
        error: { message: err.message ?? String(e), code: err.code, detail: err.detail, constraint: err.constraint },
      });
    }
  });
});
port.postMessage({ ready: true });
