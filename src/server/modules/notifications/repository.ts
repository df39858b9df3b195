import type { Queryable } from '../../db/index.js';
import type { ReminderKind } from '../../../domain/supervision/index.js';

/** A notification to insert: one person, one subject, one state. */
export interface NewNotification {
  userId: number;
  unitId: number | null;
  kind: ReminderKind;
  subjectType: 'problem' | 'order' | 'digest';
  subjectId: number;
  stateKey: string;
  title: string;
  body: string;
  link: string;
}

export interface NotificationRow {
  id: number;
  user_id: number;
  unit_id: number | null;
  kind: ReminderKind;
  title: string;
  body: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

export interface ChannelRow {
  id: number;
  unit_id: number;
  kind: 'dingtalk' | 'wecom' | 'email';
  name: string;
  url: string | null;
  secret: string | null;
  email_to: string[];
  enabled: boolean;
  failed: number;
  updated_at: Date;
}

export interface DeliveryRow {
  id: number;
  channel_id: number;
  channel_name: string;
  unit_id: number;
  dedupe_key: string;
  title: string;
  body: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** Who holds which role where: what the audiences of reminders resolve to. */
export interface Directory {
  /** dept_handler accounts by department. */
  handlers: Map<number, number[]>;
  /** unit_admin accounts by unit. */
  unitAdmins: Map<number, number[]>;
  /** office_admin accounts by office. */
  officeAdmins: Map<number, number[]>;
  /** leader accounts by unit. */
  leaders: Map<number, number[]>;
}

function push(m: Map<number, number[]>, k: number, v: number) {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export const notificationRepo = {
  /**
   * Inserts notifications; a person, subject, kind and state already told is
   * skipped (the unique key), so running the same evaluation twice tells nobody twice.
   * Returns the rows actually inserted.
   */
  async insertMany(
    q: Queryable,
    rows: NewNotification[],
    at: Date,
  ): Promise<{ id: number; user_id: number; unit_id: number | null; kind: ReminderKind }[]> {
    if (!rows.length) return [];
    return (
      await q.query<{ id: number; user_id: number; unit_id: number | null; kind: ReminderKind }>(
        `INSERT INTO notifications (user_id, unit_id, kind, subject_type, subject_id, state_key, title, body, link, created_at)
       SELECT u, un, k, st, si, sk, t, b, l, $10
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS x(u, un, k, st, si, sk, t, b, l)
       ON CONFLICT (user_id, kind, subject_type, subject_id, state_key) DO NOTHING
       RETURNING id, user_id, unit_id, kind`,
        [
          rows.map((r) => r.userId),
          rows.map((r) => r.unitId),
          rows.map((r) => r.kind),
          rows.map((r) => r.subjectType),
          rows.map((r) => r.subjectId),
          rows.map((r) => r.stateKey),
          rows.map((r) => r.title),
          rows.map((r) => r.body),
          rows.map((r) => r.link),
          at,
        ],
      )
    ).rows;
  },
  async page(
    q: Queryable,
    userId: number,
    unreadOnly: boolean,
    page: number,
    pageSize: number,
  ): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const rows = (
      await q.query<NotificationRow & { total: number }>(
        `SELECT id, user_id, unit_id, kind, title, body, link, created_at, read_at, count(*) OVER ()::int AS total
         FROM notifications WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL)
        ORDER BY id DESC LIMIT $3 OFFSET $4`,
        [userId, unreadOnly, pageSize, (page - 1) * pageSize],
      )
    ).rows;
    const unread = await this.unread(q, userId);
    let total = rows[0]?.total ?? 0;
    if (!rows.length && page > 1) {
      total = (
        await q.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL)`,
          [userId, unreadOnly],
        )
      ).rows[0].n;
    }
    return { rows, total, unread };
  },
  async unread(q: Queryable, userId: number): Promise<number> {
    return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]))
      .rows[0].n;
  },
  /** Marks the user's own notifications read (ids of others are ignored); returns how many changed. */
  async markRead(q: Queryable, userId: number, ids: number[] | 'all', at: Date): Promise<number> {
    const r =
      ids === 'all'
        ? await q.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL', [userId, at])
        : await q.query('UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = ANY($2::bigint[]) AND read_at IS NULL', [
            userId,
            ids,
            at,
          ]);
    return r.rowCount;
  },
  /** The notifications of a unit made since an instant, by kind (the daily channel message). */
  async unitSince(q: Queryable, unitId: number, since: Date, kinds: readonly ReminderKind[]) {
    return (
      await q.query<{ kind: ReminderKind; subject_type: string; subject_id: number; title: string; link: string }>(
        `SELECT DISTINCT ON (kind, subject_type, subject_id) kind, subject_type, subject_id, title, link
         FROM notifications WHERE unit_id = $1 AND created_at >= $2 AND kind = ANY($3::text[])
        ORDER BY kind, subject_type, subject_id, id`,
        [unitId, since, kinds],
      )
    ).rows;
  },
  /** Units that got notifications since an instant. */
  async unitsSince(q: Queryable, since: Date): Promise<number[]> {
    return (
      await q.query<{ unit_id: number }>(
        'SELECT DISTINCT unit_id FROM notifications WHERE created_at >= $1 AND unit_id IS NOT NULL ORDER BY unit_id',
        [since],
      )
    ).rows.map((r) => r.unit_id);
  },

  /** Every active account's roles that reminders go to, in one pass. */
  async directory(q: Queryable): Promise<Directory> {
    const r = await q.query<{ user_id: number; org_id: number; role: string }>(
      `SELECT m.user_id, m.org_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE u.is_active AND m.role IN ('dept_handler', 'unit_admin', 'office_admin', 'leader') ORDER BY m.user_id`,
    );
    const d: Directory = { handlers: new Map(), unitAdmins: new Map(), officeAdmins: new Map(), leaders: new Map() };
    for (const m of r.rows) {
      if (m.role === 'dept_handler') push(d.handlers, m.org_id, m.user_id);
      else if (m.role === 'unit_admin') push(d.unitAdmins, m.org_id, m.user_id);
      else if (m.role === 'office_admin') push(d.officeAdmins, m.org_id, m.user_id);
      else push(d.leaders, m.org_id, m.user_id);
    }
    return d;
  },

  // ——— channels ———
  async channels(q: Queryable, unitId: number): Promise<ChannelRow[]> {
    return (
      await q.query<ChannelRow>(
        `SELECT c.*, (SELECT count(*)::int FROM deliveries d WHERE d.channel_id = c.id AND d.status = 'failed') AS failed
         FROM notify_channels c WHERE c.unit_id = $1 ORDER BY c.id`,
        [unitId],
      )
    ).rows;
  },
  async channel(q: Queryable, id: number): Promise<ChannelRow | null> {
    return (await q.query<ChannelRow>(`SELECT c.*, 0 AS failed FROM notify_channels c WHERE c.id = $1`, [id])).rows[0] ?? null;
  },
  async insertChannel(
    q: Queryable,
    v: {
      unitId: number;
      kind: string;
      name: string;
      url: string | null;
      secret: string | null;
      emailTo: string[];
      enabled: boolean;
      by: number;
      at: Date;
    },
  ) {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO notify_channels (unit_id, kind, name, url, secret, email_to, enabled, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
        [v.unitId, v.kind, v.name, v.url, v.secret, v.emailTo, v.enabled, v.by, v.at],
      )
    ).rows[0].id;
  },
  async updateChannel(
    q: Queryable,
    id: number,
    v: { kind: string; name: string; url: string | null; secret: string | null; emailTo: string[]; enabled: boolean; at: Date },
  ) {
    await q.query(
      `UPDATE notify_channels SET kind = $2, name = $3, url = $4, secret = $5, email_to = $6, enabled = $7, updated_at = $8 WHERE id = $1`,
      [id, v.kind, v.name, v.url, v.secret, v.emailTo, v.enabled, v.at],
    );
  },
  async deleteChannel(q: Queryable, id: number) {
    await q.query('DELETE FROM notify_channels WHERE id = $1', [id]);
  },

  // ——— the outbox ———
  /** One delivery per enabled channel of the unit; a key already queued on a channel is skipped. Returns how many were queued. */
  async enqueue(
    q: Queryable,
    v: { unitId: number; dedupeKey: string; title: string; body: string; at: Date; channelId?: number },
  ): Promise<number> {
    return (
      await q.query(
        `INSERT INTO deliveries (channel_id, unit_id, dedupe_key, title, body, status, next_attempt_at, created_at)
       SELECT c.id, c.unit_id, $2, $3, $4, 'pending', $5, $5 FROM notify_channels c
        WHERE c.unit_id = $1 AND c.enabled AND ($6::int IS NULL OR c.id = $6::int)
       ON CONFLICT (channel_id, dedupe_key) DO NOTHING`,
        [v.unitId, v.dedupeKey, v.title, v.body, v.at, v.channelId ?? null],
      )
    ).rowCount;
  },
  /**
   * Takes up to `limit` due deliveries for sending: pending ones whose time has come,
   * and 'sending' ones whose lease ran out (the sender crashed). SKIP LOCKED lets two
   * servers take disjoint batches; the lease keeps a taken one from being taken again.
   */
  async claim(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<(DeliveryRow & ChannelRow)[]> {
    return (
      await q.query<DeliveryRow & ChannelRow>(
        `WITH due AS (
         SELECT id FROM deliveries
          WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
          ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE deliveries d SET status = 'sending', lease_until = $2, attempts = d.attempts + 1
         FROM due, notify_channels c
        WHERE d.id = due.id AND c.id = d.channel_id
       RETURNING d.id, d.channel_id, c.name AS channel_name, d.unit_id, d.dedupe_key, d.title, d.body, d.status, d.attempts,
                 d.next_attempt_at, d.last_error, d.created_at, d.sent_at, c.kind, c.name, c.url, c.secret, c.email_to, c.enabled`,
        [now, leaseUntil, limit],
      )
    ).rows;
  },
  async markSent(q: Queryable, id: number, at: Date) {
    await q.query(`UPDATE deliveries SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL WHERE id = $1`, [id, at]);
  },
  async markFailure(q: Queryable, id: number, v: { error: string; retryAt: Date | null }) {
    await q.query(
      `UPDATE deliveries SET status = $2, next_attempt_at = COALESCE($3, next_attempt_at), lease_until = NULL, last_error = $4
            WHERE id = $1`,
      [id, v.retryAt ? 'pending' : 'failed', v.retryAt, v.error.slice(0, 500)],
    );
  },
  async deliveries(q: Queryable, unitId: number, limit: number): Promise<DeliveryRow[]> {
    return (
      await q.query<DeliveryRow>(
        `SELECT d.*, c.name AS channel_name FROM deliveries d JOIN notify_channels c ON c.id = d.channel_id
        WHERE d.unit_id = $1 ORDER BY d.id DESC LIMIT $2`,
        [unitId, limit],
      )
    ).rows;
  },
  /** Deliveries that failed for good (the unit admin's warning), per unit. */
  async failedCount(q: Queryable, unitId: number): Promise<number> {
    return (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE unit_id = $1 AND status = 'failed'`, [unitId]))
      .rows[0].n;
  },
};
