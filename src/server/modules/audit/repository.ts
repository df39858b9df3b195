import type { Queryable } from '../../db/index.js';

export interface AuditRow {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  unit_id: number | null;
  outcome: string;
  detail: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** One row as it is stored, before the database gives it an id. */
export interface NewAuditRow {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  unitId: number | null;
  outcome: 'success' | 'failure';
  /** Canonical JSON text (keys sorted), or null for none: stored as jsonb. */
  detail: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export const auditRepo = {
  async page(q: Queryable, page: number, pageSize: number, action?: string): Promise<{ rows: AuditRow[]; total: number }> {
    const r = await q.query<AuditRow & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM audit_log WHERE ($3::text IS NULL OR action LIKE $3 || '%')
        ORDER BY id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize, action ?? null],
    );
    return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
  },
  async all(q: Queryable, afterId: number, limit: number): Promise<AuditRow[]> {
    return (await q.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit])).rows;
  },
  /**
   * The hash of the last row, locked (FOR UPDATE) so concurrent writers append
   * one after another; every transaction takes this lock last, so it cannot
   * deadlock with row locks.
   */
  async lockHead(q: Queryable): Promise<string> {
    return (await q.query<{ last_hash: string }>('SELECT last_hash FROM audit_head FOR UPDATE')).rows[0].last_hash;
  },
  /** Appends a row and moves the head to it (inside the caller's transaction, after `lockHead`). */
  async append(q: Queryable, r: NewAuditRow): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, unit_id, outcome, detail, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
      [r.at, r.actorId, r.actorName, r.action, r.objectType, r.objectId, r.unitId, r.outcome, r.detail, r.ip, r.prevHash, r.hash],
    );
    await q.query('UPDATE audit_head SET last_hash = $1', [r.hash]);
  },
};
