import type { Queryable } from '../../db/index.js';
import type { LedgerMapping } from '../../../domain/notice/types.js';
import type { SealedProgress, SealedTransition } from '../audit/repository.js';

export const importRepo = {
  /**
   * The progress reported in a notice, one entry per problem, in one statement;
   * answered as stored, to be sealed (the problems' progress_count and
   * last_progress_at are written with the problems).
   */
  async insertProgress(
    q: Queryable,
    v: { problemIds: number[]; texts: string[]; authorId: number | null; at: Date },
  ): Promise<SealedProgress[]> {
    if (!v.problemIds.length) return [];
    return (
      await q.query<SealedProgress>(
        `INSERT INTO progress_entries (problem_id, measure_id, author_id, text, figures, created_at)
         SELECT x.pid, NULL, $1, x.text, NULL, $2 FROM unnest($3::int[], $4::text[]) AS x(pid, text)
         RETURNING id, problem_id, measure_id, author_id, text, figures, created_at`,
        [v.authorId, v.at, v.problemIds, v.texts],
      )
    ).rows;
  },
  /** The import's transitions (pending → the state the notice reports), in one statement; answered to be sealed. */
  async insertTransitions(
    q: Queryable,
    v: { problemIds: number[]; to: string[]; actorId: number | null; reason: string; at: Date },
  ): Promise<SealedTransition[]> {
    if (!v.problemIds.length) return [];
    return (
      await q.query<SealedTransition>(
        `INSERT INTO transitions (problem_id, action, from_status, to_status, actor_id, reason, created_at)
         SELECT x.pid, 'import', 'pending', x.to_status, $1, $2, $3 FROM unnest($4::int[], $5::text[]) AS x(pid, to_status)
         RETURNING id, problem_id, action, from_status, to_status, actor_id, created_at`,
        [v.actorId, v.reason, v.at, v.problemIds, v.to],
      )
    ).rows;
  },
  /**
   * Claims an idempotency key for this commit. False when the key was claimed
   * already: on PostgreSQL a second claim waits here until the first commit's
   * transaction ends, then sees its row (or claims the key if it rolled back).
   */
  async claimKey(q: Queryable, v: { actorId: number; key: string; unitId: number; digest: string; at: Date }): Promise<boolean> {
    const r = await q.query(
      `INSERT INTO import_commits (actor_id, key, unit_id, digest, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (actor_id, key) DO NOTHING`,
      [v.actorId, v.key, v.unitId, v.digest, v.at],
    );
    return r.rowCount === 1;
  },
  async keyed(q: Queryable, actorId: number, key: string): Promise<{ unit_id: number; digest: string; result: unknown } | null> {
    return (
      (
        await q.query<{ unit_id: number; digest: string; result: unknown }>(
          'SELECT unit_id, digest, result FROM import_commits WHERE actor_id = $1 AND key = $2',
          [actorId, key],
        )
      ).rows[0] ?? null
    );
  },
  async keyResult(q: Queryable, actorId: number, key: string, result: unknown): Promise<void> {
    await q.query('UPDATE import_commits SET result = $3::jsonb WHERE actor_id = $1 AND key = $2', [actorId, key, JSON.stringify(result)]);
  },
  /** An earlier import of the same document into this unit, if any. */
  async byDigest(q: Queryable, unitId: number, digest: string): Promise<{ inspection_id: number; title: string; created_at: Date } | null> {
    return (
      (
        await q.query<{ inspection_id: number; title: string; created_at: Date }>(
          `SELECT i.id AS inspection_id, i.title, i.created_at FROM inspections i
        WHERE i.unit_id = $1 AND i.source_digest = $2 ORDER BY i.id DESC LIMIT 1`,
          [unitId, digest],
        )
      ).rows[0] ?? null
    );
  },
  async record(
    q: Queryable,
    v: {
      unitId: number;
      inspectionId: number;
      digest: string;
      filename: string | null;
      source: string;
      problems: number;
      measures: number;
      findings: unknown;
      by: number | null;
      at: Date;
    },
  ): Promise<number> {
    return (
      await q.query<{ id: number }>(
        `INSERT INTO notice_imports (unit_id, inspection_id, digest, filename, source, problems, measures, findings, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING id`,
        [v.unitId, v.inspectionId, v.digest, v.filename, v.source, v.problems, v.measures, JSON.stringify(v.findings ?? null), v.by, v.at],
      )
    ).rows[0].id;
  },
  async mapping(q: Queryable, unitId: number, name = 'default'): Promise<LedgerMapping | null> {
    return (
      (await q.query<{ mapping: LedgerMapping }>('SELECT mapping FROM ledger_mappings WHERE unit_id = $1 AND name = $2', [unitId, name]))
        .rows[0]?.mapping ?? null
    );
  },
  async saveMapping(
    q: Queryable,
    v: { unitId: number; name: string; mapping: Record<string, string>; by: number; at: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO ledger_mappings (unit_id, name, mapping, updated_by, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (unit_id, name) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [v.unitId, v.name, JSON.stringify(v.mapping), v.by, v.at],
    );
  },
};
