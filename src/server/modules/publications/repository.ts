/**
 * All SQL of publications: the saved version to publish, the frozen publication
 * rows (text, .docx, digests), and the portal's reads of them.
 */
import type { Queryable } from '../../db/index.js';

export interface PublishableVersionRow {
  id: number;
  number: number;
  kind: 'notice' | 'report';
  content: unknown;
  facts: unknown;
  text: string;
  digest: string;
}

export interface PublicationRow {
  id: number;
  code: string;
  inspection_id: number;
  unit_id: number;
  unit_name: string;
  kind: 'notice' | 'report';
  version_number: number;
  title: string;
  text_digest: string;
  docx_digest: string;
  filename: string;
  status_table: unknown;
  published_by: number | null;
  published_by_name: string | null;
  published_at: Date;
}

export interface NewPublication {
  code: string;
  inspectionId: number;
  unitId: number;
  kind: 'notice' | 'report';
  versionId: number;
  versionNumber: number;
  title: string;
  text: string;
  textDigest: string;
  docx: Uint8Array;
  docxDigest: string;
  filename: string;
  statusTable: unknown;
  by: number | null;
  at: Date;
}

const COLUMNS = `p.id, p.code, p.inspection_id, p.unit_id, o.name AS unit_name, p.kind, p.version_number, p.title,
  p.text_digest, p.docx_digest, p.filename, p.status_table, p.published_by, u.display_name AS published_by_name, p.published_at`;
const FROM = `FROM publications p JOIN organizations o ON o.id = p.unit_id LEFT JOIN users u ON u.id = p.published_by`;

export const publicationRepo = {
  /** A saved version with what it was composed from, locked against a concurrent publication of it. */
  async version(q: Queryable, inspectionId: number, kind: string, number: number): Promise<PublishableVersionRow | null> {
    const r = await q.query<PublishableVersionRow>(
      `SELECT id, number, kind, content, facts, text, digest FROM notice_versions
        WHERE inspection_id = $1 AND kind = $2 AND number = $3 FOR UPDATE`,
      [inspectionId, kind, number],
    );
    return r.rows[0] ?? null;
  },

  async byVersion(q: Queryable, versionId: number): Promise<PublicationRow | null> {
    return (await q.query<PublicationRow>(`SELECT ${COLUMNS} ${FROM} WHERE p.version_id = $1`, [versionId])).rows[0] ?? null;
  },

  async codeTaken(q: Queryable, code: string): Promise<boolean> {
    return (await q.query('SELECT 1 FROM publications WHERE code = $1', [code])).rows.length > 0;
  },

  async insert(q: Queryable, p: NewPublication): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO publications (code, inspection_id, unit_id, kind, version_id, version_number, title, text, text_digest,
         docx, docx_digest, filename, status_table, published_by, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15) RETURNING id`,
      [
        p.code,
        p.inspectionId,
        p.unitId,
        p.kind,
        p.versionId,
        p.versionNumber,
        p.title,
        p.text,
        p.textDigest,
        Buffer.from(p.docx),
        p.docxDigest,
        p.filename,
        p.statusTable == null ? null : JSON.stringify(p.statusTable),
        p.by,
        p.at,
      ],
    );
    return r.rows[0].id;
  },

  async byId(q: Queryable, id: number): Promise<PublicationRow | null> {
    return (await q.query<PublicationRow>(`SELECT ${COLUMNS} ${FROM} WHERE p.id = $1`, [id])).rows[0] ?? null;
  },

  /** A round's publications, newest first. */
  /** A page of a round's publications, newest first, with the count of all. */
  async ofInspection(q: Queryable, v: { inspectionId: number; limit: number; offset: number }) {
    const total = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM publications WHERE inspection_id = $1', [v.inspectionId]))
      .rows[0].n;
    const rows = (
      await q.query<PublicationRow>(
        `SELECT ${COLUMNS} ${FROM} WHERE p.inspection_id = $1 ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3`,
        [v.inspectionId, v.limit, v.offset],
      )
    ).rows;
    return { rows, total };
  },

  async byCode(q: Queryable, code: string): Promise<(PublicationRow & { text: string }) | null> {
    return (
      (await q.query<PublicationRow & { text: string }>(`SELECT ${COLUMNS}, p.text ${FROM} WHERE p.code = $1`, [code])).rows[0] ?? null
    );
  },

  async docx(q: Queryable, code: string): Promise<{ docx: Uint8Array; filename: string; docx_digest: string } | null> {
    const r = await q.query<{ docx: Uint8Array; filename: string; docx_digest: string }>(
      'SELECT docx, filename, docx_digest FROM publications WHERE code = $1',
      [code],
    );
    return r.rows[0] ?? null;
  },

  /** The first publication whose .docx or text has this SM3. */
  async byDigest(q: Queryable, digest: string): Promise<(PublicationRow & { matched_on: 'docx' | 'text' }) | null> {
    const r = await q.query<PublicationRow & { matched_on: 'docx' | 'text' }>(
      `SELECT ${COLUMNS}, CASE WHEN p.docx_digest = $1 THEN 'docx' ELSE 'text' END AS matched_on ${FROM}
        WHERE p.docx_digest = $1 OR p.text_digest = $1 ORDER BY p.published_at, p.id LIMIT 1`,
      [digest],
    );
    return r.rows[0] ?? null;
  },

  /** Every publication with its unit, newest first (the portal's home; a few per unit and round). */
  async all(q: Queryable, limit: number): Promise<PublicationRow[]> {
    return (await q.query<PublicationRow>(`SELECT ${COLUMNS} ${FROM} ORDER BY o.name, p.published_at DESC, p.id DESC LIMIT $1`, [limit]))
      .rows;
  },

  async ofUnit(q: Queryable, unitId: number): Promise<PublicationRow[]> {
    return (
      await q.query<PublicationRow>(`SELECT ${COLUMNS} ${FROM} WHERE p.unit_id = $1 ORDER BY p.published_at DESC, p.id DESC`, [unitId])
    ).rows;
  },

  async unitName(q: Queryable, unitId: number): Promise<string | null> {
    return (
      (await q.query<{ name: string }>("SELECT name FROM organizations WHERE id = $1 AND kind = 'unit'", [unitId])).rows[0]?.name ?? null
    );
  },
};
