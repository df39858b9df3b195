/**
 * Every guard of the workflow state machine (DESIGN §4) and the light rules.
 * The server and the web both decide with these functions, so a guard that
 * silently stops refusing would open a hole on both sides at once: each refusal
 * is pinned by its stable code, and the Chinese message people see is checked
 * to exist.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROBLEM_STATUSES,
  STATUS_ZH,
  KIND_ZH,
  LIGHT_ZH,
  WorkflowError,
  afterProgress,
  requestClosure,
  reviewClosure,
  requestExtension,
  decideExtension,
  lightOf,
  isOverdue,
  daysBetween,
  DEFAULT_LIGHT_RULES,
  type ProblemStatus,
  type RectifyKind,
  type WorkflowErrorCode,
} from './index.js';

const CJK = /[\u4e00-\u9fff]/;

/** Asserts `fn` throws a WorkflowError with `code` and a Chinese message for people. */
function refuses(fn: () => unknown, code: WorkflowErrorCode, zh?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WorkflowError, `expected WorkflowError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.userMessage, CJK, 'userMessage is shown to people and must be Chinese');
    if (zh) assert.match(e.userMessage, zh);
    // the English message is for logs and must not be the Chinese one
    assert.notEqual(e.message, e.userMessage);
    return true;
  });
}

const state = (status: ProblemStatus, rectifyKind: RectifyKind | null = 'deadline', extra: { closureRequestedBy?: number | null; deadline?: string | null } = {}) =>
  ({ status, rectifyKind, ...extra });

describe('labels', () => {
  test('every status, kind and light has a Chinese label', () => {
    for (const s of PROBLEM_STATUSES) assert.match(STATUS_ZH[s], CJK);
    for (const k of Object.keys(KIND_ZH) as RectifyKind[]) assert.match(KIND_ZH[k], CJK);
    assert.equal(STATUS_ZH.closure_requested, '待销号');
    assert.equal(LIGHT_ZH.red, '红灯');
  });
});

describe('afterProgress', () => {
  test('a first progress entry starts a pending problem', () => {
    assert.equal(afterProgress(state('pending', 'deadline')), 'in_progress');
    assert.equal(afterProgress(state('pending', 'immediate')), 'in_progress');
    // a kind not yet planned is treated like a dated item, not a long-term one
    assert.equal(afterProgress(state('pending', null)), 'in_progress');
  });

  test('a pending long-term problem becomes long_term, not in_progress', () => {
    assert.equal(afterProgress(state('pending', 'long_term')), 'long_term');
  });

  test('work already under way keeps its status', () => {
    assert.equal(afterProgress(state('in_progress')), 'in_progress');
    // long-term items accept progress forever
    assert.equal(afterProgress(state('long_term', 'long_term')), 'long_term');
  });

  test('a closed problem refuses progress', () => {
    refuses(() => afterProgress(state('closed')), 'invalid_state', /已销号/);
  });

  test('a problem under closure review refuses progress until returned', () => {
    refuses(() => afterProgress(state('closure_requested')), 'invalid_state', /审核/);
  });
});

describe('requestClosure', () => {
  test('from in_progress or long_term with evidence → closure_requested', () => {
    assert.equal(requestClosure(state('in_progress'), 1), 'closure_requested');
    assert.equal(requestClosure(state('long_term', 'long_term'), 3), 'closure_requested');
  });

  test('other states refuse, naming the current status in Chinese', () => {
    for (const s of ['pending', 'closure_requested', 'closed'] as const) {
      refuses(() => requestClosure(state(s), 5), 'invalid_state', new RegExp(STATUS_ZH[s]));
    }
  });

  test('needs at least one piece of evidence', () => {
    refuses(() => requestClosure(state('in_progress'), 0), 'no_evidence', /佐证材料/);
    refuses(() => requestClosure(state('long_term', 'long_term'), 0), 'no_evidence');
  });

  test('the state is checked before the evidence', () => {
    // a pending item with no evidence must say "wrong state", not "no evidence"
    refuses(() => requestClosure(state('pending'), 0), 'invalid_state');
  });
});

describe('reviewClosure', () => {
  const asked = (kind: RectifyKind | null = 'deadline') => state('closure_requested', kind, { closureRequestedBy: 7 });

  test('approve → closed', () => {
    assert.equal(reviewClosure(asked(), 8, 'approve'), 'closed');
    assert.equal(reviewClosure(asked('long_term'), 8, 'approve'), 'closed');
  });

  test('return → in_progress, or long_term for a long-term item', () => {
    assert.equal(reviewClosure(asked('deadline'), 8, 'return'), 'in_progress');
    assert.equal(reviewClosure(asked('immediate'), 8, 'return'), 'in_progress');
    assert.equal(reviewClosure(asked('long_term'), 8, 'return'), 'long_term');
  });

  test('only from closure_requested', () => {
    for (const s of ['pending', 'in_progress', 'long_term', 'closed'] as const) {
      refuses(() => reviewClosure(state(s, 'deadline', { closureRequestedBy: 7 }), 8, 'approve'), 'invalid_state', /没有待审核/);
      refuses(() => reviewClosure(state(s, 'deadline', { closureRequestedBy: 7 }), 8, 'return'), 'invalid_state');
    }
  });

  test('the reviewer must not be the submitter, for either decision', () => {
    refuses(() => reviewClosure(asked(), 7, 'approve'), 'same_person', /不能审核自己/);
    refuses(() => reviewClosure(asked(), 7, 'return'), 'same_person');
  });

  test('an unknown submitter (null) does not block a reviewer', () => {
    assert.equal(reviewClosure(state('closure_requested', 'deadline', { closureRequestedBy: null }), 8, 'approve'), 'closed');
  });
});

describe('requestExtension', () => {
  const dated = (status: ProblemStatus = 'in_progress', deadline: string | null = '2026-12-01', kind: RectifyKind | null = 'deadline') =>
    state(status, kind, { deadline });

  test('a later deadline with nothing pending is accepted, in every open state', () => {
    for (const s of ['pending', 'in_progress', 'closure_requested'] as const) {
      assert.doesNotThrow(() => requestExtension(dated(s), '2026-12-02', 0));
    }
  });

  test('a closed problem refuses', () => {
    refuses(() => requestExtension(dated('closed'), '2027-01-01', 0), 'invalid_state', /已销号/);
  });

  test('a long-term problem refuses (it has no deadline to move)', () => {
    refuses(() => requestExtension(dated('long_term', '2026-12-01', 'long_term'), '2027-01-01', 0), 'invalid_state', /长期坚持/);
    // the kind decides, even while the status is still pending
    refuses(() => requestExtension(dated('pending', null, 'long_term'), '2027-01-01', 0), 'invalid_state');
  });

  test('no deadline set yet refuses', () => {
    refuses(() => requestExtension(dated('in_progress', null), '2027-01-01', 0), 'no_deadline', /尚未设定/);
  });

  test('the same or an earlier deadline refuses, naming the current one', () => {
    refuses(() => requestExtension(dated(), '2026-12-01', 0), 'deadline_not_later', /2026-12-01/);
    refuses(() => requestExtension(dated(), '2026-11-30', 0), 'deadline_not_later');
  });

  test('a second request while one is pending refuses', () => {
    refuses(() => requestExtension(dated(), '2027-01-01', 1), 'extension_pending', /审批中/);
  });
});

describe('decideExtension', () => {
  test('a pending request decided by someone else passes', () => {
    assert.doesNotThrow(() => decideExtension({ status: 'pending', requestedBy: 3 }, 4));
  });

  test('an already decided request refuses', () => {
    refuses(() => decideExtension({ status: 'approved', requestedBy: 3 }, 4), 'extension_decided', /已经审批/);
    refuses(() => decideExtension({ status: 'refused', requestedBy: 3 }, 4), 'extension_decided');
  });

  test('the requester cannot decide their own request', () => {
    refuses(() => decideExtension({ status: 'pending', requestedBy: 3 }, 3), 'same_person', /不能审批自己/);
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
  const light = (status: ProblemStatus, kind: RectifyKind | null, offset: number | null, openOrders?: number) =>
    lightOf({ status, rectifyKind: kind, deadline: offset == null ? null : plus(offset), openOrders }, today);

  test('closed items carry no light, even overdue or long-term', () => {
    assert.equal(light('closed', 'deadline', -30), 'none');
    assert.equal(light('closed', 'long_term', null), 'none');
    assert.equal(light('closed', 'deadline', 3, 2), 'none');
  });

  test('long-term is blue, by kind or by status', () => {
    assert.equal(light('long_term', 'long_term', null), 'blue');
    assert.equal(light('in_progress', 'long_term', -5), 'blue'); // kind wins over an old deadline
    assert.equal(light('long_term', null, null), 'blue');
    assert.equal(light('pending', 'long_term', null), 'blue');
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
    assert.equal(light('pending', 'deadline', null, 2), 'yellow');
    assert.equal(light('in_progress', 'deadline', 40, 0), 'green');
  });

  test('no deadline and nothing open is green', () => {
    assert.equal(light('pending', 'deadline', null), 'green');
    assert.equal(light('in_progress', null, null), 'green');
  });

  test('the yellow window follows the rules passed in', () => {
    const p = { status: 'in_progress' as const, rectifyKind: 'deadline' as const, deadline: plus(5) };
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
