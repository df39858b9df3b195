import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Who sees and changes the evaluation of a round (整改评估): whoever reads the
 * unit's ledger sees it (the unit sees how it is graded); 巡察办 of the office
 * above the unit overrides the grade and sets the office's weights.
 */

export function viewEvaluation(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

export function overrideGrade(a: Actor, unitId: number): Decision {
  if (!a.readUnitIds.includes(unitId)) return deny('unit_not_visible');
  return a.officeUnitIds.includes(unitId) ? ALLOW : deny('role');
}

/** The office's settings: its 巡察办. */
export function editEvaluationConfig(a: Actor, officeId: number): Decision {
  return a.officeIds.includes(officeId) ? ALLOW : deny('role');
}

/** The export of a year's evaluations: 巡察办. */
export function exportEvaluations(a: Actor): Decision {
  return a.officeIds.length > 0 ? ALLOW : deny('role');
}
