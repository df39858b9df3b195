import type { Queryable } from '../../db/index.js';
import { sealProgress } from '../audit/integrity.js';
import type { SealedProgress } from '../audit/repository.js';

export interface ProgressRow {
  id: number;
  problem_id: number;
  measure_id: number | null;
  author_id: number | null;
  author_name: string | null;
  text: string;
  figures: Record<string, unknown> | null;
  created_at: Date;
  evidence: { id: number; filename: string; mime: string; size: number; digest: string }[];
}

/** A problem's progress entries with their evidence (the problem given as an SQL expression), and their order. */
export const progressOf = (problemId: string) => `SELECT e.id, e.problem_id, e.measure_id, e.author_id, u.display_name AS author_name,
         e.text, e.figures, e.created_at,
         COALESCE((SELECT json_agg(json_build_object('id', v.id, 'filename', v.filename, 'mime', v.mime, 'size', v.size,
           'digest', v.digest) ORDER BY v.id)
                     FROM evidence v WHERE v.progress_id = e.id), '[]'::json) AS evidence
    FROM progress_entries e LEFT JOIN users u ON u.id = e.author_id
   WHERE e.problem_id = ${problemId}`;
export const PROGRESS_ORDER = 'created_at DESC, id DESC';
/** The instants of a progress row (see db/json.ts). */
export const PROGRESS_INSTANTS = ['created_at'] as const;

export const progressRepo = {
  async forProblem(q: Queryable, problemId: number): Promise<ProgressRow[]> {
    return (await q.query<ProgressRow>(`${progressOf('$1')} ORDER BY ${PROGRESS_ORDER}`, [problemId])).rows;
  },
  async insert(
    q: Queryable,
    v: {
      problemId: number;
      measureId: number | null;
      authorId: number | null;
      text: string;
      figures: Record<string, unknown> | null;
      at: Date;
      /** The formalism rule's warnings on the text (issue 9), stored with the entry. */
      formalism?: { message: string; suggestion: string }[];
    },
  ): Promise<number> {
    const row = (
      await q.query<SealedProgress>(
        `INSERT INTO progress_entries (problem_id, measure_id, author_id, text, figures, created_at, formalism) VALUES ($1, $2,
          $3, $4, $5::jsonb, $6, $7::jsonb)
       RETURNING id, problem_id, measure_id, author_id, text, figures, created_at`,
        [
          v.problemId,
          v.measureId,
          v.authorId,
          v.text,
          v.figures ? JSON.stringify(v.figures) : null,
          v.at,
          v.formalism?.length ? JSON.stringify(v.formalism) : null,
        ],
      )
    ).rows[0];
    const id = row.id;
    // sealed as stored (jsonb figures included): `zhenggai verify` finds text edited in the database
    await sealProgress(q, row);
    // last_progress_at: the lights' "stalled" rule reads it (issue 9)
    await q.query('UPDATE problems SET progress_count = progress_count + 1, last_progress_at = $2 WHERE id = $1', [v.problemId, v.at]);
    return id;
  },
  async insertEvidence(
    q: Queryable,
    v: { progressId: number; problemId: number; digest: string; filename: string; mime: string; size: number; at: Date },
  ): Promise<number> {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO evidence (progress_id, problem_id, digest, filename, mime, size, created_at) VALUES ($1, $2, $3, $4, $5, $6,
          $7) RETURNING id`,
        [v.progressId, v.problemId, v.digest, v.filename, v.mime, v.size, v.at],
      )
    ).rows[0].id;
    await q.query('UPDATE problems SET evidence_count = evidence_count + 1 WHERE id = $1', [v.problemId]);
    return id;
  },
  async evidenceById(
    q: Queryable,
    id: number,
  ): Promise<{ id: number; problem_id: number; digest: string; filename: string; mime: string; size: number } | null> {
    return (
      (
        await q.query<{ id: number; problem_id: number; digest: string; filename: string; mime: string; size: number }>(
          'SELECT id, problem_id, digest, filename, mime, size FROM evidence WHERE id = $1',
          [id],
        )
      ).rows[0] ?? null
    );
  },
};
