/**
 * Backup → restore on a fresh directory (or database) → verify (issue 13
 * point 6), through the API and the command line: the restored system
 * verifies (chain, checkpoints, seals, evidence) and its row counts equal the
 * source's; a corrupted, cut or foreign file is refused with a clear message
 * and nothing is written; a restore never goes into a directory in use. Also
 * clean storage (point 7): temporary upload files go at start, unreferenced
 * files after a day.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startTestApp, expectOk, engine, type TestApp } from '../helpers/app.js';
import { backupResultSchema } from '../../src/domain/schemas/index.js';
import { defaultConfig, type Config } from '../../src/server/config.js';
import { migrate, openDb, type Db } from '../../src/server/db/index.js';
import { keyDirOf } from '../../src/server/lib/crypto.js';
import { sm3 } from '../../src/server/lib/sm3.js';
import { openTrust } from '../../src/server/modules/audit/trust.js';
import { verifyAll } from '../../src/server/modules/audit/verify.js';
import { cleanStorage } from '../../src/server/modules/audit/integrity.js';
import { bindAuditKeysIfPresent } from '../../src/server/modules/audit/keys.js';
import {
  countDifferences,
  createBackup,
  readBackup,
  recordRestore,
  restoreBackup,
  BackupError,
} from '../../src/server/modules/security/backup.js';

let t: TestApp;
const dirs: string[] = [];
const dbs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};

/** A new empty database on the test PostgreSQL server (postgres runs only). */
async function emptyDatabase(): Promise<string> {
  const admin = process.env.ZG_TEST_PG_URL!;
  const name = `zg_restore_${process.pid}_${dbs.length}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await c.end();
  dbs.push(name);
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/** A configuration for a restore target: a fresh data directory (and database), the source's keys. */
async function target(): Promise<Config> {
  return defaultConfig({
    dataDir: tmp('zg-restore-'),
    KEY_DIR: keyDirOf(t.config),
    LOG_LEVEL: 'silent',
    DATABASE_URL: engine === 'postgres' ? await emptyDatabase() : undefined,
  });
}

before(async () => {
  t = await startTestApp({}, { demo: true });
});
after(async () => {
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (dbs.length) {
    const c = new pg.Client({ connectionString: process.env.ZG_TEST_PG_URL });
    await c.connect();
    for (const d of dbs) await c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await c.end();
  }
});

async function restoreAndVerify(file: string, config: Config) {
  const restored = await restoreBackup({
    file,
    config,
    openTarget: () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }),
  });
  const db: Db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    await migrate(db);
    await openTrust(db, config, t.clock);
    const counts = await recordRestore(db, config, t.clock, { ...restored, file, by: 'test' });
    const report = await verifyAll(db, config);
    return { restored, counts, report };
  } finally {
    await db.close();
  }
}

describe(`backup → restore → verify on ${engine}`, () => {
  let file = '';
  let source: Record<string, number> = {};

  test('the system administrator backs up the running system; the file is SM4-sealed and its SM3 is in the chain', async () => {
    const sys = await t.login('sysadmin');
    const r = expectOk(await sys.post('/api/v1/admin/backup'), backupResultSchema);
    file = r.file;
    source = r.counts;
    assert.ok(existsSync(file));
    const bytes = readFileSync(file);
    assert.equal(sm3(bytes), r.sm3);
    assert.ok(!bytes.includes(Buffer.from('整改')), 'no plain text of the data in the file');
    assert.ok(source.problems > 0 && source.evidence > 0 && source.audit_log > 0 && source.users > 0);
    const row = (
      await t.db.query<{ actor_name: string; detail: { sm3: string } }>(
        `SELECT actor_name, detail FROM audit_log WHERE action = 'backup.create'`,
      )
    ).rows;
    assert.deepEqual(
      row.map((x) => [x.actor_name, x.detail.sm3]),
      [['sysadmin', r.sm3]],
    );
  });

  test('restored into a fresh directory: verify passes and every table counts what the source counted', async () => {
    const { restored, counts, report } = await restoreAndVerify(file, await target());
    assert.deepEqual(report.findings, []);
    assert.equal(report.ok, true);
    assert.deepEqual(countDifferences(restored.manifest.counts, counts), []);
    assert.deepEqual(restored.manifest.counts, source);
    assert.ok(report.evidence.checked === source.evidence);
    assert.ok(report.checkpoints.checked >= 1, 'the checkpoints came along');
  });

  test('a corrupted, cut or foreign backup is refused with a clear message, before anything is written', async () => {
    const bytes = readFileSync(file);
    const bad = join(tmp('zg-bad-'), 'b.zgbak');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x01;
    for (const [name, content, message] of [
      ['one bit flipped', flipped, /已损坏或被改动/],
      ['cut short', bytes.subarray(0, bytes.length - 100), /已损坏或被改动/],
      ['not a backup', Buffer.from('hello'), /不是本系统的备份文件/],
    ] as const) {
      writeFileSync(bad, content);
      const config = await target();
      await assert.rejects(
        restoreBackup({ file: bad, config, openTarget: () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }) }),
        (e: unknown) => {
          assert.ok(e instanceof BackupError, name);
          assert.match(e.userMessage, message, name);
          return true;
        },
      );
      assert.equal(existsSync(join(config.dataDir, 'pg')), false, `${name}: nothing written`);
    }
    // another system's backup key
    const other = { ...(await target()), KEY_DIR: tmp('zg-otherkeys-') };
    writeFileSync(join(other.KEY_DIR!, 'backup.key'), `${'ab'.repeat(32)}\n`);
    assert.throws(
      () => readBackup(file, other),
      (e: unknown) => e instanceof BackupError && /密钥/.test(e.userMessage),
    );
  });

  test('a restore refuses a directory that already holds a database', async () => {
    const config = await target();
    await restoreAndVerify(file, config);
    await assert.rejects(
      restoreBackup({ file, config, openTarget: () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }) }),
      (e: unknown) => e instanceof BackupError && /空的/.test(e.userMessage),
    );
  });
});

describe('the command line: restore, verify, and what verify says of a tampered copy', { skip: engine !== 'pglite' }, () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
      timeout: 180_000,
    });

  test('`zhenggai restore` then `zhenggai verify` pass; after a progress text is edited, verify exits 1 naming the row', async () => {
    const out = join(tmp('zg-clibackup-'), 'x.zgbak');
    await createBackup({ db: t.db, config: t.config, clock: t.clock, out, by: { id: null, name: 'test' } });
    const env = { DATA_DIR: tmp('zg-cli-'), KEY_DIR: keyDirOf(t.config) };
    const restored = cli(['restore', out], env);
    assert.equal(restored.status, 0, restored.stdout + restored.stderr);
    assert.match(restored.stdout, /row counts equal the source's/);
    assert.match(restored.stdout, /校验通过/);
    const ok = cli(['verify'], env);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);

    const db = await openDb({ dataDir: env.DATA_DIR });
    let id: number;
    try {
      bindAuditKeysIfPresent(db, { dataDir: env.DATA_DIR, KEY_DIR: env.KEY_DIR });
      id = (await db.query<{ id: number }>('SELECT id FROM progress_entries ORDER BY id LIMIT 1')).rows[0].id;
      await db.tx(async (q) => {
        await q.query('ALTER TABLE progress_entries DISABLE TRIGGER progress_append_only');
        await q.query(`UPDATE progress_entries SET text = '已全部整改到位' WHERE id = $1`, [id]);
        await q.query('ALTER TABLE progress_entries ENABLE TRIGGER progress_append_only');
      });
    } finally {
      await db.close();
    }
    const bad = cli(['verify'], env);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, new RegExp(`\\[progress\\] progress_entries #${id}: .*摘要不符`));
    const json = cli(['verify', '--json'], env);
    const report = JSON.parse(json.stdout) as { ok: boolean; findings: { check: string; id: number }[] };
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.findings.map((x) => [x.check, x.id]),
      [['progress', id]],
    );
  });
});

describe('clean storage', () => {
  test('temporary upload files go at once; files no row refers to go after a day; referenced files stay', async () => {
    const dir = join(t.config.dataDir, 'evidence', 'ff');
    mkdirSync(dir, { recursive: true });
    const tmpFile = join(dir, `${'f'.repeat(64)}.abc123.tmp`);
    const orphanOld = join(dir, 'f'.repeat(63) + '0');
    const orphanNew = join(dir, 'f'.repeat(63) + '1');
    for (const p of [tmpFile, orphanOld, orphanNew]) writeFileSync(p, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(orphanOld, twoDaysAgo, twoDaysAgo);
    const referenced = (await t.db.query<{ digest: string }>('SELECT digest FROM evidence LIMIT 1')).rows[0].digest;
    const refPath = join(t.config.dataDir, 'evidence', referenced.slice(0, 2), referenced);
    utimesSync(refPath, twoDaysAgo, twoDaysAgo);
    const r = await cleanStorage(t.db, t.config.dataDir);
    assert.deepEqual(r, { temp: 1, unreferenced: 1 });
    assert.equal(existsSync(tmpFile), false);
    assert.equal(existsSync(orphanOld), false);
    assert.equal(existsSync(orphanNew), true, 'younger than a day: its row may be about to commit');
    assert.equal(existsSync(refPath), true);
  });
});
