/**
 * Audit retention: rows stay in the table for AUDIT_RETENTION_DAYS (≥ 180);
 * older ones may be moved to archive files, which keep them for as long as the
 * files are kept. A file holds a run of consecutive rows exactly as stored (one
 * JSON line each) and a signed trailer: first and last id, the hash the first
 * links to and the last one's hash, the row count and the SM3 of the row lines,
 * with an HMAC-SM3 under the archive key. `verify` checks each file, walks its
 * rows with the chain function, and links the table's first row to the last
 * archived one, so an archive is as hard to forge as the table.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/index.js';
import { hmacSm3, sameHex } from '../../lib/crypto.js';
import { sm3 } from '../../lib/sm3.js';
import { auditRepo, type AuditRow } from './repository.js';
import { canonicalJson, chainedFieldsOf, chainHash, GENESIS, writeAudit } from './service.js';
import type { AuditKeys } from './keys.js';

interface Trailer {
  v: 1;
  kind: 'archive';
  firstId: number;
  lastId: number;
  rows: number;
  /** The hash the first row links to. */
  prevHash: string;
  /** The last row's hash. */
  head: string;
  /** SM3 of the row lines as written (each line plus its newline). */
  digest: string;
  createdAt: string;
}

const PREFIX = 'audit-';

function fileName(firstId: number, lastId: number): string {
  return `${PREFIX}${String(firstId).padStart(12, '0')}-${String(lastId).padStart(12, '0')}.jsonl`;
}

/** A row as it is kept in an archive: every column, the instant as ISO text. */
function rowLine(r: AuditRow): string {
  return JSON.stringify({ ...r, at: new Date(r.at).toISOString(), id: Number(r.id) });
}

function trailerMac(keys: AuditKeys, t: Trailer): string {
  return hmacSm3(keys.archive, canonicalJson(t));
}

/** One archive file, read and checked. */
export interface ArchiveFile {
  file: string;
  trailer: Trailer | null;
  rows: AuditRow[];
  problem: string | null;
}

function readArchive(dir: string, name: string, keys: AuditKeys): ArchiveFile {
  const file = join(dir, name);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const last = lines.pop();
  const fail = (problem: string): ArchiveFile => ({ file, trailer: null, rows: [], problem });
  if (!last) return fail(`归档文件 ${name} 为空`);
  let t: Trailer & { mac?: string };
  try {
    t = JSON.parse(last) as Trailer & { mac?: string };
  } catch {
    return fail(`归档文件 ${name} 的签名行无法读取`);
  }
  const { mac, ...trailer } = t;
  if (trailer.kind !== 'archive' || typeof mac !== 'string' || !sameHex(mac, trailerMac(keys, trailer))) {
    return fail(`归档文件 ${name} 的签名不符（被改动或非本系统写入）`);
  }
  const body = lines.map((l) => `${l}\n`).join('');
  if (sm3(body) !== trailer.digest || lines.length !== trailer.rows) return fail(`归档文件 ${name} 的内容与签名记录的摘要不符（被改动）`);
  const rows = lines.map((l) => {
    const r = JSON.parse(l) as AuditRow;
    return { ...r, at: new Date(r.at) };
  });
  return { file, trailer, rows, problem: null };
}

/** Every archive file of the directory, in chain order. */
export function readArchives(dir: string, keys: AuditKeys): ArchiveFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(PREFIX) && n.endsWith('.jsonl'))
    .sort()
    .map((n) => readArchive(dir, n, keys));
}

/** A finding about the archives. */
export interface ArchiveFinding {
  file: string;
  id: number | null;
  message: string;
}

/**
 * Checks the archives in order: signatures, digests, each row's chain hash,
 * the links between files. Returns where the table's chain must continue from
 * (the last archived hash), the archived rows' hashes by id, and the findings.
 */
export function checkArchives(
  dir: string,
  keys: AuditKeys,
): { files: number; rows: number; head: string; hashes: Map<number, string>; findings: ArchiveFinding[] } {
  const findings: ArchiveFinding[] = [];
  const hashes = new Map<number, string>();
  let prev = GENESIS;
  let rows = 0;
  const archives = readArchives(dir, keys);
  for (const a of archives) {
    if (a.problem || !a.trailer) {
      findings.push({ file: a.file, id: null, message: a.problem ?? '归档文件无法读取' });
      continue;
    }
    if (a.trailer.prevHash !== prev)
      findings.push({
        file: a.file,
        id: a.trailer.firstId,
        message: `归档文件与前一归档文件不衔接（缺少第 ${a.trailer.firstId} 行之前的归档）`,
      });
    for (const r of a.rows) {
      const key = r.alg === 'hmac-sm3' ? keys.chain : null;
      if (r.prev_hash !== prev || chainHash(r.prev_hash, chainedFieldsOf(r), key) !== r.hash) {
        findings.push({ file: a.file, id: r.id, message: `归档的第 ${r.id} 行哈希链断裂` });
      }
      hashes.set(Number(r.id), r.hash);
      prev = r.hash;
      rows++;
    }
  }
  return { files: archives.length, rows, head: prev, hashes, findings };
}

/**
 * Moves rows older than the retention (and older than `before`, when given) to
 * a new archive file, then deletes them from the table, in that order: the file
 * is complete on disk before a row leaves the database. Audited.
 */
export async function archiveAudit(
  db: Db,
  o: { dir: string; keys: AuditKeys; now: Date; retentionDays: number; before?: Date; actorName: string },
): Promise<{ file: string | null; rows: number; firstId: number | null; lastId: number | null }> {
  const limit = new Date(o.now.getTime() - o.retentionDays * 86_400_000);
  const cutoff = o.before && o.before < limit ? o.before : limit;
  const first = await auditRepo.first(db);
  const old = await auditRepo.olderThan(db, cutoff, 1_000_000);
  // only a run from the table's first row: a gap would leave a row the archive cannot link
  const run: AuditRow[] = [];
  for (const r of old) {
    if (run.length === 0 ? r.id !== first?.id : r.prev_hash !== run[run.length - 1].hash) break;
    run.push(r);
  }
  if (!run.length) return { file: null, rows: 0, firstId: null, lastId: null };
  const body = run.map((r) => `${rowLine(r)}\n`).join('');
  const trailer: Trailer = {
    v: 1,
    kind: 'archive',
    firstId: Number(run[0].id),
    lastId: Number(run[run.length - 1].id),
    rows: run.length,
    prevHash: run[0].prev_hash,
    head: run[run.length - 1].hash,
    digest: sm3(body),
    createdAt: o.now.toISOString(),
  };
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const name = fileName(trailer.firstId, trailer.lastId);
  const path = join(o.dir, name);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${body}${JSON.stringify({ ...trailer, mac: trailerMac(o.keys, trailer) })}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  await db.tx(async (q) => {
    await auditRepo.deleteArchived(q, trailer.lastId);
    await writeAudit(q, {
      at: o.now,
      actorId: null,
      actorName: o.actorName,
      action: 'audit.archive',
      objectType: 'audit_archive',
      objectId: name,
      detail: {
        firstId: trailer.firstId,
        lastId: trailer.lastId,
        rows: trailer.rows,
        digest: trailer.digest,
        cutoff: cutoff.toISOString(),
      },
    });
  });
  return { file: path, rows: run.length, firstId: trailer.firstId, lastId: trailer.lastId };
}
