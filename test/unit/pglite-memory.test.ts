import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/server/db/index.js';

// PGlite's shared_buffers are allocated in its WASM heap: the setting is the lever on the server's memory.
test('a PGlite data dir runs with the configured shared_buffers, set once and kept across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zg-mem-'));
  try {
    const show = async (sharedBuffers?: string) => {
      const db = await openDb({ dataDir: dir, sharedBuffers });
      try {
        return (await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0].shared_buffers;
      } finally {
        await db.close();
      }
    };
    assert.equal(await show(), '128MB', "PGlite's own default");
    assert.equal(await show('16MB'), '16MB');
    assert.equal(await show(), '16MB', 'kept in the data dir');
    assert.equal(await show('64MB'), '64MB');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
