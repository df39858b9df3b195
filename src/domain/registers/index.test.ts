/**
 * The registers' pure logic: the track and four-forms category of every form, the totals, and the wording the
 * notices use. The report and the public notice state these figures to the public, so each mapping is pinned.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCOUNTABILITY_FORMS,
  CATEGORY_ZH,
  TRACK_ZH,
  categoryOf,
  computeTotals,
  formatRate,
  renderTotals,
  trackOf,
  type AccountabilityForm,
  type CountAs,
  type TotalsInput,
} from './index.js';

const empty: TotalsInput = { inspectionId: 7, accountability: [], rules: [], clues: [], events: [] };
const acc = (form: AccountabilityForm, n: number, countAs: CountAs = 'person', transferredToJudicial = false) =>
  Array.from({ length: n }, () => ({ form, countAs, transferredToJudicial }));

describe('track and category', () => {
  test('every form has a track and a category with Chinese labels', () => {
    for (const f of ACCOUNTABILITY_FORMS) {
      assert.match(TRACK_ZH[trackOf(f)], /[\u4e00-\u9fff]/);
      assert.match(CATEGORY_ZH[categoryOf(f)], /第[一二三四]种形态/);
    }
  });
  test('tracks', () => {
    for (const f of ['党内警告', '党内严重警告', '撤销党内职务', '留党察看', '开除党籍'] as const) assert.equal(trackOf(f), 'party', f);
    for (const f of ['政务警告', '记过', '记大过', '降级', '撤职', '开除'] as const) assert.equal(trackOf(f), 'government', f);
    for (const f of ['批评教育', '提醒谈话', '责令检查', '诫勉', '通报批评', '调离岗位', '免职', '降职'] as const) {
      assert.equal(trackOf(f), 'organisational', f);
    }
  });
  test('first form: the light measures that are not sanctions', () => {
    for (const f of ['批评教育', '提醒谈话', '责令检查', '诫勉', '通报批评'] as const) assert.equal(categoryOf(f), 1, f);
  });
  test('second form: light sanctions and 组织调整', () => {
    for (const f of ['党内警告', '党内严重警告', '政务警告', '记过', '记大过', '调离岗位', '停职检查', '调整职务'] as const) {
      assert.equal(categoryOf(f), 2, f);
    }
  });
  test('third form: heavy sanctions (降级 and 撤职 included) and 重大职务调整', () => {
    for (const f of ['撤销党内职务', '留党察看', '开除党籍', '降级', '撤职', '开除', '责令辞职', '免职', '降职'] as const) {
      assert.equal(categoryOf(f), 3, f);
    }
  });
  test('fourth form: an expulsion transferred to judicial organs; the flag changes nothing else', () => {
    assert.equal(categoryOf('开除党籍', true), 4);
    assert.equal(categoryOf('开除', true), 4);
    assert.equal(categoryOf('留党察看', true), 3);
    assert.equal(categoryOf('诫勉', true), 1);
  });
});

describe('computeTotals', () => {
  test('an empty round counts zero everywhere and has no 办结率', () => {
    const t = computeTotals(empty);
    assert.equal(t.inspectionId, 7);
    assert.equal(t.accountability.total, 0);
    assert.deepEqual(t.accountability.byForm, []);
    assert.deepEqual(t.accountability.byCategory, { 1: 0, 2: 0, 3: 0, 4: 0 });
    assert.deepEqual(t.accountability.byTrack, { party: 0, government: 0, organisational: 0 });
    assert.equal(t.clues.completionRate, null);
    assert.equal(t.rules.madeOrRevised, 0);
    assert.equal(t.events.byMeetingKind.democratic_life, 0);
  });
  test('accountability by form, track, category, persons and matters', () => {
    const t = computeTotals({
      ...empty,
      accountability: [
        ...acc('批评教育', 3),
        ...acc('责令检查', 2),
        ...acc('责令检查', 1, 'matter'),
        ...acc('党内警告', 1),
        ...acc('撤职', 1),
        ...acc('开除党籍', 1, 'person', true),
      ],
    });
    const a = t.accountability;
    assert.equal(a.total, 9);
    assert.equal(a.persons, 8);
    assert.equal(a.matters, 1);
    assert.deepEqual(
      a.byForm.map((l) => [l.form, l.persons, l.matters, l.total]),
      [
        ['批评教育', 3, 0, 3],
        ['责令检查', 2, 1, 3],
        ['党内警告', 1, 0, 1],
        ['开除党籍', 1, 0, 1],
        ['撤职', 1, 0, 1],
      ],
    );
    assert.deepEqual(a.byTrack, { party: 2, government: 1, organisational: 6 });
    assert.deepEqual(a.byCategory, { 1: 6, 2: 1, 3: 1, 4: 1 });
    assert.equal(a.transferredToJudicial, 1);
  });
  test('rules, clues and events', () => {
    const t = computeTotals({
      ...empty,
      rules: [{ action: 'made' }, { action: 'made' }, { action: 'revised' }, { action: 'abolished' }],
      clues: [
        { disposal: 'inquiry', status: 'concluded' },
        { disposal: 'case', status: 'in_progress' },
        { disposal: null, status: 'received' },
      ],
      events: [
        { kind: 'meeting', meetingKind: 'party_group' },
        { kind: 'meeting', meetingKind: 'party_group' },
        { kind: 'plan', meetingKind: null },
      ],
    });
    assert.deepEqual(t.rules, { madeOrRevised: 3, made: 2, revised: 1, abolished: 1 });
    assert.equal(t.clues.received, 3);
    assert.equal(t.clues.byDisposal.inquiry, 1);
    assert.equal(t.clues.byDisposal.case, 1);
    assert.equal(t.clues.undisposed, 1);
    assert.equal(t.clues.concluded, 1);
    assert.equal(t.clues.completionRate, 1 / 3);
    assert.equal(t.events.total, 3);
    assert.equal(t.events.byKind.meeting, 2);
    assert.equal(t.events.byMeetingKind.party_group, 2);
  });
});

describe('wording', () => {
  test('the accountability sentence of the Wuhan notice, rebuilt from entries', () => {
    // 武汉市生态环境局 2020: "追责问责44人次(件)，其中党内严重警告2人次，党内警告1人次，行政撤职1人次，诫勉4人次，
    // 责令作出检查9人次(件)，批评教育20人次，提醒谈话7人次"
    const t = computeTotals({
      ...empty,
      accountability: [
        ...acc('批评教育', 20),
        ...acc('提醒谈话', 7),
        ...acc('责令检查', 8),
        ...acc('责令检查', 1, 'matter'),
        ...acc('诫勉', 4),
        ...acc('撤职', 1),
        ...acc('党内警告', 1),
        ...acc('党内严重警告', 2),
      ],
    });
    const s = renderTotals(t);
    assert.equal(
      s.accountability,
      '追责问责44人次（件），其中党内严重警告2人次，党内警告1人次，撤职1人次，诫勉4人次，责令检查9人次（件），提醒谈话7人次，批评教育20人次',
    );
    assert.equal(
      s.fourForms,
      '运用监督执纪“四种形态”处理44人次（件），其中第一种形态40人次（件），第二种形态3人次（件），第三种形态1人次（件）',
    );
  });
  test('persons only, matters only', () => {
    assert.equal(renderTotals(computeTotals({ ...empty, accountability: acc('诫勉', 2) })).accountability, '追责问责2人次，其中诫勉2人次');
    assert.equal(
      renderTotals(computeTotals({ ...empty, accountability: acc('通报批评', 3, 'matter') })).accountability,
      '追责问责3件，其中通报批评3件',
    );
  });
  test('rules as notices count them', () => {
    const r = (made: number, revised: number, abolished = 0) =>
      renderTotals(
        computeTotals({
          ...empty,
          rules: [
            ...Array.from({ length: made }, () => ({ action: 'made' as const })),
            ...Array.from({ length: revised }, () => ({ action: 'revised' as const })),
            ...Array.from({ length: abolished }, () => ({ action: 'abolished' as const })),
          ],
        }),
      ).rules;
    assert.equal(r(44, 41), '制定完善制度85项，其中新制定44项，修订41项');
    assert.equal(r(40, 0), '制定完善制度40项');
    assert.equal(r(0, 3), '制定完善制度3项，均为修订');
    assert.equal(r(2, 0, 1), '制定完善制度2项，废止1项');
    assert.equal(r(0, 0, 2), '废止制度2项');
    assert.equal(r(0, 0), null);
  });
  test('clues with disposals and 办结率; the kind of round names the source', () => {
    const t = computeTotals({
      ...empty,
      clues: [
        { disposal: 'inquiry', status: 'concluded' },
        { disposal: 'inquiry', status: 'concluded' },
        { disposal: 'preliminary', status: 'in_progress' },
        { disposal: null, status: 'received' },
      ],
    });
    assert.equal(renderTotals(t).clues, '受理巡察移交问题线索4件，其中谈话函询2件、初步核实1件；已办结2件，办结率50%');
    assert.match(renderTotals(t, { inspectionKind: '巡视' }).clues ?? '', /^受理巡视移交/);
  });
  test('a rate is rounded down, so an open clue never reads 100%', () => {
    assert.equal(formatRate(1), '100%');
    assert.equal(formatRate(0), '0%');
    assert.equal(formatRate(5 / 6), '83.3%');
    assert.equal(formatRate(999 / 1000), '99.9%');
    assert.equal(formatRate(1999 / 2000), '99.9%');
    assert.equal(formatRate(2 / 3), '66.6%');
    assert.equal(formatRate(0.07), '7%');
  });
  test('the work sentence', () => {
    const t = computeTotals({
      ...empty,
      events: [
        { kind: 'leading_group', meetingKind: null },
        { kind: 'plan', meetingKind: null },
        { kind: 'meeting', meetingKind: 'party_group' },
        { kind: 'meeting', meetingKind: 'party_group' },
        { kind: 'meeting', meetingKind: 'democratic_life' },
        { kind: 'supervision', meetingKind: null },
      ],
    });
    assert.equal(renderTotals(t).work, '成立整改工作领导小组，审议通过整改方案，召开党组（党委）会2次、专题民主生活会1次，开展督导检查1次');
  });
  test('an empty round says nothing', () => {
    assert.deepEqual(renderTotals(computeTotals(empty)), { accountability: null, fourForms: null, rules: null, clues: null, work: null });
  });
});
