import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { sm3 } from '../../lib/sm3.js';
import { auditRepo, type AuditRow } from './repository.js';
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
  action: string;
  objectType: string | null;
  objectId: string | null;
  unitId: number | null;
  outcome: string;
  /** Canonical JSON (`canonicalJson`), or null for none. */
  detail: string | null;
  ip: string | null;
}

/**
 * The one hash of a row, used both to write the chain and to verify it: SM3 over
 * the previous row's hash and the row's fields joined by U+001F (a separator no
 * field carries), an absent field as the empty string. Rows written since the
 * first migration hash this way; changing it would break every existing chain.
 */
export function chainHash(prevHash: string, f: ChainedFields): string {
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
 * one. A null detail is stored as SQL NULL (not a jsonb null), so the verifier
 * reads it back the same.
 */
export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const fields: ChainedFields = {
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId == null ? null : String(e.objectId),
    unitId: e.unitId ?? null,
    outcome: e.outcome ?? 'success',
    detail: e.detail == null ? null : canonicalJson(e.detail),
    ip: e.ip ?? null,
  };
  const prevHash = await auditRepo.lockHead(q);
  await auditRepo.append(q, {
    ...fields,
    outcome: e.outcome ?? 'success',
    actorName: e.actorName,
    prevHash,
    hash: chainHash(prevHash, fields),
  });
}

/** GET /audit — a page of the trail, newest first (审计管理员). */
export async function auditPage(ctx: AppContext, o: { actor: Actor; page: number; pageSize: number; action?: string }) {
  enforce('viewAudit', policy.viewAudit(o.actor));
  const { rows, total } = await auditRepo.page(ctx.db, o.page, o.pageSize, o.action);
  return {
    total,
    page: o.page,
    pageSize: o.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name },
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

/** GET /audit/verify — the chain check, for the audit administrator. */
export async function verifyAuditChain(ctx: AppContext, o: { actor: Actor }) {
  enforce('verifyAudit', policy.verifyAudit(o.actor));
  return verifyChain(ctx.db);
}

/** Walks the chain: each row must link to its predecessor and hash to itself. */
export async function verifyChain(q: Queryable): Promise<{ ok: boolean; rows: number; brokenAt: number | null }> {
  let prev = '0'.repeat(64);
  let after = 0;
  let n = 0;
  for (;;) {
    const batch = await auditRepo.all(q, after, 1000);
    if (!batch.length) return { ok: true, rows: n, brokenAt: null };
    for (const r of batch) {
      if (r.prev_hash !== prev || chainHash(r.prev_hash, chainedFieldsOf(r)) !== r.hash) return { ok: false, rows: n, brokenAt: r.id };
      prev = r.hash;
      after = r.id;
      n++;
    }
  }
}
