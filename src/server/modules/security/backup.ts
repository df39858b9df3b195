/**
 * Backup and restore that prove themselves.
 *
 * A backup is one file: a plain first line naming the format, then an SM4
 * envelope (SM4-CBC + HMAC-SM3, lib/crypto.ts) under the backup key
 * (<KEY_DIR>/backup.key) holding: a consistent snapshot of the database —
 * PGlite's data directory copied between two transactions (Db.dump), or
 * `pg_dump` inside a REPEATABLE READ transaction whose snapshot it shares —
 * with the row count of every table taken at the same instant; the evidence
 * files (from the configured store, local or object storage); the audit
 * checkpoints and archives; a manifest listing each part with its SM3. The
 * SM3 of the whole file is written into the audit chain.
 *
 * A restore goes into an empty data directory or database only. It opens the
 * envelope (any changed, cut or foreign byte fails the MAC: refused, nothing
 * written), checks every part's SM3, loads the database, writes the files,
 * then runs the same verification as `zhenggai verify` and compares the
 * counts with the manifest's. The keys are not in the backup: the audit key
 * and the backup key travel separately (copy KEY_DIR), or a stolen backup
 * would carry what forges the chain.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { archiveDirOf, checkpointFileOf, envelopeKeys, IntegrityError, keyDirOf, open, readKeyFile, seal } from '../../lib/crypto.js';
import { sm3 } from '../../lib/sm3.js';
import { writeAudit } from '../audit/service.js';
import { DIGEST, storageOf, type StorageConfig } from '../../storage/index.js';
import { auditKeysOf } from '../audit/keys.js';
import { writeCheckpoint } from '../audit/checkpoints.js';
import { checkArchives } from '../audit/archive.js';

const MAGIC = 'ZHENGGAI-BACKUP 1\n';

/** A backup that cannot be made or restored, with a message for people. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly userMessage: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

type BackupConfig = Pick<Config, 'dataDir' | 'KEY_DIR' | 'AUDIT_CHECKPOINT_FILE' | 'DATABASE_URL' | 'SYSLOG_URL'> & StorageConfig;

export interface Manifest {
  version: 1;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  /** Rows per table at the snapshot. */
  counts: Record<string, number>;
  /** Every part: its name in the backup, size and SM3. */
  parts: { name: string; size: number; sm3: string }[];
}

function backupKeys(c: BackupConfig) {
  return envelopeKeys(
    readKeyFile(join(keyDirOf({ ...c, AUDIT_CHECKPOINT_FILE: undefined }), 'backup.key'), { create: true }).key,
    'backup',
  );
}

function backupKeysForRestore(c: BackupConfig) {
  const path = join(keyDirOf({ ...c, AUDIT_CHECKPOINT_FILE: undefined }), 'backup.key');
  if (!existsSync(path))
    throw new BackupError(`backup key ${path} missing`, `缺少备份密钥文件 ${path}：请将原系统的密钥目录（KEY_DIR）复制到本机后再恢复`);
  return envelopeKeys(readKeyFile(path, { create: false }).key, 'backup');
}

/** Parts as one buffer: a 4-byte length, the JSON index, then each part's bytes in order. */
function pack(manifest: Manifest, parts: Buffer[]): Buffer {
  const index = Buffer.from(JSON.stringify(manifest), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(index.length);
  return Buffer.concat([len, index, ...parts]);
}

function unpack(buf: Buffer): { manifest: Manifest; parts: Map<string, Buffer> } {
  const len = buf.readUInt32BE(0);
  const manifest = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as Manifest;
  const parts = new Map<string, Buffer>();
  let at = 4 + len;
  for (const p of manifest.parts) {
    const bytes = buf.subarray(at, at + p.size);
    if (bytes.length !== p.size || sm3(bytes) !== p.sm3) {
      throw new BackupError(`part ${p.name} does not match its SM3`, `备份中的“${p.name}”与其 SM3 摘要不符，拒绝恢复`);
    }
    parts.set(p.name, bytes);
    at += p.size;
  }
  return { manifest, parts };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.endsWith('.tmp')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

async function tables(db: Db): Promise<string[]> {
  return (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows.map((r) => r.table_name);
}

function countSql(names: string[]): string {
  // names from the catalogue, quoted
  return `SELECT ${names.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(', ')}`;
}

function run(cmd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) =>
      reject(new BackupError(`${cmd}: ${e.message}`, `无法运行 ${cmd}（PostgreSQL 客户端工具），请确认已安装并在 PATH 中`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new BackupError(
            `${cmd} exited ${code}: ${Buffer.concat(err).toString().slice(0, 2000)}`,
            `${cmd} 执行失败：${Buffer.concat(err).toString().slice(0, 300)}`,
          ),
        );
    });
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/** The database snapshot and its counts, taken at one instant. */
async function snapshot(db: Db, c: BackupConfig): Promise<{ name: string; bytes: Buffer; counts: Record<string, number> }> {
  const names = await tables(db);
  if (db.engine === 'pglite') {
    if (!db.dump) throw new BackupError('this database cannot be dumped', '该数据库无法导出');
    const r = await db.dump(countSql(names));
    return { name: 'db/pglite.tar.gz', bytes: Buffer.from(r.bytes), counts: r.rows[0] as Record<string, number> };
  }
  const url = db.url ?? c.DATABASE_URL;
  if (!url) throw new BackupError('no DATABASE_URL', '未配置 DATABASE_URL');
  return db.tx(async (q) => {
    // pg_dump reads the very snapshot the counts are taken in
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const snap = (await q.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0].s;
    const counts = (await q.query<Record<string, number>>(countSql(names))).rows[0];
    const bytes = await run('pg_dump', ['--no-owner', '--no-privileges', '--format=plain', `--snapshot=${snap}`, `--dbname=${url}`]);
    return { name: 'db/postgres.sql', bytes, counts };
  });
}

/**
 * Makes a backup file (`zhenggai backup --out`, POST /admin/backup). The
 * checkpoints are read before the snapshot, so none names a row the snapshot
 * lacks. The file's SM3 goes into the audit chain; a checkpoint follows.
 */
export async function createBackup(o: {
  db: Db;
  config: BackupConfig;
  clock: Clock;
  out: string;
  by: { id: number | null; name: string; ip?: string | null };
}): Promise<{ file: string; sm3: string; size: number; counts: Record<string, number> }> {
  const { db, config } = o;
  const keys = backupKeys(config);
  const parts: { name: string; bytes: Buffer }[] = [];
  const cpFile = checkpointFileOf(config);
  if (existsSync(cpFile)) parts.push({ name: 'audit/checkpoints.jsonl', bytes: readFileSync(cpFile) });
  const archiveDir = archiveDirOf(config);
  for (const f of filesUnder(archiveDir)) parts.push({ name: `audit/archive/${relative(archiveDir, f)}`, bytes: readFileSync(f) });
  const snap = await snapshot(db, config);
  parts.push({ name: snap.name, bytes: snap.bytes });
  // the stored files, from whichever store is configured, under the names of the local layout (a backup restores into either)
  const store = storageOf(config);
  for await (const f of store.list()) {
    if (!f.digest) continue;
    const got = await store.get(f.digest);
    if (!got) continue; // removed by the sweep since the listing: no row refers to it
    parts.push({ name: `evidence/${f.digest.slice(0, 2)}/${f.digest}`, bytes: await bytesOf(got.stream) });
  }
  const now = o.clock.now();
  const manifest: Manifest = {
    version: 1,
    createdAt: now.toISOString(),
    engine: db.engine,
    counts: snap.counts,
    parts: parts.map((p) => ({ name: p.name, size: p.bytes.length, sm3: sm3(p.bytes) })),
  };
  const file = Buffer.concat([
    Buffer.from(MAGIC),
    seal(
      keys,
      pack(
        manifest,
        parts.map((p) => p.bytes),
      ),
    ),
  ]);
  const digest = sm3(file);
  mkdirSync(dirname(o.out), { recursive: true });
  const tmp = `${o.out}.tmp`;
  writeFileSync(tmp, file, { mode: 0o600 });
  renameSync(tmp, o.out);
  await db.tx((q) =>
    writeAudit(q, {
      at: now,
      actorId: o.by.id,
      actorName: o.by.name,
      action: 'backup.create',
      objectType: 'backup',
      objectId: digest,
      detail: { file: o.out, sm3: digest, size: file.length, engine: db.engine, counts: snap.counts, parts: parts.length },
      ip: o.by.ip ?? null,
    }),
  );
  await checkpointAfter(db, config, now, 'backup');
  return { file: o.out, sm3: digest, size: file.length, counts: snap.counts };
}

async function checkpointAfter(db: Db, config: BackupConfig, now: Date, reason: string): Promise<void> {
  const keys = auditKeysOf(db);
  if (!keys) return;
  const archivedRows = checkArchives(archiveDirOf(config), keys).rows;
  await writeCheckpoint(db, { file: checkpointFileOf(config), keys, now, reason, archivedRows, syslogUrl: config.SYSLOG_URL });
}

/** Opens and checks a backup file without writing anything: the manifest and the parts, or a BackupError. */
export function readBackup(file: string, config: BackupConfig): { manifest: Manifest; parts: Map<string, Buffer>; sm3: string } {
  if (!existsSync(file)) throw new BackupError(`${file} not found`, `备份文件 ${file} 不存在`);
  const buf = readFileSync(file);
  if (!buf.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) {
    throw new BackupError('not a backup file', '这不是本系统的备份文件（文件头不符）');
  }
  let plain: Buffer;
  try {
    plain = open(backupKeysForRestore(config), buf.subarray(MAGIC.length));
  } catch (e) {
    if (e instanceof IntegrityError) {
      throw new BackupError(e.message, '备份文件已损坏或被改动，或不是用本系统的备份密钥加密的（SM4/HMAC-SM3 完整性校验失败），拒绝恢复');
    }
    throw e;
  }
  return { ...unpack(plain), sm3: sm3(buf) };
}

/** Whether a restore target is empty: a PGlite data directory without a database, or a PostgreSQL database without tables. */
async function assertEmptyTarget(config: BackupConfig, openTarget: () => Promise<Db>): Promise<void> {
  if (!config.DATABASE_URL) {
    const pg = join(config.dataDir, 'pg');
    if (existsSync(pg) && readdirSync(pg).length > 0) {
      throw new BackupError(`${pg} is not empty`, `数据目录 ${config.dataDir} 已有数据库，恢复只能写入空的数据目录`);
    }
  } else {
    const db = await openTarget();
    try {
      if ((await tables(db)).length > 0) throw new BackupError('database not empty', '目标数据库不是空库，恢复只能写入空的数据库');
    } finally {
      await db.close();
    }
  }
  const store = storageOf(config);
  for await (const f of store.list()) {
    if (!f.digest) continue;
    throw new BackupError(
      `file store ${store.location} not empty`,
      store.kind === 'local'
        ? `数据目录 ${config.dataDir} 中已有佐证材料文件，恢复只能写入空的数据目录`
        : `对象存储 ${store.location} 中已有文件，恢复只能写入空的存储桶（或另设 S3_PREFIX）`,
    );
  }
}

/**
 * Restores a backup into an empty data directory or database, then writes
 * the restore into the audit chain. Returns the manifest's counts and the
 * restored ones; the caller runs the verification (`verifyAll`).
 */
export async function restoreBackup(o: {
  file: string;
  config: BackupConfig;
  openTarget: () => Promise<Db>;
}): Promise<{ manifest: Manifest; sm3: string }> {
  const { manifest, parts, sm3: digest } = readBackup(o.file, o.config);
  const engine = o.config.DATABASE_URL ? 'postgres' : 'pglite';
  if (manifest.engine !== engine) {
    throw new BackupError(`backup of ${manifest.engine}, target ${engine}`, `该备份来自 ${manifest.engine} 数据库，不能恢复到 ${engine}`);
  }
  await assertEmptyTarget(o.config, o.openTarget);
  if (engine === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = join(o.config.dataDir, 'pg');
    mkdirSync(dir, { recursive: true });
    const pg = await PGlite.create(dir, { loadDataDir: new Blob([new Uint8Array(parts.get('db/pglite.tar.gz')!)]) });
    await pg.close();
  } else {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${o.config.DATABASE_URL}`], parts.get('db/postgres.sql'));
  }
  const write = (path: string, bytes: Buffer) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes, { mode: 0o600 });
  };
  const store = storageOf(o.config);
  for (const [name, bytes] of parts) {
    // stored by the digest its name carries: the store refuses bytes that do not have it
    if (name.startsWith('evidence/')) {
      const named = name.slice(name.lastIndexOf('/') + 1);
      await store.put(bytes, DIGEST.test(named) ? named : undefined);
    } else if (name === 'audit/checkpoints.jsonl') write(checkpointFileOf(o.config), bytes);
    else if (name.startsWith('audit/archive/')) write(join(archiveDirOf(o.config), name.slice('audit/archive/'.length)), bytes);
  }
  return { manifest, sm3: digest };
}

/** After a restore: the restore in the audit chain and a checkpoint (the caller opened the database with its key bound). */
export async function recordRestore(
  db: Db,
  config: BackupConfig,
  clock: Clock,
  o: { manifest: Manifest; sm3: string; file: string; by: string },
): Promise<Record<string, number>> {
  const names = await tables(db);
  const counts = (await db.query<Record<string, number>>(countSql(names))).rows[0];
  const now = clock.now();
  await db.tx((q) =>
    writeAudit(q, {
      at: now,
      actorId: null,
      actorName: o.by,
      action: 'backup.restore',
      objectType: 'backup',
      objectId: o.sm3,
      detail: { file: o.file, sm3: o.sm3, createdAt: o.manifest.createdAt, counts: o.manifest.counts },
    }),
  );
  await checkpointAfter(db, config, now, 'restore');
  return counts;
}

/** The tables whose counts differ between the manifest and the restored database (the restore's own rows aside). */
export function countDifferences(manifest: Record<string, number>, restored: Record<string, number>): string[] {
  return Object.keys({ ...manifest, ...restored }).filter((t) => (manifest[t] ?? 0) !== (restored[t] ?? 0));
}
