import type { Queryable } from '../../db/index.js';
import type { Role } from '../../../domain/schemas/index.js';

export interface UserListRow {
  id: number;
  username: string;
  display_name: string;
  is_active: boolean;
  locked_until: Date | null;
  must_change_password: boolean;
  mfa_enabled: boolean;
  password_changed_at: Date;
  roles: { role: Role; orgId: number; orgName: string }[];
}

export const userRepo = {
  async insert(
    q: Queryable,
    v: { username: string; displayName: string; passwordHash: string; now: Date; mustChange?: boolean },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO users (username, display_name, password_hash, password_changed_at, created_at, must_change_password)
         VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
        [v.username, v.displayName, v.passwordHash, v.now, v.mustChange ?? false],
      )
    ).rows[0].id;
  },
  async grant(q: Queryable, userId: number, orgId: number, role: string): Promise<void> {
    await q.query('INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, orgId, role]);
  },
  async revoke(q: Queryable, userId: number, orgId: number, role: string): Promise<boolean> {
    return (await q.query('DELETE FROM memberships WHERE user_id = $1 AND org_id = $2 AND role = $3', [userId, orgId, role])).rowCount > 0;
  },
  /** Whether the name is taken in any case: names are unique regardless of case (migration 20261203000100). */
  async exists(q: Queryable, username: string): Promise<boolean> {
    return (await q.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username])).rowCount > 0;
  },
  async list(q: Queryable, id?: number): Promise<UserListRow[]> {
    return (
      await q.query<UserListRow>(
        `SELECT u.id, u.username, u.display_name, u.is_active, u.locked_until, u.must_change_password,
                u.totp_enabled_at IS NOT NULL AS mfa_enabled, u.password_changed_at,
                COALESCE((SELECT json_agg(json_build_object('role', m.role, 'orgId', o.id, 'orgName', o.name) ORDER BY o.id, m.role)
                            FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = u.id), '[]'::json) AS roles
           FROM users u WHERE $1::int IS NULL OR u.id = $1 ORDER BY u.id`,
        [id ?? null],
      )
    ).rows;
  },
  /** A page of the accounts by id, optionally those whose account name or name contains `text`, with the count of all. */
  async page(q: Queryable, v: { text?: string; limit: number; offset: number }): Promise<{ rows: UserListRow[]; total: number }> {
    const where = `($1::text IS NULL OR strpos(lower(u.username), lower($1)) > 0 OR strpos(u.display_name, $1) > 0)`;
    const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u WHERE ${where}`, [v.text || null])).rows[0].n;
    const rows = (
      await q.query<UserListRow>(
        `SELECT u.id, u.username, u.display_name, u.is_active, u.locked_until, u.must_change_password,
                u.totp_enabled_at IS NOT NULL AS mfa_enabled, u.password_changed_at,
                COALESCE((SELECT json_agg(json_build_object('role', m.role, 'orgId', o.id, 'orgName', o.name) ORDER BY o.id, m.role)
                            FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = u.id), '[]'::json) AS roles
           FROM users u WHERE ${where} ORDER BY u.id LIMIT $2 OFFSET $3`,
        [v.text || null, v.limit, v.offset],
      )
    ).rows;
    return { rows, total };
  },
  /** One account, locked for the change (FOR UPDATE), with its roles. */
  async forUpdate(q: Queryable, id: number): Promise<(UserListRow & { password_hash: string }) | null> {
    const u = (await q.query<{ id: number }>('SELECT id FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!u) return null;
    const row = (await userRepo.list(q, id))[0];
    const hash = (await q.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id])).rows[0].password_hash;
    return { ...row, password_hash: hash };
  },
  async setActive(q: Queryable, id: number, active: boolean): Promise<void> {
    await q.query('UPDATE users SET is_active = $2 WHERE id = $1', [id, active]);
  },
  async setDisplayName(q: Queryable, id: number, name: string): Promise<void> {
    await q.query('UPDATE users SET display_name = $2 WHERE id = $1', [id, name]);
  },
  /** Active accounts holding a role anywhere. */
  async activeHolders(q: Queryable, role: Role): Promise<number> {
    return (
      await q.query<{ n: number }>(
        'SELECT count(DISTINCT u.id)::int AS n FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.role = $1 AND u.is_active',
        [role],
      )
    ).rows[0].n;
  },
  /** Every organisation, offices first (the administrators' pickers). */
  async allOrgs(q: Queryable): Promise<{ id: number; parent_id: number | null; kind: 'office' | 'unit' | 'department'; name: string }[]> {
    return (
      await q.query<{ id: number; parent_id: number | null; kind: 'office' | 'unit' | 'department'; name: string }>(
        `SELECT id, parent_id, kind, name FROM organizations ORDER BY CASE kind WHEN 'office' THEN 0 WHEN 'unit' THEN 1 ELSE 2 END, id`,
      )
    ).rows;
  },
  /** A page of the organisations of the given kinds (all: null), offices first, with their parent's name and the count of all. */
  async orgPage(q: Queryable, v: { text?: string; kinds: string[] | null; limit: number; offset: number }) {
    const where = `($1::text[] IS NULL OR o.kind = ANY($1::text[]))
        AND ($2::text IS NULL OR strpos(o.name, $2) > 0 OR strpos(COALESCE(p.name, ''), $2) > 0)`;
    const args = [v.kinds, v.text || null];
    const from = 'organizations o LEFT JOIN organizations p ON p.id = o.parent_id';
    const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, args)).rows[0].n;
    const rows = (
      await q.query<{
        id: number;
        parent_id: number | null;
        parent_name: string | null;
        kind: 'office' | 'unit' | 'department';
        name: string;
      }>(
        `SELECT o.id, o.parent_id, p.name AS parent_name, o.kind, o.name FROM ${from} WHERE ${where}
          ORDER BY CASE o.kind WHEN 'office' THEN 0 WHEN 'unit' THEN 1 ELSE 2 END, o.id LIMIT $3 OFFSET $4`,
        [...args, v.limit, v.offset],
      )
    ).rows;
    return { rows, total };
  },
  /** Accounts holding one of the roles (admin init refuses to make a second set). */
  async anyWithRoles(q: Queryable, roles: readonly Role[]): Promise<string[]> {
    return (
      await q.query<{ username: string }>(
        'SELECT DISTINCT u.username FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.role = ANY($1::text[]) ORDER BY u.username',
        [roles],
      )
    ).rows.map((r) => r.username);
  },
};
