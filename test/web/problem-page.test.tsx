/**
 * The problem page shows exactly the actions its abilities allow. The page is
 * rendered as the app renders it — the app's providers (i18n, Ant Design with
 * zh_CN, react-query) and a router at /problems/:id — and it loads the problem
 * through the real transport from a stubbed fetch that answers with a problem
 * checked against the shared response schema. Elements are found the way a
 * person finds them: buttons by their name, dialogs by their title, fields by
 * their label.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { ProblemAbilities, ProblemDetail, Extension } from '../../src/domain/schemas/index.js';
import { NO_ABILITIES, openProblemPage, problemFixture, restoreFetch } from './problem-fixture';

const NONE = NO_ABILITIES;
/** Abilities the problem page offers no button for yet; any other ability must appear in ACTIONS. */
const NO_BUTTON_YET: (keyof ProblemAbilities)[] = [];

/** Every action the page offers on a problem, by the ability that allows it and the name a person reads. */
const ACTIONS: [keyof ProblemAbilities, RegExp][] = [
  ['reviewClosure', /^审核销号$/],
  ['requestClosure', /^申请销号$/],
  ['requestExtension', /^申请延期$/],
  ['markStageDone', /^阶段性完成$/],
  ['edit', /编辑整改计划$/],
  ['addMeasure', /新增措施$/],
  ['addProgress', /报送进展$/],
  ['reopen', /重新打开$/],
];

test('every ability the server sends is either a button checked here or listed as having none yet', () => {
  const covered = new Set<string>([...ACTIONS.map(([a]) => a), ...NO_BUTTON_YET]);
  assert.deepEqual(
    Object.keys(NONE).filter((k) => !covered.has(k)),
    [],
  );
});

let seq = 40;
/** A problem as GET /problems/:id answers it, with the given abilities (validated by the shared schema). */
function problem(abilities: Partial<ProblemAbilities>, over: Partial<ProblemDetail> = {}): ProblemDetail {
  const id = ++seq;
  return problemFixture({ id, title: `汛前隐患排查不彻底${id}`, abilities: { ...NONE, ...abilities }, ...over });
}

function extension(decide: boolean): Extension {
  return {
    id: 5,
    oldDeadline: '2026-12-31',
    requestedDeadline: '2027-01-30',
    reason: '涉及跨部门协调，需延长工期',
    status: 'pending',
    requestedBy: { id: 8, name: '刘志强' },
    requestedAt: '2026-11-20T02:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    step: null,
    abilities: { decide },
  };
}

afterEach(() => {
  cleanup();
  restoreFetch();
});
after(closeWindow);

const open = openProblemPage;

/** The page offers exactly the actions named by `allowed`, and no other. */
function assertActions(allowed: (keyof ProblemAbilities)[]): void {
  for (const [ability, name] of ACTIONS) {
    const shown = screen.queryAllByRole('button', { name }).length;
    assert.equal(
      shown,
      allowed.includes(ability) ? 1 : 0,
      `${ability} (${name}) ${allowed.includes(ability) ? 'missing' : 'shown without the ability'}`,
    );
  }
}

test('a reader without abilities sees the problem and no action at all', async () => {
  const p = problem({});
  const calls = await open(p);
  assertActions([]);
  assert.equal(screen.queryByRole('heading', { name: '报送整改进展' }), null, 'no progress form');
  // the problem is loaded once through the transport (the session is asked for too: the 督办 link follows it)
  assert.deepEqual(
    calls.filter((c) => c.includes('/problems/')),
    [`GET /api/v1/problems/${p.id}`],
  );
  assert.ok(screen.getByRole('cell', { name: '制定整改方案并逐项落实' }), 'the measures are listed');
});

test("the lead department's handler: report progress, ask for closure and for an extension — nothing else", async () => {
  await open(problem({ addProgress: true, requestClosure: true, requestExtension: true }, { evidenceCount: 1, progressCount: 1 }));
  assertActions(['addProgress', 'requestClosure', 'requestExtension']);
  assert.ok(screen.getByRole('heading', { name: '报送整改进展' }));
  assert.ok(screen.getByLabelText('进展情况'), 'the progress text is a labelled field');
});

test('整改办 on a long-term item: edit the plan, add measures, report, mark 阶段性完成', async () => {
  await open(
    problem(
      { edit: true, addMeasure: true, addProgress: true, markStageDone: true },
      { rectifyKind: 'long_term', rectifyKindZh: '长期坚持', status: 'long_term', statusZh: '长期坚持', light: 'blue', deadline: null },
    ),
  );
  assertActions(['edit', 'addMeasure', 'addProgress', 'markStageDone']);
});

test('the leader on a closure request: review it, and nothing else', async () => {
  await open(
    problem({ reviewClosure: true }, { status: 'closure_requested', statusZh: '待销号', closureRequestedBy: 8, evidenceCount: 1 }),
  );
  assertActions(['reviewClosure']);
});

test('a pending extension: the decision buttons only for someone who may decide it', async () => {
  await open(problem({}, { extensions: [extension(true)] }));
  assert.ok(screen.getByRole('button', { name: '批准延期' }));
  assert.ok(screen.getByRole('button', { name: '不予批准' }));
  cleanup();
  await open(problem({}, { extensions: [extension(false)] }));
  assert.ok(screen.getByText('涉及跨部门协调，需延长工期'), 'the request is shown');
  assert.equal(screen.queryByRole('button', { name: '批准延期' }), null);
  assert.equal(screen.queryByRole('button', { name: '不予批准' }), null);
});

test('an action opens its dialog, titled like the button, asking for the reason by its label', async () => {
  await open(problem({ requestClosure: true }, { evidenceCount: 1 }));
  fireEvent.click(screen.getByRole('button', { name: '申请销号' }));
  const dialog = await screen.findByRole('dialog', { name: '申请销号' });
  const reason = within(dialog).getByLabelText('销号说明');
  assert.equal(reason.tagName, 'TEXTAREA');
});

test('整改办 on a closed item: only 重新打开, whose dialog asks for the reason', async () => {
  await open(problem({ reopen: true }, { status: 'closed', statusZh: '已销号', light: 'none' }));
  assertActions(['reopen']);
  fireEvent.click(screen.getByRole('button', { name: /重新打开$/ }));
  const dialog = await screen.findByRole('dialog');
  assert.ok(within(dialog).getByLabelText('重新打开的理由'));
});
