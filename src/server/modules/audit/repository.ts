import type { Queryable } from '../../db/index.js';

export interface AuditRow {
  id: number; at: Date; actor_id: number | null; actor_name: string | null; action: string; object_type: string | null;
  object_id: string | null; unit_id: number | null; outcome: string; detail: unknown; ip: string | null; prev_hash: string; hash: string;
}

export const auditRepo = {
  async page(q: Queryable, page: number, pageSize: number, action?: string): Promise<{ rows: AuditRow[]; total: number }> {
    const r = await q.query<AuditRow & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM audit_log WHERE ($3::text IS NULL OR action LIKE $3 || '%')
        ORDER BY id DESC LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize, action ?? null]);
    return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
  },
  async all(q: Queryable, afterId: number, limit: number): Promise<AuditRow[]> {
    return (await q.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit])).rows;
  },
};
