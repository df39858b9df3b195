/**
 * What the registers' pages take from src/domain: the request schemas (the forms validate with them), the response
 * types inferred from the response schemas (no hand-written API types), and the registers' vocabularies.
 */
export {
  accountabilityCreateBody,
  accountabilityUpdateBody,
  ruleCreateBody,
  ruleUpdateBody,
  clueCreateBody,
  clueUpdateBody,
  workEventCreateBody,
  workEventUpdateBody,
} from '../../../../domain/schemas/registers.js';
export type {
  AccountabilityCreateBody,
  AccountabilityUpdateBody,
  AccountabilityQuery,
  AccountabilityEntry,
  AccountabilityList,
  RuleCreateBody,
  RuleUpdateBody,
  RuleQuery,
  RuleEntry,
  RuleList,
  ClueCreateBody,
  ClueUpdateBody,
  ClueQuery,
  ClueEntry,
  ClueList,
  WorkEventCreateBody,
  WorkEventUpdateBody,
  WorkEventQuery,
  WorkEventEntry,
  WorkEventList,
  RegisterTotalsResponse,
} from '../../../../domain/schemas/registers.js';
export {
  ACCOUNTABILITY_FORMS,
  ACCOUNTABILITY_TRACKS,
  CLUE_DISPOSALS,
  CLUE_RECIPIENTS,
  CLUE_STATUSES,
  COUNT_AS,
  FOUR_FORMS_CATEGORIES,
  MEETING_KINDS,
  RULE_ACTIONS,
  TRANSFERABLE_FORMS,
  WORK_EVENT_KINDS,
  trackOf,
  categoryOf,
  formatRate,
} from '../../../../domain/registers/index.js';
export type {
  AccountabilityForm,
  AccountabilityTrack,
  ClueDisposal,
  ClueRecipient,
  ClueStatus,
  CountAs,
  FourFormsCategory,
  MeetingKind,
  RuleAction,
  WorkEventKind,
} from '../../../../domain/registers/index.js';
export type { LedgerPage } from '../../../../domain/schemas/index.js';
