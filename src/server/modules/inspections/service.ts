import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import type { InspectionBody } from '../../../domain/schemas/index.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { inspectionRepo } from './repository.js';
import { presentInspection } from './presenter.js';
import { orgRepo } from '../orgs/repository.js';

export async function listInspections(ctx: AppContext, actor: Actor) {
  return (await inspectionRepo.list(ctx.db, actor.readUnitIds, actor.deptIds)).map(presentInspection);
}

export async function getInspection(ctx: AppContext, actor: Actor, id: number) {
  const row = await inspectionRepo.byId(ctx.db, actor.readUnitIds, id, actor.deptIds);
  if (!row) throw notFound(`inspection ${id}`, '该巡视巡察轮次');
  return presentInspection(row);
}

/** 巡察办 opens rounds for the units it watches; 整改办 for its own unit. */
export async function mayCreateFor(ctx: AppContext, actor: Actor, unitId: number): Promise<boolean> {
  if (actor.adminUnitIds.includes(unitId)) return true;
  const unit = await orgRepo.byId(ctx.db, unitId);
  return !!unit && unit.kind === 'unit' && unit.parent_id != null && actor.officeIds.includes(unit.parent_id);
}

export async function createInspection(ctx: AppContext, actor: Actor, body: InspectionBody) {
  if (!actor.readUnitIds.includes(body.unitId)) throw notFound(`unit ${body.unitId}`, '该单位');
  if (!(await mayCreateFor(ctx, actor, body.unitId))) throw forbidden('create inspection', '新建巡视巡察轮次');
  const id = await ctx.db.tx(async (q) => {
    const now = ctx.clock.now();
    const newId = await inspectionRepo.insert(q, { ...body, createdBy: actor.id, now });
    await writeAudit(q, { at: now, actorId: actor.id, actorName: actor.username, action: 'inspection.create', objectType: 'inspection', objectId: newId, unitId: body.unitId, ip: actor.ip });
    return newId;
  });
  return getInspection(ctx, actor, id);
}
