/**
 * What the modules' policies answer, and the one mapping from a refusal to the
 * error people see. A policy function (modules/<m>/policy.ts) takes the actor
 * and the facts of an object and returns a `Decision`: allowed, or a reason
 * code. Use cases `enforce` it (403/404/409 from the table below); presenters
 * send `.allowed` to the web as `abilities`, so a button is shown exactly when
 * the request would pass.
 */
import { type Decision as Verdict, type WorkflowReason } from '../../domain/workflow/index.js';
import type { OrderReason } from '../../domain/supervision/index.js';
import { AppError } from './errors.js';

export { ALLOW, deny, firstRefusal } from '../../domain/workflow/index.js';

/** Refusals decided by who the actor is (403), or by what they may see (404). */
export type AccessReason =
  /** No role of the actor allows this action on this object. */
  | 'role'
  /** The node is a group of problems: work is done on the problems under it. */
  | 'not_leaf'
  /** A lead department ticks its measures off; rewriting them is for 整改办. */
  | 'status_only'
  /** The unit is outside the actor's scope (the same answer as an absent one). */
  | 'unit_not_visible';

/** Refusals of publication (modules/publications/policy.ts). */
export type PublishReason =
  /** That version is already public: a publication is never repeated or rewritten. */
  | 'already_published'
  /** Only the public notice (整改情况通报) is published; the report goes to the inspection office. */
  | 'not_public_kind'
  /** The version's document fails the notice checker: a document with errors is not published. */
  | 'check_errors';

/** Refusals of editing a round's problem tree (issue 7 point 8). */
export type TreeReason =
  /** Progress was reported under the node: its history stays where it is. */
  'has_progress';

/** Refusals of the separation of the three administrators (三员分立) and of account administration (issue 13). */
export type TrustReason =
  /** The work belongs to another of the three administrators (e.g. a system administrator granting an administrator role). */
  | 'separation'
  /** Not on one's own account: it needs a second person. */
  | 'own_account'
  /** An administrator role and a business role in one account (none of the three is a business user). */
  | 'admin_exclusive'
  /** The account holds that role there already. */
  | 'role_held'
  /** The account does not hold that role there. */
  | 'role_not_held'
  /** The last active holder of an administrator role: nobody would be left to do that work. */
  | 'last_admin';

/** Refusals of the inspection office's look-back (issue 10, modules/lookback/policy.ts). */
export type LookbackReason =
  /** The look-back is closed: its items are no longer answered or decided. */
  | 'lookback_closed'
  /** The item was confirmed or reopened already. */
  | 'item_decided'
  /** Items of the look-back still wait for the office's decision. */
  | 'items_undecided'
  /** The round has no closed item to draw from. */
  | 'no_closed_items';

/** Refusals of a unit's 整改办 keeping its departments and leaders (issue 7 point 19, modules/orgs/policy.ts). */
export type PeopleReason =
  /** The department still leads, cooperates on or owns open work: deactivating it would orphan that work. */
  'dept_open_items';

export type Reason = AccessReason | WorkflowReason | PublishReason | OrderReason | TreeReason | TrustReason | LookbackReason | PeopleReason;
export type Decision = Verdict<Reason>;
export type Denial = Extract<Decision, { allowed: false }>;

/** Every action a policy decides, with its name in logs and in Chinese messages. */
const ACTIONS = {
  viewLedger: { en: 'view the ledger', zh: '查看整改台账' },
  readUnit: { en: 'read unit', zh: '查看该单位' },
  createProblem: { en: 'create problem', zh: '新增问题' },
  editProblem: { en: 'edit problem', zh: '修改该问题' },
  addMeasure: { en: 'add measure', zh: '新增整改措施' },
  editMeasure: { en: 'edit measure', zh: '修改该整改措施' },
  setMeasureStatus: { en: 'set measure status', zh: '更新整改措施状态' },
  addProgress: { en: 'add progress', zh: '报送整改进展' },
  requestClosure: { en: 'request closure', zh: '申请销号' },
  reviewClosure: { en: 'review closure', zh: '审核销号' },
  requestExtension: { en: 'request extension', zh: '申请延期' },
  decideExtension: { en: 'decide extension', zh: '审批延期申请' },
  markStageDone: { en: 'mark stage done', zh: '标记阶段性完成' },
  createInspection: { en: 'create inspection', zh: '新建巡视巡察轮次' },
  importNotice: { en: 'import', zh: '导入通报' },
  listUsers: { en: 'list users', zh: '查看用户' },
  createUser: { en: 'create user', zh: '新建用户' },
  viewAudit: { en: 'view audit', zh: '查看审计日志' },
  verifyAudit: { en: 'verify audit', zh: '校验审计日志' },
  viewDocuments: { en: 'view documents', zh: '查看整改报告和通报' },
  editDocument: { en: 'edit document draft', zh: '编辑整改报告和通报' },
  saveDocumentVersion: { en: 'save document version', zh: '保存整改报告和通报版本' },
  editContact: { en: 'edit contact settings', zh: '修改意见反馈联系方式' },
  publishNotice: { en: 'publish notice', zh: '发布整改情况通报' },
  viewFeedback: { en: 'view feedback', zh: '查看意见建议' },
  handleFeedback: { en: 'handle feedback', zh: '办理意见建议' },
  exportLedger: { en: 'export ledger', zh: '导出整改台账' },
  reopen: { en: 'reopen problem', zh: '重新打开该问题' },
  moveProblem: { en: 'move problem', zh: '移动该问题' },
  deleteProblem: { en: 'delete problem', zh: '删除该问题' },
  importPlan: { en: 'import plan', zh: '导入整改计划' },
  viewTodo: { en: 'view to-do list', zh: '查看待办' },
  readUnitSettings: { en: 'read unit settings', zh: '查看单位设置' },
  editUnitSettings: { en: 'edit unit settings', zh: '修改单位设置' },
  // issue 9, supervision
  readLightRules: { en: 'read light rules', zh: '查看指示灯与提醒规则' },
  editLightRules: { en: 'edit light rules', zh: '修改指示灯与提醒规则' },
  viewChannels: { en: 'view notification channels', zh: '查看通知渠道' },
  editChannels: { en: 'edit notification channels', zh: '设置通知渠道' },
  issueOrder: { en: 'issue supervision order', zh: '下发督办单' },
  viewOrder: { en: 'view supervision order', zh: '查看督办单' },
  replyOrder: { en: 'reply to supervision order', zh: '回复督办单' },
  reviewOrder: { en: 'review supervision order reply', zh: '审核督办回复' },
  markKeyProblem: { en: 'mark key problem', zh: '设定重点难点问题' },
  viewDigest: { en: 'view digest', zh: '查看周督促和月调度' },
  writeAccountability: { en: 'write accountability register', zh: '登记问责情况' },
  writeRules: { en: 'write rules register', zh: '登记建章立制情况' },
  writeClues: { en: 'write clue register', zh: '登记问题线索' },
  writeEvents: { en: 'write work record', zh: '登记整改工作事项' },
  // issue 13, trust: the three administrators
  editUser: { en: 'edit user', zh: '修改该账号' },
  setUserPassword: { en: 'set user password', zh: '重置该账号的密码' },
  unlockUser: { en: 'unlock user', zh: '解锁该账号' },
  grantRole: { en: 'grant role', zh: '授予该角色' },
  revokeRole: { en: 'revoke role', zh: '撤销该角色' },
  resetMfa: { en: 'reset second factor', zh: '重置该账号的双因素认证' },
  viewSecurityPolicy: { en: 'view security policy', zh: '查看安全策略' },
  editSecurityPolicy: { en: 'edit security policy', zh: '修改安全策略' },
  listAllSessions: { en: 'list all sessions', zh: '查看全部会话' },
  endSession: { en: 'end session', zh: '结束该会话' },
  listAllOrgs: { en: 'list organisations', zh: '查看组织机构' },
  createOrg: { en: 'create organisation', zh: '新建组织' },
  backup: { en: 'back up', zh: '备份系统数据' },
  // issue 10, the inspection office's view
  viewOfficeBoard: { en: 'view office board', zh: '查看巡察办看板' },
  viewEvaluation: { en: 'view evaluation', zh: '查看整改评估' },
  overrideGrade: { en: 'override grade', zh: '调整评估等次' },
  editEvaluationConfig: { en: 'edit evaluation settings', zh: '修改评估设置' },
  openLookback: { en: 'open look-back', zh: '开展回头看' },
  viewLookback: { en: 'view look-back', zh: '查看回头看' },
  answerLookback: { en: 'answer look-back item', zh: '答复回头看核查' },
  decideLookback: { en: 'decide look-back item', zh: '确认或重新打开回头看事项' },
  closeLookback: { en: 'close look-back', zh: '结束回头看' },
  checkRecurrences: { en: 'check recurrences', zh: '比对屡查屡犯问题' },
  // issue 7 point 19, a unit's departments and leaders
  manageDepartments: { en: 'manage departments', zh: '管理本单位的部门' },
  deactivateDepartment: { en: 'deactivate department', zh: '停用该部门' },
  manageLeaders: { en: 'manage leaders', zh: '管理本单位的责任领导' },
  createUnitAccount: { en: 'create unit account', zh: '新建该账号' },
} as const satisfies Record<string, { en: string; zh: string }>;

export type Action = keyof typeof ACTIONS;

/**
 * The code a client branches on in a 409's `details.reason`. Several refusals
 * share one (every wrong-state refusal is `invalid_state`); the refusal itself
 * travels beside it as `details.refusal`.
 */
export type ConflictCode =
  | 'invalid_state'
  | 'same_person'
  | 'no_evidence'
  | 'deadline_not_later'
  | 'extension_pending'
  | 'extension_decided'
  | 'no_deadline'
  | 'measures_open'
  | 'wrong_step'
  | 'already_published'
  | 'check_errors'
  | 'has_progress'
  | 'admin_exclusive'
  | 'role_held'
  | 'role_not_held'
  | 'last_admin'
  | 'lookback_closed'
  | 'item_decided'
  | 'items_undecided'
  | 'no_closed_items'
  | 'open_items';

type Text = (action: { en: string; zh: string }, detail: Readonly<Record<string, string>>) => string;
type Refusal = { error: 'forbidden' | 'not_found'; en: Text; zh: Text } | { error: 'conflict'; code: ConflictCode; en: Text; zh: Text };

/** The one mapping from a refusal to its error: HTTP status (by error code), English for logs, Chinese for people. */
const REFUSALS: Record<Reason, Refusal> = {
  role: { error: 'forbidden', en: (a) => `not allowed: ${a.en}`, zh: (a) => `无权${a.zh}` },
  not_leaf: {
    error: 'forbidden',
    en: (a) => `not allowed on a group node: ${a.en}`,
    zh: (a) => `无权${a.zh}：这是问题分组，请在其下的具体问题上办理`,
  },
  status_only: {
    error: 'forbidden',
    en: (a) => `lead department may only set the status: ${a.en}`,
    zh: (a) => `无权${a.zh}：牵头部门只能更新措施状态，修改措施内容须由整改办办理`,
  },
  unit_not_visible: { error: 'not_found', en: () => 'unit not found', zh: () => '该单位不存在或无权访问' },
  problem_closed: {
    error: 'conflict',
    code: 'invalid_state',
    en: (a) => `problem is closed: ${a.en}`,
    zh: (a) => `该问题已销号，不能${a.zh}`,
  },
  under_review: {
    error: 'conflict',
    code: 'invalid_state',
    en: (a) => `closure review pending: ${a.en}`,
    zh: (a) => `该问题正在销号审核中，请待审核退回后再${a.zh}`,
  },
  not_started: {
    error: 'conflict',
    code: 'invalid_state',
    en: (a) => `problem not started: ${a.en}`,
    zh: (a) => `当前状态为“未启动”，不能${a.zh}：请先报送整改进展`,
  },
  no_review_pending: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'no closure request pending',
    zh: () => '该问题没有待审核的销号申请',
  },
  no_evidence: {
    error: 'conflict',
    code: 'no_evidence',
    en: () => 'closure needs a progress entry with evidence',
    zh: (a) => `${a.zh}前须至少报送一条附有佐证材料的整改进展`,
  },
  own_closure_request: {
    error: 'conflict',
    code: 'same_person',
    en: () => 'reviewer is the submitter',
    zh: () => '销号申请人不能审核自己的申请',
  },
  long_term_no_deadline: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'long-term problems have no deadline',
    zh: (a) => `长期坚持类问题没有整改时限，无需${a.zh}`,
  },
  no_deadline: {
    error: 'conflict',
    code: 'no_deadline',
    en: () => 'problem has no deadline',
    zh: (a) => `该问题尚未设定整改时限，不能${a.zh}`,
  },
  deadline_not_later: {
    error: 'conflict',
    code: 'deadline_not_later',
    en: () => 'new deadline is not later',
    zh: (_a, d) => `延期后的时限须晚于现时限 ${d.deadline ?? ''}`.trim(),
  },
  extension_pending: {
    error: 'conflict',
    code: 'extension_pending',
    en: () => 'an extension request is pending',
    zh: () => '已有一项延期申请在审批中',
  },
  extension_decided: {
    error: 'conflict',
    code: 'extension_decided',
    en: () => 'extension already decided',
    zh: () => '该延期申请已经审批',
  },
  own_extension_request: {
    error: 'conflict',
    code: 'same_person',
    en: () => 'decider is the requester',
    zh: () => '延期申请人不能审批自己的申请',
  },
  not_long_term: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'stage-done is for long-term items',
    zh: (a) => `只有长期坚持类问题可以${a.zh}`,
  },
  already_stage_done: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'already stage-done',
    zh: () => '该问题已标记为阶段性完成',
  },
  measures_open: {
    error: 'conflict',
    code: 'measures_open',
    en: (_a, d) => `${d.count ?? 'some'} measures neither done nor marked not applicable`,
    zh: (a, d) => `还有 ${d.count ?? ''} 项整改措施未完成，不能${a.zh}：请将每项措施标记为“已完成”，或注明理由标记为“不适用”`,
  },
  not_your_step: {
    error: 'conflict',
    code: 'wrong_step',
    en: (a) => `the request waits at a step for another role: ${a.en}`,
    zh: (_a, d) => `该申请当前处于“${d.step ?? ''}”环节，须由${d.role ?? '该环节的审核人'}办理`,
  },
  already_reviewed: {
    error: 'conflict',
    code: 'same_person',
    en: () => 'the reviewer approved an earlier step',
    zh: () => '您已审核过该申请的上一环节，下一环节须由他人办理',
  },
  already_published: {
    error: 'conflict',
    code: 'already_published',
    en: () => 'this version is already published',
    zh: (_a, d) => `该版本已于 ${d.at ?? ''} 发布（发布编号 ${d.code ?? ''}），不能重复发布；如需更正，请保存新版本后发布`,
  },
  not_public_kind: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'only the public notice is published',
    zh: () => '只有整改情况通报可以公开发布，整改报告报送巡视巡察机构，不公开发布',
  },
  check_errors: {
    error: 'conflict',
    code: 'check_errors',
    en: (_a, d) => `the document has ${d.count ?? 'some'} checker errors`,
    zh: (a, d) => `该版本经检查有 ${d.count ?? ''} 处错误，不能${a.zh}：请修改草稿、保存新版本后再发布`,
  },
  step_moved: {
    error: 'conflict',
    code: 'wrong_step',
    en: () => 'the request moved to another step meanwhile',
    zh: (_a, d) => `该申请刚被他人审核，现处于“${d.step ?? ''}”环节，请刷新后查看`,
  },
  order_closed: {
    error: 'conflict',
    code: 'invalid_state',
    en: (a) => `supervision order accepted already: ${a.en}`,
    zh: (a) => `该督办单已办结，不能${a.zh}`,
  },
  order_reply_pending: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'a reply waits for review',
    zh: () => '该督办单的回复正在审核中，请待审核退回后再回复',
  },
  order_no_reply: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'no reply to review',
    zh: () => '该督办单没有待审核的回复',
  },
  reply_due_past: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'reply deadline lies in the past',
    zh: (_a, d) => `回复时限不能早于今天（${d.today ?? ''}）`,
  },
  has_progress: {
    error: 'conflict',
    code: 'has_progress',
    en: (a) => `progress was reported under it: ${a.en}`,
    zh: (a, d) => `${d.what ?? '该问题'}已有整改进展或进入审核，不能${a.zh}：流转记录须保留`,
  },
  not_closed: {
    error: 'conflict',
    code: 'invalid_state',
    en: () => 'only a closed problem can be reopened',
    zh: () => '该问题尚未销号，无需重新打开',
  },
  separation: {
    error: 'forbidden',
    en: (a) => `separation of duties: ${a.en}`,
    zh: (a, d) => `无权${a.zh}：三员分立，${d.who ?? '此事'}须由${d.by ?? '安全管理员'}办理`,
  },
  own_account: {
    error: 'forbidden',
    en: (a) => `not on one's own account: ${a.en}`,
    zh: (a) => `无权对本人账号${a.zh}：须由另一名管理员办理`,
  },
  admin_exclusive: {
    error: 'conflict',
    code: 'admin_exclusive',
    en: () => 'administrator and business roles cannot share an account',
    zh: () => '三员分立：系统管理员、安全管理员、审计管理员各由一个账号单独担任，不能兼任其他管理员或业务角色',
  },
  role_held: { error: 'conflict', code: 'role_held', en: () => 'role already held', zh: () => '该账号已在该组织担任此角色' },
  role_not_held: { error: 'conflict', code: 'role_not_held', en: () => 'role not held', zh: () => '该账号未在该组织担任此角色' },
  last_admin: {
    error: 'conflict',
    code: 'last_admin',
    en: (a) => `the last holder of an administrator role: ${a.en}`,
    zh: (_a, d) => `这是最后一名可用的${d.role ?? '管理员'}，撤销或停用后将无人履行该职责`,
  },
  lookback_closed: {
    error: 'conflict',
    code: 'lookback_closed',
    en: (a) => `the look-back is closed: ${a.en}`,
    zh: (a) => `该回头看已结束，不能${a.zh}`,
  },
  item_decided: {
    error: 'conflict',
    code: 'item_decided',
    en: () => 'the look-back item is decided already',
    zh: () => '该事项已确认或重新打开，不能再次办理',
  },
  items_undecided: {
    error: 'conflict',
    code: 'items_undecided',
    en: (_a, d) => `${d.count ?? 'some'} items wait for a decision`,
    zh: (a, d) => `还有 ${d.count ?? ''} 项核查事项未确认或重新打开，不能${a.zh}`,
  },
  no_closed_items: {
    error: 'conflict',
    code: 'no_closed_items',
    en: () => 'the round has no closed item',
    zh: () => '该轮次还没有已销号的问题，无从抽取回头看事项',
  },
  dept_open_items: {
    error: 'conflict',
    code: 'open_items',
    en: (_a, d) => `the department has ${d.count ?? 'some'} open items`,
    zh: (a, d) =>
      `${d.name ? `“${d.name}”` : '该部门'}还有 ${d.count ?? ''} 项未办结的问题或整改措施，不能${a.zh}：请先将这些事项办结或改由其他部门牵头`,
  },
};

/** The error a refused action answers with. */
export function refusal(action: Action, d: Denial): AppError {
  const r = REFUSALS[d.reason];
  const a = ACTIONS[action];
  const detail = d.detail ?? {};
  const text = { message: r.en(a, detail), userMessage: r.zh(a, detail) };
  if (r.error === 'conflict') return new AppError('conflict', { ...text, details: { reason: r.code, refusal: d.reason } });
  return new AppError(r.error, text);
}

/** Throws the refusal of a denied decision; returns when allowed. */
export function enforce(action: Action, d: Decision): void {
  if (!d.allowed) throw refusal(action, d);
}

/** The abilities the web receives: each decision reduced to whether it allows. */
export function abilities<K extends string>(decisions: Record<K, Decision>): Record<K, boolean> {
  return Object.fromEntries(Object.entries<Decision>(decisions).map(([k, d]) => [k, d.allowed])) as Record<K, boolean>;
}
