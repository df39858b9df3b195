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
  reopenBody,
  unitSettingsBody,
  todoQuery,
  problemPlanBody,
  measureBody,
  measureUpdateBody,
  ROLES,
  ROLE_ZH,
} from '../../domain/schemas/index.js';
export type {
  LoginBody,
  LedgerQuery,
  ProgressFields,
  ProblemPlanBody,
  MeasureBody,
  MeasureUpdateBody,
  Role,
  UnitSettingsBody,
  TodoQuery,
  UnitSettings,
  TodoItem,
  TodoPage,
  TodoKind,
  PlanChange,
  TransitionDetail,
  ReviewStepView,
} from '../../domain/schemas/index.js';
export { TODO_KINDS } from '../../domain/schemas/index.js';
// planning many problems at once, the round's tree, departments and leaders (issue 7 points 7, 8, 19)
export { planBatchBody, problemNodeBody, departmentBody, MAX_PLAN_BATCH } from '../../domain/schemas/planning.js';
export type { PlanBatchBody, ProblemNodeBody } from '../../domain/schemas/planning.js';
export { inspectionBody, problemCreateBody, INSPECTION_KINDS } from '../../domain/schemas/index.js';
export type { InspectionBody, ProblemCreateBody } from '../../domain/schemas/index.js';
export type {
  PlanBatchResult,
  PlanImportPreview,
  PlanImportRow,
  ProblemTree,
  TreeNode,
  DepartmentAdmin,
  LeaderCandidate,
} from '../../domain/schemas/index.js';
export { REVIEWER_ROLES, PLAN_FIELDS, MAX_CHAIN_STEPS, type ReviewerRole, type PlanField } from '../../domain/workflow/index.js';
import { LIGHTS as ALL_LIGHTS, type Light } from '../../domain/workflow/index.js';
import { ledgerQuery } from '../../domain/schemas/index.js';

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

/** Where each light goes in lists people read, the urgent first. A Record: a new light is a type error here. */
const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2, blue: 3, unplanned: 4, none: 5 };
const byRank = (a: Light, b: Light) => LIGHT_RANK[a] - LIGHT_RANK[b];

/** Every light, urgent first (the dashboard counts them all). */
export const LIGHTS: readonly Light[] = [...ALL_LIGHTS].sort(byRank);

/** The lights the ledger may be filtered by: exactly those the request schema accepts, urgent first. */
export const FILTER_LIGHTS: readonly Light[] = [...ledgerQuery.shape.light.unwrap().options].sort(byRank);
