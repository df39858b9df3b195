import type { Queryable } from '../../db/index.js';

export interface PolicyRow {
  policy: Record<string, unknown>;
  updated_at: Date;
  updated_by_name: string | null;
}

export const securityRepo = {
  async policy(q: Queryable): Promise<PolicyRow | null> {
    return (
      (
        await q.query<PolicyRow>(
          `SELECT p.policy, p.updated_at, u.username AS updated_by_name FROM security_policy p LEFT JOIN users u ON u.id = p.updated_by`,
        )
      ).rows[0] ?? null
    );
  },
  async savePolicy(q: Queryable, policy: object, by: number | null, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO security_policy (one, policy, updated_at, updated_by) VALUES (true, $1::jsonb, $2, $3)
       ON CONFLICT (one) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [JSON.stringify(policy), at, by],
    );
  },
};

/**
 * Columns holding personal data encrypted with the field key (lib/crypto.ts):
 * `zhenggai keys rotate` re-encrypts every value of them with the new key.
 * Names are ours, never input.
 */
export const ENCRYPTED_COLUMNS: readonly { table: string; column: string; key: string }[] = [
  { table: 'users', column: 'totp_secret', key: 'id' },
  { table: 'users', column: 'totp_pending', key: 'id' },
  // the public's contact data of a feedback (modules/feedback)
  { table: 'feedback', column: 'name_enc', key: 'id' },
  { table: 'feedback', column: 'phone_enc', key: 'id' },
  { table: 'feedback', column: 'email_enc', key: 'id' },
  // the names of people held accountable (modules/registers/names.ts); their blind index has its own key and stays valid
  { table: 'accountability_entries', column: 'person_name_enc', key: 'id' },
];

/** Columns that must never hold personal data in clear once the server has opened the database (registers/names.ts). */
export const EMPTIED_PLAIN_COLUMNS: readonly { table: string; column: string; key: string }[] = [
  { table: 'accountability_entries', column: 'person_name', key: 'id' },
];

export const fieldRepo = {
  /**
   * Personal data stored in clear (`verify`): a value of ENCRYPTED_COLUMNS that is not a ciphertext of ours, or a
   * value left in a column that must be empty. Written past the application (the application never does).
   */
  async plainValues(q: Queryable): Promise<{ table: string; column: string; id: number }[]> {
    const out: { table: string; column: string; id: number }[] = [];
    const checks = [
      ...ENCRYPTED_COLUMNS.map((c) => ({ ...c, where: `"${c.column}" IS NOT NULL AND "${c.column}" NOT LIKE 'zgf1.%'` })),
      ...EMPTIED_PLAIN_COLUMNS.map((c) => ({ ...c, where: `"${c.column}" IS NOT NULL` })),
    ];
    for (const c of checks) {
      const exists = (await q.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [c.table])).rows[0].r;
      if (!exists) continue;
      const r = await q.query<{ id: number }>(`SELECT "${c.key}" AS id FROM "${c.table}" WHERE ${c.where} ORDER BY 1`);
      for (const x of r.rows) out.push({ table: c.table, column: c.column, id: Number(x.id) });
    }
    return out;
  },
  /** The key ids still in use by some value. */
  async keyIds(q: Queryable): Promise<string[]> {
    const ids = new Set<string>();
    for (const c of ENCRYPTED_COLUMNS) {
      const exists = (await q.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [c.table])).rows[0].r;
      if (!exists) continue;
      const r = await q.query<{ k: string }>(
        `SELECT DISTINCT split_part("${c.column}", '.', 2) AS k FROM "${c.table}" WHERE "${c.column}" LIKE 'zgf1.%'`,
      );
      for (const x of r.rows) ids.add(x.k);
    }
    return [...ids].sort();
  },
  /** Rewrites every encrypted value with `fn` (decrypt with its key, encrypt with the current one); returns how many. */
  async reencrypt(q: Queryable, fn: (stored: string) => string): Promise<number> {
    let n = 0;
    for (const c of ENCRYPTED_COLUMNS) {
      const exists = (await q.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [c.table])).rows[0].r;
      if (!exists) continue;
      const rows = (
        await q.query<{ k: number; v: string }>(
          `SELECT "${c.key}" AS k, "${c.column}" AS v FROM "${c.table}" WHERE "${c.column}" LIKE 'zgf1.%'`,
        )
      ).rows;
      for (const r of rows) {
        await q.query(`UPDATE "${c.table}" SET "${c.column}" = $2 WHERE "${c.key}" = $1`, [r.k, fn(r.v)]);
        n++;
      }
    }
    return n;
  },
};
