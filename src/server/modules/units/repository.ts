import type { Queryable } from '../../db/index.js';
import type { ReviewChain } from '../../../domain/workflow/index.js';

export interface UnitSettingsRow {
  unit_id: number;
  closure_needs_measures_done: boolean;
  measure_deadline_within_problem: boolean;
  measure_done_starts_problem: boolean;
  closure_chain: ReviewChain;
  extension_chain: ReviewChain;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: Date;
}

export const unitSettingsRepo = {
  /** The unit's own settings, or null when it runs on the defaults. */
  async get(q: Queryable, unitId: number): Promise<UnitSettingsRow | null> {
    return (
      (
        await q.query<UnitSettingsRow>(
          `SELECT s.*, u.display_name AS updated_by_name
           FROM unit_settings s LEFT JOIN users u ON u.id = s.updated_by WHERE s.unit_id = $1`,
          [unitId],
        )
      ).rows[0] ?? null
    );
  },
  async save(
    q: Queryable,
    v: {
      unitId: number;
      closureNeedsMeasuresDone: boolean;
      measureDeadlineWithinProblem: boolean;
      measureDoneStartsProblem: boolean;
      closureChain: ReviewChain;
      extensionChain: ReviewChain;
      by: number;
      at: Date;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO unit_settings (unit_id, closure_needs_measures_done, measure_deadline_within_problem, measure_done_starts_problem,
                                  closure_chain, extension_chain, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)
       ON CONFLICT (unit_id) DO UPDATE SET
         closure_needs_measures_done = EXCLUDED.closure_needs_measures_done,
         measure_deadline_within_problem = EXCLUDED.measure_deadline_within_problem,
         measure_done_starts_problem = EXCLUDED.measure_done_starts_problem,
         closure_chain = EXCLUDED.closure_chain, extension_chain = EXCLUDED.extension_chain,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [
        v.unitId,
        v.closureNeedsMeasuresDone,
        v.measureDeadlineWithinProblem,
        v.measureDoneStartsProblem,
        JSON.stringify(v.closureChain),
        JSON.stringify(v.extensionChain),
        v.by,
        v.at,
      ],
    );
  },
  /** A unit (kind unit) by id, or null. */
  async unit(q: Queryable, unitId: number): Promise<{ id: number; name: string } | null> {
    return (
      (await q.query<{ id: number; name: string }>(`SELECT id, name FROM organizations WHERE id = $1 AND kind = 'unit'`, [unitId]))
        .rows[0] ?? null
    );
  },
};
