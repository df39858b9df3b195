import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import type { InspectionBody, InspectionListQuery } from '../../../domain/schemas/index.js';
import { limitOffset, pageOf } from '../../lib/paging.js';
import { notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { inspectionRepo } from './repository.js';
import { presentInspection } from './presenter.js';
import { orgRepo } from '../orgs/repository.js';
import * as policy from './policy.js';

/** GET /inspections — the rounds of the units the actor reads, and those where their departments have problems. */
export async function listInspections(ctx: AppContext, o: { actor: Actor; query: InspectionListQuery }) {
  const { actor, query } = o;
  const { rows, total } = await inspectionRepo.list(ctx.db, {
    unitIds: actor.readUnitIds,
    deptIds: actor.deptIds,
    q: query.q,
    unitId: query.unitId,
    ...limitOffset(query),
  });
  return pageOf(
    rows.map((r) => presentInspection(r, actor)),
    total,
    query,
  );
}

/** GET /inspections/:id */
export async function getInspection(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const { actor, inspectionId: id } = o;
  const row = await inspectionRepo.byId(ctx.db, actor.readUnitIds, id, actor.deptIds);
  if (!row) throw notFound(`inspection ${id}`, '该巡视巡察轮次');
  return presentInspection(row, actor);
}

/** The facts the inspection policy needs about a unit: the office above it. */
export async function unitFacts(q: Queryable, unitId: number): Promise<policy.UnitFacts> {
  const unit = await orgRepo.byId(q, unitId);
  return { id: unitId, officeId: unit?.kind === 'unit' ? unit.parent_id : null };
}

/** POST /inspections — 巡察办 opens rounds for the units it watches; 整改办 for its own unit. */
export async function createInspection(ctx: AppContext, o: { actor: Actor; inspection: InspectionBody }) {
  const { actor, inspection: body } = o;
  enforce('createInspection', policy.createInspection(actor, await unitFacts(ctx.db, body.unitId)));
  const id = await ctx.db.tx(async (q) => {
    const now = ctx.clock.now();
    const newId = await inspectionRepo.insert(q, { ...body, createdBy: actor.id, now });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'inspection.create',
      objectType: 'inspection',
      objectId: newId,
      unitId: body.unitId,
      ip: actor.ip,
    });
    return newId;
  });
  return getInspection(ctx, { actor, inspectionId: id });
}
