import type { Queryable } from '../../db/index.js';
import type { Role } from '../../../domain/schemas/index.js';

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
        `SELECT id, name FROM organizations WHERE kind = 'department' AND unit_id = $1 AND is_active
          ORDER BY sort_order NULLS LAST, id`,
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

  // ---- issue 7 point 19: the unit's 整改办 keeps its departments and leaders ----

  /** Every department of the unit (deactivated ones too) with its open work and handler accounts, in the unit's order. */
  async managedDepartments(q: Queryable, unitId: number, deptId?: number): Promise<ManagedDeptRow[]> {
    return (
      await q.query<ManagedDeptRow>(
        `SELECT d.id, d.name, d.is_active,
                (SELECT count(*)::int FROM problems p
                  WHERE p.status <> 'closed' AND (p.lead_dept_id = d.id
                     OR EXISTS (SELECT 1 FROM problem_cooperators c WHERE c.problem_id = p.id AND c.dept_id = d.id)))
              + (SELECT count(*)::int FROM measures m JOIN problems p ON p.id = m.problem_id
                  WHERE m.owner_dept_id = d.id AND m.status <> 'done' AND p.status <> 'closed'
                    AND p.lead_dept_id IS DISTINCT FROM d.id) AS open_items,
                (SELECT count(*)::int FROM memberships ms JOIN users u ON u.id = ms.user_id
                  WHERE ms.org_id = d.id AND ms.role = 'dept_handler' AND u.is_active) AS handlers
           FROM organizations d
          WHERE d.kind = 'department' AND d.unit_id = $1 AND ($2::int IS NULL OR d.id = $2)
          ORDER BY d.sort_order NULLS LAST, d.id`,
        [unitId, deptId ?? null],
      )
    ).rows;
  },
  /**
   * Locks the unit's row: creations, renames, orders and deactivations of one unit's departments never
   * interleave (two racing creations of one name: the second sees the first).
   */
  async lockDepartments(q: Queryable, unitId: number): Promise<void> {
    await q.query(`SELECT id FROM organizations WHERE id = $1 AND kind = 'unit' FOR UPDATE`, [unitId]);
  },
  /** Whether another department of the unit has that name (case and spacing as typed). */
  async deptNameTaken(q: Queryable, unitId: number, name: string, exceptId: number | null): Promise<boolean> {
    const r = await q.query(
      `SELECT 1 FROM organizations WHERE kind = 'department' AND unit_id = $1 AND name = $2 AND ($3::int IS NULL OR id <> $3)`,
      [unitId, name, exceptId],
    );
    return r.rowCount > 0;
  },
  async nextDeptPosition(q: Queryable, unitId: number): Promise<number> {
    const r = await q.query<{ n: number }>(
      `SELECT (count(*) + 1)::int AS n FROM organizations WHERE kind = 'department' AND unit_id = $1`,
      [unitId],
    );
    return r.rows[0].n;
  },
  async renameOrg(q: Queryable, id: number, name: string): Promise<void> {
    await q.query('UPDATE organizations SET name = $2 WHERE id = $1', [id, name]);
  },
  async setOrgActive(q: Queryable, id: number, active: boolean): Promise<void> {
    await q.query('UPDATE organizations SET is_active = $2 WHERE id = $1', [id, active]);
  },
  /** Numbers the departments 1.. in the given order. */
  async orderDepartments(q: Queryable, unitId: number, ids: number[]): Promise<void> {
    await q.query(
      `UPDATE organizations o SET sort_order = x.pos
         FROM unnest($2::int[]) WITH ORDINALITY AS x(id, pos)
        WHERE o.id = x.id AND o.kind = 'department' AND o.unit_id = $1`,
      [unitId, ids],
    );
  },
  async setDeptPosition(q: Queryable, id: number, pos: number): Promise<void> {
    await q.query('UPDATE organizations SET sort_order = $2 WHERE id = $1', [id, pos]);
  },

  /**
   * The unit's leaders (disabled ones too) with profile and open items, plus each account's roles anywhere.
   * An entry made without sign-in counts as signing in once the system administrator has set its password.
   */
  async managedLeaders(q: Queryable, unitId: number, userId?: number): Promise<ManagedLeaderRow[]> {
    return (
      await q.query<ManagedLeaderRow>(
        `SELECT u.id, u.username, u.display_name, u.is_active,
                COALESCE(lp.title, '') AS title, COALESCE(lp.areas, '') AS areas,
                COALESCE(lp.sign_in, true) OR u.password_changed_at > u.created_at AS sign_in,
                (SELECT count(*)::int FROM problems p WHERE p.leader_id = u.id AND p.unit_id = $1 AND p.status <> 'closed') AS open_items,
                (SELECT json_agg(json_build_object('role', m2.role, 'unitId', o.unit_id))
                   FROM memberships m2 JOIN organizations o ON o.id = m2.org_id WHERE m2.user_id = u.id) AS roles
           FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = $1 AND m.role = 'leader'
           LEFT JOIN leader_profiles lp ON lp.user_id = u.id AND lp.unit_id = $1
          WHERE $2::int IS NULL OR u.id = $2
          ORDER BY u.is_active DESC, u.id`,
        [unitId, userId ?? null],
      )
    ).rows;
  },
  async lockUser(q: Queryable, userId: number): Promise<void> {
    await q.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
  },
  async upsertLeaderProfile(q: Queryable, v: { userId: number; unitId: number; title: string; areas: string; signIn?: boolean }) {
    await q.query(
      `INSERT INTO leader_profiles (user_id, unit_id, title, areas, sign_in) VALUES ($1, $2, $3, $4, COALESCE($5, true))
       ON CONFLICT (user_id, unit_id) DO UPDATE SET title = EXCLUDED.title, areas = EXCLUDED.areas,
         sign_in = COALESCE($5, leader_profiles.sign_in)`,
      [v.userId, v.unitId, v.title, v.areas, v.signIn ?? null],
    );
  },
};

export interface ManagedDeptRow {
  id: number;
  name: string;
  is_active: boolean;
  open_items: number;
  handlers: number;
}

export interface ManagedLeaderRow {
  id: number;
  username: string;
  display_name: string;
  is_active: boolean;
  title: string;
  areas: string;
  sign_in: boolean;
  open_items: number;
  roles: { role: Role; unitId: number | null }[];
}
