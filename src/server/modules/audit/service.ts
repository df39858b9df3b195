import { loadExcel } from '../../lib/lazy.js';
import { XLSX_MIME } from '../../../domain/schemas/responses/common.js';
import type { AppContext } from '../../context.js';
import { beijingDate, beijingDateTime } from '../../lib/clock.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { hmacSm3 } from '../../lib/crypto.js';
import { sm3 } from '../../lib/sm3.js';
import { auditRepo, type AuditRow, type ChainAlg } from './repository.js';
import { auditKeysOf } from './keys.js';
import * as policy from './policy.js';

/** One event to record: who did what to which object, with what outcome. */
export interface AuditEntry {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  action: string;
  objectType?: string;
  objectId?: string | number;
  unitId?: number | null;
  outcome?: 'success' | 'failure';
  detail?: unknown;
  ip?: string | null;
}

/**
 * The detail as hashed: JSON with object keys sorted. The column is jsonb, which
 * keeps its own key order (shorter keys first), so hashing JSON.stringify of the
 * object as written could never be recomputed from the stored row.
 */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** The fields of a row the chain covers, in the form they are stored in. */
export interface ChainedFields {
  at: Date;
  actorId: number | null;
  /** The name recorded with the row (covered by the keyed chain only; the plain chain of old rows left it out). */
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  unitId: number | null;
  outcome: string;
  /** Canonical JSON (`canonicalJson`), or null for none. */
  detail: string | null;
  ip: string | null;
}

/** The genesis: what the first row of a chain links to. */
export const GENESIS = '0'.repeat(64);

/**
 * The one hash of a row, used both to write the chain and to verify it.
 *
 * With the audit key (`key`): HMAC-SM3 over the JSON array of the previous
 * hash and every column — the actor's name too — so nobody without the key
 * can rewrite a row, drop one and re-link the rest, or rebuild the chain.
 *
 * Without it (rows written before the key existed, `alg = 'sm3'`): SM3 over
 * the previous hash and the fields joined by U+001F, as rows have been written
 * since the first migration; changing that would break every existing chain.
 */
export function chainHash(prevHash: string, f: ChainedFields, key?: Uint8Array | null): string {
  if (key) {
    return hmacSm3(
      key,
      JSON.stringify([
        prevHash,
        f.at.toISOString(),
        f.actorId,
        f.actorName,
        f.action,
        f.objectType,
        f.objectId,
        f.unitId,
        f.outcome,
        f.detail,
        f.ip,
      ]),
    );
  }
  return sm3(
    [
      prevHash,
      f.at.toISOString(),
      f.actorId ?? '',
      f.action,
      f.objectType ?? '',
      f.objectId ?? '',
      f.unitId ?? '',
      f.outcome,
      f.detail ?? '',
      f.ip ?? '',
    ].join('\u001f'),
  );
}

/** A stored row's chained fields: the jsonb detail read back is made canonical again. */
export function chainedFieldsOf(r: AuditRow): ChainedFields {
  return {
    at: new Date(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    unitId: r.unit_id,
    outcome: r.outcome,
    detail: r.detail == null ? null : canonicalJson(r.detail),
    ip: r.ip,
  };
}

/**
 * Appends one audit row inside the caller's transaction, chained to the last
 * one: keyed (HMAC-SM3) when the database has its audit key bound, plain SM3
 * otherwise — but never a plain row after a keyed one, which would cut the
 * chain's protection: a writer without the key refuses instead.
 * A null detail is stored as SQL NULL (not a jsonb null), so the verifier
 * reads it back the same.
 */
export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const fields: ChainedFields = {
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId == null ? null : String(e.objectId),
    unitId: e.unitId ?? null,
    outcome: e.outcome ?? 'success',
    detail: e.detail == null ? null : canonicalJson(e.detail),
    ip: e.ip ?? null,
  };
  const keys = auditKeysOf(q);
  const prevHash = await auditRepo.lockHead(q);
  if (!keys && (await auditRepo.lastAlg(q)) === 'hmac-sm3') {
    throw new Error('the audit chain is keyed but no audit key is loaded: set KEY_DIR to the directory holding audit.key');
  }
  const alg: ChainAlg = keys ? 'hmac-sm3' : 'sm3';
  await auditRepo.append(q, {
    ...fields,
    outcome: e.outcome ?? 'success',
    prevHash,
    hash: chainHash(prevHash, fields, keys?.chain),
    alg,
  });
}

/** GET /audit — a page of the trail, newest first (审计管理员). */
export async function auditPage(
  ctx: AppContext,
  o: { actor: Actor; page: number; pageSize: number; action?: string; from?: string; to?: string },
) {
  enforce('viewAudit', policy.viewAudit(o.actor));
  const { rows, total, capped } = await auditRepo.page(ctx.db, o.page, o.pageSize, o.action, beijingRange(o));
  return {
    total,
    totalCapped: capped,
    page: o.page,
    pageSize: o.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name, displayName: r.actor_display_name },
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      unitId: r.unit_id,
      outcome: r.outcome,
      detail: r.detail,
      ip: r.ip,
      hash: r.hash,
    })),
    abilities: abilities({ verify: policy.verifyAudit(o.actor) }),
  };
}

/**
 * The instants a range of Beijing dates covers: from the start of `from` to the
 * start of the day after `to`, so a filter by date means the dates people see.
 */
function beijingRange(o: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const start = (d: string) => new Date(`${d}T00:00:00+08:00`);
  return {
    ...(o.from ? { from: start(o.from) } : {}),
    ...(o.to ? { to: new Date(start(o.to).getTime() + 86_400_000) } : {}),
  };
}

/** The most rows one export holds; a longer trail is exported by date range. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/**
 * GET /audit/export.xlsx — the rows the page's filters select, as a workbook
 * (审计管理员). The export is itself audited: who took which rows out, and when.
 */
export async function exportAudit(
  ctx: AppContext,
  o: { actor: Actor; action?: string; from?: string; to?: string },
): Promise<{ filename: string; mime: string; bytes: Uint8Array }> {
  enforce('viewAudit', policy.viewAudit(o.actor));
  const now = ctx.clock.now();
  // counted one past the limit, so the audit row can say the export was cut short
  const { rows, total } = await auditRepo.page(ctx.db, 1, AUDIT_EXPORT_LIMIT, o.action, beijingRange(o), AUDIT_EXPORT_LIMIT + 1);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhenggai';
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ['序号', '时间（北京时间）', '账号', '姓名', '操作', '对象类型', '对象', '结果', 'IP 地址', '详情', '哈希'];
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    ws.addRow([
      Number(r.id),
      beijingDateTime(r.at),
      r.actor_name ?? '',
      r.actor_display_name ?? '',
      r.action,
      r.object_type ?? '',
      r.object_id ?? '',
      r.outcome === 'success' ? '成功' : '失败',
      r.ip ?? '',
      r.detail == null ? '' : canonicalJson(r.detail),
      r.hash,
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = [8, 18, 14, 12, 28, 12, 10, 8, 16, 60, 20][i];
  });
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  await ctx.db.tx((q) =>
    writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'audit.export',
      ip: o.actor.ip,
      detail: { action: o.action ?? null, from: o.from ?? null, to: o.to ?? null, rows: rows.length, total },
    }),
  );
  const span = o.from || o.to ? `${o.from ?? ''}至${o.to ?? ''}` : beijingDate(now);
  return { filename: `审计日志${span}.xlsx`, mime: XLSX_MIME, bytes };
}

/** What the walk over the rows of the table found. */
export interface ChainWalk {
  ok: boolean;
  rows: number;
  brokenAt: number | null;
  /** Why the first broken row is broken (English, for the report). */
  why: string | null;
  /** Rows of the plain (pre-key) segment. */
  plainRows: number;
  /** The id of the first keyed row, or null. */
  keyedFrom: number | null;
  /** The last row's hash (null: empty table). */
  head: string | null;
}

/**
 * Walks the table's rows: each must link to its predecessor (the first to
 * `startHash`: the genesis, or the last archived row) and hash to itself;
 * plain rows may only come before the first keyed one, and a keyed row needs
 * the key to be checked at all.
 */
export async function walkChain(q: Queryable, startHash = GENESIS): Promise<ChainWalk> {
  const keys = auditKeysOf(q);
  let prev = startHash;
  let after = 0;
  let n = 0;
  let plain = 0;
  let keyedFrom: number | null = null;
  const broken = (id: number, why: string): ChainWalk => ({
    ok: false,
    rows: n,
    brokenAt: id,
    why,
    plainRows: plain,
    keyedFrom,
    head: prev,
  });
  for (;;) {
    const batch = await auditRepo.all(q, after, 1000);
    if (!batch.length) return { ok: true, rows: n, brokenAt: null, why: null, plainRows: plain, keyedFrom, head: n ? prev : null };
    for (const r of batch) {
      if (r.prev_hash !== prev) return broken(r.id, 'does not link to the row before it');
      if (r.alg === 'hmac-sm3') {
        keyedFrom ??= r.id;
        if (!keys) return broken(r.id, 'keyed row, but no audit key is loaded');
        if (chainHash(r.prev_hash, chainedFieldsOf(r), keys.chain) !== r.hash) return broken(r.id, 'keyed hash does not match its content');
      } else {
        if (keyedFrom != null) return broken(r.id, 'a plain row after the keyed segment began');
        if (chainHash(r.prev_hash, chainedFieldsOf(r)) !== r.hash) return broken(r.id, 'hash does not match its content');
        plain++;
      }
      prev = r.hash;
      after = r.id;
      n++;
    }
  }
}

/** Walks the chain: each row must link to its predecessor and hash to itself (the table alone; see verify.ts for the rest). */
export async function verifyChain(q: Queryable): Promise<{ ok: boolean; rows: number; brokenAt: number | null }> {
  const w = await walkChain(q);
  return { ok: w.ok, rows: w.rows, brokenAt: w.brokenAt };
}
