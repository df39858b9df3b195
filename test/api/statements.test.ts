/**
 * Reads that ask (`{ prepare: true }`) run as named statements on both engines (db/postgres.ts, db/pglite-prepared.ts):
 * planned once per connection or worker, with a generic plan from the sixth run. What must hold whatever
 * the engine keeps: the same answers as a fresh statement, an error that leaves the connection usable, a
 * table changed under a kept statement (another server's migration) answered with its new shape, and
 * writes never kept.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../helpers/app.js';
import type { Db } from '../../src/server/db/index.js';

/** What the hot reads of the app pass. */
const P = { prepare: true } as const;

let db: Db;
let drop: () => Promise<void>;
let second: () => Promise<Db>;

before(async () => {
  ({ db, drop, second } = await openTestDb());
  await db.query('CREATE TABLE kept (id int PRIMARY KEY, label text NOT NULL, at timestamptz NOT NULL, day date)');
  await db.query(
    `INSERT INTO kept SELECT g, '第' || g || '项', TIMESTAMPTZ '2026-11-21 10:00:00+08' + g * INTERVAL '1 hour', DATE '2026-11-21' + g
       FROM generate_series(1, 200) g`,
  );
});
after(async () => {
  await db.close();
  await drop();
});

const kept = async (q: Db) =>
  (
    await q.query<{ name: string; statement: string; generic_plans: number }>(
      `SELECT name, statement, generic_plans FROM pg_prepared_statements WHERE name LIKE 'zg%'`,
    )
  ).rows;

describe('named statements', () => {
  test('a read asked many times answers as a fresh one does, in the same types, and is kept; one not asked is not', async () => {
    for (let i = 1; i <= 12; i++) {
      const r = await db.query<{ id: number; label: string; at: Date; day: string }>('SELECT * FROM kept WHERE id = $1', [i], P);
      assert.equal(r.rows.length, 1);
      assert.equal(r.rows[0].label, `第${i}项`);
      assert.ok(r.rows[0].at instanceof Date, 'an instant is a Date');
      assert.equal(r.rows[0].at.toISOString(), new Date(Date.UTC(2026, 10, 21, 2 + i)).toISOString());
      assert.match(r.rows[0].day, /^2026-1[12]-\d\d$/, 'a date stays a Beijing date string');
    }
    // arrays, nulls and several parameters
    const many = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM kept WHERE id = ANY($1::int[]) AND ($2::text IS NULL OR label = $2)',
      [[1, 2, 3, 999], null],
      P,
    );
    assert.equal(many.rows[0].n, 3);
    await db.query('SELECT label FROM kept WHERE id > $1 LIMIT 1', [100]);
    // the server's own list of prepared statements shows ours (on PostgreSQL: on the connection that ran them)
    if (db.engine === 'pglite') {
      const mine = await kept(db);
      assert.ok(!mine.some((s) => s.statement.includes('id > $1')), 'a statement that did not ask is not kept');
      assert.ok(mine.length >= 2, JSON.stringify(mine));
      assert.ok(
        mine.some((s) => s.generic_plans > 0),
        'after five runs the engine keeps a generic plan',
      );
    }
  });

  test('an error leaves the connection usable, and a bad statement is not kept', async () => {
    await assert.rejects(db.query('SELECT * FROM kept WHERE id = $1 AND nope', [1], P), /nope/);
    await assert.rejects(db.query('SELECT * FROM kept WHERE id = $1', ['not a number'], P), /integer/);
    assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM kept WHERE id < $1', [11], P)).rows[0].n, 10);
    if (db.engine === 'pglite') assert.ok((await kept(db)).every((s) => !s.statement.includes('nope')));
    // inside a transaction: the failed read aborts it as any error does, and the rollback recovers
    await assert.rejects(
      db.tx(async (q) => {
        await q.query('SELECT * FROM kept WHERE id = $1', [1], P);
        await q.query('SELECT * FROM kept WHERE id = $1 AND nope', [1], P);
      }),
      /nope/,
    );
    assert.equal((await db.query<{ label: string }>('SELECT label FROM kept WHERE id = $1', [5], P)).rows[0].label, '第5项');
  });

  test('a table changed under a kept statement (a migration by another server) answers in its new shape', async () => {
    for (let i = 0; i < 7; i++) await db.query('SELECT * FROM kept WHERE id = $1', [1], P);
    // another server's connection changes the table (on PGlite, the one worker)
    const other = await second();
    await other.query(`ALTER TABLE kept ADD COLUMN note text NOT NULL DEFAULT '补充'`);
    if (other !== db) await other.close();
    for (let i = 0; i < 12; i++) {
      // every pooled connection that kept the old shape meets the change once
      const r = await db.query<{ id: number; note: string }>('SELECT * FROM kept WHERE id = $1', [2], P);
      assert.equal(r.rows[0].note, '补充');
    }
  });

  test('a write asked to be prepared runs as it always did, also when it starts with WITH', async () => {
    const r = await db.query<{ id: number }>(
      `WITH moved AS (UPDATE kept SET label = label || '（改）' WHERE id = $1 RETURNING id) SELECT id FROM moved`,
      [3],
      P,
    );
    assert.deepEqual(r.rows, [{ id: 3 }]);
    assert.equal((await db.query<{ label: string }>('SELECT label FROM kept WHERE id = $1', [3])).rows[0].label, '第3项（改）');
    // (PGlite keeps reads only: a write's plan is not worth a slot; pg names a write too, which PostgreSQL handles alike)
    if (db.engine === 'pglite') assert.ok((await kept(db)).every((s) => !/\bUPDATE\b/i.test(s.statement)));
  });
});
