/**
 * Issue 7 points 9 and 15 through HTTP: the ledger's search (every word must
 * match; an aspect's or theme's title matches the problems under it), and the
 * inspection office's ledger by unit (the unit's name on every row, a unit
 * filter, whole-group and whole-unit counts that do not depend on the page).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Office } from '../helpers/factories.js';
import { ledgerPageSchema, type LedgerPage } from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
let office: Office;
let a: Unit;
let b: Unit;
const ids: Record<string, number> = {};
const groups: Record<string, number> = {};

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  office = await f.office();
  a = await f.unit({ office, name: '甲区水务局' });
  b = await f.unit({ office, name: '乙区水务局' });
  // unit a: （一）防汛排涝 → 1. 泵站… 2. 预案…; （二）内部管理 → 1. 审计…
  const ra = await f.inspection({ unit: a });
  const g1 = await f.node({ unit: a, inspection: ra, label: '（一）', title: '在防汛排涝责任落实方面' });
  const g2 = await f.node({ unit: a, inspection: ra, label: '（二）', title: '在内部管理方面' });
  groups.a1 = g1.id;
  groups.a2 = g2.id;
  ids.pumpSpare = (
    await f.problem({
      unit: a,
      inspection: ra,
      parent: g1,
      label: '1.',
      title: '汛前隐患排查不彻底',
      description: '部分泵站备用电源未检修。',
    })
  ).id;
  ids.pumpOnly = (
    await f.problem({ unit: a, inspection: ra, parent: g1, label: '2.', title: '泵站值守制度不落实', description: '夜间无人值守。' })
  ).id;
  ids.plan = (
    await f.problem({
      unit: a,
      inspection: ra,
      parent: g1,
      label: '3.',
      title: '排涝应急预案更新滞后',
      description: '预案未覆盖新建管网。',
    })
  ).id;
  ids.audit = (
    await f.problem({ unit: a, inspection: ra, parent: g2, label: '1.', title: '内部审计力量薄弱', description: '备用金管理不规范。' })
  ).id;
  // unit b: its own （一） with two problems
  const rb = await f.inspection({ unit: b });
  const gb = await f.node({ unit: b, inspection: rb, label: '（一）', title: '在防汛排涝责任落实方面' });
  groups.b1 = gb.id;
  ids.b1 = (await f.problem({ unit: b, inspection: rb, parent: gb, label: '1.', title: '堤防巡查记录不全' })).id;
  ids.b2 = (await f.problem({ unit: b, inspection: rb, parent: gb, label: '2.', title: '泵站备用机组老化' })).id;
});
after(async () => {
  await t?.close();
});

async function ledger(c: Client, query: string): Promise<LedgerPage> {
  return expectOk(await c.get(`/api/v1/ledger?${query}`), ledgerPageSchema) as LedgerPage;
}
const titles = (p: LedgerPage) => p.items.map((i) => i.title);

describe('search', () => {
  test('several words: every one must match, in any part of the text', async () => {
    const c = await f.login(a.admin);
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('泵站 备用')}`)), ['汛前隐患排查不彻底']);
    // one word alone finds more, ranked: the match in a title before the match in a description …
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('泵站')}`)), ['泵站值守制度不落实', '汛前隐患排查不彻底']);
    // … unless the tree order is asked for; a full-width space separates words too
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('泵站')}&sort=order`)), ['汛前隐患排查不彻底', '泵站值守制度不落实']);
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('备用\u3000审计')}`)), ['内部审计力量薄弱']);
    // a word that matches nothing empties the result
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('泵站 审计')}`)), []);
  });

  test('an aspect’s or theme’s title matches the problems under it', async () => {
    const c = await f.login(a.admin);
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('防汛排涝')}`)), [
      '汛前隐患排查不彻底',
      '泵站值守制度不落实',
      '排涝应急预案更新滞后',
    ]);
    // a group word and a problem word together
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('内部管理 审计')}`)), ['内部审计力量薄弱']);
    // a label: "（二）" is the second aspect's label, not searched through ancestors (titles only)
    assert.deepEqual(titles(await ledger(c, `q=${encodeURIComponent('预案')}`)), ['排涝应急预案更新滞后']);
  });

  test('scope still holds: the search never reaches another unit', async () => {
    const c = await f.login(a.admin);
    assert.ok(!titles(await ledger(c, `q=${encodeURIComponent('泵站 备用')}`)).includes('泵站备用机组老化'));
    expectError(await c.get(`/api/v1/ledger?q=${encodeURIComponent('a\u0000b')}`), 400);
  });
});

describe('the office’s ledger by unit', () => {
  test('every row carries its unit; the unit filter narrows; counts are whole groups and units, not the page', async () => {
    const c = await f.login(office.admin);
    const all = await ledger(c, 'pageSize=200');
    const mine = all.items.filter((i) => i.unitId === a.id || i.unitId === b.id);
    assert.equal(mine.length, 6);
    for (const r of mine) assert.equal(r.unitName, r.unitId === a.id ? '甲区水务局' : '乙区水务局');

    const onlyB = await ledger(c, `unitId=${b.id}`);
    assert.deepEqual(titles(onlyB), ['堤防巡查记录不全', '泵站备用机组老化']);
    assert.deepEqual(onlyB.units, [{ id: b.id, name: '乙区水务局', count: 2, capped: false }]);

    // page 1 of unit a with 2 rows a page: （一） shows 2 of its 3 rows here, but counts 3
    const p1 = await ledger(c, `unitId=${a.id}&pageSize=2&page=1`);
    assert.equal(p1.items.length, 2);
    assert.deepEqual(p1.groups, [{ id: groups.a1, count: 3, capped: false }]);
    assert.deepEqual(p1.units, [{ id: a.id, name: '甲区水务局', count: 4, capped: false }]);
    // the next page by its cursor (as the ledger's pager asks) and by number count the same
    for (const p2 of [
      await ledger(c, `unitId=${a.id}&pageSize=2&cursor=${p1.nextCursor}`),
      await ledger(c, `unitId=${a.id}&pageSize=2&page=2`),
    ]) {
      assert.deepEqual(
        [...p2.groups].sort((x, y) => x.id - y.id),
        [
          { id: groups.a1, count: 3, capped: false },
          { id: groups.a2, count: 1, capped: false },
        ].sort((x, y) => x.id - y.id),
      );
    }
    const p2 = await ledger(c, `unitId=${a.id}&pageSize=2&page=2`);
    assert.deepEqual(
      [...p2.groups].sort((x, y) => x.id - y.id),
      [
        { id: groups.a1, count: 3, capped: false },
        { id: groups.a2, count: 1, capped: false },
      ].sort((x, y) => x.id - y.id),
    );
    // counts follow the filters: a search in tree order narrows the group's count too
    const searched = await ledger(c, `unitId=${a.id}&q=${encodeURIComponent('泵站')}&sort=order`);
    assert.deepEqual(searched.groups, [{ id: groups.a1, count: 2, capped: false }]);
    // ranked by relevance the rows stand alone (no group headers): no group counts to pay for
    assert.deepEqual((await ledger(c, `unitId=${a.id}&q=${encodeURIComponent('泵站')}`)).groups, []);

    // a unit admin filtering by another unit sees nothing of it
    const foreign = await ledger(await f.login(a.admin), `unitId=${b.id}`);
    assert.deepEqual(foreign.items, []);
    assert.equal(foreign.total, 0);
  });
});

describe('search covers measures and progress, ranked (issue 12)', () => {
  let c: Client;
  const p: Record<string, number> = {};
  const LONG = `本月完成了排水管网的清淤和检查工作，累计清理管道二千余米，更换井盖四十个，${'并对辖区内的重点部位进行了复查，'.repeat(3)}新建雨水泵房一座已投入试运行，下一步将组织验收。`;

  before(async () => {
    const u = await f.unit({ office, name: '丙区水务局' });
    const r = await f.inspection({ unit: u });
    const g = await f.node({ unit: u, inspection: r, label: '（一）', title: '在基础设施建设方面' });
    const mk = (title: string, description = '', measures: string[] = ['按期完成整改']) =>
      f.problem({ unit: u, inspection: r, parent: g, title, description, measures });
    // created in the reverse of the ranking, so that tree order and ranking differ
    p.progress = (await mk('排水设施维护不到位')).id;
    p.measure = (await mk('管网改造资金使用不规范', '', ['完成泵房电气线路改造'])).id;
    p.description = (await mk('汛期值守安排不合理', '个别泵房夜间无人值守。')).id;
    p.title = (await mk('雨水泵房建设进度滞后')).id;
    p.none = (await mk('档案管理不规范', '会议记录缺失。')).id;
    p.ascii = (await mk('控制柜接地不规范', '', ['更换PLC模块'])).id;
    // a word only in a progress entry (a long one: the snippet is cut around the word)
    await f.progress({ problem: { id: p.progress, unit: u }, text: LONG, evidence: false });
    await f.progress({ problem: { id: p.none, unit: u }, text: '已补齐会议记录。', evidence: false });
    c = await f.login(u.admin);
  });

  const ids = (page: LedgerPage) => page.items.map((i) => i.id);

  test('a word found only in a progress entry or only in a measure finds the problem', async () => {
    // 清淤: only in the progress entry of one problem
    assert.deepEqual(ids(await ledger(c, `q=${encodeURIComponent('清淤')}`)), [p.progress]);
    // 电气线路: only in a measure
    assert.deepEqual(ids(await ledger(c, `q=${encodeURIComponent('电气线路')}`)), [p.measure]);
    // a word with letters is found in any case (here in a measure)
    assert.deepEqual(ids(await ledger(c, 'q=plc')), [p.ascii]);
    assert.deepEqual(ids(await ledger(c, `q=${encodeURIComponent('不存在的词语')}`)), []);
  });

  test('ranking: title, then description, then measure, then progress; every word required, across places', async () => {
    const page = await ledger(c, `q=${encodeURIComponent('泵房')}`);
    assert.equal(page.sort, 'relevance');
    assert.deepEqual(ids(page), [p.title, p.description, p.measure, p.progress]);
    assert.equal(page.total, 4);
    assert.equal(page.totalCapped, false);
    // where each matched, with the word in the text shown
    const where = new Map(page.matches.map((m) => [m.id, m]));
    assert.deepEqual(
      ids(page).map((id) => where.get(id)?.where),
      ['title', 'description', 'measure', 'progress'],
    );
    const progress = where.get(p.progress)!;
    assert.match(progress.text, /泵房/);
    assert.ok(progress.text.startsWith('…') && progress.text.length <= 82, `a cut snippet: ${progress.text}`);
    assert.equal(where.get(p.measure)!.text, '完成泵房电气线路改造');
    // two words, each found in a different place of the same problem: both required
    assert.deepEqual(ids(await ledger(c, `q=${encodeURIComponent('泵房 排水设施')}`)), [p.progress]);
    assert.deepEqual(ids(await ledger(c, `q=${encodeURIComponent('泵房 档案')}`)), []);
    // the aspect's title matches every problem under it: after own text, measures come later still
    const group = await ledger(c, `q=${encodeURIComponent('基础设施 泵房')}`);
    assert.deepEqual(ids(group), [p.title, p.description, p.measure, p.progress]);
    // paging a ranked result by cursor keeps the ranking
    const first = await ledger(c, `q=${encodeURIComponent('泵房')}&pageSize=3`);
    assert.ok(first.nextCursor);
    const second = await ledger(c, `q=${encodeURIComponent('泵房')}&pageSize=3&cursor=${first.nextCursor}`);
    assert.deepEqual([...ids(first), ...ids(second)], ids(page));
    const back = await ledger(c, `q=${encodeURIComponent('泵房')}&pageSize=3&cursor=${second.prevCursor}`);
    assert.deepEqual(ids(back), ids(first));
    // a relevance cursor is refused in another sort
    expectError(await c.get(`/api/v1/ledger?q=${encodeURIComponent('泵房')}&sort=order&cursor=${first.nextCursor}`), 400);
  });

  test('the count of a search is capped like the rest; filters still apply to the matches', async () => {
    const all = await ledger(c, `q=${encodeURIComponent('泵房')}&status=in_progress`);
    // only the problem with a progress entry is under way
    assert.deepEqual(ids(all), [p.progress]);
    assert.equal(all.total, 1);
  });
});
