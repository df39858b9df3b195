import type { Queryable } from '../../db/index.js';

/** Which hash a row carries: plain SM3 (rows from before the key) or HMAC-SM3 under the audit key. */
export type ChainAlg = 'sm3' | 'hmac-sm3';

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
  alg: ChainAlg;
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
  alg: ChainAlg;
}

/** Rows of the trail a page counts at most (`totalCapped` says there are more). */
export const AUDIT_COUNT_CAP = 10_000;

export const auditRepo = {
  /** A page of the trail, newest first; `from`/`to` bound `at` (from inclusive, to exclusive). */
  /**
   * A page of the trail, newest first, and how many rows match — counted up to
   * `countCap` only (issue 12: the trail of a city holds millions of rows, and a
   * count of all of them for every page would hold the embedded database).
   */
  async page(
    q: Queryable,
    page: number,
    pageSize: number,
    action?: string,
    range: { from?: Date; to?: Date } = {},
    countCap = AUDIT_COUNT_CAP,
  ): Promise<{ rows: (AuditRow & { actor_display_name: string | null })[]; total: number; capped: boolean }> {
    const where = `WHERE ($1::text IS NULL OR a.action LIKE $1 || '%')
          AND ($2::timestamptz IS NULL OR a.at >= $2) AND ($3::timestamptz IS NULL OR a.at < $3)`;
    const args = [action ?? null, range.from ?? null, range.to ?? null];
    const r = await q.query<AuditRow & { actor_display_name: string | null }>(
      `SELECT a.*, u.display_name AS actor_display_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        ${where} ORDER BY a.id DESC LIMIT $4 OFFSET $5`,
      [...args, pageSize, (page - 1) * pageSize],
    );
    const counted = (
      await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log a ${where} LIMIT $4) x`, [
        ...args,
        countCap + 1,
      ])
    ).rows[0].n;
    return { rows: r.rows, total: Math.min(counted, countCap), capped: counted > countCap };
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
  /** The hash the head table names (what a writer would chain to next). */
  async head(q: Queryable): Promise<string> {
    return (await q.query<{ last_hash: string }>('SELECT last_hash FROM audit_head')).rows[0].last_hash;
  },
  /** Appends a row and moves the head to it (inside the caller's transaction, after `lockHead`). */
  async append(q: Queryable, r: NewAuditRow): Promise<number> {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, unit_id, outcome, detail, ip,
                                prev_hash, hash, alg)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13) RETURNING id`,
        [r.at, r.actorId, r.actorName, r.action, r.objectType, r.objectId, r.unitId, r.outcome, r.detail, r.ip, r.prevHash, r.hash, r.alg],
      )
    ).rows[0].id;
    await q.query('UPDATE audit_head SET last_hash = $1', [r.hash]);
    return id;
  },
  /** The algorithm of the newest row (null: the table is empty). */
  async lastAlg(q: Queryable): Promise<ChainAlg | null> {
    return (await q.query<{ alg: ChainAlg }>('SELECT alg FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0]?.alg ?? null;
  },
  /** Whether any keyed row exists: then the key file must exist too. */
  async hasKeyedRows(q: Queryable): Promise<boolean> {
    return (await q.query(`SELECT 1 FROM audit_log WHERE alg = 'hmac-sm3' LIMIT 1`)).rowCount > 0;
  },
  /** The newest row's id and hash, and how many rows the table holds. */
  async tip(q: Queryable): Promise<{ lastId: number; head: string | null; rows: number }> {
    const r = await q.query<{ id: number | null; hash: string | null; n: number }>(
      `SELECT (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1) AS id,
              (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash,
              (SELECT count(*)::int FROM audit_log) AS n`,
    );
    const x = r.rows[0];
    return { lastId: Number(x.id ?? 0), head: x.hash, rows: x.n };
  },
  /** One row by id, or null. */
  async byId(q: Queryable, id: number): Promise<AuditRow | null> {
    return (await q.query<AuditRow>('SELECT * FROM audit_log WHERE id = $1', [id])).rows[0] ?? null;
  },
  /** Rows with an id at most `id`. */
  async countUpTo(q: Queryable, id: number): Promise<number> {
    return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE id <= $1', [id])).rows[0].n;
  },
  /** The oldest rows written before an instant, in chain order, at most `limit`. */
  async olderThan(q: Queryable, before: Date, limit: number): Promise<AuditRow[]> {
    return (await q.query<AuditRow>('SELECT * FROM audit_log WHERE at < $1 ORDER BY id LIMIT $2', [before, limit])).rows;
  },
  /** The first row of the table, or null. */
  async first(q: Queryable): Promise<AuditRow | null> {
    return (await q.query<AuditRow>('SELECT * FROM audit_log ORDER BY id LIMIT 1')).rows[0] ?? null;
  },
  /**
   * Deletes the rows up to `lastId` that an archive file now holds. The guard
   * trigger lets a delete through only when this transaction says it archives.
   */
  async deleteArchived(q: Queryable, lastId: number): Promise<number> {
    await q.query(`SELECT set_config('zg.audit_archive', 'on', true)`);
    const n = (await q.query('DELETE FROM audit_log WHERE id <= $1', [lastId])).rowCount;
    await q.query(`SELECT set_config('zg.audit_archive', 'off', true)`);
    return n;
  },
  /** Keyed seals of business rows. */
  async insertSeal(q: Queryable, kind: 'transition' | 'progress', objectId: number, seal: string): Promise<void> {
    await q.query('INSERT INTO integrity_seals (kind, object_id, seal) VALUES ($1, $2, $3) ON CONFLICT (kind, object_id) DO NOTHING', [
      kind,
      objectId,
      seal,
    ]);
  },
  /** Many seals of one kind in one statement (an import writes hundreds at once). */
  async insertSeals(q: Queryable, kind: 'transition' | 'progress', objectIds: number[], seals: string[]): Promise<void> {
    if (!objectIds.length) return;
    await q.query(
      `INSERT INTO integrity_seals (kind, object_id, seal) SELECT $1, x.id, x.seal FROM unnest($2::bigint[], $3::text[]) AS x(id, seal)
       ON CONFLICT (kind, object_id) DO NOTHING`,
      [kind, objectIds, seals],
    );
  },
  async seals(q: Queryable, kind: 'transition' | 'progress'): Promise<Map<number, string>> {
    const r = await q.query<{ object_id: number; seal: string }>('SELECT object_id, seal FROM integrity_seals WHERE kind = $1', [kind]);
    return new Map(r.rows.map((x) => [Number(x.object_id), x.seal]));
  },
};

/** A transition as sealed: the columns that say what happened to a problem, when, by whom. */
export interface SealedTransition {
  id: number;
  problem_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: number | null;
  created_at: Date;
}

/** A progress entry as sealed. */
export interface SealedProgress {
  id: number;
  problem_id: number;
  measure_id: number | null;
  author_id: number | null;
  text: string;
  figures: unknown;
  created_at: Date;
}

/** The business rows `verify` checks against their seals (SQL of the integrity check). */
export const integrityRepo = {
  async transitions(q: Queryable, unsealedOnly = false): Promise<SealedTransition[]> {
    return (
      await q.query<SealedTransition>(
        `SELECT t.id, t.problem_id, t.action, t.from_status, t.to_status, t.actor_id, t.created_at FROM transitions t
          WHERE NOT $1::boolean OR NOT EXISTS (SELECT 1 FROM integrity_seals s WHERE s.kind = 'transition' AND s.object_id = t.id)
          ORDER BY t.problem_id, t.created_at, t.id`,
        [unsealedOnly],
      )
    ).rows;
  },
  async progress(q: Queryable, unsealedOnly = false): Promise<SealedProgress[]> {
    return (
      await q.query<SealedProgress>(
        `SELECT p.id, p.problem_id, p.measure_id, p.author_id, p.text, p.figures, p.created_at FROM progress_entries p
          WHERE NOT $1::boolean OR NOT EXISTS (SELECT 1 FROM integrity_seals s WHERE s.kind = 'progress' AND s.object_id = p.id)
          ORDER BY p.id`,
        [unsealedOnly],
      )
    ).rows;
  },
  /** Each problem's status, with the to-status of its newest transition (null: none). */
  async statuses(q: Queryable): Promise<{ id: number; status: string; last_to: string | null; last_id: number | null }[]> {
    return (
      await q.query<{ id: number; status: string; last_to: string | null; last_id: number | null }>(
        `SELECT p.id, p.status, t.to_status AS last_to, t.id AS last_id
           FROM problems p
           LEFT JOIN LATERAL (SELECT id, to_status FROM transitions WHERE problem_id = p.id
                               ORDER BY created_at DESC, id DESC LIMIT 1) t ON true
          ORDER BY p.id`,
      )
    ).rows;
  },
  async evidence(q: Queryable): Promise<{ id: number; digest: string; filename: string; problem_id: number }[]> {
    return (
      await q.query<{ id: number; digest: string; filename: string; problem_id: number }>(
        'SELECT id, digest, filename, problem_id FROM evidence ORDER BY id',
      )
    ).rows;
  },
  /**
   * Every digest a row still refers to. Stored files are named by their SM3, and
   * every column that holds one ends in "digest" (evidence, register files,
   * feedback attachments…); taking them all keeps a file that any table, of
   * today or of a later migration, may still serve — a digest of text only
   * keeps nothing that exists.
   */
  async referencedDigests(q: Queryable): Promise<Set<string>> {
    const cols = (
      await q.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND column_name LIKE '%digest' AND data_type = 'text'`,
      )
    ).rows;
    const out = new Set<string>();
    for (const c of cols) {
      // identifiers from the catalogue, quoted
      const r = await q.query<{ d: string }>(
        `SELECT DISTINCT "${c.column_name}" AS d FROM "${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`,
      );
      for (const x of r.rows) out.add(x.d);
    }
    return out;
  },
  /** Published notices with their bytes and digests (none before the publications migration). */
  async publications(
    q: Queryable,
  ): Promise<{ id: number; code: string; text: string; docx: Uint8Array; text_digest: string; docx_digest: string }[]> {
    const exists = (await q.query<{ r: string | null }>(`SELECT to_regclass('publications')::text AS r`)).rows[0].r;
    if (!exists) return [];
    return (
      await q.query<{ id: number; code: string; text: string; docx: Uint8Array; text_digest: string; docx_digest: string }>(
        'SELECT id, code, text, docx, text_digest, docx_digest FROM publications ORDER BY id',
      )
    ).rows;
  },
  /** The digests each publication's chained audit row recorded, by publication id. */
  async publishedDigests(q: Queryable): Promise<Map<string, { textDigest?: string; docxDigest?: string }>> {
    const r = await q.query<{ object_id: string; detail: { textDigest?: string; docxDigest?: string } | null }>(
      `SELECT object_id, detail FROM audit_log WHERE action = 'notice.publish'`,
    );
    return new Map(r.rows.map((x) => [x.object_id, x.detail ?? {}]));
  },
  /** Rows per table, for backups and their check after a restore. */
  async counts(q: Queryable, tables: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of tables) {
      const exists = (await q.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [t])).rows[0].r;
      if (!exists) continue;
      // names come from our own list, never from input
      out[t] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    }
    return out;
  },
};
