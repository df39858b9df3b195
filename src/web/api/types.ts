/**
 * Shapes of API answers as docs/API.md describes them. Request bodies are NOT
 * here: they come from the shared zod schemas (lib/domain). These response
 * types exist only because the server's presenters do not export theirs yet.
 */
import type { Light, ProblemStatus, RectifyKind, Role } from '../lib/domain';

export interface Ref {
  id: number;
  name: string;
}

export interface UserRole {
  role: Role;
  orgId: number;
  orgName: string;
  orgKind: string;
}

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  roles: UserRole[];
  /** In the contract; not sent by the server yet. */
  units?: Ref[];
  abilities: {
    viewLedger?: boolean;
    manageUsers?: boolean;
    viewAudit?: boolean;
    createInspection?: boolean;
    importNotice?: boolean;
  };
}

/** POST /auth/login and GET /auth/me */
export interface Session {
  user: CurrentUser;
  csrfToken: string;
}

export interface Inspection {
  id: number;
  unitId: number;
  unitName: string;
  kind: string;
  title: string;
  body: string;
  onsiteStart: string | null;
  onsiteEnd: string | null;
  feedbackDate: string | null;
  planDue: string | null;
  reportDue: string | null;
  problemCount: number;
  closedCount: number;
}

export interface PathNode {
  id: number;
  label: string;
  title: string;
}

/** One leaf problem of GET /ledger */
export interface LedgerRow {
  unitId?: number;
  id: number;
  inspectionId: number;
  parentId: number | null;
  level: number;
  label: string;
  title: string;
  description: string;
  path: PathNode[];
  rectifyKind: RectifyKind | null;
  /** The id is null when the leader is named in the notice but has no account. */
  leader: { id: number | null; name: string } | null;
  leadDept: Ref | null;
  cooperatingDepts: Ref[];
  deadline: string | null;
  status: ProblemStatus;
  statusZh: string;
  light: Light;
  overdue: boolean;
  stageDone: boolean;
  measureCount: number;
  progressCount: number;
  evidenceCount: number;
  updatedAt: string;
  abilities: Record<string, boolean>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Measure {
  id: number;
  text: string;
  /** The contract says `ownerDept`; a {id,name} reference or null. */
  ownerDept: Ref | null;
  deadline: string | null;
  status: 'pending' | 'in_progress' | 'done';
  abilities: Record<string, boolean>;
}

export interface Evidence {
  id: number;
  filename: string;
  mime: string;
  size: number;
  digest: string;
}

export interface ProgressEntry {
  id: number;
  text: string;
  figures: Record<string, unknown> | null;
  measureId: number | null;
  author: Ref;
  createdAt: string;
  evidence: Evidence[];
}

export interface Transition {
  id: number;
  action: string;
  fromStatus: ProblemStatus | null;
  toStatus: ProblemStatus;
  actor: Ref;
  reason: string | null;
  createdAt: string;
}

export interface Extension {
  id: number;
  oldDeadline: string | null;
  requestedDeadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  /** The contract does not say whether these are ids, names or refs; see `personName`. */
  requestedBy: Ref | string | number | null;
  requestedAt: string;
  decidedBy: Ref | string | number | null;
  decidedAt: string | null;
  decisionReason: string | null;
  abilities: { decide?: boolean };
}

export interface ProblemAbilities {
  edit?: boolean;
  addMeasure?: boolean;
  addProgress?: boolean;
  requestClosure?: boolean;
  reviewClosure?: boolean;
  requestExtension?: boolean;
  markStageDone?: boolean;
}

/** GET /problems/:id */
export interface ProblemDetail extends Omit<LedgerRow, 'abilities'> {
  measures: Measure[];
  progress: ProgressEntry[];
  transitions: Transition[];
  extensions: Extension[];
  abilities: ProblemAbilities;
}

export interface DepartmentStat {
  deptId: number;
  name: string;
  total: number;
  closed: number;
  overdue: number;
}

/** GET /dashboard */
export interface Dashboard {
  /** The server's Beijing date the counts were made on. */
  today?: string;
  total: number;
  closed: number;
  /** Percentage, e.g. 22.2 */
  completionRate: number;
  overdueCount?: number;
  byStatus: Partial<Record<ProblemStatus, number>>;
  byLight: Partial<Record<Light, number>>;
  byDepartment: DepartmentStat[];
  overdue: LedgerRow[];
  byKind: Partial<Record<RectifyKind, number>>;
}
