import type { Queryable } from '../db/index.js';
import { sm3 } from './sm3.js';

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
      : x);
}

/**
 * Appends one audit row inside the caller's transaction. The chain head is
 * locked (FOR UPDATE) so concurrent writers append one after another; every
 * transaction takes this lock last, so it cannot deadlock with row locks.
 */
export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const head = await q.query<{ last_hash: string }>('SELECT last_hash FROM audit_head FOR UPDATE');
  const prev = head.rows[0].last_hash;
  // null is stored as SQL NULL (not a jsonb null), so the verifier reads it back the same
  const detail = e.detail == null ? null : canonicalJson(e.detail);
  const body = [prev, e.at.toISOString(), e.actorId ?? '', e.action, e.objectType ?? '', e.objectId ?? '', e.unitId ?? '', e.outcome ?? 'success', detail ?? '', e.ip ?? ''].join('\u001f');
  const hash = sm3(body);
  await q.query(
    `INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, unit_id, outcome, detail, ip, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
    [e.at, e.actorId, e.actorName, e.action, e.objectType ?? null, e.objectId == null ? null : String(e.objectId), e.unitId ?? null, e.outcome ?? 'success', detail, e.ip ?? null, prev, hash],
  );
  await q.query('UPDATE audit_head SET last_hash = $1', [hash]);
}
