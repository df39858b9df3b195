/**
 * Signed checkpoints of the audit chain, written outside the database: one
 * JSON line per checkpoint with the head (the newest row's id and hash), the
 * number of rows the chain holds up to it (archived rows included) and the
 * time, signed with HMAC-SM3 under a key derived from the audit key.
 *
 * The keyed chain alone stops anyone without the key from editing, dropping or
 * re-linking rows; it cannot see rows cut off its end, or the table emptied.
 * A checkpoint can: the row it names must still be there with the same hash,
 * and as many rows as it counted. Rows written after the last checkpoint can
 * still be cut unseen, so checkpoints are written often (AUDIT_CHECKPOINT_MINUTES,
 * at start and stop, after archiving, backups and restores).
 *
 * With SYSLOG_URL set, each line is also sent to that syslog server (syslog.ts).
 *
 * A `reset` line (signed too) starts a new epoch: `zhenggai demo` empties the
 * trail on purpose and says so; checkpoints before the last reset no longer bind.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Queryable } from '../../db/index.js';
import { hmacSm3, sameHex } from '../../lib/crypto.js';
import { auditRepo } from './repository.js';
import { canonicalJson } from './service.js';
import type { AuditKeys } from './keys.js';
import { formatSyslog, sendSyslog } from './syslog.js';

export interface Checkpoint {
  v: 1;
  kind: 'checkpoint';
  at: string;
  /** The newest row's id (0: the chain was empty). */
  lastId: number;
  /** The newest row's hash (null: empty). */
  head: string | null;
  /** Rows in the chain up to lastId, archived ones included. */
  rows: number;
  /** Why it was written: start, interval, stop, archive, backup, restore, verify… */
  reason: string;
}

export interface Reset {
  v: 1;
  kind: 'reset';
  at: string;
  reason: string;
}

type Line = (Checkpoint | Reset) & { mac: string };

function macOf(keys: AuditKeys, body: Checkpoint | Reset): string {
  return hmacSm3(keys.checkpoint, canonicalJson(body));
}

/** Appends the signed line to the file and, when a syslog server is configured, sends the same line there. */
async function append(file: string, keys: AuditKeys, body: Checkpoint | Reset, syslogUrl: string | undefined): Promise<void> {
  const mac = macOf(keys, body);
  const line = JSON.stringify({ ...body, mac });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${line}\n`, { mode: 0o600 });
  if (!syslogUrl) return;
  const { v: _v, kind, at, ...rest } = body;
  void _v;
  await sendSyslog(syslogUrl, formatSyslog({ kind, at, fields: { ...rest, mac }, line }));
}

/** How many rows the archive files hold (counted into a checkpoint's total). */
export type ArchivedCount = () => number;

/** Writes a checkpoint of the chain as it stands; returns it. */
export async function writeCheckpoint(
  q: Queryable,
  o: { file: string; keys: AuditKeys; now: Date; reason: string; archivedRows: number; syslogUrl?: string },
): Promise<Checkpoint> {
  const tip = await auditRepo.tip(q);
  const cp: Checkpoint = {
    v: 1,
    kind: 'checkpoint',
    at: o.now.toISOString(),
    lastId: tip.lastId,
    head: tip.head,
    rows: tip.rows + o.archivedRows,
    reason: o.reason,
  };
  await append(o.file, o.keys, cp, o.syslogUrl);
  return cp;
}

/** Starts a new epoch: the trail was emptied on purpose (a demo reset). */
export async function writeReset(o: { file: string; keys: AuditKeys; now: Date; reason: string; syslogUrl?: string }): Promise<void> {
  await append(o.file, o.keys, { v: 1, kind: 'reset', at: o.now.toISOString(), reason: o.reason }, o.syslogUrl);
}

/** The newest valid checkpoint of the current epoch, or null. */
export function lastCheckpoint(file: string, keys: AuditKeys): Checkpoint | null {
  const { checkpoints } = readCheckpoints(file, keys);
  return checkpoints.at(-1) ?? null;
}

/** A finding of the checkpoint check, with the line (1-based) it is about. */
export interface CheckpointFinding {
  line: number;
  message: string;
}

/** The lines of the file: the checkpoints of the current epoch, and every line that is not validly signed. */
export function readCheckpoints(
  file: string,
  keys: AuditKeys,
): { checkpoints: (Checkpoint & { line: number })[]; bad: CheckpointFinding[]; lines: number } {
  if (!existsSync(file)) return { checkpoints: [], bad: [], lines: 0 };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let checkpoints: (Checkpoint & { line: number })[] = [];
  const bad: CheckpointFinding[] = [];
  lines.forEach((l, i) => {
    let parsed: Line;
    try {
      parsed = JSON.parse(l) as Line;
    } catch {
      bad.push({ line: i + 1, message: `检查点文件第 ${i + 1} 行不是有效的 JSON` });
      return;
    }
    const { mac, ...body } = parsed;
    if (typeof mac !== 'string' || !sameHex(mac, macOf(keys, body as Checkpoint | Reset))) {
      bad.push({ line: i + 1, message: `检查点文件第 ${i + 1} 行签名不符（被改动或非本系统写入）` });
      return;
    }
    if (body.kind === 'reset') checkpoints = [];
    else checkpoints.push({ ...(body as Checkpoint), line: i + 1 });
  });
  return { checkpoints, bad, lines: lines.length };
}

/**
 * Checks the chain against every checkpoint of the current epoch: the row each
 * names must exist with the hash it recorded (`hashOf`: from the table or an
 * archive file), and the chain must count as many rows up to it.
 */
export async function checkCheckpoints(
  file: string,
  keys: AuditKeys,
  chain: { hashOf: (id: number) => Promise<string | null>; rowsUpTo: (id: number) => Promise<number>; lastId: number },
): Promise<{ checked: number; latest: Checkpoint | null; findings: CheckpointFinding[] }> {
  const { checkpoints, bad } = readCheckpoints(file, keys);
  const findings = [...bad];
  for (const cp of checkpoints) {
    if (cp.lastId === 0) continue;
    if (cp.lastId > chain.lastId) {
      findings.push({
        line: cp.line,
        message: `检查点（${cp.at}）记录审计日志已有 ${cp.rows} 行、最新为第 ${cp.lastId} 行，现仅到第 ${chain.lastId} 行：日志末尾被截断`,
      });
      continue;
    }
    const hash = await chain.hashOf(cp.lastId);
    if (hash == null) {
      findings.push({ line: cp.line, message: `检查点（${cp.at}）记录的第 ${cp.lastId} 行已不存在：日志被删除或重建` });
      continue;
    }
    if (hash !== cp.head) {
      findings.push({ line: cp.line, message: `检查点（${cp.at}）记录的第 ${cp.lastId} 行哈希与现存不符：日志自该点之前被重建` });
      continue;
    }
    const n = await chain.rowsUpTo(cp.lastId);
    if (n !== cp.rows) {
      findings.push({ line: cp.line, message: `检查点（${cp.at}）记录至第 ${cp.lastId} 行共 ${cp.rows} 行，现为 ${n} 行：有行被删除` });
    }
  }
  return { checked: checkpoints.length, latest: checkpoints.at(-1) ?? null, findings };
}
