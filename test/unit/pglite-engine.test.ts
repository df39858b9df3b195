/**
 * The embedded engine's two promises: a slow query does not stall the HTTP
 * server (PGlite runs on a worker thread), and one process owns a data
 * directory (a second one is refused with a clear message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/server/db/pglite.js';
import { lockDataDir, DataDirLockedError } from '../../src/server/db/lock.js';
import { migrate } from '../../src/server/db/index.js';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig } from '../../src/server/config.js';
import { ManualClock } from '../../src/server/lib/clock.js';

test('a slow PGlite query does not block other HTTP requests', async () => {
  const db = await openPglite(null);
  await migrate(db);
  // a data dir of its own: the app writes its audit key and checkpoints there (never into the repository's ./data)
  const dataDir = mkdtempSync(join(tmpdir(), 'zg-engine-'));
  const app = await buildApp({
    db,
    clock: new ManualClock('2026-11-21T00:00:00Z'),
    config: defaultConfig({ LOG_LEVEL: 'silent', dataDir }),
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  try {
    // CPU-bound inside Postgres: it holds the worker thread for a few seconds here
    let slowDone = false;
    const t0 = performance.now();
    const slow = db.query('SELECT count(*) FROM generate_series(1, 6000000) g WHERE g % 7 = 3').then(() => {
      slowDone = true;
    });
    const latencies: number[] = [];
    while (!slowDone && latencies.length < 200) {
      const s = performance.now();
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      assert.equal(r.status, 200);
      await r.json();
      latencies.push(performance.now() - s);
    }
    await slow;
    const slowMs = performance.now() - t0;
    assert.ok(slowMs > 300, `the slow query should take a while (took ${slowMs.toFixed(0)} ms)`);
    // a blocked event loop would have answered at most once or twice, after the query
    assert.ok(latencies.length >= 5, `only ${latencies.length} health answers during a ${slowMs.toFixed(0)} ms query`);
    const worst = Math.max(...latencies);
    console.log(`slow query ${slowMs.toFixed(0)} ms; ${latencies.length} health answers meanwhile, worst ${worst.toFixed(1)} ms`);
    assert.ok(worst < slowMs / 2, `a health request waited ${worst.toFixed(0)} ms during a ${slowMs.toFixed(0)} ms query`);
  } finally {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a transaction that throws leaves nothing behind, and others cannot interleave', async () => {
  const db = await openPglite(null);
  try {
    await db.exec('CREATE TABLE t (x int)');
    await assert.rejects(
      db.tx(async (q) => {
        await q.query('INSERT INTO t VALUES (1)');
        throw new Error('boom');
      }),
      /boom/,
    );
    // a plain query issued while a transaction is open must not run inside it
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tx = db
      .tx(async (q) => {
        await q.query('INSERT INTO t VALUES (2)');
        await gate;
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const outside = db.query('INSERT INTO t VALUES (3)');
    release();
    await tx;
    await outside;
    const rows = (await db.query<{ x: number }>('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x);
    assert.deepEqual(rows, [3]);
  } finally {
    await db.close();
  }
});

test('one process owns a data directory; a second is refused, a stale lock is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zg-lock-'));
  try {
    const release = lockDataDir(dir);
    // another process (the CLI writing while the server runs) is refused with a clear message
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo'], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /in use by process \d+/);
    assert.match(r.stderr, /数据目录.*正由进程/);
    assert.throws(
      () => lockDataDir(join(dir, '..', dir.split('/').pop()!)),
      (e) => e instanceof DataDirLockedError || /in use/.test(String(e)),
    );
    release();
    assert.equal(existsSync(join(dir, 'zhenggai.lock')), false);
    // a lock file left by a process that no longer exists does not block
    writeFileSync(join(dir, 'zhenggai.lock'), '999999');
    const again = lockDataDir(dir);
    again();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
