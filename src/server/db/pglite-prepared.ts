/**
 * Reads with parameters as named prepared statements on PGlite (issue 12), for the queries that ask
 * (db/types.ts QueryOptions). `PGlite.query` parses, plans and
 * describes every statement afresh: the ledger's page statement planned in 9–16 ms and ran in 2–5 on the city's
 * data, and the one worker serves every request, so planning was most of what the others waited for. A named
 * statement is parsed and described once; from its sixth run the engine keeps a generic plan when it costs no
 * more than planning anew (PostgreSQL's own rule), as `pg` does with named statements on the server engine.
 *
 * The protocol is PGlite's public one (`execProtocol` with the serializer and result parser it exports); the
 * steps are those of `PGlite.query` with a name: Parse and Describe once, then Bind, Describe, Execute, Sync.
 */
import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;
/** Statements kept per worker; the least recently used is closed beyond this. */
const MAX_STATEMENTS = 256;
/** PostgreSQL's answer when a table under a kept statement changed shape: prepare it again. */
const CHANGED = /cached plan must not change result type/;

interface Statement {
  name: string;
  types: number[];
}

/** Whether `sql` asked to be prepared can be: a read with parameters (writes and DDL keep `query`). */
export function isPreparedRead(sql: string, params: unknown[] | undefined): boolean {
  return !!params?.length && /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql);
}

export function preparedReads(db: PGlite): (sql: string, params: unknown[]) => Promise<Results> {
  const kept = new Map<string, Statement>(); // in order of last use
  let seq = 0;

  /** One protocol message; the messages it answered. `throwOnError` leaves the Sync to the caller's finally. */
  const send = async (message: Uint8Array) => (await db.execProtocol(message, { syncToFs: false, throwOnError: true })).messages;

  async function prepare(sql: string): Promise<Statement> {
    const name = `zg_${++seq}`;
    try {
      await send(serialize.parse({ name, text: sql, types: [] }));
      const types = parse.parseDescribeStatementResults(await send(serialize.describe({ type: 'S', name })));
      return { name, types };
    } finally {
      await send(serialize.sync());
    }
  }

  async function close(st: Statement): Promise<void> {
    try {
      await send(serialize.close({ type: 'S', name: st.name }));
    } finally {
      await send(serialize.sync());
    }
  }

  async function run(st: Statement, params: unknown[]): Promise<Results> {
    const values = params.map((v, i) => {
      if (v == null) return null;
      const write = db.serializers[st.types[i]];
      return write ? write(v) : String(v);
    });
    const messages = [];
    try {
      messages.push(...(await send(serialize.bind({ statement: st.name, values }))));
      messages.push(...(await send(serialize.describe({ type: 'P' }))));
      messages.push(...(await send(serialize.execute({}))));
    } finally {
      messages.push(...(await send(serialize.sync())));
    }
    return parse.parseResults(messages, db.parsers)[0];
  }

  return async (sql, params) => {
    let st = kept.get(sql);
    if (st) kept.delete(sql);
    else st = await prepare(sql);
    kept.set(sql, st);
    if (kept.size > MAX_STATEMENTS) {
      const [oldest, old] = kept.entries().next().value as [string, Statement];
      kept.delete(oldest);
      await close(old);
    }
    try {
      return await run(st, params);
    } catch (e) {
      if (!CHANGED.test(String((e as Error).message))) throw e;
      // a migration changed a table under it: once more, freshly prepared
      kept.delete(sql);
      await close(st);
      const again = await prepare(sql);
      kept.set(sql, again);
      return await run(again, params);
    }
  };
}
