/**
 * The answers the API suites read, as types of the JSON on the wire: `z.input`
 * of the shared response schemas (src/domain/schemas/responses), the same types
 * the web uses. A field the server stops sending is a type error in the tests
 * too. The schemas themselves are re-exported for `expectOk`.
 */
export type {
  AuditPage,
  AuditVerify,
  Dashboard,
  Inspection as InspectionView,
  LedgerPage,
  LedgerRow,
  OrgNode,
  ProblemDetail as ProblemPage,
  Session,
  UserSummary as UserListItem,
  ImportPreview,
  ImportCommitResult,
  Leader,
  Ref,
} from '../../src/domain/schemas/index.js';
export type { Light } from '../../src/domain/workflow/index.js';
export {
  auditPageSchema,
  auditVerifySchema,
  dashboardSchema,
  inspectionSchema,
  ledgerPageSchema,
  problemDetailSchema,
  sessionSchema,
} from '../../src/domain/schemas/index.js';
