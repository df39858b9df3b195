import type { Queryable } from '../../db/index.js';
import type { ProblemStatus } from '../../../domain/workflow/index.js';
import type { LookbackMethod, RiskCode } from '../../../domain/evaluation/lookback.js';
import { BEIJING_DATE } from '../evaluation/repository.js';

/** A closed item's facts, as a risk draw weighs them. */
export interface ClosedItemRow {
  problem_id: number;
  deadline: string | null;
  closed_on: string;
  last_reminder_on: string | null;
  evidence_count: number;
  formalism_count: number;
  requested_by: number | null;
  closed_by: number | null;
}

export interface LookbackRow {
  id: number;
  inspection_id: number;
  inspection_title: string;
  unit_id: number;
  unit_name: string;
  method: LookbackMethod;
  seed: string;
  sample_size: number;
  population: number;
  answer_due: string;
  note: string;
  status: 'open' | 'closed';
  opened_by: number;
  opened_by_name: string;
  opened_at: Date;
  closed_at: Date | null;
  requested: number;
  answered: number;
  confirmed: number;
  reopened: number;
}

export type ItemStatus = 'requested' | 'answered' | 'confirmed' | 'reopened';

export interface ItemRow {
  id: number;
  lookback_id: number;
  problem_id: number;
  position: number;
  risks: RiskCode[];
  status: ItemStatus;
  answer: string | null;
  answered_by: number | null;
  answered_by_name: string | null;
  answered_at: Date | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  new_deadline: string | null;
  problem_path: string;
  problem_title: string;
  problem_status: ProblemStatus;
  problem_deadline: string | null;
  lead_dept_id: number | null;
}

export interface EvidenceRow {
  id: number;
  item_id: number;
  digest: string;
  filename: string;
  mime: string;
  size: number;
}

const LOOKBACK = `SELECT l.id, l.inspection_id, i.title AS inspection_title, l.unit_id, u.name AS unit_name, l.method, l.seed,
       l.sample_size,
       l.population, l.answer_due::text AS answer_due, l.note, l.status, l.opened_by, ob.display_name AS opened_by_name,
       l.opened_at, l.closed_at,
       (SELECT count(*) FILTER (WHERE x.status = 'requested') FROM lookback_items x WHERE x.lookback_id = l.id)::int AS requested,
       (SELECT count(*) FILTER (WHERE x.status = 'answered') FROM lookback_items x WHERE x.lookback_id = l.id)::int AS answered,
       (SELECT count(*) FILTER (WHERE x.status = 'confirmed') FROM lookback_items x WHERE x.lookback_id = l.id)::int AS confirmed,
       (SELECT count(*) FILTER (WHERE x.status = 'reopened') FROM lookback_items x WHERE x.lookback_id = l.id)::int AS reopened
  FROM lookbacks l JOIN inspections i ON i.id = l.inspection_id JOIN organizations u ON u.id = l.unit_id
  JOIN users ob ON ob.id = l.opened_by`;

const ITEM = `SELECT li.id, li.lookback_id, li.problem_id, li.position, li.risks, li.status, li.answer, li.answered_by,
       au.display_name AS answered_by_name,
       li.answered_at, li.decision_reason, li.decided_by, du.display_name AS decided_by_name, li.decided_at,
       li.new_deadline::text AS new_deadline,
       COALESCE(p2.label, '') || COALESCE(p1.label, '') || p.label AS problem_path, p.title AS problem_title, p.status AS problem_status,
       p.deadline::text AS problem_deadline, p.lead_dept_id
  FROM lookback_items li JOIN problems p ON p.id = li.problem_id
  LEFT JOIN problems p1 ON p1.id = p.parent_id LEFT JOIN problems p2 ON p2.id = p1.parent_id
  LEFT JOIN users au ON au.id = li.answered_by LEFT JOIN users du ON du.id = li.decided_by`;

/** Who may see a look-back: whole units, or departments leading one of its items. */
const VISIBLE = `(l.unit_id = ANY($1::int[]) OR EXISTS (
  SELECT 1 FROM lookback_items vi JOIN problems vp ON vp.id = vi.problem_id
   WHERE vi.lookback_id = l.id AND vp.lead_dept_id = ANY($2::int[])))`;

export const lookbackRepo = {
  /** The closed leaves of a round with what a risk draw weighs. */
  async closedItems(q: Queryable, inspectionId: number): Promise<ClosedItemRow[]> {
    return (
      await q.query<ClosedItemRow>(
        `SELECT p.id AS problem_id, p.deadline::text AS deadline, ${BEIJING_DATE('p.closed_at')}::text AS closed_on, p.evidence_count,
              (SELECT count(*)::int FROM progress_entries e
                 WHERE e.problem_id = p.id AND e.formalism IS NOT NULL AND e.formalism <> '[]'::jsonb) AS formalism_count,
              (SELECT ${BEIJING_DATE('max(r.at)')}::text FROM (
                 SELECT n.created_at AS at FROM notifications n
                  WHERE n.subject_type = 'problem' AND n.subject_id = p.id AND n.created_at <= p.closed_at
                 UNION ALL
                 SELECT o.issued_at FROM supervision_order_problems op JOIN supervision_orders o ON o.id = op.order_id
                  WHERE op.problem_id = p.id AND o.issued_at <= p.closed_at) r) AS last_reminder_on,
              (SELECT t.actor_id FROM transitions t WHERE t.problem_id = p.id AND t.action = 'closure_request'
                ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS requested_by,
              (SELECT t.actor_id FROM transitions t WHERE t.problem_id = p.id AND t.action = 'closure_approve'
                ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS closed_by
         FROM problems p
        WHERE p.inspection_id = $1 AND p.child_count = 0 AND p.status = 'closed' AND p.closed_at IS NOT NULL
        ORDER BY p.id`,
        [inspectionId],
      )
    ).rows;
  },

  async insert(
    q: Queryable,
    v: {
      inspectionId: number;
      unitId: number;
      method: LookbackMethod;
      seed: string;
      sampleSize: number;
      population: number;
      answerDue: string;
      note: string;
      by: number;
      at: Date;
    },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO lookbacks (inspection_id, unit_id, method, seed, sample_size, population, answer_due, note, status,
                                opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10) RETURNING id`,
        [v.inspectionId, v.unitId, v.method, v.seed, v.sampleSize, v.population, v.answerDue, v.note, v.by, v.at],
      )
    ).rows[0].id;
  },

  async insertItems(q: Queryable, lookbackId: number, items: { problemId: number; risks: RiskCode[] }[]): Promise<void> {
    if (!items.length) return;
    await q.query(
      `INSERT INTO lookback_items (lookback_id, problem_id, position, risks, status)
       SELECT $1, x.problem_id, x.position, x.risks, 'requested'
         FROM jsonb_to_recordset($2::jsonb) AS x(problem_id int, position int, risks jsonb)`,
      [lookbackId, JSON.stringify(items.map((it, i) => ({ problem_id: it.problemId, position: i + 1, risks: it.risks })))],
    );
  },

  /** A look-back the actor may see (by units read, or departments leading one of its items), or null. */
  async byId(q: Queryable, scope: { unitIds: number[]; deptIds: number[] }, id: number, forUpdate = false): Promise<LookbackRow | null> {
    if (forUpdate) await q.query('SELECT id FROM lookbacks WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<LookbackRow>(`${LOOKBACK} WHERE l.id = $3 AND ${VISIBLE}`, [scope.unitIds, scope.deptIds, id])).rows[0] ?? null;
  },

  async list(
    q: Queryable,
    scope: { unitIds: number[]; deptIds: number[] },
    f: { status?: 'open' | 'closed'; inspectionId?: number; limit: number; offset: number },
  ): Promise<{ rows: LookbackRow[]; total: number }> {
    const where = `${VISIBLE} AND ($3::text IS NULL OR l.status = $3::text) AND ($4::int IS NULL OR l.inspection_id = $4::int)`;
    const params = [scope.unitIds, scope.deptIds, f.status ?? null, f.inspectionId ?? null];
    const rows = (
      await q.query<LookbackRow>(`${LOOKBACK} WHERE ${where} ORDER BY l.id DESC LIMIT $5 OFFSET $6`, [...params, f.limit, f.offset])
    ).rows;
    const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM lookbacks l WHERE ${where}`, params)).rows[0].n;
    return { rows, total };
  },

  async items(q: Queryable, lookbackId: number): Promise<ItemRow[]> {
    return (await q.query<ItemRow>(`${ITEM} WHERE li.lookback_id = $1 ORDER BY li.position`, [lookbackId])).rows;
  },

  /** One item, locked when asked (the answer and the decision take it FOR UPDATE). */
  async item(q: Queryable, id: number, forUpdate = false): Promise<ItemRow | null> {
    if (forUpdate) await q.query('SELECT id FROM lookback_items WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<ItemRow>(`${ITEM} WHERE li.id = $1`, [id])).rows[0] ?? null;
  },

  async evidence(q: Queryable, itemIds: number[]): Promise<EvidenceRow[]> {
    if (!itemIds.length) return [];
    return (
      await q.query<EvidenceRow>(
        'SELECT id, item_id, digest, filename, mime, size FROM lookback_evidence WHERE item_id = ANY($1::int[]) ORDER BY id',
        [itemIds],
      )
    ).rows;
  },

  async evidenceById(q: Queryable, id: number): Promise<(EvidenceRow & { lookback_id: number }) | null> {
    return (
      (
        await q.query<EvidenceRow & { lookback_id: number }>(
          `SELECT e.id, e.item_id, e.digest, e.filename, e.mime, e.size, li.lookback_id
         FROM lookback_evidence e JOIN lookback_items li ON li.id = e.item_id WHERE e.id = $1`,
          [id],
        )
      ).rows[0] ?? null
    );
  },

  /** Records the answer when the item still waits for the office; false when it was decided meanwhile. */
  async answer(
    q: Queryable,
    id: number,
    v: { text: string; by: number; at: Date; files: { digest: string; filename: string; mime: string; size: number }[] },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE lookback_items SET status = 'answered', answer = $2, answered_by = $3, answered_at = $4
        WHERE id = $1 AND status IN ('requested', 'answered')`,
      [id, v.text, v.by, v.at],
    );
    if (r.rowCount !== 1) return false;
    for (const f of v.files) {
      await q.query('INSERT INTO lookback_evidence (item_id, digest, filename, mime, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        f.digest,
        f.filename,
        f.mime,
        f.size,
        v.at,
      ]);
    }
    return true;
  },

  /** The office's decision on an undecided item; false when someone decided it first. */
  async decide(
    q: Queryable,
    id: number,
    v: { status: 'confirmed' | 'reopened'; reason: string; by: number; at: Date; deadline: string | null },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE lookback_items SET status = $2, decision_reason = $3, decided_by = $4, decided_at = $5, new_deadline = $6
        WHERE id = $1 AND status IN ('requested', 'answered')`,
      [id, v.status, v.reason, v.by, v.at, v.deadline],
    );
    return r.rowCount === 1;
  },

  async close(q: Queryable, id: number, by: number, at: Date): Promise<boolean> {
    const r = await q.query(`UPDATE lookbacks SET status = 'closed', closed_by = $2, closed_at = $3 WHERE id = $1 AND status = 'open'`, [
      id,
      by,
      at,
    ]);
    return r.rowCount === 1;
  },
};
