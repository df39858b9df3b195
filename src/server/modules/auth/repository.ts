import type { Queryable } from '../../db/index.js';
import type { RoleGrant } from './actor.js';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  is_active: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

export interface SessionRow {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
}

export const authRepo = {
  async userByName(q: Queryable, username: string): Promise<UserRow | null> {
    const r = await q.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return r.rows[0] ?? null;
  },
  async userById(q: Queryable, id: number): Promise<UserRow | null> {
    const r = await q.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return r.rows[0] ?? null;
  },
  async recordFailure(q: Queryable, id: number, lockUntil: Date | null): Promise<void> {
    await q.query('UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) WHERE id = $1', [id, lockUntil]);
  },
  async resetFailures(q: Queryable, id: number): Promise<void> {
    await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  },
  async insertSession(q: Queryable, s: { idHash: string; userId: number; csrf: string; now: Date; expires: Date; ip: string | null; ua: string | null }): Promise<void> {
    await q.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
      [s.idHash, s.userId, s.csrf, s.now, s.expires, s.ip, s.ua],
    );
  },
  async session(q: Queryable, idHash: string): Promise<SessionRow | null> {
    const r = await q.query<SessionRow>('SELECT id_hash, user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE id_hash = $1', [idHash]);
    return r.rows[0] ?? null;
  },
  async touchSession(q: Queryable, idHash: string, now: Date): Promise<void> {
    await q.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
  },
  async deleteSession(q: Queryable, idHash: string): Promise<void> {
    await q.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  },
  async deleteExpiredSessions(q: Queryable, now: Date): Promise<number> {
    return (await q.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount;
  },
  /** The units a person works in or reads: whole units read, and the units of the departments handled. */
  async units(q: Queryable, unitIds: number[], deptIds: number[]): Promise<{ id: number; name: string }[]> {
    return (await q.query<{ id: number; name: string }>(
      `SELECT id, name FROM organizations
        WHERE kind = 'unit' AND (id = ANY($1::int[]) OR id IN (SELECT unit_id FROM organizations WHERE id = ANY($2::int[])))
        ORDER BY id`, [unitIds, deptIds])).rows;
  },
  /** Grants with the organisation each is held in; office grants cover the office's units. */
  async grants(q: Queryable, userId: number): Promise<(RoleGrant & { coveredUnitIds: number[] })[]> {
    const r = await q.query<{ role: RoleGrant['role']; org_id: number; org_name: string; org_kind: RoleGrant['orgKind']; unit_id: number | null; covered: number[] | null }>(
      `SELECT m.role, o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.unit_id,
              CASE WHEN o.kind = 'office'
                   THEN (SELECT array_agg(u.id) FROM organizations u WHERE u.parent_id = o.id AND u.kind = 'unit') END AS covered
         FROM memberships m JOIN organizations o ON o.id = m.org_id
        WHERE m.user_id = $1
        ORDER BY o.id, m.role`,
      [userId],
    );
    return r.rows.map((g) => ({ role: g.role, orgId: g.org_id, orgName: g.org_name, orgKind: g.org_kind, unitId: g.unit_id, coveredUnitIds: g.covered ?? [] }));
  },
};
