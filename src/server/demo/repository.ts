import type { Queryable } from '../db/index.js';

export const demoRepo = {
  /** Empties every business table (the demo reset). Migrations stay recorded. */
  async wipe(q: Queryable): Promise<void> {
    await q.query(`TRUNCATE audit_log, transitions, extensions, evidence, progress_entries, measures, problem_cooperators,
                   problems, inspections, sessions, memberships, users, organizations,
                   integrity_seals, login_throttle, security_policy RESTART IDENTITY CASCADE`);
    await q.query(`UPDATE audit_head SET last_hash = repeat('0', 64)`);
  },
  async isEmpty(q: Queryable): Promise<boolean> {
    return (await q.query('SELECT 1 FROM organizations LIMIT 1')).rowCount === 0;
  },
};
