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
  password_changed_at: Date;
  must_change_password: boolean;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

export interface SessionRow {
  id_hash: string;
  id: number;
  user_id: number;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  mfa_passed: boolean;
}

export interface SessionListRow {
  id: number;
  id_hash: string;
  user_id: number;
  username: string;
  display_name: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  mfa_passed: boolean;
}

/** A counter of failed sign-ins for a name that is no account, or for an address. */
export interface ThrottleRow {
  key: string;
  failures: number;
  first_at: Date;
  locked_until: Date | null;
}

const USER_COLUMNS = `id, username, display_name, password_hash, is_active, failed_logins, locked_until, password_changed_at,
  must_change_password, totp_secret, totp_pending, totp_enabled_at, totp_last_step`;

export const authRepo = {
  async userByName(q: Queryable, username: string): Promise<UserRow | null> {
    const r = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
    return r.rows[0] ?? null;
  },
  async userById(q: Queryable, id: number, forUpdate = false): Promise<UserRow | null> {
    const r = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return r.rows[0] ?? null;
  },
  async recordFailure(q: Queryable, id: number, lockUntil: Date | null): Promise<void> {
    await q.query('UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) WHERE id = $1', [
      id,
      lockUntil,
    ]);
  },
  async resetFailures(q: Queryable, id: number): Promise<void> {
    await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  },
  async insertSession(
    q: Queryable,
    s: { idHash: string; userId: number; csrf: string; now: Date; expires: Date; ip: string | null; ua: string | null; mfaPassed: boolean },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent, mfa_passed)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8) RETURNING id`,
        [s.idHash, s.userId, s.csrf, s.now, s.expires, s.ip, s.ua, s.mfaPassed],
      )
    ).rows[0].id;
  },
  async session(q: Queryable, idHash: string): Promise<SessionRow | null> {
    const r = await q.query<SessionRow>(
      'SELECT id_hash, id, user_id, csrf_token, created_at, last_seen_at, expires_at, mfa_passed FROM sessions WHERE id_hash = $1',
      [idHash],
    );
    return r.rows[0] ?? null;
  },
  async touchSession(q: Queryable, idHash: string, now: Date): Promise<void> {
    await q.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
  },
  async setMfaPassed(q: Queryable, idHash: string): Promise<void> {
    await q.query('UPDATE sessions SET mfa_passed = true WHERE id_hash = $1', [idHash]);
  },
  async deleteSession(q: Queryable, idHash: string): Promise<void> {
    await q.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  },
  /** Ends sessions by number; returns the hashes ended (to evict them from the cache). */
  async deleteSessionsById(q: Queryable, ids: number[]): Promise<string[]> {
    return (await q.query<{ id_hash: string }>('DELETE FROM sessions WHERE id = ANY($1::int[]) RETURNING id_hash', [ids])).rows.map(
      (r) => r.id_hash,
    );
  },
  /** Ends every session of a user but one (null: all); returns the hashes ended. */
  async deleteUserSessions(q: Queryable, userId: number, except: string | null): Promise<string[]> {
    return (
      await q.query<{ id_hash: string }>(
        'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2) RETURNING id_hash',
        [userId, except],
      )
    ).rows.map((r) => r.id_hash);
  },
  async deleteExpiredSessions(q: Queryable, now: Date): Promise<number> {
    return (await q.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount;
  },
  /** A user's sessions still in force, oldest first. */
  async liveSessionIds(q: Queryable, userId: number, now: Date, idleSince: Date): Promise<number[]> {
    return (
      await q.query<{ id: number }>(
        'SELECT id FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at, id',
        [userId, now, idleSince],
      )
    ).rows.map((r) => r.id);
  },
  /** Sessions in force, newest first: one user's, or everyone's (null). */
  async listSessions(q: Queryable, userId: number | null, now: Date, idleSince: Date): Promise<SessionListRow[]> {
    return (
      await q.query<SessionListRow>(
        `SELECT s.id, s.id_hash, s.user_id, u.username, u.display_name, s.created_at, s.last_seen_at, s.expires_at, s.ip,
                s.user_agent, s.mfa_passed
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE ($1::int IS NULL OR s.user_id = $1) AND s.expires_at > $2 AND s.last_seen_at > $3
          ORDER BY s.created_at DESC, s.id DESC LIMIT 1000`,
        [userId, now, idleSince],
      )
    ).rows;
  },
  async sessionById(q: Queryable, id: number): Promise<{ id: number; id_hash: string; user_id: number; username: string } | null> {
    return (
      (
        await q.query<{ id: number; id_hash: string; user_id: number; username: string }>(
          'SELECT s.id, s.id_hash, s.user_id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },
  // ---- throttling of names that are no account, and of addresses ----
  async throttle(q: Queryable, key: string): Promise<ThrottleRow | null> {
    return (
      (await q.query<ThrottleRow>('SELECT key, failures, first_at, locked_until FROM login_throttle WHERE key = $1', [key])).rows[0] ?? null
    );
  },
  async putThrottle(q: Queryable, t: ThrottleRow): Promise<void> {
    await q.query(
      `INSERT INTO login_throttle (key, failures, first_at, locked_until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET failures = EXCLUDED.failures, first_at = EXCLUDED.first_at, locked_until = EXCLUDED.locked_until`,
      [t.key, t.failures, t.first_at, t.locked_until],
    );
  },
  async clearThrottle(q: Queryable, key: string): Promise<void> {
    await q.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  },
  /** Counters whose window and lock are over (housekeeping). */
  async purgeThrottle(q: Queryable, before: Date): Promise<number> {
    return (await q.query('DELETE FROM login_throttle WHERE first_at < $1 AND (locked_until IS NULL OR locked_until < $1)', [before]))
      .rowCount;
  },
  // ---- passwords ----
  async setPassword(q: Queryable, userId: number, hash: string, at: Date, mustChange: boolean): Promise<void> {
    await q.query(
      `UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = $4, failed_logins = 0, locked_until = NULL
        WHERE id = $1`,
      [userId, hash, at, mustChange],
    );
  },
  async addHistory(q: Queryable, userId: number, hash: string, at: Date, keep: number): Promise<void> {
    await q.query('INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)', [userId, hash, at]);
    // only as many as the policy can ask for
    await q.query(
      `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
         (SELECT id FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
      [userId, Math.max(keep, 24)],
    );
  },
  async history(q: Queryable, userId: number, n: number): Promise<string[]> {
    if (n <= 0) return [];
    return (
      await q.query<{ password_hash: string }>(
        'SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
        [userId, n],
      )
    ).rows.map((r) => r.password_hash);
  },
  // ---- second factor ----
  async setTotpPending(q: Queryable, userId: number, secret: string | null): Promise<void> {
    await q.query('UPDATE users SET totp_pending = $2 WHERE id = $1', [userId, secret]);
  },
  async enableTotp(q: Queryable, userId: number, secret: string, at: Date, step: number): Promise<void> {
    await q.query('UPDATE users SET totp_secret = $2, totp_pending = NULL, totp_enabled_at = $3, totp_last_step = $4 WHERE id = $1', [
      userId,
      secret,
      at,
      step,
    ]);
  },
  async setTotpStep(q: Queryable, userId: number, step: number): Promise<void> {
    await q.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [userId, step]);
  },
  async disableTotp(q: Queryable, userId: number): Promise<void> {
    await q.query('UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [
      userId,
    ]);
    await q.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  },
  async replaceRecoveryCodes(q: Queryable, userId: number, hashes: string[], at: Date): Promise<void> {
    await q.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    for (const h of hashes)
      await q.query('INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)', [userId, h, at]);
  },
  /** Uses a recovery code once: true when it was there and unused. */
  async useRecoveryCode(q: Queryable, userId: number, hash: string, at: Date): Promise<boolean> {
    return (
      (
        await q.query('UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL', [
          userId,
          hash,
          at,
        ])
      ).rowCount > 0
    );
  },
  async recoveryCodesLeft(q: Queryable, userId: number): Promise<number> {
    return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]))
      .rows[0].n;
  },
  /** The units a person works in or reads: whole units read, and the units of the departments handled. */
  async units(q: Queryable, unitIds: number[], deptIds: number[]): Promise<{ id: number; name: string }[]> {
    return (
      await q.query<{ id: number; name: string }>(
        `SELECT id, name FROM organizations
        WHERE kind = 'unit' AND (id = ANY($1::int[]) OR id IN (SELECT unit_id FROM organizations WHERE id = ANY($2::int[])))
        ORDER BY id`,
        [unitIds, deptIds],
      )
    ).rows;
  },
  /** Grants with the organisation each is held in; office grants cover the office's units. */
  async grants(q: Queryable, userId: number): Promise<(RoleGrant & { coveredUnitIds: number[] })[]> {
    const r = await q.query<{
      role: RoleGrant['role'];
      org_id: number;
      org_name: string;
      org_kind: RoleGrant['orgKind'];
      unit_id: number | null;
      covered: number[] | null;
    }>(
      `SELECT m.role, o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.unit_id,
              CASE WHEN o.kind = 'office'
                   THEN (SELECT array_agg(u.id) FROM organizations u WHERE u.parent_id = o.id AND u.kind = 'unit') END AS covered
         FROM memberships m JOIN organizations o ON o.id = m.org_id
        WHERE m.user_id = $1
        ORDER BY o.id, m.role`,
      [userId],
    );
    return r.rows.map((g) => ({
      role: g.role,
      orgId: g.org_id,
      orgName: g.org_name,
      orgKind: g.org_kind,
      unitId: g.unit_id,
      coveredUnitIds: g.covered ?? [],
    }));
  },
};
