import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate } from '../../src/server/db/index.js';
import { openTestDb, engine } from '../helpers/app.js';

// Two servers starting at once on an empty database (docs/SCALING.md): one applies, the other waits and skips.
test(`two migrations racing on one empty database both succeed and apply each file once (${engine})`, async () => {
  const { db, drop, second } = await openTestDb();
  const other = await second();
  try {
    const [a, b] = await Promise.all([migrate(db), migrate(other)]);
    // which server applies which file is up to the race; together they apply each file once
    assert.ok(a.applied.length + b.applied.length > 10);
    assert.deepEqual([...a.applied, ...b.applied].sort(), [...new Set([...a.applied, ...b.applied])].sort(), 'no file applied twice');
    const files = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n;
    assert.equal(a.applied.length + b.applied.length, files);
    const again = await migrate(other);
    assert.deepEqual(again.applied, []);
  } finally {
    if (other !== db) await other.close();
    await db.close();
    await drop();
  }
});
