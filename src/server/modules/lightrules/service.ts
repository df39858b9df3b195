import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { abilities, enforce } from '../../lib/policy.js';
import { notFound } from '../../lib/errors.js';
import { writeAudit } from '../audit/service.js';
import { DEFAULT_SUPERVISION_RULES, type SupervisionRules } from '../../../domain/supervision/index.js';
import type { LightRulesBody } from '../../../domain/schemas/supervision.js';
import { lightRulesRepo, type RulesRow } from './repository.js';
import * as policy from './policy.js';

export function rulesOf(r: RulesRow): SupervisionRules {
  return {
    yellowDays: r.yellow_days,
    stalledDays: r.stalled_days,
    orderYellow: r.order_yellow,
    orderOverdueRed: r.order_overdue_red,
    remindYellow: r.remind_yellow,
    remindRed: r.remind_red,
    escalateRedDays: r.escalate_red_days,
    remindStalled: r.remind_stalled,
    orderRemindDays: r.order_remind_days,
  };
}

/** The rules each unit runs on (its office's current version, or the defaults), for the daily evaluation. */
export async function rulesByUnit(q: Queryable): Promise<(unitId: number) => SupervisionRules> {
  const [current, offices] = await Promise.all([lightRulesRepo.allCurrent(q), lightRulesRepo.unitOffices(q)]);
  const byOffice = new Map(current.map((r) => [r.office_id, rulesOf(r)]));
  return (unitId) => byOffice.get(offices.get(unitId) ?? -1) ?? DEFAULT_SUPERVISION_RULES;
}

async function loadOffice(q: Queryable, officeId: number) {
  const office = await lightRulesRepo.office(q, officeId);
  if (!office) throw notFound(`office ${officeId}`, '该巡察机构');
  const units = [...(await lightRulesRepo.unitOffices(q)).entries()].filter(([, o]) => o === officeId).map(([u]) => u);
  return { office, units };
}

/** GET /offices/:id/light-rules */
export async function getLightRules(ctx: AppContext, o: { actor: Actor; officeId: number }) {
  const { office, units } = await loadOffice(ctx.db, o.officeId);
  enforce('readLightRules', policy.readLightRules(o.actor, o.officeId, units));
  const versions = await lightRulesRepo.versions(ctx.db, o.officeId);
  const cur = versions.find((v) => v.is_current);
  return {
    office,
    current: { ...(cur ? rulesOf(cur) : DEFAULT_SUPERVISION_RULES), version: cur?.version ?? 0 },
    versions: versions.map((v) => ({
      version: v.version,
      ...rulesOf(v),
      note: v.note,
      by: { id: v.created_by, name: v.created_by_name },
      at: v.created_at,
    })),
    abilities: abilities({ edit: policy.editLightRules(o.actor, o.officeId, units) }),
  };
}

/** PUT /offices/:id/light-rules — a new version, with the audit row of what changed. */
export async function saveLightRules(ctx: AppContext, o: { actor: Actor; officeId: number; body: LightRulesBody }) {
  const { actor, officeId, body } = o;
  const { units } = await loadOffice(ctx.db, officeId);
  enforce('editLightRules', policy.editLightRules(actor, officeId, units));
  const { note, ...rules } = body;
  await ctx.db.tx(async (q) => {
    const before = (await lightRulesRepo.versions(q, officeId)).find((v) => v.is_current);
    const at = ctx.clock.now();
    const version = await lightRulesRepo.saveVersion(q, { officeId, rules, note, by: actor.id, at });
    await writeAudit(q, {
      at,
      actorId: actor.id,
      actorName: actor.username,
      action: 'lightrules.save',
      objectType: 'office',
      objectId: officeId,
      detail: { version, before: before ? rulesOf(before) : DEFAULT_SUPERVISION_RULES, after: rules, note },
      ip: actor.ip,
    });
  });
  return getLightRules(ctx, { actor, officeId });
}
