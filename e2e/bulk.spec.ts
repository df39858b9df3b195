/**
 * Issue 7 points 7 and 8 in a real browser: 整改办 opens a round, builds its
 * problem tree on the round page (a group and three problems), then plans the
 * problems from the ledger — two at once with the bulk edit, one cell in place
 * with its undo — and the API shows every change stored, each problem with its
 * 计划变更 history entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, login, pick, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;

interface Ref {
  id: number;
  name: string;
}
interface Row {
  id: number;
  label: string;
  title: string;
  leadDept: Ref | null;
  leader: { id: number | null; name: string } | null;
  deadline: string | null;
  rectifyKind: string | null;
  light: string;
  transitions?: { action: string }[];
}

const getJson = <T>(page: Page, url: string): Promise<T> =>
  page.evaluate(async (u) => (await (await fetch(u)).json()) as unknown, url) as Promise<T>;

async function addNode(page: Page, label: string, title: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('序号').fill(label);
  await dialog.getByLabel('问题', { exact: true }).fill(title);
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: title }).first().waitFor();
}

test('a round and its tree from the browser, then bulk and inline planning with undo', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  const base = suite.server.base;
  await login(page, base, 'unit');

  // 轮次管理 → 新建轮次
  await page.goto(`${base}/rounds`);
  await page.getByRole('button', { name: '新建轮次' }).click();
  const dialog = page.getByRole('dialog', { name: '新建轮次' });
  await dialog.getByLabel('轮次名称').fill('市委第五巡察组专项巡察');
  await dialog.getByLabel('巡视巡察机构').fill('市委第五巡察组');
  await shot(page, 'bulk-1-new-round');
  await dialog.getByRole('button', { name: '新建', exact: true }).click();
  await page.getByText('已新建轮次“市委第五巡察组专项巡察”').waitFor();
  await page.getByRole('link', { name: '市委第五巡察组专项巡察' }).click();
  await page.waitForURL(/\/rounds\/\d+/);
  const roundId = Number(/\/rounds\/(\d+)/.exec(page.url())![1]);

  // the tree: a group and three problems under it
  await page.getByRole('button', { name: '新增一级问题' }).click();
  await addNode(page, '一、', '在落实全面从严治党责任方面');
  for (const [label, title] of [
    ['（一）', '主体责任压得不实'],
    ['（二）', '监督责任落实不到位'],
    ['（三）', '谈心谈话制度执行不严'],
  ]) {
    await page
      .getByRole('row', { name: /在落实全面从严治党责任方面/ })
      .getByRole('button', { name: '新增下级' })
      .click();
    await addNode(page, label, title);
  }
  // the third moves up one place
  await page.getByRole('button', { name: '上移 （三）' }).click();
  await page.waitForLoadState('networkidle');
  const tree = await getJson<{ nodes: { label: string; title: string }[] }>(page, `/api/v1/inspections/${roundId}/tree`);
  assert.deepEqual(
    tree.nodes.map((n) => n.title),
    ['在落实全面从严治党责任方面', '主体责任压得不实', '谈心谈话制度执行不严', '监督责任落实不到位'],
  );
  await shot(page, 'bulk-2-tree');

  // the ledger of that round: three grey (unplanned) items
  await page.goto(`${base}/ledger?inspectionId=${roundId}`);
  await page.locator('.zg-row-leaf').first().waitFor();
  const before = (await getJson<{ items: Row[] }>(page, `/api/v1/ledger?inspectionId=${roundId}`)).items;
  assert.equal(before.length, 3);
  assert.ok(before.every((r) => r.light === 'unplanned' && r.leadDept === null));

  // bulk edit of two rows
  const [first, second, third] = before;
  await page.getByRole('checkbox', { name: `选择 ${first.label} ${first.title}` }).check();
  await page.getByRole('checkbox', { name: `选择 ${second.label} ${second.title}` }).check();
  await page.getByRole('button', { name: '批量设置计划（2）' }).click();
  const bulk = page.getByRole('dialog', { name: /批量设置整改计划/ });
  await pick(page, bulk.getByLabel('责任部门'), '工程建设处');
  await pick(page, bulk.getByLabel('责任领导'), '周建明');
  await bulk.getByLabel('整改时限').fill('2027-03-31');
  await bulk.getByLabel('整改时限').press('Enter');
  await bulk.locator('.ant-modal-title').click();
  await pick(page, bulk.getByLabel('类型'), '限期整改');
  await shot(page, 'bulk-3-bulk-form');
  await bulk.getByRole('button', { name: '保存' }).click();
  await page.getByText('已为 2 个问题设置整改计划').waitFor();
  await bulk.waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  await shot(page, 'bulk-4-bulk-saved');
  for (const r of [first, second]) {
    const d = await getJson<Row>(page, `/api/v1/problems/${r.id}`);
    assert.equal(d.leadDept?.name, '工程建设处');
    assert.equal(d.leader?.name, '周建明');
    assert.equal(d.deadline, '2027-03-31');
    assert.equal(d.rectifyKind, 'deadline');
    assert.notEqual(d.light, 'unplanned');
    assert.equal(d.transitions?.filter((x) => x.action === 'plan_change').length, 1, 'one 计划变更 entry');
  }
  assert.equal((await getJson<Row>(page, `/api/v1/problems/${third.id}`)).leadDept, null, 'the row not selected is untouched');

  // inline: the third row's lead department, in place, then undone
  const cell = page.getByRole('button', { name: new RegExp(`修改责任部门：${third.label.replace(/[()（）]/g, '.')} ${third.title}`) });
  await cell.click();
  const editor = page.getByRole('combobox', { name: '选择责任部门' });
  await editor.waitFor();
  const list = await editor.getAttribute('aria-controls');
  await page
    .locator('.ant-select-dropdown')
    .filter({ has: page.locator(`[id="${list}"]`) })
    .locator('.ant-select-item-option[title="办公室"]')
    .click();
  await page.getByText(`已保存：${third.label} 责任部门`).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal((await getJson<Row>(page, `/api/v1/problems/${third.id}`)).leadDept?.name, '办公室');
  await shot(page, 'bulk-5-inline-saved');
  await page.keyboard.press('Control+z');
  await page.getByText(`已撤销：${third.label} 责任部门`).waitFor();
  await page.waitForLoadState('networkidle');
  const undone = await getJson<Row>(page, `/api/v1/problems/${third.id}`);
  assert.equal(undone.leadDept, null, 'the undo put the cell back');
  assert.equal(undone.transitions?.filter((x) => x.action === 'plan_change').length, 2, 'the change and its undo are both history');
  await shot(page, 'bulk-6-undone');
  await ctx.close();
});
