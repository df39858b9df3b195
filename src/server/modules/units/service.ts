import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { notFound } from '../../lib/errors.js';
import { writeAudit } from '../audit/service.js';
import {
  DEFAULT_CLOSURE_CHAIN,
  DEFAULT_EXTENSION_CHAIN,
  DEFAULT_UNIT_RULES,
  type ReviewChain,
  type UnitRules,
} from '../../../domain/workflow/index.js';
import type { UnitSettingsBody } from '../../../domain/schemas/index.js';
import { unitSettingsRepo, type UnitSettingsRow } from './repository.js';
import * as policy from './policy.js';

/** What the use cases of other modules need of a unit's settings, defaults filled in. */
export interface EffectiveSettings {
  rules: UnitRules;
  closureChain: ReviewChain;
  extensionChain: ReviewChain;
}

function effective(row: UnitSettingsRow | null): EffectiveSettings {
  if (!row) return { rules: DEFAULT_UNIT_RULES, closureChain: DEFAULT_CLOSURE_CHAIN, extensionChain: DEFAULT_EXTENSION_CHAIN };
  return {
    rules: {
      closureNeedsMeasuresDone: row.closure_needs_measures_done,
      measureDeadlineWithinProblem: row.measure_deadline_within_problem,
      measureDoneStartsProblem: row.measure_done_starts_problem,
    },
    closureChain: row.closure_chain.length ? row.closure_chain : DEFAULT_CLOSURE_CHAIN,
    extensionChain: row.extension_chain.length ? row.extension_chain : DEFAULT_EXTENSION_CHAIN,
  };
}

/** The settings a unit runs on (its own, or the defaults), read inside the caller's transaction. */
export async function settingsOf(q: Queryable, unitId: number): Promise<EffectiveSettings> {
  return effective(await unitSettingsRepo.get(q, unitId));
}

function present(unit: { id: number; name: string }, row: UnitSettingsRow | null, actor: Actor) {
  const e = effective(row);
  return {
    unit,
    rules: e.rules,
    closureChain: e.closureChain.map((s) => ({ role: s.role, name: s.name })),
    extensionChain: e.extensionChain.map((s) => ({ role: s.role, name: s.name })),
    isDefault: !row,
    updatedBy: row?.updated_by != null && row.updated_by_name != null ? { id: row.updated_by, name: row.updated_by_name } : null,
    updatedAt: row?.updated_at ?? null,
    abilities: abilities({ edit: policy.editUnitSettings(actor, unit.id) }),
  };
}

async function loadUnit(q: Queryable, unitId: number) {
  const unit = await unitSettingsRepo.unit(q, unitId);
  if (!unit) throw notFound(`unit ${unitId}`, '该单位');
  return unit;
}

/** GET /units/:id/settings */
export async function getUnitSettings(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  enforce('readUnitSettings', policy.readUnitSettings(o.actor, o.unitId));
  const unit = await loadUnit(ctx.db, o.unitId);
  return present(unit, await unitSettingsRepo.get(ctx.db, o.unitId), o.actor);
}

/**
 * PUT /units/:id/settings — the unit's 整改办 saves rules and chains. Requests
 * already on their way keep the chain they started with.
 */
export async function saveUnitSettings(ctx: AppContext, o: { actor: Actor; unitId: number; settings: UnitSettingsBody }) {
  const { actor, unitId, settings: body } = o;
  enforce('editUnitSettings', policy.editUnitSettings(actor, unitId));
  await ctx.db.tx(async (q) => {
    await loadUnit(q, unitId);
    const before = effective(await unitSettingsRepo.get(q, unitId));
    const now = ctx.clock.now();
    await unitSettingsRepo.save(q, {
      unitId,
      ...body.rules,
      closureChain: body.closureChain,
      extensionChain: body.extensionChain,
      by: actor.id,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'unit.settings',
      objectType: 'unit',
      objectId: unitId,
      unitId,
      detail: { before, after: body },
      ip: actor.ip,
    });
  });
  return getUnitSettings(ctx, { actor, unitId });
}
