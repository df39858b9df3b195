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
// planning many problems at once and the round's tree (issue 7 points 7, 8)
export { planBatchBody, problemNodeBody, MAX_PLAN_BATCH } from '../../domain/schemas/planning.js';
export type { PlanBatchBody, ProblemNodeBody } from '../../domain/schemas/planning.js';
export { inspectionBody, problemCreateBody, INSPECTION_KINDS } from '../../domain/schemas/index.js';
export type { InspectionBody, ProblemCreateBody } from '../../domain/schemas/index.js';
export type { PlanBatchResult, PlanImportPreview, PlanImportRow, ProblemTree, TreeNode } from '../../domain/schemas/index.js';
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
  InspectionPage,
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

// ——— supervision (issue 9): the inbox, orders, light rules, channels, digests, the formalism check ———
export {
  lightRulesBody,
  channelBody,
  digestScheduleBody,
  orderIssueBody,
  orderReplyFields,
  orderReviewBody,
  CHANNEL_KINDS,
} from '../../domain/schemas/supervision.js';
export type {
  LightRulesBody,
  ChannelBody,
  ChannelKind,
  DigestScheduleBody,
  OrderIssueBody,
  OrderReplyFields,
  OrderReviewBody,
  OrdersQuery,
} from '../../domain/schemas/supervision.js';
export { ORDER_LEVELS, ORDER_STATUSES, ORDER_LEVEL_ZH, ORDER_STATUS_ZH, WEEKDAY_ZH } from '../../domain/supervision/index.js';
export type { OrderLevel, OrderStatus } from '../../domain/supervision/index.js';
import type { z } from 'zod';
import type * as sv from '../../domain/schemas/supervision.js';
export type LightRules = z.input<typeof sv.lightRulesSchema>;
export type Notification = z.input<typeof sv.notificationSchema>;
export type NotificationsPage = z.input<typeof sv.notificationsPageSchema>;
export type UnreadCount = z.input<typeof sv.unreadCountSchema>;
export type Channels = z.input<typeof sv.channelsSchema>;
export type Channel = z.input<typeof sv.channelSchema>;
export type Delivery = z.input<typeof sv.deliverySchema>;
export type ChannelTest = z.input<typeof sv.channelTestSchema>;
export type OrderSummary = z.input<typeof sv.orderSummarySchema>;
export type OrdersPage = z.input<typeof sv.ordersPageSchema>;
export type Order = z.input<typeof sv.orderSchema>;
export type FormalismCheck = z.input<typeof sv.formalismCheckSchema>;
export type FormalismWhat = z.input<typeof sv.formalismCheckBody>['what'];
export type Digest = z.input<typeof sv.digestSchema>;
export type DigestKind = Digest['kind'];
// ———— the inspection office's view (issue 10): board, evaluation, look-back, recurrences ————
export { lookbackOpenBody, lookbackDecisionBody, evaluationOverrideBody } from '../../domain/schemas/office.js';
export { GRADES, GRADE_ZH, COMPONENT_KEYS } from '../../domain/evaluation/index.js';
export { RISKS, LOOKBACK_METHODS } from '../../domain/evaluation/lookback.js';
export type { Grade } from '../../domain/evaluation/index.js';
export type {
  Board,
  BoardUnit,
  BoardQuery,
  UnitDetail,
  Trend,
  EvaluationView,
  Recurrence,
  RecurrencePage,
  RecurrenceCheck,
  LookbackDetail,
  LookbackItem,
  LookbackSummary,
  LookbackOpenBody,
  LookbackDecisionBody,
  EvaluationOverrideBody,
} from '../../domain/schemas/office.js';
import type * as of from '../../domain/schemas/office.js';
export type LookbackPage = z.input<typeof of.lookbackPageSchema>;
