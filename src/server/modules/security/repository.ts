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
