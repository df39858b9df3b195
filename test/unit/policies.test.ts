/**
 * The modules' policies, walked role × state: for every action, who may act at
 * all (the others are refused with `role`, 403), then, for one who may, which
 * states refuse and with which reason (409) — and the order in which reasons
 * are told (role before leaf before state). The abilities the web receives are
 * checked to be exactly these answers, and every reason to map to an error
 * with its HTTP status and a Chinese message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '../../src/domain/schemas/index.js';
import { DEFAULT_CLOSURE_CHAIN, type ProblemStatus, type RectifyKind } from '../../src/domain/workflow/index.js';
import type { Actor, RoleGrant } from '../../src/server/modules/auth/actor.js';
import { AppError } from '../../src/server/lib/errors.js';
import { abilities, deny, enforce, refusal, type Action, type Decision, type Reason } from '../../src/server/lib/policy.js';
import * as problems from '../../src/server/modules/problems/policy.js';
import * as progress from '../../src/server/modules/progress/policy.js';
import * as workflow from '../../src/server/modules/workflow/policy.js';
import * as inspections from '../../src/server/modules/inspections/policy.js';
import * as imports from '../../src/server/modules/imports/policy.js';
import * as users from '../../src/server/modules/users/policy.js';
import * as audit from '../../src/server/modules/audit/policy.js';
import * as orgs from '../../src/server/modules/orgs/policy.js';
import { problemAbilities } from '../../src/server/modules/problems/presenter.js';
import { presentMe } from '../../src/server/modules/auth/presenter.js';

// The world: office 1 watches unit 10 (departments 101 lead, 102 cooperating,
// 103 uninvolved); office 2 watches unit 20.
const OFFICE = 1;
const UNIT = 10;
const OTHER_UNIT = 20;
const LEAD = 101;
const COOP = 102;
const OTHER_DEPT = 103;

let nextId = 1;
function actor(
  role: Role,
  sets: Partial<Pick<Actor, 'readUnitIds' | 'adminUnitIds' | 'leaderUnitIds' | 'deptIds' | 'officeIds' | 'officeUnitIds'>> = {},
): Actor {
  const id = nextId++;
  const grant: RoleGrant = { role, orgId: 0, orgName: '', orgKind: 'office', unitId: null };
  return {
    id,
    username: `${role}${id}`,
    displayName: role,
    grants: [grant],
    readUnitIds: [],
    adminUnitIds: [],
    leaderUnitIds: [],
    deptIds: [],
    officeIds: [],
    officeUnitIds: [],
    ...sets,
    sessionId: '',
    csrfToken: '',
    ip: null,
  };
}

/** Everyone who could come near a problem of unit 10, by what they are to it. */
const PEOPLE = {
  unitAdmin: actor('unit_admin', { readUnitIds: [UNIT], adminUnitIds: [UNIT] }),
  leader: actor('leader', { readUnitIds: [UNIT], leaderUnitIds: [UNIT] }),
  leadHandler: actor('dept_handler', { deptIds: [LEAD] }),
  coopHandler: actor('dept_handler', { deptIds: [COOP] }),
  otherHandler: actor('dept_handler', { deptIds: [OTHER_DEPT] }),
  inspector: actor('inspector', { readUnitIds: [UNIT] }),
  officeAdmin: actor('office_admin', { readUnitIds: [UNIT], officeIds: [OFFICE], officeUnitIds: [UNIT] }),
  otherUnitAdmin: actor('unit_admin', { readUnitIds: [OTHER_UNIT], adminUnitIds: [OTHER_UNIT] }),
  sysadmin: actor('sysadmin'),
  secadmin: actor('secadmin'),
  auditor: actor('auditor'),
};
type Who = keyof typeof PEOPLE;
const EVERYONE = Object.keys(PEOPLE) as Who[];

/** Someone not in PEOPLE: the submitter of a closure or extension request. */
const SOMEONE = 9999;

function problem(over: Partial<problems.ProblemFacts> = {}): problems.ProblemFacts {
  return {
    unitId: UNIT,
    leadDeptId: LEAD,
    cooperatingDeptIds: [COOP],
    status: 'in_progress',
    rectifyKind: 'deadline',
    closureRequestedBy: null,
    deadline: '2026-12-31',
    stageDone: false,
    isLeaf: true,
    evidenceCount: 1,
    pendingExtensions: 0,
    openMeasures: 0,
    closureNeedsMeasuresDone: true,
    reviewStep: null,
    reviewChain: DEFAULT_CLOSURE_CHAIN,
    reviewApprovers: [],
    ...over,
  };
}

/** A problem in `status`, consistent as the app makes it (long-term status ↔ long-term kind, a submitter while under review). */
function inState(status: ProblemStatus, over: Partial<problems.ProblemFacts> = {}): problems.ProblemFacts {
  const kind: RectifyKind = status === 'long_term' ? 'long_term' : 'deadline';
  return problem({
    status,
    rectifyKind: kind,
    closureRequestedBy: status === 'closure_requested' || status === 'closed' ? SOMEONE : null,
    reviewStep: status === 'closure_requested' ? 0 : null,
    ...over,
  });
}

function answer(d: Decision): string {
  return d.allowed ? 'allowed' : d.reason;
}

type ProblemPolicy = (a: Actor, p: problems.ProblemFacts) => Decision;

/** Every action on a problem, with the state in which its role matrix is walked (one the state allows). */
const ON_PROBLEM: Record<string, { policy: ProblemPolicy; state: problems.ProblemFacts; may: Who[] }> = {
  editProblem: { policy: problems.editProblem, state: inState('in_progress'), may: ['unitAdmin'] },
  addMeasure: { policy: problems.addMeasure, state: inState('in_progress'), may: ['unitAdmin'] },
  editMeasure: { policy: problems.editMeasure, state: inState('in_progress'), may: ['unitAdmin'] },
  setMeasureStatus: { policy: problems.setMeasureStatus, state: inState('in_progress'), may: ['unitAdmin', 'leadHandler'] },
  addProgress: { policy: progress.addProgress, state: inState('in_progress'), may: ['unitAdmin', 'leadHandler', 'coopHandler'] },
  requestClosure: { policy: workflow.requestClosure, state: inState('in_progress'), may: ['unitAdmin', 'leadHandler'] },
  reviewClosure: { policy: workflow.reviewClosure, state: inState('closure_requested'), may: ['unitAdmin', 'leader'] },
  requestExtension: { policy: workflow.requestExtension, state: inState('in_progress'), may: ['unitAdmin', 'leadHandler'] },
  markStageDone: { policy: workflow.markStageDone, state: inState('long_term'), may: ['unitAdmin'] },
  reopen: { policy: problems.reopen, state: inState('closed'), may: ['unitAdmin', 'officeAdmin'] },
  decideExtension: {
    policy: (a, p) => workflow.decideExtension(a, p, { status: 'pending', requestedBy: SOMEONE }),
    state: inState('in_progress'),
    may: ['unitAdmin', 'leader'],
  },
};

describe('roles: who may act on a problem at all', () => {
  for (const [action, { policy, state, may }] of Object.entries(ON_PROBLEM)) {
    test(action, () => {
      for (const who of EVERYONE) {
        // a lead department asking to rewrite a measure is told it may set the status instead
        const refused = action === 'editMeasure' && who === 'leadHandler' ? 'status_only' : 'role';
        assert.equal(answer(policy(PEOPLE[who], state)), may.includes(who) ? 'allowed' : refused, `${action} by ${who}`);
      }
    });
  }

  test('the role is told before the state: a reader who may not act hears "role" even on a closed problem', () => {
    for (const [action, { policy }] of Object.entries(ON_PROBLEM)) {
      assert.equal(answer(policy(PEOPLE.inspector, inState('closed'))), 'role', action);
      assert.equal(answer(policy(PEOPLE.otherHandler, inState('pending', { isLeaf: false }))), 'role', action);
    }
  });
});

describe('states: what refuses one who may act', () => {
  const STATES: ProblemStatus[] = ['pending', 'in_progress', 'closure_requested', 'closed', 'long_term'];
  /** action → [who acts, the answer in each of STATES]. */
  const MATRIX: Record<string, [Who, ProblemPolicy, string[]]> = {
    addProgress: ['leadHandler', progress.addProgress, ['allowed', 'allowed', 'under_review', 'problem_closed', 'allowed']],
    requestClosure: ['leadHandler', workflow.requestClosure, ['not_started', 'allowed', 'under_review', 'problem_closed', 'allowed']],
    reviewClosure: [
      'leader',
      workflow.reviewClosure,
      ['no_review_pending', 'no_review_pending', 'allowed', 'problem_closed', 'no_review_pending'],
    ],
    requestExtension: [
      'unitAdmin',
      workflow.requestExtension,
      ['allowed', 'allowed', 'under_review', 'problem_closed', 'long_term_no_deadline'],
    ],
    markStageDone: ['unitAdmin', workflow.markStageDone, ['not_long_term', 'not_long_term', 'not_long_term', 'problem_closed', 'allowed']],
    // the plan and its measures change until the problem is closed (issue 7: a closed item stays closed)
    editProblem: ['unitAdmin', problems.editProblem, ['allowed', 'allowed', 'allowed', 'problem_closed', 'allowed']],
    addMeasure: ['unitAdmin', problems.addMeasure, ['allowed', 'allowed', 'allowed', 'problem_closed', 'allowed']],
    editMeasure: ['unitAdmin', problems.editMeasure, ['allowed', 'allowed', 'allowed', 'problem_closed', 'allowed']],
    setMeasureStatus: ['leadHandler', problems.setMeasureStatus, ['allowed', 'allowed', 'allowed', 'problem_closed', 'allowed']],
    reopen: ['unitAdmin', problems.reopen, ['not_closed', 'not_closed', 'not_closed', 'allowed', 'not_closed']],
  };
  for (const [action, [who, policy, expected]] of Object.entries(MATRIX)) {
    test(`${action} (${who}) in each state`, () => {
      assert.deepEqual(
        STATES.map((s) => answer(policy(PEOPLE[who], inState(s)))),
        expected,
      );
    });
  }

  test('a long-term item pending start may be marked; one marked already may not', () => {
    assert.equal(answer(workflow.markStageDone(PEOPLE.unitAdmin, problem({ status: 'pending', rectifyKind: 'long_term' }))), 'allowed');
    assert.equal(answer(workflow.markStageDone(PEOPLE.unitAdmin, inState('long_term', { stageDone: true }))), 'already_stage_done');
  });

  test('a closure needs evidence; the state is told first', () => {
    assert.equal(answer(workflow.requestClosure(PEOPLE.leadHandler, inState('in_progress', { evidenceCount: 0 }))), 'no_evidence');
    assert.equal(answer(workflow.requestClosure(PEOPLE.leadHandler, inState('pending', { evidenceCount: 0 }))), 'not_started');
  });

  test('the submitter may not review their own closure request, whoever they are', () => {
    for (const who of ['unitAdmin', 'leader'] as const) {
      const own = inState('closure_requested', { closureRequestedBy: PEOPLE[who].id });
      assert.equal(answer(workflow.reviewClosure(PEOPLE[who], own)), 'own_closure_request', who);
    }
  });

  test('a review chain: each step by its role; who reviews at no step hears "role"; one person one step', () => {
    const chain = [
      { role: 'unit_admin' as const, name: '整改办初审' },
      { role: 'leader' as const, name: '分管领导审批' },
      { role: 'office_admin' as const, name: '巡察办复核' },
    ];
    const at = (step: number, approvers: number[] = []) =>
      inState('closure_requested', { reviewChain: chain, reviewStep: step, reviewApprovers: approvers });
    assert.equal(answer(workflow.reviewClosure(PEOPLE.unitAdmin, at(0))), 'allowed');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.leader, at(0))), 'not_your_step');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.leader, at(1))), 'allowed');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.officeAdmin, at(2))), 'allowed');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.officeAdmin, at(0))), 'not_your_step');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.leader, at(1, [PEOPLE.leader.id]))), 'already_reviewed');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.leadHandler, at(0))), 'role');
    assert.equal(answer(workflow.reviewClosure(PEOPLE.inspector, at(1))), 'role');
    // the default chain: 巡察办 is no reviewer of it
    assert.equal(answer(workflow.reviewClosure(PEOPLE.officeAdmin, inState('closure_requested'))), 'role');
  });

  test('a closure waits for open measures when the unit rule is on', () => {
    assert.equal(answer(workflow.requestClosure(PEOPLE.leadHandler, inState('in_progress', { openMeasures: 1 }))), 'measures_open');
    assert.equal(
      answer(workflow.requestClosure(PEOPLE.leadHandler, inState('in_progress', { openMeasures: 1, closureNeedsMeasuresDone: false }))),
      'allowed',
    );
  });

  test('an extension needs a deadline, no request pending, and a later date', () => {
    const a = PEOPLE.leadHandler;
    assert.equal(answer(workflow.requestExtension(a, inState('in_progress', { deadline: null }))), 'no_deadline');
    assert.equal(answer(workflow.requestExtension(a, inState('in_progress', { pendingExtensions: 1 }))), 'extension_pending');
    assert.equal(answer(workflow.requestExtension(a, problem({ status: 'pending', rectifyKind: 'long_term' }))), 'long_term_no_deadline');
    const p = inState('in_progress', { deadline: '2026-12-31' });
    assert.equal(answer(workflow.extensionDeadline(p, '2027-01-01')), 'allowed');
    assert.deepEqual(workflow.extensionDeadline(p, '2026-12-31'), {
      allowed: false,
      reason: 'deadline_not_later',
      detail: { deadline: '2026-12-31' },
    });
  });

  test('an extension request is decided once, never by its requester', () => {
    const p = inState('in_progress');
    for (const status of ['approved', 'refused']) {
      assert.equal(answer(workflow.decideExtension(PEOPLE.leader, p, { status, requestedBy: SOMEONE })), 'extension_decided');
    }
    assert.equal(
      answer(workflow.decideExtension(PEOPLE.unitAdmin, p, { status: 'pending', requestedBy: PEOPLE.unitAdmin.id })),
      'own_extension_request',
    );
    // the role is told before "decided": a handler learns nothing of the request's state
    assert.equal(answer(workflow.decideExtension(PEOPLE.leadHandler, p, { status: 'approved', requestedBy: SOMEONE })), 'role');
  });
});

describe('group nodes: work is done on the leaves', () => {
  const group = inState('in_progress', { isLeaf: false });
  test('who may act is told not_leaf; plan edits and reviews are not leaf-bound', () => {
    assert.equal(answer(problems.addMeasure(PEOPLE.unitAdmin, group)), 'not_leaf');
    assert.equal(answer(progress.addProgress(PEOPLE.leadHandler, group)), 'not_leaf');
    assert.equal(answer(workflow.requestClosure(PEOPLE.leadHandler, group)), 'not_leaf');
    assert.equal(answer(workflow.requestExtension(PEOPLE.unitAdmin, group)), 'not_leaf');
    assert.equal(answer(workflow.markStageDone(PEOPLE.unitAdmin, inState('long_term', { isLeaf: false }))), 'not_leaf');
    assert.equal(answer(problems.editProblem(PEOPLE.unitAdmin, group)), 'allowed');
  });
  test('the leaf is told before the state (a group is never "not started")', () => {
    assert.equal(answer(workflow.requestClosure(PEOPLE.unitAdmin, inState('pending', { isLeaf: false }))), 'not_leaf');
  });
});

describe("abilities are the policies' answers", () => {
  test('each problem ability equals its policy, for every person and state', () => {
    const states = (['pending', 'in_progress', 'closure_requested', 'closed', 'long_term'] as const).flatMap((s) => [
      inState(s),
      inState(s, { isLeaf: false }),
      inState(s, { evidenceCount: 0 }),
      inState(s, { pendingExtensions: 1 }),
    ]);
    for (const who of EVERYONE) {
      for (const p of states) {
        const a = PEOPLE[who];
        assert.deepEqual(
          problemAbilities(a, p),
          {
            edit: problems.editProblem(a, p).allowed,
            addMeasure: problems.addMeasure(a, p).allowed,
            addProgress: progress.addProgress(a, p).allowed,
            requestClosure: workflow.requestClosure(a, p).allowed,
            reviewClosure: workflow.reviewClosure(a, p).allowed,
            requestExtension: workflow.requestExtension(a, p).allowed,
            markStageDone: workflow.markStageDone(a, p).allowed,
            reopen: problems.reopen(a, p).allowed,
          },
          `${who} on ${p.status}`,
        );
      }
    }
  });

  test('abilities() reduces decisions to booleans, key by key', () => {
    assert.deepEqual(abilities({ x: { allowed: true }, y: deny('role') }), { x: true, y: false });
  });

  test("/auth/me abilities follow the modules' policies", () => {
    const me = (who: Who) => presentMe(PEOPLE[who], []).user.abilities;
    assert.deepEqual(me('unitAdmin'), {
      viewLedger: true,
      createInspection: true,
      importNotice: true,
      manageUsers: false,
      manageRoles: false,
      manageSecurity: false,
      viewAudit: false,
      viewTodo: true,
      manageUnitSettings: true,
    });
    assert.deepEqual(me('officeAdmin'), {
      viewLedger: true,
      createInspection: true,
      importNotice: true,
      manageUsers: false,
      manageRoles: false,
      manageSecurity: false,
      viewAudit: false,
      viewTodo: true,
      manageUnitSettings: false,
    });
    assert.deepEqual(me('leadHandler'), {
      viewLedger: true,
      createInspection: false,
      importNotice: false,
      manageUsers: false,
      manageRoles: false,
      manageSecurity: false,
      viewAudit: false,
      viewTodo: true,
      manageUnitSettings: false,
    });
    assert.deepEqual(me('sysadmin'), {
      viewLedger: false,
      createInspection: false,
      importNotice: false,
      manageUsers: true,
      manageRoles: false,
      manageSecurity: false,
      viewAudit: false,
      viewTodo: false,
      manageUnitSettings: false,
    });
    assert.deepEqual(me('auditor'), {
      viewLedger: false,
      createInspection: false,
      importNotice: false,
      manageUsers: false,
      manageRoles: false,
      manageSecurity: false,
      viewAudit: true,
      viewTodo: false,
      manageUnitSettings: false,
    });
    assert.deepEqual(me('secadmin'), {
      viewLedger: false,
      createInspection: false,
      importNotice: false,
      manageUsers: false,
      manageRoles: true,
      manageSecurity: true,
      viewAudit: false,
      viewTodo: false,
      manageUnitSettings: false,
    });
  });
});

describe('rounds, imports, units, accounts and the audit trail', () => {
  const unit10 = { id: UNIT, officeId: OFFICE };
  const unit20 = { id: OTHER_UNIT, officeId: 2 };

  test('opening a round: 整改办 for its unit, 巡察办 for the units it watches; another unit is absent', () => {
    const expected: Record<Who, string> = {
      unitAdmin: 'allowed',
      officeAdmin: 'allowed',
      leader: 'role',
      inspector: 'role',
      leadHandler: 'unit_not_visible',
      coopHandler: 'unit_not_visible',
      otherHandler: 'unit_not_visible',
      otherUnitAdmin: 'unit_not_visible',
      sysadmin: 'unit_not_visible',
      secadmin: 'unit_not_visible',
      auditor: 'unit_not_visible',
    };
    for (const who of EVERYONE) assert.equal(answer(inspections.createInspection(PEOPLE[who], unit10)), expected[who], who);
    assert.equal(answer(inspections.createInspection(PEOPLE.officeAdmin, unit20)), 'unit_not_visible');
    assert.equal(answer(inspections.createInspection(PEOPLE.otherUnitAdmin, unit20)), 'allowed');
  });

  test('importing: one who never imports hears "role" before a foreign unit is called absent', () => {
    for (const who of EVERYONE) {
      const importer = who === 'unitAdmin' || who === 'officeAdmin' || who === 'otherUnitAdmin';
      assert.equal(answer(imports.importNotice(PEOPLE[who])), importer ? 'allowed' : 'role', who);
      const into = answer(imports.importInto(PEOPLE[who], unit10));
      assert.equal(into, who === 'unitAdmin' || who === 'officeAdmin' ? 'allowed' : importer ? 'unit_not_visible' : 'role', who);
    }
  });

  test("a unit's pickers: its readers, and handlers of its departments", () => {
    assert.equal(answer(orgs.readUnit(PEOPLE.leader, UNIT, [])), 'allowed');
    assert.equal(answer(orgs.readUnit(PEOPLE.leadHandler, UNIT, [UNIT])), 'allowed');
    assert.equal(answer(orgs.readUnit(PEOPLE.leadHandler, OTHER_UNIT, [UNIT])), 'unit_not_visible');
    assert.equal(answer(orgs.readUnit(PEOPLE.otherUnitAdmin, UNIT, [])), 'unit_not_visible');
  });

  test('accounts and audit: the 三员 each do their own work only', () => {
    const expected: Record<string, Who[]> = {
      // 三员分立 (issue 13): the audit administrator reads the audit trail and nothing else
      listUsers: ['sysadmin', 'secadmin'],
      createUser: ['sysadmin'],
      viewAudit: ['auditor'],
      verifyAudit: ['auditor'],
    };
    const policies: Record<string, (a: Actor) => Decision> = {
      listUsers: users.listUsers,
      createUser: users.createUser,
      viewAudit: audit.viewAudit,
      verifyAudit: audit.verifyAudit,
    };
    for (const [action, may] of Object.entries(expected)) {
      for (const who of EVERYONE) {
        assert.equal(answer(policies[action](PEOPLE[who])), may.includes(who) ? 'allowed' : 'role', `${action} by ${who}`);
      }
    }
  });

  test('the ledger is read by business roles, not by the 三员', () => {
    for (const who of EVERYONE) {
      const admin3 = who === 'sysadmin' || who === 'secadmin' || who === 'auditor';
      assert.equal(answer(problems.viewLedger(PEOPLE[who])), admin3 ? 'role' : 'allowed', who);
    }
  });
});

describe('refusal → error: one mapping', () => {
  // Record<Reason, …>: a reason added to the policies and not listed here is a type error
  const KIND: Record<Reason, 403 | 404 | 409> = {
    role: 403,
    not_leaf: 403,
    status_only: 403,
    unit_not_visible: 404,
    problem_closed: 409,
    under_review: 409,
    not_started: 409,
    no_review_pending: 409,
    no_evidence: 409,
    own_closure_request: 409,
    long_term_no_deadline: 409,
    no_deadline: 409,
    deadline_not_later: 409,
    extension_pending: 409,
    extension_decided: 409,
    own_extension_request: 409,
    not_long_term: 409,
    already_stage_done: 409,
    measures_open: 409,
    not_your_step: 409,
    already_reviewed: 409,
    not_closed: 409,
    step_moved: 409,
    has_progress: 409,
    already_published: 409,
    not_public_kind: 409,
    check_errors: 409,
    order_closed: 409,
    order_reply_pending: 409,
    order_no_reply: 409,
    reply_due_past: 409,
    // issue 13, the three administrators
    separation: 403,
    own_account: 403,
    admin_exclusive: 409,
    role_held: 409,
    role_not_held: 409,
    last_admin: 409,
    lookback_closed: 409,
    item_decided: 409,
    items_undecided: 409,
    no_closed_items: 409,
    // issue 7 point 19, a unit's departments
    dept_open_items: 409,
  };
  const ACTIONS: Action[] = ['requestClosure', 'addProgress', 'createUser', 'importNotice'];

  test('every reason: its status, a Chinese message for people, an English one for the log', () => {
    for (const [reason, status] of Object.entries(KIND) as [Reason, number][]) {
      for (const action of ACTIONS) {
        const e = refusal(action, { allowed: false, reason, detail: { deadline: '2026-12-31' } });
        assert.equal(e.status, status, reason);
        assert.match(e.userMessage, /[\u4e00-\u9fff]/, reason);
        assert.doesNotMatch(e.message, /[\u4e00-\u9fff]/, reason);
        assert.doesNotMatch(e.userMessage, /undefined|\$\{/, reason);
        if (status === 403) assert.match(e.userMessage, /^无权/, reason);
      }
    }
  });

  test('a 403 names the action; a 409 tells the client code and the refusal', () => {
    assert.equal(refusal('reviewClosure', { allowed: false, reason: 'role' }).userMessage, '无权审核销号');
    const e = refusal('addProgress', { allowed: false, reason: 'problem_closed' });
    assert.equal(e.code, 'conflict');
    assert.equal(e.userMessage, '该问题已销号，不能报送整改进展');
    assert.deepEqual(e.details, { reason: 'invalid_state', refusal: 'problem_closed' });
    const late = refusal('requestExtension', { allowed: false, reason: 'deadline_not_later', detail: { deadline: '2026-12-31' } });
    assert.match(late.userMessage, /2026-12-31/);
    assert.deepEqual(late.details, { reason: 'deadline_not_later', refusal: 'deadline_not_later' });
  });

  test('enforce passes an allowed decision and throws the refusal of a denied one', () => {
    assert.doesNotThrow(() => enforce('editProblem', { allowed: true }));
    assert.throws(
      () => enforce('editProblem', deny('role')),
      (e: unknown) => e instanceof AppError && e.status === 403 && e.userMessage === '无权修改该问题',
    );
  });
});
