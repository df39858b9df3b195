/**
 * The one place the web client reaches into src/domain: request schemas, the
 * types of every API answer and the status/kind/light/role vocabularies are
 * shared with the server, never copied. The answer types are inferred from the
 * response schemas the server's routes declare (`z.input`: the JSON on the wire),
 * so reading a field the server does not send is a type error here.
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
export { DASHBOARD_KINDS, EXTENSION_STATUSES, MEASURE_STATUSES, fieldIssueSchema } from '../../domain/schemas/index.js';
export type {
  ActorRef,
  ApiErrorBody,
  AuditEntry,
  AuditPage,
  AuditVerify,
  CurrentUser,
  Dashboard,
  DepartmentStat,
  Evidence,
  Extension,
  FieldIssue,
  ImportCommitResult,
  ImportPreview,
  Inspection,
  Leader,
  LedgerPage,
  LedgerRow,
  Measure,
  Ok,
  PathNode,
  ProblemAbilities,
  ProblemDetail,
  ProgressEntry,
  Ref,
  Session,
  Transition,
  UserAbilities,
} from '../../domain/schemas/index.js';

/** The lights a ledger may be filtered by, in the order people read them (red first, unlike the server's list). */
export const LIGHTS = ['red', 'yellow', 'green', 'blue', 'none'] as const;
