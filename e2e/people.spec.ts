/**
 * People and departments in the browser (issue 7 point 19): the unit's 整改办
 * adds, renames, orders and deactivates departments (one with open items is
 * refused, and the page says why) and adds a leader; the system administrator
 * creates, disables and re-passwords an account; the security administrator
 * grants and revokes a role (三员分立: each sees only their own buttons).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, login, pick, shot } from './helpers.js';

/**
 * Opens a Popconfirm with `opener` and clicks its `ok` button. The popup is looked up among the visible ones: the
 * previous one may still be fading out in the DOM, and a click while it covers the page is retried.
 */
async function confirmIn(page: Page, opener: Locator, ok: RegExp): Promise<void> {
  const popup = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  await popup
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
  for (let i = 0; ; i++) {
    await opener.click();
    try {
      await popup.getByRole('button', { name: ok }).click({ timeout: 3_000 });
      return;
    } catch (e) {
      if (i === 2) throw e;
    }
  }
}

const suite = browserSuite();
const missing = suite.missing;

const row = (page: Page, text: string) => page.locator('tr.ant-table-row').filter({ hasText: text });
const names = (page: Page) => page.locator('tr.ant-table-row td:nth-child(2)').allTextContents();

test('the unit admin keeps its departments and leaders', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  await login(page, suite.server.base, 'unit');
  await page.getByRole('menuitem', { name: /部门与领导/ }).click();
  await page.getByRole('heading', { name: '部门与领导' }).waitFor();
  await row(page, '工程建设处').waitFor();

  // a new department comes last
  await page.getByRole('button', { name: /新增部门/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('部门名称').fill('督查督办处');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('已新增部门“督查督办处”').waitFor();
  // the next dialog must not be taken for this one while it fades out
  await dialog.waitFor({ state: 'detached' });
  await row(page, '督查督办处').waitFor();
  assert.equal((await names(page)).at(-1), '督查督办处');

  // rename it, then move it up one place
  await row(page, '督查督办处')
    .getByRole('button', { name: /改\s*名/ })
    .click();
  const rename = page.getByRole('dialog', { name: '修改“督查督办处”的名称' });
  await rename.getByLabel('部门名称').fill('督查室');
  await rename.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('已将部门改名为“督查室”').waitFor();
  await row(page, '督查室').waitFor();
  const before = await names(page);
  await page.getByRole('button', { name: '将“督查室”上移' }).click();
  await page.getByText('已调整部门顺序').waitFor();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('tr.ant-table-row td:nth-child(2)')].map((e) => e.textContent).indexOf('督查室') === n,
    before.length - 2,
  );

  // a department with open items is not deactivated: the reason is shown
  await confirmIn(page, row(page, '工程建设处').getByRole('button', { name: /停\s*用/ }), /停\s*用/);
  await page.getByText(/“工程建设处”还有 \d+ 项未办结的问题或整改措施，不能停用该部门/).waitFor();
  await shot(page, 'people-1-departments-refused');
  // the new one has none: it goes
  await confirmIn(page, row(page, '督查室').getByRole('button', { name: /停\s*用/ }), /停\s*用/);
  await page.getByText('已停用部门“督查室”').waitFor();
  await row(page, '督查室').getByText('已停用').waitFor();

  // a leader with a sign-in account
  await page.getByRole('tab', { name: '责任领导' }).click();
  await page.getByRole('button', { name: /新增责任领导/ }).click();
  const ld = page.getByRole('dialog');
  await ld.getByLabel('姓名').fill('吴副局长');
  await ld.getByLabel('职务').fill('副局长');
  await ld.getByLabel('分管领域').fill('工程建设、安全生产');
  await ld.getByLabel('用户名').fill('wu_fjz');
  await ld.getByLabel('初始密码').fill('Lead#2026abc');
  await ld.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('已新增责任领导“吴副局长”').waitFor();
  await row(page, '吴副局长').getByText('工程建设、安全生产').waitFor();
  await shot(page, 'people-2-leaders');
  await ctx.close();
});

test(
  'the system administrator manages accounts; the security administrator grants and revokes roles',
  { skip: missing ?? false },
  async () => {
    const sysCtx = await suite.context();
    const sys = await sysCtx.newPage();
    await login(sys, suite.server.base, 'sysadmin');
    await sys.goto(`${suite.server.base}/admin/users`);
    await sys.getByRole('button', { name: /新建账号/ }).click();
    const create = sys.getByRole('dialog', { name: '新建账号' });
    await create.getByLabel('用户名').fill('qian_jb');
    await create.getByLabel('姓名').fill('钱经办');
    await create.getByLabel('初始密码').fill('Init#2026abc');
    await pick(sys, create.getByLabel('角色'), '责任部门');
    await pick(sys, create.getByLabel('所属组织'), '江城市水务局·办公室');
    await create.getByRole('button', { name: /确\s*定|提\s*交/ }).click();
    await row(sys, 'qian_jb').waitFor();
    await row(sys, 'qian_jb').getByText('须改密码').waitFor();

    await row(sys, 'qian_jb')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await row(sys, 'qian_jb').getByText('已停用').waitFor();
    await row(sys, 'qian_jb')
      .getByRole('button', { name: /启\s*用/ })
      .click();
    await row(sys, 'qian_jb')
      .getByRole('button', { name: /停\s*用/ })
      .waitFor();

    await row(sys, 'qian_jb')
      .getByRole('button', { name: /重置密码/ })
      .click();
    // by its name: the account dialog before it may still be fading out
    const pw = sys.getByRole('dialog', { name: '重置 qian_jb 的密码' });
    await pw.getByLabel('初始密码').fill('Next#2026xyz');
    await pw.getByRole('button', { name: /确\s*定|O\s*K/ }).click();
    await pw.waitFor({ state: 'hidden' });
    // the system administrator grants no role
    assert.equal(
      await row(sys, 'qian_jb')
        .getByRole('button', { name: /授予角色/ })
        .count(),
      0,
    );
    await shot(sys, 'people-3-sysadmin');
    // the new password works (and must be changed)
    const signIn = await sys.evaluate(async () => {
      const r = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'qian_jb', password: 'Next#2026xyz' }),
        credentials: 'omit',
      });
      return r.status;
    });
    assert.equal(signIn, 200);

    const secCtx = await suite.context();
    const sec = await secCtx.newPage();
    await login(sec, suite.server.base, 'secadmin');
    await sec.goto(`${suite.server.base}/admin/users`);
    await row(sec, 'qian_jb')
      .getByRole('button', { name: /授予角色/ })
      .click();
    const grant = sec.getByRole('dialog', { name: '为 钱经办（qian_jb） 授予角色' });
    await pick(sec, grant.getByLabel('角色'), '责任部门');
    await pick(sec, grant.getByLabel('所属组织'), '江城市水务局·工程建设处');
    await grant.getByRole('button', { name: /授予角色|确\s*定/ }).click();
    await row(sec, 'qian_jb').getByText('责任部门·工程建设处').waitFor();
    assert.equal(
      await row(sec, 'qian_jb')
        .getByRole('button', { name: /停\s*用|重置密码/ })
        .count(),
      0,
    );
    await confirmIn(sec, row(sec, 'qian_jb').getByText('责任部门·工程建设处'), /确\s*定|O\s*K/);
    await row(sec, 'qian_jb').getByText('责任部门·工程建设处').waitFor({ state: 'detached' });
    await shot(sec, 'people-4-secadmin');
    await sysCtx.close();
    await secCtx.close();
  },
);
