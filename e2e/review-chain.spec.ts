/**
 * The review chain and the to-do list in a real browser (issue 7 points 5 and
 * 6): 整改办 sets a two-step closure chain on the unit settings page; the
 * department handler starts on their 待办 (also at 375 px wide), asks for a
 * closure; the request waits in 整改办's 待办 at “整改办初审”, then in the
 * leader's 待办 (the leader's home page) at “分管领导审批”, and the leader's
 * approval closes the item. Screenshots go to test-results/screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserSuite, login, pick, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;

const getJson = <T>(page: Page, url: string): Promise<T> =>
  page.evaluate(async (u) => (await (await fetch(u)).json()) as unknown, url) as Promise<T>;

async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

async function phone(browser: Browser) {
  return browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}

interface Row {
  id: number;
  title: string;
  label: string;
  abilities: { requestClosure: boolean };
}
interface Todo {
  total: number;
  items: { kind: string; problem: { id: number }; step: { name: string } | null }[];
}

test(
  'a two-step closure chain through the to-do lists: handler → 整改办初审 → 分管领导审批 → 已销号',
  { skip: missing ?? false },
  async () => {
    const base = suite.server.base;

    // 1. 整改办 sets the chain: 整改办初审 → 分管领导审批
    const unitCtx = await suite.context();
    const unit = await unitCtx.newPage();
    await login(unit, base, 'unit');
    await unit.getByRole('link', { name: '单位设置' }).click();
    await unit.getByRole('heading', { name: '单位设置' }).waitFor();
    const closure = unit.getByRole('group', { name: '销号审核流程' });
    await pick(unit, closure.getByLabel('第 1 步的审核角色'), '整改办');
    await closure.getByLabel('第 1 步的环节名称').fill('整改办初审');
    await closure.getByRole('button', { name: /增加一个环节/ }).click();
    await pick(unit, closure.getByLabel('第 2 步的审核角色'), '责任领导');
    await closure.getByLabel('第 2 步的环节名称').fill('分管领导审批');
    await unit.getByRole('button', { name: /保存设置/ }).click();
    await unit.getByText('单位设置已保存').waitFor();
    await snap(unit, 'review-chain-1-settings');

    // 2. the handler starts on the to-do list; an item ready to close is in it
    const deptCtx = await suite.context();
    const dept = await deptCtx.newPage();
    await login(dept, base, 'dept1');
    await dept.waitForURL((u) => u.pathname === '/todo');
    await dept.getByRole('heading', { name: '我的待办' }).waitFor();
    await snap(dept, 'review-chain-2-handler-todo');
    const rows = await getJson<{ items: Row[] }>(dept, '/api/v1/ledger?status=in_progress&pageSize=200');
    const target = rows.items.find((r) => r.abilities.requestClosure);
    assert.ok(target, 'dept1 has an item whose measures are done and that has evidence');
    const handlerTodo = await getJson<Todo>(dept, '/api/v1/todo?pageSize=200');
    assert.ok(
      handlerTodo.items.some((i) => i.problem.id === target.id && i.kind === 'report'),
      "the item is in the handler's to-do",
    );

    // the same list at 375 px: one column, nothing cut off
    const phoneCtx = await phone(suite.browser);
    const mobile = await phoneCtx.newPage();
    await login(mobile, base, 'dept1');
    await mobile.waitForURL((u) => u.pathname === '/todo');
    await mobile.getByRole('heading', { name: '我的待办' }).waitFor();
    await mobile.getByText(target.title).first().waitFor();
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the to-do page scrolls sideways by ${overflow}px at 375 px`);
    await snap(mobile, 'review-chain-3-handler-todo-375px');
    await phoneCtx.close();

    // 3. the handler asks for closure from the problem page
    await dept.getByText(target.title).first().click();
    await dept.waitForURL((u) => u.pathname === `/problems/${target.id}`);
    await dept.getByRole('button', { name: /申请销号/ }).click();
    await dept.getByLabel('销号说明').fill('整改措施已全部完成，佐证材料已上传，申请销号。');
    await dept
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await dept.getByText('已提交销号申请').waitFor();
    await dept.getByText('待整改办初审（整改办，第 1/2 步）').waitFor();
    await snap(dept, 'review-chain-4-requested');

    // 4. 整改办's to-do: the request at “整改办初审”; the badge counts it
    await unit.goto(`${base}/todo`);
    await unit.getByRole('heading', { name: '我的待办' }).waitFor();
    const unitTodo = await getJson<Todo>(unit, '/api/v1/todo?pageSize=200');
    const waiting = unitTodo.items.find((i) => i.problem.id === target.id);
    assert.equal(waiting?.kind, 'closure_review');
    assert.equal(waiting?.step?.name, '整改办初审');
    await unit.getByRole('link', { name: target.title }).first().click();
    await unit.getByRole('button', { name: /审核销号/ }).click();
    const dialog = unit.getByRole('dialog');
    await dialog.getByText('整改办初审（第 1/2 步）').waitFor();
    await dialog.getByLabel('审核意见').fill('材料齐全，初审通过，报分管领导审批。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await unit.getByText('“整改办初审”已通过，已转下一环节').waitFor();
    await unit.getByText('待分管领导审批（责任领导，第 2/2 步）').waitFor();
    await snap(unit, 'review-chain-5-first-step');

    // 5. the leader starts on the to-do list, finds the request at “分管领导审批” and closes it
    const leaderCtx = await suite.context();
    const leader = await leaderCtx.newPage();
    await login(leader, base, 'leader');
    await leader.waitForURL((u) => u.pathname === '/todo');
    const leaderLink = leader.getByRole('link', { name: target.title }).first();
    await leaderLink.waitFor();
    await snap(leader, 'review-chain-6-leader-todo');
    await leaderLink.click();
    await leader.getByRole('button', { name: /审核销号/ }).click();
    const ld = leader.getByRole('dialog');
    await ld.getByText('分管领导审批（第 2/2 步）').waitFor();
    await ld.getByLabel('审核意见').fill('同意销号。');
    await ld.getByRole('button', { name: /提\s*交/ }).click();
    await leader.getByText('已同意销号，问题已销号').waitFor();
    await leader.getByText('已销号').first().waitFor();
    await snap(leader, 'review-chain-7-closed');

    // the server agrees: closed through both steps, and nobody's to-do holds it any more
    const detail = await getJson<{ status: string; transitions: { action: string }[] }>(leader, `/api/v1/problems/${target.id}`);
    assert.equal(detail.status, 'closed');
    assert.deepEqual(
      detail.transitions.filter((t) => t.action.startsWith('closure')).map((t) => t.action),
      ['closure_request', 'closure_step_approve', 'closure_approve'],
    );
    const after = await getJson<Todo>(leader, '/api/v1/todo?pageSize=200');
    assert.ok(!after.items.some((i) => i.problem.id === target.id));
    await unitCtx.close();
    await deptCtx.close();
    await leaderCtx.close();
  },
);
