/**
 * The inspection office in a real browser: 巡察办 opens the board (every unit, the
 * ranking, the charts), drills into a unit, opens a look-back of its current round,
 * reopens one drawn item with a new deadline, and sees the round's grade change on
 * the unit page; then the recurring problems of the round side by side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, login, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;
const ROUND = '市委第三巡察组对市水务局常规巡察';

/** The score and grade the unit page shows for the current round. */
async function roundGrade(page: Page): Promise<{ score: number; grade: string }> {
  const row = page.getByRole('row').filter({ hasText: ROUND }).filter({ hasNotText: '2024' });
  await row.waitFor();
  const grade = (await row.locator('[data-grade]').getAttribute('data-grade')) ?? '';
  const score = Number(await row.locator('[data-score]').getAttribute('data-score'));
  return { score, grade };
}

test(
  'the office: board → unit → look-back reopens an item → the grade changes; recurrences side by side',
  { skip: missing ?? false },
  async () => {
    const ctx = await suite.context();
    const page = await ctx.newPage();
    const base = suite.server.base;
    await login(page, base, 'office');

    // the board: every unit of the office, ranked, with the charts
    await page.getByRole('link', { name: '巡察办看板' }).click();
    await page.getByRole('heading', { name: '巡察办看板' }).waitFor();
    for (const unit of ['江城市水务局', '江城市文化和旅游局', '江城市交通运输局', '江城市卫生健康委员会', '江城市教育局']) {
      await page.getByRole('link', { name: unit, exact: true }).waitFor();
    }
    await page.getByRole('img', { name: '各单位完成率' }).waitFor();
    await page.getByRole('img', { name: '完成率周趋势' }).waitFor();
    await shot(page, 'office-1-board');

    // drill into the unit
    await page.getByRole('link', { name: '江城市水务局', exact: true }).click();
    await page.getByRole('heading', { name: '江城市水务局' }).waitFor();
    const before = await roundGrade(page);
    await shot(page, 'office-2-unit-before');

    // a look-back of the current round: three closed items at random with a recorded seed
    const row = page.getByRole('row').filter({ hasText: ROUND }).filter({ hasNotText: '2024' });
    await row.getByRole('link', { name: /^回头看/ }).click();
    await page.getByRole('button', { name: '开展回头看' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('抽取数量').fill('3');
    await dialog.getByLabel('随机种子').fill('e2e-2026');
    await dialog.getByRole('button', { name: /抽\s*取/ }).click();
    await page.getByRole('heading', { name: /^回头看：江城市水务局/ }).waitFor();
    await page.getByText('e2e-2026').waitFor();
    await shot(page, 'office-3-lookback-drawn');

    // reopen the first drawn item: back to 整改中 with a new deadline
    const first = page.locator('[data-testid^="lookback-item-"]').first();
    await first.getByRole('button', { name: '重新打开' }).click();
    const reopen = page.getByRole('dialog');
    await reopen.getByLabel('核查意见').fill('实地核查发现问题反弹，整改成果未巩固。');
    await reopen.getByRole('button', { name: /重新打开/ }).click();
    await first.getByText('已重新打开').waitFor();
    await first.getByText('整改中').waitFor();
    await shot(page, 'office-4-item-reopened');

    // back on the unit page the round's score fell and its grade changed
    await page.goto(`${base}/office`);
    await page.getByRole('link', { name: '江城市水务局', exact: true }).click();
    await page.getByRole('heading', { name: '江城市水务局' }).waitFor();
    const after = await roundGrade(page);
    assert.ok(after.score < before.score, `score ${before.score} → ${after.score}`);
    assert.notEqual(after.grade, before.grade, `grade ${before.grade} → ${after.grade}`);
    await shot(page, 'office-5-unit-after');

    // the evaluation shows the look-back failure among its components
    await page.getByRole('row').filter({ hasText: ROUND }).filter({ hasNotText: '2024' }).getByRole('link', { name: '整改评估' }).click();
    await page.getByRole('cell', { name: '回头看未通过' }).waitFor();
    await page.getByText(/1（回头看重新打开）/).waitFor();
    await shot(page, 'office-6-evaluation');

    // the round's problems found before, and one pair side by side
    await page.goBack();
    await page.getByRole('row').filter({ hasText: ROUND }).filter({ hasNotText: '2024' }).getByRole('link', { name: '屡查屡犯' }).click();
    await page.getByRole('heading', { name: /屡查屡犯/ }).waitFor();
    await page
      .getByText(/与市委第二巡察组对市水务局常规巡察（2024年）（二）4\. 相似/)
      .first()
      .waitFor();
    await page
      .getByRole('button', { name: /对\s*照/ })
      .first()
      .click();
    await page.getByRole('dialog').getByText('以往问题').waitFor();
    // the modal's zoom-in has ended (antd marks the entering element), so the screenshot shows it
    await page.waitForFunction(() => !document.querySelector('.ant-zoom-enter, .ant-zoom-appear'));
    await shot(page, 'office-7-recurrence-compare');
    await ctx.close();
  },
);
