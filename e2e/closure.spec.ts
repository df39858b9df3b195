/**
 * The closure flow in a real browser: a department handler reports progress
 * with a file and asks for closure; the rectification office approves; the
 * dashboard's closed count goes up by one.
 */
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { browserSuite, login, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;

async function closedCount(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/dashboard`);
  const el = page.getByTestId('closed-count');
  await el.waitFor();
  return Number((await el.textContent())?.replace(/\D/g, ''));
}

test(
  'dept handler reports with evidence and asks for closure; the unit closes it; the dashboard counts it',
  { skip: missing ?? false },
  async () => {
    const unitCtx = await suite.context();
    const unit = await unitCtx.newPage();
    await login(unit, suite.server.base, 'unit');
    const before = await closedCount(unit, suite.server.base);
    await shot(unit, 'closure-1-dashboard-before');

    const deptCtx = await suite.context();
    const dept = await deptCtx.newPage();
    await login(dept, suite.server.base, 'dept1');
    // the ledger as the handler sees it, then one of their items under way
    await dept.goto(`${suite.server.base}/ledger?status=in_progress`);
    await dept
      .getByRole('cell', { name: /整改中/ })
      .first()
      .waitFor();
    await shot(dept, 'closure-2-ledger-dept1');
    const target = await dept.evaluate(async () => {
      const r = await fetch('/api/v1/ledger?status=in_progress&pageSize=200');
      const body = (await r.json()) as {
        items: { id: number; title: string; abilities: { requestClosure: boolean; addProgress: boolean } }[];
      };
      return body.items.find((i) => i.abilities.requestClosure && i.abilities.addProgress) ?? null;
    });
    assert.ok(target, 'dept1 has an item in progress it may close');
    await dept.goto(`${suite.server.base}/problems/${target.id}`);
    await dept.getByText(target.title).first().waitFor();

    await dept.getByLabel('进展情况').fill('已完成全部泵站备用电源试运行，形成试运行记录12份。');
    await dept
      .locator('#progress-files')
      .setInputFiles({ name: '试运行记录.txt', mimeType: 'text/plain', buffer: Buffer.from('泵站备用电源试运行记录\n1号泵站 正常\n') });
    await dept.getByRole('button', { name: /报送进展/ }).click();
    await dept.getByText('试运行记录.txt').first().waitFor();
    await shot(dept, 'closure-3-progress-added');

    await dept.getByRole('button', { name: /申请销号/ }).click();
    await dept.getByLabel('销号说明').fill('整改措施已全部落实，佐证材料已上传。');
    await dept
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await dept.getByText('待销号').first().waitFor();
    await shot(dept, 'closure-4-requested');

    await unit.goto(`${suite.server.base}/problems/${target.id}`);
    await unit.getByRole('button', { name: /审核销号/ }).click();
    const dialog = unit.getByRole('dialog');
    await dialog.getByText('同意销号').click();
    await dialog.getByLabel('审核意见').fill('佐证材料齐全，同意销号。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await unit.getByText('已销号').first().waitFor();
    await shot(unit, 'closure-5-closed');

    // the database agrees with the page
    const status = await unit.evaluate(async (id) => (await (await fetch(`/api/v1/problems/${id}`)).json()).status, target.id);
    assert.equal(status, 'closed');
    const after = await closedCount(unit, suite.server.base);
    await shot(unit, 'closure-6-dashboard-after');
    assert.equal(after, before + 1);
    await unitCtx.close();
    await deptCtx.close();
  },
);

test('the audit administrator sees the closure in the audit trail and the hash chain verifies', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  await login(page, suite.server.base, 'auditor');
  await page.waitForURL((u) => u.pathname === '/audit');
  // the action is shown by name (同意销号 for problem.closure_approve), the person by display name
  await page.getByRole('cell', { name: '同意销号' }).first().waitFor();
  await page.getByRole('button', { name: /校验哈希链/ }).click();
  await page.getByText(/哈希链完整：已校验 \d+ 条记录/).waitFor();
  await shot(page, 'audit-1-verified');
  await ctx.close();
});
