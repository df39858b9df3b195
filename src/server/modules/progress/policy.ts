import type { Actor } from '../auth/actor.js';
import { progressCheck } from '../../../domain/workflow/index.js';
import { ALLOW, deny, firstRefusal, type Decision } from '../../lib/policy.js';
import { onLeaf, relationTo, type ProblemFacts } from '../problems/policy.js';

/**
 * 报送整改进展: 整改办, the lead department or a cooperating one, on a leaf that
 * is neither closed nor awaiting its closure review. Evidence files are read by
 * whoever may see the problem (visibility, not a policy: the query scopes it).
 */
export function addProgress(a: Actor, p: ProblemFacts): Decision {
  const r = relationTo(a, p);
  return firstRefusal(r.admin || r.lead || r.cooperating ? ALLOW : deny('role'), onLeaf(p), progressCheck(p));
}
