/**
 * The registers' rows as the API sends them (the response schemas in src/domain/schemas/registers.ts). Personal
 * fields are replaced by null here, once, for whoever may not read them; the serializer then drops anything not
 * declared.
 */
import type { Actor } from '../auth/actor.js';
import { categoryOf, trackOf, type WorkEventSummary } from '../../../domain/registers/index.js';
import type { AccountabilityEntry, ClueEntry, RuleEntry, WorkEventEntry } from '../../../domain/schemas/registers.js';
import { entryAbilities, seesPersonalData } from './policy.js';
import type { NameCodec } from './names.js';
import type { AccountabilityRow, ClueRow, RuleRow, WorkEventRow } from './repository.js';

type OnServer<T> = Omit<T, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

/** `names` decrypts the name, and only for whoever may read it. */
export function presentAccountability(r: AccountabilityRow, a: Actor, names: Pick<NameCodec, 'open'>): OnServer<AccountabilityEntry> {
  const personal = seesPersonalData(a, r.unit_id);
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    countAs: r.count_as,
    personName: personal ? names.open(r) : null,
    position: personal ? r.position : null,
    rank: personal ? r.rank : null,
    form: r.form,
    track: trackOf(r.form),
    category: categoryOf(r.form, r.transferred_to_judicial),
    transferredToJudicial: r.transferred_to_judicial,
    decisionDate: r.decision_date,
    decidingBody: r.deciding_body,
    reason: personal ? r.reason : null,
    personalHidden: !personal,
    problems: r.problems,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: entryAbilities(a, 'accountability', r.unit_id),
  };
}

export function presentRule(r: RuleRow, a: Actor): OnServer<RuleEntry> {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    title: r.title,
    action: r.action,
    docNumber: r.doc_number,
    issuedDate: r.issued_date,
    issuingBody: r.issuing_body,
    note: r.note,
    problems: r.problems,
    files: r.files,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: entryAbilities(a, 'rules', r.unit_id),
  };
}

export function presentClue(r: ClueRow, a: Actor): OnServer<ClueEntry> {
  const personal = seesPersonalData(a, r.unit_id);
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    clueNumber: r.clue_number,
    receivedDate: r.received_date,
    summary: personal ? r.summary : null,
    handedTo: r.handed_to,
    handedToName: r.handed_to_name,
    disposal: r.disposal,
    status: r.status,
    result: personal ? r.result : null,
    concludedDate: r.concluded_date,
    personalHidden: !personal,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: entryAbilities(a, 'clues', r.unit_id),
  };
}

export function presentEvent(r: WorkEventRow, a: Actor): OnServer<WorkEventEntry> {
  return {
    ...eventSummary(r),
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    abilities: entryAbilities(a, 'events', r.unit_id),
  };
}

/** A work event as the composer reads it. */
export function eventSummary(r: WorkEventRow): WorkEventSummary {
  return {
    id: r.id,
    kind: r.kind,
    meetingKind: r.meeting_kind,
    date: r.event_date,
    title: r.title,
    chair: r.chair,
    members: r.members,
    detail: r.detail,
    files: r.files,
  };
}
