import type { Queryable } from '../../db/index.js';
import type { SupervisionRules } from '../../../domain/supervision/index.js';

/** One saved version of an office's rules. */
export interface RulesRow {
  office_id: number;
  version: number;
  is_current: boolean;
  yellow_days: number;
  stalled_days: number | null;
  order_yellow: boolean;
  order_overdue_red: boolean;
  remind_yellow: boolean;
  remind_red: boolean;
  escalate_red_days: number | null;
  remind_stalled: boolean;
  order_remind_days: number;
  note: string;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
}

export const lightRulesRepo = {
  /** Every version of an office's rules, newest first. */
  async versions(q: Queryable, officeId: number): Promise<RulesRow[]> {
    return (
      await q.query<RulesRow>(
        `SELECT r.*, u.display_name AS created_by_name FROM supervision_rules r LEFT JOIN users u ON u.id = r.created_by
        WHERE r.office_id = $1 ORDER BY r.version DESC`,
        [officeId],
      )
    ).rows;
  },
  /** The current version of every office that saved one (the daily evaluation reads them all at once). */
  async allCurrent(q: Queryable): Promise<RulesRow[]> {
    return (await q.query<RulesRow>(`SELECT r.*, NULL AS created_by_name FROM supervision_rules r WHERE r.is_current`)).rows;
  },
  /**
   * Saves a new version as the current one. The office row is locked first, so two
   * saves at once get versions n+1 and n+2 rather than a unique-key error.
   */
  async saveVersion(q: Queryable, v: { officeId: number; rules: SupervisionRules; note: string; by: number; at: Date }): Promise<number> {
    await q.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [v.officeId]);
    const next = (
      await q.query<{ n: number }>('SELECT COALESCE(max(version), 0) + 1 AS n FROM supervision_rules WHERE office_id = $1', [v.officeId])
    ).rows[0].n;
    await q.query('UPDATE supervision_rules SET is_current = false WHERE office_id = $1 AND is_current', [v.officeId]);
    const r = v.rules;
    await q.query(
      `INSERT INTO supervision_rules (office_id, version, is_current, yellow_days, stalled_days, order_yellow, order_overdue_red,
         remind_yellow, remind_red, escalate_red_days, remind_stalled, order_remind_days, note, created_by, created_at)
       VALUES ($1, $2, true, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        v.officeId,
        next,
        r.yellowDays,
        r.stalledDays,
        r.orderYellow,
        r.orderOverdueRed,
        r.remindYellow,
        r.remindRed,
        r.escalateRedDays,
        r.remindStalled,
        r.orderRemindDays,
        v.note,
        v.by,
        v.at,
      ],
    );
    return next;
  },
  /** An office (kind office) by id, or null. */
  async office(q: Queryable, id: number): Promise<{ id: number; name: string } | null> {
    return (
      (await q.query<{ id: number; name: string }>(`SELECT id, name FROM organizations WHERE id = $1 AND kind = 'office'`, [id])).rows[0] ??
      null
    );
  },
  /** The office above each unit. */
  async unitOffices(q: Queryable): Promise<Map<number, number>> {
    const r = await q.query<{ id: number; parent_id: number }>(`SELECT id, parent_id FROM organizations WHERE kind = 'unit'`);
    return new Map(r.rows.map((x) => [x.id, x.parent_id]));
  },
};
