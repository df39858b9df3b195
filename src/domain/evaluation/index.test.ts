import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, configProblem, evaluate, gradeOf, type EvaluationInputs } from './index.js';
import { drawSample, risksOf, seededOrder, type ClosedItemFacts } from './lookback.js';

const none: EvaluationInputs = {
  items: 0,
  due: 0,
  closedOnTime: 0,
  overdueOpen: 0,
  open: 0,
  stalledOpen: 0,
  closureRequests: 0,
  returnedClosures: 0,
  approvedExtensions: 0,
  progressEntries: 0,
  formalismEntries: 0,
  recurring: 0,
  lookbackDecided: 0,
  lookbackReopened: 0,
  feedback: 0,
};

test('a round without shortfalls scores 100 (好); an empty one too (no denominator, no deduction)', () => {
  assert.equal(evaluate(none).score, 100);
  const perfect = evaluate({ ...none, items: 20, due: 10, closedOnTime: 10, open: 10, closureRequests: 10, progressEntries: 30 });
  assert.equal(perfect.score, 100);
  assert.equal(perfect.grade, 'good');
  assert.ok(perfect.components.every((c) => c.deduction === 0));
});

test('the arithmetic, checked by hand: each deduction is weight × min(1, numerator / denominator), the score 100 − their sum', () => {
  const e = evaluate({
    items: 40,
    due: 20,
    closedOnTime: 14,
    overdueOpen: 4,
    open: 25,
    stalledOpen: 5,
    closureRequests: 16,
    returnedClosures: 2,
    approvedExtensions: 3,
    progressEntries: 50,
    formalismEntries: 5,
    recurring: 4,
    lookbackDecided: 5,
    lookbackReopened: 1,
    feedback: 2,
  });
  const d = Object.fromEntries(e.components.map((c) => [c.key, c.deduction]));
  // onTime 25 × 6/20 = 7.5; overdue 15 × 4/20 = 3; stalled 10 × 5/25 = 2; returned 5 × 2/16 = 0.625 → 0.6;
  // extensions 5 × 3/40 = 0.375 → 0.4; formalism 10 × 5/50 = 1; recurrence 10 × 4/40 = 1; lookback 15 × 1/5 = 3; feedback 5 × 2/5 = 2
  assert.deepEqual(d, {
    onTime: 7.5,
    overdue: 3,
    stalled: 2,
    returned: 0.6,
    extensions: 0.4,
    formalism: 1,
    recurrence: 1,
    lookback: 3,
    feedback: 2,
  });
  assert.equal(e.score, 79.5); // 100 − 20.5
  assert.equal(e.grade, 'fairly_good');
  const onTime = e.components.find((c) => c.key === 'onTime')!;
  assert.deepEqual([onTime.numerator, onTime.denominator, onTime.rate, onTime.weight], [6, 20, 0.3, 25]);
});

test('a rate never passes 1, and the score never goes below 0', () => {
  const e = evaluate({ ...none, items: 1, approvedExtensions: 9, feedback: 50, due: 1, overdueOpen: 1, open: 1, stalledOpen: 1 });
  assert.equal(e.components.find((c) => c.key === 'extensions')!.rate, 1);
  assert.equal(e.components.find((c) => c.key === 'feedback')!.deduction, 5);
  const worst = evaluate({
    ...none,
    items: 1,
    due: 1,
    overdueOpen: 1,
    open: 1,
    stalledOpen: 1,
    closureRequests: 1,
    returnedClosures: 1,
    approvedExtensions: 1,
    progressEntries: 1,
    formalismEntries: 1,
    recurring: 1,
    lookbackDecided: 1,
    lookbackReopened: 1,
    feedback: 5,
  });
  assert.equal(worst.score, 0);
  assert.equal(worst.grade, 'poor');
});

test('grades follow the thresholds, and a configuration is checked', () => {
  const t = DEFAULT_CONFIG.thresholds;
  assert.deepEqual(
    [gradeOf(90, t), gradeOf(89.9, t), gradeOf(75, t), gradeOf(74.9, t), gradeOf(60, t), gradeOf(59.9, t)],
    ['good', 'fairly_good', 'fairly_good', 'average', 'average', 'poor'],
  );
  assert.equal(configProblem(DEFAULT_CONFIG), null);
  assert.match(configProblem({ ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights, onTime: 30 } })!, /权重之和应为 100，现为 105/);
  assert.match(configProblem({ ...DEFAULT_CONFIG, thresholds: { good: 80, fairly_good: 85, average: 60 } })!, /分数线/);
  // another weighting changes the score as stated
  const heavy = { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights, lookback: 35, onTime: 5 } };
  assert.equal(evaluate({ ...none, lookbackDecided: 2, lookbackReopened: 1 }, heavy).score, 82.5);
});

const closed = (id: number, o: Partial<ClosedItemFacts> = {}): ClosedItemFacts => ({
  problemId: id,
  deadline: '2026-10-31',
  closedOn: '2026-09-01',
  lastReminderOn: null,
  evidenceCount: 3,
  formalismCount: 0,
  requestedBy: 1,
  closedBy: 2,
  ...o,
});

test('the same seed draws the same sample, whatever the order the items come in; another seed another', () => {
  const items = Array.from({ length: 40 }, (_, i) => closed(100 + i));
  const a = drawSample(items, { method: 'random', size: 5, seed: '20261121-abc' });
  const b = drawSample([...items].reverse(), { method: 'random', size: 5, seed: '20261121-abc' });
  assert.deepEqual(a, b);
  assert.equal(new Set(a.map((x) => x.problemId)).size, 5);
  const c = drawSample(items, { method: 'random', size: 5, seed: '20261121-abd' });
  assert.notDeepEqual(
    a.map((x) => x.problemId),
    c.map((x) => x.problemId),
  );
  // a permutation: every id once
  assert.deepEqual(seededOrder([3, 1, 2], 's').sort(), [1, 2, 3]);
  // more asked than there are: all of them
  assert.equal(drawSample(items.slice(0, 3), { method: 'random', size: 10, seed: 'x' }).length, 3);
});

test('risk signs, and a risk draw takes the riskiest first', () => {
  assert.deepEqual(risksOf(closed(1)), []);
  assert.deepEqual(risksOf(closed(1, { closedOn: '2026-10-28' })), ['closed_near_deadline']);
  assert.deepEqual(risksOf(closed(1, { closedOn: '2026-11-02' })), [], 'late is not hurried');
  assert.deepEqual(risksOf(closed(1, { lastReminderOn: '2026-08-28' })), ['closed_after_reminder']);
  assert.deepEqual(risksOf(closed(1, { lastReminderOn: '2026-08-01' })), []);
  assert.deepEqual(risksOf(closed(1, { evidenceCount: 1, formalismCount: 2, closedBy: 1 })), [
    'little_evidence',
    'formalism',
    'same_person',
  ]);
  const items = [
    closed(1),
    closed(2, { evidenceCount: 0 }),
    closed(3, { closedBy: 1, formalismCount: 1 }),
    closed(4),
    closed(5, { closedOn: '2026-10-30' }),
  ];
  const drawn = drawSample(items, { method: 'risk', size: 3, seed: 'k' });
  assert.deepEqual(
    drawn.map((d) => d.problemId),
    [3, 2, 5],
  );
  assert.deepEqual(drawn[0].risks, ['formalism', 'same_person']);
});
