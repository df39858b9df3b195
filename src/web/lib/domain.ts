/**
 * The one place the web client reaches into src/domain: request schemas and the
 * status/kind/light/role vocabularies are shared with the server, never copied.
 */
export {
  loginBody,
  ledgerQuery,
  progressFields,
  closureRequestBody,
  closureReviewBody,
  extensionRequestBody,
  extensionDecisionBody,
  stageDoneBody,
  problemPlanBody,
  measureBody,
  measureUpdateBody,
  ROLES,
  ROLE_ZH,
} from '../../domain/schemas/index.js';
export type { LoginBody, LedgerQuery, ProgressFields, ProblemPlanBody, MeasureBody, MeasureUpdateBody, Role } from '../../domain/schemas/index.js';
export { PROBLEM_STATUSES, RECTIFY_KINDS, STATUS_ZH, KIND_ZH, LIGHT_ZH } from '../../domain/workflow/index.js';
export type { ProblemStatus, RectifyKind, Light } from '../../domain/workflow/index.js';

/** The lights a ledger may be filtered by, in the order people read them. */
export const LIGHTS = ['red', 'yellow', 'green', 'blue', 'none'] as const;
