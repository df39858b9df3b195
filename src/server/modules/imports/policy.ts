import type { Actor } from '../auth/actor.js';
import { firstRefusal, type Decision } from '../../lib/policy.js';
import { createAnyInspection, createInspection, type UnitFacts } from '../inspections/policy.js';

/**
 * An import opens an inspection round with its problem tree, so it is decided
 * as opening a round: 整改办 for its unit, 巡察办 for the units it watches.
 */

/** Importing at all (the preview of a document not yet tied to a unit): 整改办 or 巡察办. */
export function importNotice(a: Actor): Decision {
  return createAnyInspection(a);
}

/**
 * Importing into one unit (commit, saved mappings, a preview for a unit). Told
 * in this order: a person who never imports is refused (403) before a unit
 * outside their scope is called absent (404).
 */
export function importInto(a: Actor, unit: UnitFacts): Decision {
  return firstRefusal(importNotice(a), createInspection(a, unit));
}
