import type { Actor } from '../auth/actor.js';
import { ALLOW, deny, type Decision } from '../../lib/policy.js';

/**
 * Who may do what with a round's report and notice (DESIGN §1, step 5). The
 * documents are the unit's: its 整改办 drafts and freezes them; those who read
 * the unit's whole ledger (leaders, 纪检, the inspection office watching it)
 * read them. A department handler sees only its own problems, so not the
 * documents that state them all. Another unit's round is absent (404).
 */

/** Reading the composer, versions, comparisons and the .docx. */
export function viewDocuments(a: Actor, unitId: number): Decision {
  return a.readUnitIds.includes(unitId) ? ALLOW : deny('unit_not_visible');
}

/** Editing the working draft: the unit's 整改办. */
export function editDocument(a: Actor, unitId: number): Decision {
  const seen = viewDocuments(a, unitId);
  if (!seen.allowed) return seen;
  return a.adminUnitIds.includes(unitId) ? ALLOW : deny('role');
}

/** Freezing a version: the unit's 整改办, like editing. */
export function saveDocumentVersion(a: Actor, unitId: number): Decision {
  return editDocument(a, unitId);
}

/** The public's feedback channel (contact settings): the unit's 整改办. */
export function editContact(a: Actor, unitId: number): Decision {
  return editDocument(a, unitId);
}
