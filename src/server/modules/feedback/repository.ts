/** All SQL of the public's feedback: the submission, its state by code, the unit's inbox. */
import type { Queryable } from '../../db/index.js';
import type { FeedbackStatus } from '../../../domain/schemas/feedback.js';

export interface FeedbackRow {
  id: number;
  unit_id: number;
  unit_name: string;
  publication_code: string | null;
  publication_title: string | null;
  subject: string;
  body: string;
  name_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  attachment_digest: string | null;
  attachment_name: string | null;
  attachment_mime: string | null;
  attachment_size: number | null;
  status: FeedbackStatus;
  answer: string | null;
  answered_by: number | null;
  answered_by_name: string | null;
  answered_at: Date | null;
  problem_id: number | null;
  problem_label: string | null;
  problem_title: string | null;
  created_at: Date;
}

export interface NewFeedback {
  unitId: number;
  publicationId: number | null;
  codeHash: string;
  subject: string;
  body: string;
  nameEnc: string | null;
  phoneEnc: string | null;
  emailEnc: string | null;
  attachment: { digest: string; name: string; mime: string; size: number } | null;
  at: Date;
}

const SELECT = `SELECT f.id, f.unit_id, o.name AS unit_name, pb.code AS publication_code, pb.title AS publication_title,
    f.subject, f.body, f.name_enc, f.phone_enc, f.email_enc, f.attachment_digest, f.attachment_name, f.attachment_mime,
    f.attachment_size, f.status, f.answer, f.answered_by, u.display_name AS answered_by_name, f.answered_at,
    f.problem_id, p.label AS problem_label, p.title AS problem_title, f.created_at
  FROM feedback f
  JOIN organizations o ON o.id = f.unit_id
  LEFT JOIN publications pb ON pb.id = f.publication_id
  LEFT JOIN users u ON u.id = f.answered_by
  LEFT JOIN problems p ON p.id = f.problem_id`;

export const feedbackRepo = {
  /** A unit that can receive feedback: one that has published a notice. */
  async publishingUnit(q: Queryable, unitId: number): Promise<{ id: number; name: string } | null> {
    const r = await q.query<{ id: number; name: string }>(
      `SELECT o.id, o.name FROM organizations o WHERE o.id = $1 AND o.kind = 'unit'
          AND EXISTS (SELECT 1 FROM publications p WHERE p.unit_id = o.id)`,
      [unitId],
    );
    return r.rows[0] ?? null;
  },

  async publicationOfUnit(q: Queryable, unitId: number, code: string): Promise<number | null> {
    const r = await q.query<{ id: number }>('SELECT id FROM publications WHERE unit_id = $1 AND code = $2', [unitId, code]);
    return r.rows[0]?.id ?? null;
  },

  async insert(q: Queryable, f: NewFeedback): Promise<number> {
    const a = f.attachment;
    const r = await q.query<{ id: number }>(
      `INSERT INTO feedback (unit_id, publication_id, code_hash, subject, body, name_enc, phone_enc, email_enc,
         attachment_digest, attachment_name, attachment_mime, attachment_size, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
      [
        f.unitId,
        f.publicationId,
        f.codeHash,
        f.subject,
        f.body,
        f.nameEnc,
        f.phoneEnc,
        f.emailEnc,
        a?.digest ?? null,
        a?.name ?? null,
        a?.mime ?? null,
        a?.size ?? null,
        f.at,
      ],
    );
    return r.rows[0].id;
  },

  async codeTaken(q: Queryable, codeHash: string): Promise<boolean> {
    return (await q.query('SELECT 1 FROM feedback WHERE code_hash = $1', [codeHash])).rows.length > 0;
  },

  async byCodeHash(q: Queryable, codeHash: string): Promise<FeedbackRow | null> {
    return (await q.query<FeedbackRow>(`${SELECT} WHERE f.code_hash = $1`, [codeHash])).rows[0] ?? null;
  },

  async byId(q: Queryable, id: number, opts: { lock?: boolean } = {}): Promise<FeedbackRow | null> {
    if (opts.lock) await q.query('SELECT id FROM feedback WHERE id = $1 FOR UPDATE', [id]);
    return (await q.query<FeedbackRow>(`${SELECT} WHERE f.id = $1`, [id])).rows[0] ?? null;
  },

  async page(q: Queryable, unitId: number, status: FeedbackStatus | undefined, page: number, pageSize: number) {
    const r = await q.query<FeedbackRow & { total: number }>(
      `${SELECT.replace('SELECT ', 'SELECT count(*) OVER ()::int AS total, ')}
        WHERE f.unit_id = $1 AND ($2::text IS NULL OR f.status = $2)
        ORDER BY f.created_at DESC, f.id DESC LIMIT $3 OFFSET $4`,
      [unitId, status ?? null, pageSize, (page - 1) * pageSize],
    );
    return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
  },

  async counts(q: Queryable, unitId: number): Promise<Record<FeedbackStatus, number>> {
    const r = await q.query<{ status: FeedbackStatus; n: number }>(
      'SELECT status, count(*)::int AS n FROM feedback WHERE unit_id = $1 GROUP BY status',
      [unitId],
    );
    const out: Record<FeedbackStatus, number> = { received: 0, in_progress: 0, answered: 0 };
    for (const x of r.rows) out[x.status] = x.n;
    return out;
  },

  async unitExists(q: Queryable, unitId: number): Promise<boolean> {
    return (await q.query("SELECT 1 FROM organizations WHERE id = $1 AND kind = 'unit'", [unitId])).rows.length > 0;
  },

  /** A problem of the unit's ledger (for linking); null when absent or another unit's. */
  async problemOfUnit(q: Queryable, unitId: number, problemId: number): Promise<{ id: number } | null> {
    return (await q.query<{ id: number }>('SELECT id FROM problems WHERE id = $1 AND unit_id = $2', [problemId, unitId])).rows[0] ?? null;
  },

  async update(
    q: Queryable,
    id: number,
    u: {
      status: FeedbackStatus;
      answer: string | null;
      answeredBy: number | null;
      answeredAt: Date | null;
      problemId: number | null;
      at: Date;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE feedback SET status = $2, answer = $3, answered_by = $4, answered_at = $5, problem_id = $6, updated_at = $7 WHERE id = $1`,
      [id, u.status, u.answer, u.answeredBy, u.answeredAt, u.problemId, u.at],
    );
  },
};
