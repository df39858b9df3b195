import type { Queryable } from '../../db/index.js';

export interface OrgRow {
  id: number;
  parent_id: number | null;
  kind: 'office' | 'unit' | 'department';
  name: string;
  unit_id: number | null;
}

export const orgRepo = {
  async byId(q: Queryable, id: number): Promise<OrgRow | null> {
    return (await q.query<OrgRow>('SELECT id, parent_id, kind, name, unit_id FROM organizations WHERE id = $1', [id])).rows[0] ?? null;
  },
  /** The given units with their departments, and the offices above them. */
  async visible(q: Queryable, unitIds: number[], deptIds: number[]): Promise<OrgRow[]> {
    return (
      await q.query<OrgRow>(
        `SELECT id, parent_id, kind, name, unit_id FROM organizations
        WHERE unit_id = ANY($1::int[]) OR id = ANY($2::int[])
           OR id IN (SELECT parent_id FROM organizations WHERE id = ANY($1::int[]))
        ORDER BY kind = 'department', id`,
        [unitIds, deptIds],
      )
    ).rows;
  },
  async departments(q: Queryable, unitId: number): Promise<{ id: number; name: string }[]> {
    return (
      await q.query<{ id: number; name: string }>(
        `SELECT id, name FROM organizations WHERE kind = 'department' AND unit_id = $1 ORDER BY id`,
        [unitId],
      )
    ).rows;
  },
  async leaders(q: Queryable, unitId: number): Promise<{ id: number; display_name: string }[]> {
    return (
      await q.query<{ id: number; display_name: string }>(
        `SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.org_id = $1 AND m.role = 'leader' AND u.is_active ORDER BY u.id`,
        [unitId],
      )
    ).rows;
  },
  async insert(q: Queryable, v: { parentId: number | null; kind: OrgRow['kind']; name: string; unitId?: number | null }): Promise<number> {
    const r = await q.query<{ id: number }>(
      'INSERT INTO organizations (parent_id, kind, name, unit_id) VALUES ($1, $2, $3, $4) RETURNING id',
      [v.parentId, v.kind, v.name, v.unitId ?? null],
    );
    const id = r.rows[0].id;
    if (v.kind === 'unit') await q.query('UPDATE organizations SET unit_id = id WHERE id = $1', [id]);
    return id;
  },
};
