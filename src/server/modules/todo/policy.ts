import type { Actor } from '../auth/actor.js';
import { type Decision } from '../../lib/policy.js';
import { viewLedger } from '../problems/policy.js';

/**
 * 待办: everyone who works on the ledger has one (it is made of their own
 * items and the requests waiting for them); the 三员 read no business data.
 */
export function viewTodo(a: Actor): Decision {
  return viewLedger(a);
}
