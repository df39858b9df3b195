import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../../lib/policy.js';
import { orgRepo, type OrgRow } from './repository.js';
import * as policy from './policy.js';

interface OrgNode {
  id: number;
  parentId: number | null;
  kind: OrgRow['kind'];
  name: string;
  children: OrgNode[];
}

/** GET /orgs/tree — the organisations the actor sees, as a tree. */
export async function orgTree(ctx: AppContext, actor: Actor): Promise<OrgNode[]> {
  const rows = await orgRepo.visible(ctx.db, actor.readUnitIds, actor.deptIds);
  const nodes = new Map(
    rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, children: [] as OrgNode[] }]),
  );
  const roots: OrgNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId != null ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** The units of the actor's own departments. */
async function deptUnits(ctx: AppContext, actor: Actor): Promise<number[]> {
  const rows = await orgRepo.visible(ctx.db, [], actor.deptIds);
  return rows.map((r) => r.unit_id).filter((x): x is number => x != null);
}

async function checkUnit(ctx: AppContext, actor: Actor, unitId: number): Promise<void> {
  enforce('readUnit', policy.readUnit(actor, unitId, await deptUnits(ctx, actor)));
}

/** GET /units/:id/departments */
export async function unitDepartments(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkUnit(ctx, o.actor, o.unitId);
  return orgRepo.departments(ctx.db, o.unitId);
}

/** GET /units/:id/leaders */
export async function unitLeaders(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkUnit(ctx, o.actor, o.unitId);
  return (await orgRepo.leaders(ctx.db, o.unitId)).map((l) => ({ id: l.id, displayName: l.display_name }));
}
