/**
 * Every check of the workflow state machine (DESIGN §4) and the light rules.
 * The server's policies decide with these functions and send their answers to
 * the web as abilities, so a check that silently stops refusing would open a
 * hole and show a button at once: each refusal is pinned by its reason code
 * (the server maps each code to its message; test/unit/policies.test.ts checks
 * those are Chinese).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROBLEM_STATUSES,
  STATUS_ZH,
  KIND_ZH,
  LIGHT_ZH,
  ALLOW,
  deny,
  firstRefusal,
  progressCheck,
  afterProgress,
  closureRequestCheck,
  closureReviewCheck,
  afterReview,
  extensionRequestCheck,
  extensionDeadlineCheck,
  extensionDecisionCheck,
  stageDoneCheck,
  lightOf,
  isOverdue,
  daysBetween,
  DEFAULT_LIGHT_RULES,
  DEFAULT_CLOSURE_CHAIN,
  PLAN_FIELDS,
  PLAN_FIELD_ZH,
  planEditCheck,
  reopenCheck,
  afterReopen,
  afterMeasureStatus,
  measureDeadlineCheck,
  reviewOutcome,
  reviewsInChain,
  extensionOutcome,
  planChanges,
  type ReviewChain,
  type Decision,
  type ProblemStatus,
  type RectifyKind,
  type WorkflowReason,
} from './index.js';

const CJK = /[\u4e00-\u9fff]/;

function refuses(d: Decision<WorkflowReason>, reason: WorkflowReason): void {
  assert.deepEqual(d.allowed ? 'allowed' : d.reason, reason);
}

function allows(d: Decision<WorkflowReason>): void {
  assert.equal(d.allowed, true, d.allowed ? '' : `refused: ${d.reason}`);
}

const state = (
  status: ProblemStatus,
  rectifyKind: RectifyKind | null = 'deadline',
  extra: { closureRequestedBy?: number | null; deadline?: string | null; stageDone?: boolean } = {},
) => ({ status, rectifyKind, ...extra });

describe('labels', () => {
  test('every status, kind and light has a Chinese label', () => {
    for (const s of PROBLEM_STATUSES) assert.match(STATUS_ZH[s], CJK);
    for (const k of Object.keys(KIND_ZH) as RectifyKind[]) assert.match(KIND_ZH[k], CJK);
    assert.equal(STATUS_ZH.closure_requested, '待销号');
    assert.equal(LIGHT_ZH.red, '红灯');
  });
});

describe('decisions', () => {
  test('firstRefusal tells the first refusal in order, or allows', () => {
    assert.equal(firstRefusal(ALLOW, ALLOW).allowed, true);
    assert.equal(firstRefusal<string>().allowed, true);
    assert.deepEqual(firstRefusal<string>(ALLOW, deny('a'), deny('b')), { allowed: false, reason: 'a' });
  });

  test('a refusal carries the values its message names, only when given', () => {
    assert.deepEqual(deny('x'), { allowed: false, reason: 'x' });
    assert.deepEqual(deny('x', { deadline: '2026-12-01' }), { allowed: false, reason: 'x', detail: { deadline: '2026-12-01' } });
  });
});

describe('progress', () => {
  test('a first progress entry starts a pending problem', () => {
    allows(progressCheck(state('pending')));
    assert.equal(afterProgress(state('pending', 'deadline')), 'in_progress');
    assert.equal(afterProgress(state('pending', 'immediate')), 'in_progress');
    // a kind not yet planned is treated like a dated item, not a long-term one
    assert.equal(afterProgress(state('pending', null)), 'in_progress');
  });

  test('a pending long-term problem becomes long_term, not in_progress', () => {
    assert.equal(afterProgress(state('pending', 'long_term')), 'long_term');
  });

  test('work already under way keeps its status', () => {
    allows(progressCheck(state('in_progress')));
    allows(progressCheck(state('long_term', 'long_term')));
    assert.equal(afterProgress(state('in_progress')), 'in_progress');
    // long-term items accept progress forever
    assert.equal(afterProgress(state('long_term', 'long_term')), 'long_term');
  });

  test('a closed problem refuses progress', () => {
    refuses(progressCheck(state('closed')), 'problem_closed');
  });

  test('a problem under closure review refuses progress until returned', () => {
    refuses(progressCheck(state('closure_requested')), 'under_review');
  });
});

describe('closure request', () => {
  test('from in_progress or long_term with evidence', () => {
    allows(closureRequestCheck(state('in_progress'), 1));
    allows(closureRequestCheck(state('long_term', 'long_term'), 3));
  });

  test('other states refuse, each with its own reason', () => {
    refuses(closureRequestCheck(state('pending'), 5), 'not_started');
    refuses(closureRequestCheck(state('closure_requested'), 5), 'under_review');
    refuses(closureRequestCheck(state('closed'), 5), 'problem_closed');
  });

  test('needs at least one piece of evidence', () => {
    refuses(closureRequestCheck(state('in_progress'), 0), 'no_evidence');
    refuses(closureRequestCheck(state('long_term', 'long_term'), 0), 'no_evidence');
  });

  test('the state is checked before the evidence', () => {
    // a pending item with no evidence must say "not started", not "no evidence"
    refuses(closureRequestCheck(state('pending'), 0), 'not_started');
  });
});

describe('closure review', () => {
  const asked = (kind: RectifyKind | null = 'deadline') => state('closure_requested', kind, { closureRequestedBy: 7 });

  test('approve → closed', () => {
    allows(closureReviewCheck(asked(), 8));
    assert.equal(afterReview(asked(), 'approve'), 'closed');
    assert.equal(afterReview(asked('long_term'), 'approve'), 'closed');
  });

  test('return → in_progress, or long_term for a long-term item', () => {
    assert.equal(afterReview(asked('deadline'), 'return'), 'in_progress');
    assert.equal(afterReview(asked('immediate'), 'return'), 'in_progress');
    assert.equal(afterReview(asked('long_term'), 'return'), 'long_term');
  });

  test('only from closure_requested', () => {
    for (const s of ['pending', 'in_progress', 'long_term'] as const) {
      refuses(closureReviewCheck(state(s, 'deadline', { closureRequestedBy: 7 }), 8), 'no_review_pending');
    }
    refuses(closureReviewCheck(state('closed', 'deadline', { closureRequestedBy: 7 }), 8), 'problem_closed');
  });

  test('the reviewer must not be the submitter', () => {
    refuses(closureReviewCheck(asked(), 7), 'own_closure_request');
  });

  test('an unknown submitter (null) does not block a reviewer', () => {
    allows(closureReviewCheck(state('closure_requested', 'deadline', { closureRequestedBy: null }), 8));
  });
});

describe('extension request', () => {
  const dated = (status: ProblemStatus = 'in_progress', deadline: string | null = '2026-12-01', kind: RectifyKind | null = 'deadline') =>
    state(status, kind, { deadline });

  test('a later deadline with nothing pending is accepted, in every open state but 待销号', () => {
    for (const s of ['pending', 'in_progress'] as const) {
      allows(extensionRequestCheck(dated(s), 0));
      allows(extensionDeadlineCheck(dated(s), '2026-12-02'));
    }
  });

  test('a closed problem refuses', () => {
    refuses(extensionRequestCheck(dated('closed'), 0), 'problem_closed');
  });

  test('a long-term problem refuses (it has no deadline to move)', () => {
    refuses(extensionRequestCheck(dated('long_term', '2026-12-01', 'long_term'), 0), 'long_term_no_deadline');
    // the kind decides, even while the status is still pending
    refuses(extensionRequestCheck(dated('pending', null, 'long_term'), 0), 'long_term_no_deadline');
  });

  test('no deadline set yet refuses', () => {
    refuses(extensionRequestCheck(dated('in_progress', null), 0), 'no_deadline');
  });

  test('the same or an earlier deadline refuses, naming the current one', () => {
    assert.deepEqual(extensionDeadlineCheck(dated(), '2026-12-01'), {
      allowed: false,
      reason: 'deadline_not_later',
      detail: { deadline: '2026-12-01' },
    });
    refuses(extensionDeadlineCheck(dated(), '2026-11-30'), 'deadline_not_later');
  });

  test('a second request while one is pending refuses', () => {
    refuses(extensionRequestCheck(dated(), 1), 'extension_pending');
  });
});

describe('extension decision', () => {
  test('a pending request decided by someone else passes', () => {
    allows(extensionDecisionCheck({ status: 'pending', requestedBy: 3 }, 4));
  });

  test('an already decided request refuses', () => {
    refuses(extensionDecisionCheck({ status: 'approved', requestedBy: 3 }, 4), 'extension_decided');
    refuses(extensionDecisionCheck({ status: 'refused', requestedBy: 3 }, 4), 'extension_decided');
    // decided is told before "your own": there is nothing left to decide
    refuses(extensionDecisionCheck({ status: 'approved', requestedBy: 3 }, 3), 'extension_decided');
  });

  test('the requester cannot decide their own request', () => {
    refuses(extensionDecisionCheck({ status: 'pending', requestedBy: 3 }, 3), 'own_extension_request');
  });
});

describe('stage done (阶段性完成)', () => {
  test('a long-term item, by kind or by status, once', () => {
    allows(stageDoneCheck(state('long_term', 'long_term')));
    allows(stageDoneCheck(state('pending', 'long_term')));
    allows(stageDoneCheck(state('long_term', null)));
    refuses(stageDoneCheck(state('long_term', 'long_term', { stageDone: true })), 'already_stage_done');
  });

  test('a dated item or a closed one refuses', () => {
    refuses(stageDoneCheck(state('in_progress', 'deadline')), 'not_long_term');
    refuses(stageDoneCheck(state('closed', 'long_term')), 'problem_closed');
  });
});

describe('daysBetween', () => {
  test('calendar days, signed', () => {
    assert.equal(daysBetween('2026-11-21', '2026-11-21'), 0);
    assert.equal(daysBetween('2026-11-21', '2026-12-01'), 10);
    assert.equal(daysBetween('2026-12-01', '2026-11-21'), -10);
  });

  test('across month, year and leap-day boundaries', () => {
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2); // 2028 is a leap year
    assert.equal(daysBetween('2027-02-28', '2027-03-01'), 1);
    assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
  });

  test('does not depend on the host time zone (DST dates of other zones)', () => {
    // 2026-03-29 is the EU DST switch; a local-time implementation would give 0.958…
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-10-24', '2026-10-26'), 2);
  });
});

describe('lightOf', () => {
  const today = '2026-11-21';
  const plus = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  // a planned item: it has a lead department (unplanned ones are tested on their own)
  const light = (
    status: ProblemStatus,
    kind: RectifyKind | null,
    offset: number | null,
    openOrders?: number,
    leadDeptId: number | null = 7,
  ) => lightOf({ status, rectifyKind: kind, deadline: offset == null ? null : plus(offset), openOrders, leadDeptId }, today);

  test('closed items carry no light, even overdue or long-term', () => {
    assert.equal(light('closed', 'deadline', -30), 'none');
    assert.equal(light('closed', 'long_term', null), 'none');
    assert.equal(light('closed', 'deadline', 3, 2), 'none');
  });

  test('long-term is blue, by kind or by status', () => {
    assert.equal(light('long_term', 'long_term', null), 'blue');
    assert.equal(light('in_progress', 'long_term', -5), 'blue'); // kind wins over an old deadline
    assert.equal(light('long_term', 'deadline', null), 'blue'); // a long-term run needs no deadline
    assert.equal(light('pending', 'long_term', null), 'blue');
  });

  test('unplanned (grey): no kind, no lead department, or no deadline on a dated item — never green', () => {
    assert.equal(light('pending', null, 40), 'unplanned');
    assert.equal(light('long_term', null, null), 'unplanned');
    assert.equal(light('pending', 'deadline', 40, 0, null), 'unplanned');
    assert.equal(light('in_progress', 'long_term', null, 0, null), 'unplanned');
    assert.equal(light('pending', 'deadline', null), 'unplanned');
    assert.equal(light('in_progress', 'immediate', null), 'unplanned');
    // before red: nobody has been told to do it yet
    assert.equal(light('in_progress', 'deadline', -3, 0, null), 'unplanned');
    // a closed item carries none, planned or not
    assert.equal(light('closed', null, null, 0, null), 'none');
    assert.equal(LIGHT_ZH.unplanned, '未计划');
  });

  test('overdue is red, in every open state', () => {
    for (const s of ['pending', 'in_progress', 'closure_requested'] as const) assert.equal(light(s, 'deadline', -1), 'red');
    assert.equal(light('in_progress', 'immediate', -30), 'red');
  });

  test('red beats an open supervision order', () => {
    assert.equal(light('in_progress', 'deadline', -1, 1), 'red');
  });

  test('deadline today is not red (due today is still on time): yellow', () => {
    assert.equal(light('in_progress', 'deadline', 0), 'yellow');
    assert.equal(isOverdue({ status: 'in_progress', deadline: today }, today), false);
  });

  test('within 10 days is yellow; exactly 10 days is yellow; 11 is green', () => {
    assert.equal(light('in_progress', 'deadline', 1), 'yellow');
    assert.equal(light('in_progress', 'deadline', 9), 'yellow');
    assert.equal(light('in_progress', 'deadline', 10), 'yellow');
    assert.equal(light('in_progress', 'deadline', 11), 'green');
    assert.equal(DEFAULT_LIGHT_RULES.yellowDays, 10);
  });

  test('an open supervision order makes an on-track item yellow', () => {
    assert.equal(light('in_progress', 'deadline', 40, 1), 'yellow');
    assert.equal(light('pending', 'deadline', 30, 2), 'yellow');
    assert.equal(light('in_progress', 'deadline', 40, 0), 'green');
  });

  test('planned, far from the deadline and nothing open is green', () => {
    assert.equal(light('pending', 'deadline', 30), 'green');
    assert.equal(light('in_progress', 'immediate', 11), 'green');
  });

  test('the yellow window follows the rules passed in', () => {
    const p = { status: 'in_progress' as const, rectifyKind: 'deadline' as const, deadline: plus(5), leadDeptId: 7 };
    assert.equal(lightOf(p, today, { yellowDays: 4 }), 'green');
    assert.equal(lightOf(p, today, { yellowDays: 5 }), 'yellow');
  });
});

describe('isOverdue', () => {
  const today = '2026-11-21';
  test('past deadline and not closed', () => {
    assert.equal(isOverdue({ status: 'in_progress', deadline: '2026-11-20' }, today), true);
    assert.equal(isOverdue({ status: 'pending', deadline: '2026-01-01' }, today), true);
    assert.equal(isOverdue({ status: 'closure_requested', deadline: '2026-11-20' }, today), true);
  });
  test('closed, due today, in the future or without a deadline: not overdue', () => {
    assert.equal(isOverdue({ status: 'closed', deadline: '2026-11-20' }, today), false);
    assert.equal(isOverdue({ status: 'in_progress', deadline: today }, today), false);
    assert.equal(isOverdue({ status: 'in_progress', deadline: '2026-11-22' }, today), false);
    assert.equal(isOverdue({ status: 'in_progress', deadline: null }, today), false);
  });
});

test('statusForKind: work under way follows the kind; other states stay', async () => {
  const { statusForKind } = await import('./index.js');
  assert.equal(statusForKind('in_progress', 'long_term'), 'long_term');
  assert.equal(statusForKind('long_term', 'deadline'), 'in_progress');
  assert.equal(statusForKind('long_term', 'immediate'), 'in_progress');
  assert.equal(statusForKind('in_progress', 'deadline'), null);
  assert.equal(statusForKind('pending', 'long_term'), null);
  assert.equal(statusForKind('closure_requested', 'long_term'), null);
  assert.equal(statusForKind('closed', 'deadline'), null);
});

describe('issue 7: closed items, measures, review chains', () => {
  const chain2: ReviewChain = [
    { role: 'unit_admin', name: '整改办初审' },
    { role: 'leader', name: '分管领导审批' },
  ];
  const admin = { admin: true, leader: false, office: false };
  const leader = { admin: false, leader: true, office: false };

  test('a closed item refuses plan edits; reopening only a closed one, back to work by its kind', () => {
    refuses(planEditCheck(state('closed')), 'problem_closed');
    for (const s of ['pending', 'in_progress', 'closure_requested', 'long_term'] as const) allows(planEditCheck(state(s)));
    allows(reopenCheck(state('closed')));
    refuses(reopenCheck(state('in_progress')), 'not_closed');
    assert.equal(afterReopen(state('closed', 'deadline')), 'in_progress');
    assert.equal(afterReopen(state('closed', 'long_term')), 'long_term');
  });

  test('a closure needs every measure done when the rule is on, after the evidence; off, open measures do not matter', () => {
    const p = state('in_progress');
    assert.deepEqual(closureRequestCheck(p, 1, { open: 2, required: true }), {
      allowed: false,
      reason: 'measures_open',
      detail: { count: '2' },
    });
    allows(closureRequestCheck(p, 1, { open: 2, required: false }));
    allows(closureRequestCheck(p, 1, { open: 0, required: true }));
    refuses(closureRequestCheck(p, 0, { open: 2, required: true }), 'no_evidence');
  });

  test('a measure deadline after the problem deadline is refused when the rule is on', () => {
    const on = { measureDeadlineWithinProblem: true };
    assert.deepEqual(measureDeadlineCheck('2026-12-31', '2027-01-01', on), {
      allowed: false,
      reason: 'measure_after_deadline',
      detail: { deadline: '2026-12-31' },
    });
    allows(measureDeadlineCheck('2026-12-31', '2026-12-31', on) as Decision<WorkflowReason>);
    allows(measureDeadlineCheck(null, '2027-01-01', on) as Decision<WorkflowReason>);
    allows(measureDeadlineCheck('2026-12-31', '2027-01-01', { measureDeadlineWithinProblem: false }) as Decision<WorkflowReason>);
  });

  test('a measure marked done starts a pending problem (by its kind) when the rule is on', () => {
    const on = { measureDoneStartsProblem: true };
    assert.equal(afterMeasureStatus(state('pending'), 'done', on), 'in_progress');
    assert.equal(afterMeasureStatus(state('pending', 'long_term'), 'done', on), 'long_term');
    assert.equal(afterMeasureStatus(state('pending'), 'in_progress', on), 'pending');
    assert.equal(afterMeasureStatus(state('pending'), 'done', { measureDoneStartsProblem: false }), 'pending');
    assert.equal(afterMeasureStatus(state('in_progress'), 'done', on), 'in_progress');
  });

  test('a two-step chain: step 1 by 整改办 moves to step 2, step 2 by the leader closes; a return at any step goes back to work', () => {
    const atStep = (step: number, approvers: number[] = []) => ({
      ...state('closure_requested', 'deadline', { closureRequestedBy: 1 }),
      reviewChain: chain2,
      reviewStep: step,
      reviewApprovers: approvers,
    });
    allows(closureReviewCheck(atStep(0), 2, admin));
    assert.deepEqual(closureReviewCheck(atStep(0), 3, leader), {
      allowed: false,
      reason: 'not_your_step',
      detail: { step: '整改办初审', role: '整改办' },
    });
    assert.deepEqual(reviewOutcome(atStep(0), 'approve'), { to: 'closure_requested', nextStep: 1 });
    assert.deepEqual(reviewOutcome(atStep(1), 'approve'), { to: 'closed', nextStep: null });
    assert.deepEqual(reviewOutcome(atStep(1), 'return'), { to: 'in_progress', nextStep: null });
    assert.deepEqual(reviewOutcome({ ...atStep(0), rectifyKind: 'long_term' }, 'return'), { to: 'long_term', nextStep: null });
    // one person approves one step only, even when they fill both roles
    refuses(closureReviewCheck(atStep(1, [2]), 2, { admin: true, leader: true, office: false }), 'already_reviewed');
    refuses(closureReviewCheck(atStep(1), 1, leader), 'own_closure_request');
  });

  test('the default chain is today: one step, 整改办 or a leader', () => {
    assert.equal(DEFAULT_CLOSURE_CHAIN.length, 1);
    const p = state('closure_requested', 'deadline', { closureRequestedBy: 1 });
    allows(closureReviewCheck(p, 2, admin));
    allows(closureReviewCheck(p, 2, leader));
    refuses(closureReviewCheck(p, 2, { admin: false, leader: false, office: true }), 'not_your_step');
    assert.deepEqual(reviewOutcome(p, 'approve'), { to: 'closed', nextStep: null });
    assert.equal(reviewsInChain(undefined, leader), true);
    assert.equal(reviewsInChain([{ role: 'office_admin', name: '巡察办审核' }], leader), false);
  });

  test('extension chains: approve moves on, the last approval approves, a refusal at any step refuses', () => {
    const x = (step: number) => ({ status: 'pending', requestedBy: 1, step, chain: chain2, approvers: step ? [2] : [] });
    allows(extensionDecisionCheck(x(0), 2, admin));
    refuses(extensionDecisionCheck(x(0), 3, leader), 'not_your_step');
    refuses(extensionDecisionCheck(x(1), 2, { admin: true, leader: true, office: false }), 'already_reviewed');
    assert.deepEqual(extensionOutcome(x(0), 'approve'), { status: 'pending', nextStep: 1 });
    assert.deepEqual(extensionOutcome(x(1), 'approve'), { status: 'approved', nextStep: null });
    assert.deepEqual(extensionOutcome(x(0), 'refuse'), { status: 'refused', nextStep: null });
  });

  test('no extension while a closure is under review (申请延期 hidden in 待销号)', () => {
    refuses(extensionRequestCheck(state('closure_requested', 'deadline', { deadline: '2026-12-31' }), 0), 'under_review');
  });

  test('plan changes: only the fields that differ, in a fixed order', () => {
    assert.deepEqual(
      planChanges({ title: 'A', leadDept: '办公室', deadline: null }, { title: 'B', leadDept: '办公室', deadline: '2026-12-31' }),
      [
        { field: 'title', before: 'A', after: 'B' },
        { field: 'deadline', before: null, after: '2026-12-31' },
      ],
    );
    assert.deepEqual(planChanges({ title: 'A' }, { title: 'A' }), []);
    for (const f of PLAN_FIELDS) assert.match(PLAN_FIELD_ZH[f], CJK);
  });
});
