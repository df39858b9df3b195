import type { Queryable } from '../../db/index.js';
import type { Role } from '../../../domain/schemas/index.js';

export const userRepo = {
  async insert(q: Queryable, v: { username: string; displayName: string; passwordHash: string; now: Date }): Promise<number> {
    return (await q.query<{ id: number }>(
      'INSERT INTO users (username, display_name, password_hash, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $4) RETURNING id',
      [v.username, v.displayName, v.passwordHash, v.now])).rows[0].id;
  },
  async grant(q: Queryable, userId: number, orgId: number, role: string): Promise<void> {
    await q.query('INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, orgId, role]);
  },
  /** Whether the name is taken in any case: names are unique regardless of case (migration 20261203000100). */
  async exists(q: Queryable, username: string): Promise<boolean> {
    return (await q.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username])).rowCount > 0;
  },
  async list(q: Queryable) {
    return (await q.query<{ id: number; username: string; display_name: string; is_active: boolean; locked_until: Date | null; roles: { role: Role; orgId: number; orgName: string }[] }>(
      `SELECT u.id, u.username, u.display_name, u.is_active, u.locked_until,
              COALESCE((SELECT json_agg(json_build_object('role', m.role, 'orgId', o.id, 'orgName', o.name) ORDER BY o.id)
                          FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = u.id), '[]'::json) AS roles
         FROM users u ORDER BY u.id`)).rows;
  },
};
