import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Who may publish a round's public notice, and when a version may be published
 * (DESIGN §1, step 5). Publishing is the unit's 整改办's act, like saving the
 * version; whoever reads the unit's documents sees its publications. What is
 * published is public afterwards: the portal needs no policy to read it.
 */

/** Seeing a round's publications in the app. */
export function viewPublications(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

/** Publishing: the unit's 整改办. */
export function publish(a: Actor, unitId: number): Decision {
  const seen = viewPublications(a, unitId);
  if (!seen.allowed) return seen;
  return a.adminUnitIds.includes(unitId) ? ALLOW : deny('role');
}

/** The facts of a version that decide whether it can be published. */
export interface VersionFacts {
  kind: 'notice' | 'report';
  /** The publication of this version, when it was published already. */
  published: { code: string; at: string } | null;
  /** Checker errors of the version's text. */
  errors: number;
}

/**
 * A version is published once: a correction is a new version, published in its
 * turn, so every published file stays verifiable. Only the notice is public, and
 * only a document the checker finds no error in.
 */
export function publishable(v: VersionFacts): Decision {
  if (v.kind !== 'notice') return deny('not_public_kind');
  if (v.published) return deny('already_published', { code: v.published.code, at: v.published.at });
  if (v.errors > 0) return deny('check_errors', { count: String(v.errors) });
  return ALLOW;
}
