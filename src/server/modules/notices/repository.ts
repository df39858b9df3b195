/**
 * All SQL of the notices module: what a document is composed from (the round, the
 * ledger's tree with measures and latest progress, the unit's contact settings), the
 * working drafts and the frozen versions.
 */
import type { Queryable } from '../../db/index.js';

export interface RoundRow {
  id: number;
  unit_id: number;
  unit_name: string;
  office_name: string | null;
  kind: '巡视' | '巡察' | '审计' | '督察';
  title: string;
  body: string;
  onsite_start: string | null;
  onsite_end: string | null;
  feedback_date: string | null;
}

export interface ProblemNodeRow {
  id: number;
  parent_id: number | null;
  title: string;
  description: string;
  status: 'pending' | 'in_progress' | 'closure_requested' | 'closed' | 'long_term';
  stage_done: boolean;
  lead_dept: string | null;
  deadline: string | null;
  closed_at: Date | null;
}

export interface ContactRow {
  unit_id: number;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  email: string | null;
  portal_url: string | null;
  updated_at: Date;
}

export interface DraftRow {
  content: unknown;
  revision: number;
  updated_at: Date;
}

export interface VersionRow {
  number: number;
  kind: 'notice' | 'report';
  note: string;
  digest: string;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
}

export interface VersionFullRow extends VersionRow {
  content: unknown;
  facts: unknown;
  text: string;
}

const VERSION_COLUMNS = `v.number, v.kind, v.note, v.digest, v.created_by, u.display_name AS created_by_name, v.created_at`;

export const noticeRepo = {
  /** The round with its unit and the office above the unit. */
  async round(q: Queryable, inspectionId: number): Promise<RoundRow | null> {
    return (
      (
        await q.query<RoundRow>(
          `SELECT i.id, i.unit_id, u.name AS unit_name, o.name AS office_name, i.kind, i.title, i.body,
              i.onsite_start, i.onsite_end, i.feedback_date
         FROM inspections i
         JOIN organizations u ON u.id = i.unit_id
         LEFT JOIN organizations o ON o.id = u.parent_id AND o.kind = 'office'
        WHERE i.id = $1`,
          [inspectionId],
        )
      ).rows[0] ?? null
    );
  },

  /** Every problem of the round in the ledger's order (parents before their children). */
  async problems(q: Queryable, inspectionId: number): Promise<ProblemNodeRow[]> {
    return (
      await q.query<ProblemNodeRow>(
        `SELECT p.id, p.parent_id, p.title, p.description, p.status, p.stage_done, d.name AS lead_dept, p.deadline, p.closed_at
         FROM problems p LEFT JOIN organizations d ON d.id = p.lead_dept_id
        WHERE p.inspection_id = $1
        ORDER BY p.sort_order, p.id`,
        [inspectionId],
      )
    ).rows;
  },

  /** Measures of the round's problems, in their order. */
  async measures(q: Queryable, inspectionId: number): Promise<{ problem_id: number; text: string }[]> {
    return (
      await q.query<{ problem_id: number; text: string }>(
        `SELECT m.problem_id, m.text FROM measures m JOIN problems p ON p.id = m.problem_id
        WHERE p.inspection_id = $1 ORDER BY m.problem_id, m.sort_order, m.id`,
        [inspectionId],
      )
    ).rows;
  },

  /** The latest progress report of each problem of the round that has one. */
  async latestProgress(q: Queryable, inspectionId: number): Promise<{ problem_id: number; text: string }[]> {
    return (
      await q.query<{ problem_id: number; text: string }>(
        `SELECT DISTINCT ON (e.problem_id) e.problem_id, e.text
         FROM progress_entries e JOIN problems p ON p.id = e.problem_id
        WHERE p.inspection_id = $1
        ORDER BY e.problem_id, e.created_at DESC, e.id DESC`,
        [inspectionId],
      )
    ).rows;
  },

  async contact(q: Queryable, unitId: number): Promise<ContactRow | null> {
    return (await q.query<ContactRow>('SELECT * FROM unit_contacts WHERE unit_id = $1', [unitId])).rows[0] ?? null;
  },

  async unit(q: Queryable, unitId: number): Promise<{ id: number; name: string } | null> {
    return (
      (await q.query<{ id: number; name: string }>(`SELECT id, name FROM organizations WHERE id = $1 AND kind = 'unit'`, [unitId]))
        .rows[0] ?? null
    );
  },

  async saveContact(
    q: Queryable,
    v: { unitId: number; phone: string; address: string; postcode: string; email: string; portalUrl: string; by: number; at: Date },
  ) {
    const orNull = (s: string) => (s === '' ? null : s);
    await q.query(
      `INSERT INTO unit_contacts (unit_id, phone, address, postcode, email, portal_url, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (unit_id) DO UPDATE SET phone = $2, address = $3, postcode = $4, email = $5, portal_url = $6,
         updated_by = $7, updated_at = $8`,
      [v.unitId, orNull(v.phone), orNull(v.address), orNull(v.postcode), orNull(v.email), orNull(v.portalUrl), v.by, v.at],
    );
  },

  async draft(q: Queryable, inspectionId: number, kind: string, forUpdate = false): Promise<DraftRow | null> {
    return (
      (
        await q.query<DraftRow>(
          `SELECT content, revision, updated_at FROM notice_drafts WHERE inspection_id = $1 AND kind = $2${forUpdate ? ' FOR UPDATE' : ''}`,
          [inspectionId, kind],
        )
      ).rows[0] ?? null
    );
  },

  /**
   * Writes the draft if its revision is still `revision` (0: none saved yet) and
   * returns the new revision, or null when someone saved in between.
   */
  async saveDraft(
    q: Queryable,
    v: { inspectionId: number; kind: string; unitId: number; content: unknown; revision: number; by: number; at: Date },
  ): Promise<number | null> {
    if (v.revision === 0) {
      const r = await q.query<{ revision: number }>(
        `INSERT INTO notice_drafts (inspection_id, kind, unit_id, content, revision, updated_by, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, 1, $5, $6) ON CONFLICT (inspection_id, kind) DO NOTHING RETURNING revision`,
        [v.inspectionId, v.kind, v.unitId, JSON.stringify(v.content), v.by, v.at],
      );
      return r.rows[0]?.revision ?? null;
    }
    const r = await q.query<{ revision: number }>(
      `UPDATE notice_drafts SET content = $4::jsonb, revision = revision + 1, updated_by = $5, updated_at = $6
        WHERE inspection_id = $1 AND kind = $2 AND revision = $3 RETURNING revision`,
      [v.inspectionId, v.kind, v.revision, JSON.stringify(v.content), v.by, v.at],
    );
    return r.rows[0]?.revision ?? null;
  },

  async versions(q: Queryable, inspectionId: number, kind: string): Promise<VersionRow[]> {
    return (
      await q.query<VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM notice_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.inspection_id = $1 AND v.kind = $2 ORDER BY v.number DESC`,
        [inspectionId, kind],
      )
    ).rows;
  },

  async version(q: Queryable, inspectionId: number, kind: string, number: number): Promise<VersionFullRow | null> {
    return (
      (
        await q.query<VersionFullRow>(
          `SELECT ${VERSION_COLUMNS}, v.content, v.facts, v.text FROM notice_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.inspection_id = $1 AND v.kind = $2 AND v.number = $3`,
          [inspectionId, kind, number],
        )
      ).rows[0] ?? null
    );
  },

  /**
   * Appends the next version. The round's row is locked first, so two saves of the
   * same round number one after the other instead of colliding on the number.
   */
  async insertVersion(
    q: Queryable,
    v: {
      inspectionId: number;
      kind: string;
      unitId: number;
      note: string;
      content: unknown;
      facts: unknown;
      text: string;
      digest: string;
      by: number;
      at: Date;
    },
  ): Promise<number> {
    await q.query('SELECT id FROM inspections WHERE id = $1 FOR UPDATE', [v.inspectionId]);
    const r = await q.query<{ number: number }>(
      `INSERT INTO notice_versions (inspection_id, kind, unit_id, number, note, content, facts, text, digest, created_by, created_at)
       VALUES ($1, $2, $3,
               (SELECT coalesce(max(number), 0) + 1 FROM notice_versions WHERE inspection_id = $1 AND kind = $2),
               $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10)
       RETURNING number`,
      [v.inspectionId, v.kind, v.unitId, v.note, JSON.stringify(v.content), JSON.stringify(v.facts), v.text, v.digest, v.by, v.at],
    );
    return r.rows[0].number;
  },
};
