import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { notFound } from '../../lib/errors.js';
import { orgRepo, type OrgRow } from './repository.js';

interface OrgNode { id: number; parentId: number | null; kind: OrgRow['kind']; name: string; children: OrgNode[] }

export async function orgTree(ctx: AppContext, actor: Actor): Promise<OrgNode[]> {
  const rows = await orgRepo.visible(ctx.db, actor.readUnitIds, actor.deptIds);
  const nodes = new Map(rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId != null ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** Units a person may read; a department handler reads the names of their own unit. */
function mayReadUnit(actor: Actor, unitId: number, deptUnitIds: number[]): boolean {
  return actor.readUnitIds.includes(unitId) || deptUnitIds.includes(unitId);
}

async function deptUnits(ctx: AppContext, actor: Actor): Promise<number[]> {
  const rows = await orgRepo.visible(ctx.db, [], actor.deptIds);
  return rows.map((r) => r.unit_id).filter((x): x is number => x != null);
}

export async function unitDepartments(ctx: AppContext, actor: Actor, unitId: number) {
  if (!mayReadUnit(actor, unitId, await deptUnits(ctx, actor))) throw notFound(`unit ${unitId}`, '该单位');
  return orgRepo.departments(ctx.db, unitId);
}

export async function unitLeaders(ctx: AppContext, actor: Actor, unitId: number) {
  if (!mayReadUnit(actor, unitId, await deptUnits(ctx, actor))) throw notFound(`unit ${unitId}`, '该单位');
  return (await orgRepo.leaders(ctx.db, unitId)).map((l) => ({ id: l.id, displayName: l.display_name }));
}
