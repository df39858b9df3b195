/**
 * The trust pages in a real browser (issue 13 points 1–3). The data directory is prepared as on a fresh
 * installation: `zhenggai admin init` creates the three administrators with one-time passwords (no demo: the
 * server loads it only into an empty database), then the server runs with the default security policy
 * (second factor required for the administrators, three sessions per account) and its clock fixed by ZG_NOW,
 * so the test computes the authenticator's codes for the server's time (otplib, as a phone app would).
 *
 * The walk: the system administrator signs in with the one-time password, must change it (a password holding
 * the username is refused with the reason in Chinese), binds an authenticator from the secret on the page,
 * keeps the recovery codes, signs out and in again with password and code; creates a unit and an account.
 * The security administrator does the same first steps, grants that account a role and tightens the policy.
 * The new user changes the initial password (the page states the new policy's length), signs in a second
 * time elsewhere, and ends that other session on the account page; the other browser is signed out.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { browserSuite, pick, shot } from './helpers.js';

const T0 = '2026-11-21T02:00:00.000Z';
const dataDir = mkdtempSync(join(tmpdir(), 'zg-e2e-trust-'));
const env = { DATA_DIR: dataDir, ZG_NOW: T0, LOG_LEVEL: 'warn' };
const STRONG = 'Kestrel#2026q';
const USER_PASSWORD = 'Initial#2026x';
const USER_NEW = 'Harbour%2026Lm';
const onetime = new Map<string, string>();

// before the server starts (browserSuite's own hook runs after this one): a fresh installation's administrators
before(() => {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'admin', 'init'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const m of r.stdout.matchAll(/^\s+(sysadmin|secadmin|auditor)\s+\w+\s+(\S+)\s*$/gm)) onetime.set(m[1], m[2]);
  assert.equal(onetime.size, 3, r.stdout);
});
const suite = browserSuite(env);
after(() => rmSync(dataDir, { recursive: true, force: true }));

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** axe-core's WCAG 2.1 A/AA findings on the page as it stands (as e2e/a11y.spec.ts runs it), one line each. */
async function axe(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    type V = { id: string; help: string; nodes: { target: string[] }[] };
    const w = window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: V[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  });
}
async function noAxeViolation(page: Page, where: string): Promise<void> {
  const v = await axe(page);
  assert.deepEqual(v, [], `${where}:\n${v.join('\n')}`);
}

/** The authenticator's code at `offset` seconds from the server's (fixed) time. */
const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.parse(T0) / 1000) + offset });

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${suite.server.base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function signOut(page: Page): Promise<void> {
  await page.getByTitle('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'));
}

/** The step page's password form: current, new, again. */
async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByRole('button', { name: '修改密码' }).click();
}

/** Binds an authenticator on the step page; returns the secret read from the page. */
async function enrol(page: Page, name: string): Promise<string> {
  await page.getByRole('heading', { name: '请绑定双因素认证' }).waitFor();
  await page.getByRole('button', { name: '获取绑定二维码' }).click();
  await page.getByRole('img', { name: '双因素认证绑定二维码' }).waitFor();
  const secret = (await page.locator('.ant-typography code').first().textContent())?.trim() ?? '';
  assert.match(secret, /^[A-Z2-7]{16,}$/, 'the secret is shown for typing');
  await shot(page, `trust-${name}-enrol`);
  await noAxeViolation(page, 'the step page, binding an authenticator');
  await page.getByRole('textbox', { name: '动态验证码' }).fill(await codeAt(secret));
  await page.getByRole('button', { name: /绑\s*定/ }).click();
  const codes = page.getByLabel('请保存恢复码');
  await codes.waitFor();
  assert.equal((await codes.textContent())?.match(/[A-Z2-9]{5}-[A-Z2-9]{5}/g)?.length, 10, 'ten recovery codes');
  await shot(page, `trust-${name}-recovery`);
  await page.getByRole('button', { name: '我已保存，继续' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/account/step'));
  return secret;
}

/** First sign-in of an administrator made by `admin init`: one-time password → new password → authenticator. */
async function firstSignIn(page: Page, username: string): Promise<string> {
  await signIn(page, username, onetime.get(username)!);
  await page.getByRole('heading', { name: '请修改密码' }).waitFor();
  await changePassword(page, onetime.get(username)!, STRONG);
  return enrol(page, username);
}

const open: Page[] = [];
/** A page in a fresh context (own cookies), kept for a screenshot if the walk fails. */
async function newPage(): Promise<Page> {
  // CSP bypassed for this test only: axe-core is injected as a script
  const ctx = await suite.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const p = await ctx.newPage();
  open.push(p);
  return p;
}

test('三员 first sign-in, second factor, roles, policy and sessions in the browser', { skip: suite.missing ?? false }, async () => {
  try {
    await walk();
  } catch (e) {
    for (const [i, p] of open.entries()) await shot(p, `trust-failed-${i}`).catch(() => undefined);
    throw e;
  } finally {
    for (const p of open) await p.context().close();
  }
});

async function walk(): Promise<void> {
  // ———— the system administrator ————
  const sys = await newPage();
  await signIn(sys, 'sysadmin', onetime.get('sysadmin')!);
  await sys.getByRole('heading', { name: '请修改密码' }).waitFor();
  await changePassword(sys, onetime.get('sysadmin')!, 'Sysadmin#2026q');
  await sys.getByText('密码不能包含用户名').waitFor();
  await shot(sys, 'trust-password-refused');
  await noAxeViolation(sys, 'the step page, password refused');
  assert.ok(sys.url().endsWith('/account/step'), 'still on the step: nothing else opens');
  await changePassword(sys, onetime.get('sysadmin')!, STRONG);
  const sysSecret = await enrol(sys, 'sysadmin');

  await signOut(sys);
  await signIn(sys, 'sysadmin', STRONG);
  await sys.getByRole('heading', { name: '双因素认证' }).waitFor();
  await sys.getByRole('textbox', { name: '动态验证码' }).fill('000000');
  await sys.getByRole('button', { name: /验\s*证/ }).click();
  await sys.getByText('动态验证码不正确或已使用').first().waitFor();
  // the next step's code (the enrolment used this step's; a code is taken once)
  await sys.getByRole('textbox', { name: '动态验证码' }).fill(await codeAt(sysSecret, 30));
  await sys.getByRole('button', { name: /验\s*证/ }).click();
  await sys.waitForURL((u) => !u.pathname.startsWith('/account/step'));
  await sys.getByRole('heading').first().waitFor();
  await shot(sys, 'trust-sysadmin-home');

  await sys.goto(`${suite.server.base}/admin/users`);
  await sys.getByRole('heading', { name: '账号与角色' }).waitFor();
  await sys.getByRole('button', { name: '新建单位或部门' }).click();
  let dialog = sys.getByRole('dialog');
  await pick(sys, dialog.getByLabel('类型'), '单位');
  await pick(sys, dialog.getByLabel('上级组织'), '巡察办');
  await dialog.getByLabel('名称').fill('江城市水务局');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await dialog.waitFor({ state: 'hidden' });

  await sys.getByRole('button', { name: '新建账号' }).click();
  dialog = sys.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('zhangwei');
  await dialog.getByLabel('姓名').fill('张伟');
  await dialog.getByLabel('初始密码').fill(USER_PASSWORD);
  await pick(sys, dialog.getByLabel('角色'), '纪检');
  await pick(sys, dialog.getByLabel('所属组织'), '江城市水务局');
  await shot(sys, 'trust-create-user');
  await noAxeViolation(sys, 'the new account dialog');
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  const row = sys.getByRole('row', { name: /zhangwei/ });
  await row.getByText('纪检·江城市水务局').waitFor();
  await row.getByText('须改密码').waitFor();
  await shot(sys, 'trust-admin-users-sys');

  // ———— the security administrator ————
  const sec = await newPage();
  await firstSignIn(sec, 'secadmin');
  await sec.goto(`${suite.server.base}/admin/users`);
  const userRow = sec.getByRole('row', { name: /zhangwei/ });
  await userRow.getByRole('button', { name: '授予角色' }).click();
  dialog = sec.getByRole('dialog');
  await pick(sec, dialog.getByLabel('角色'), '责任领导');
  await pick(sec, dialog.getByLabel('所属组织'), '江城市水务局');
  await dialog.getByRole('button', { name: '授予角色' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await userRow.getByText('责任领导·江城市水务局').waitFor();
  await shot(sec, 'trust-admin-users-sec');
  await noAxeViolation(sec, 'accounts and roles (security administrator)');
  // the security administrator creates no account
  assert.equal(await sec.getByRole('button', { name: '新建账号' }).count(), 0);

  await sec.goto(`${suite.server.base}/admin/security`);
  await sec.getByText('现行为配置文件中的默认策略').waitFor();
  const minLength = sec.getByLabel('密码最短长度');
  await minLength.fill('12');
  await sec.getByRole('button', { name: '保存安全策略' }).click();
  await sec.getByText('安全策略已保存').waitFor();
  await sec.getByText(/由 secadmin 于 .* 保存/).waitFor();
  await shot(sec, 'trust-security-policy');
  await noAxeViolation(sec, 'the security policy');

  // ———— a user and their sessions ————
  const a = await newPage();
  await signIn(a, 'zhangwei', USER_PASSWORD);
  await a.getByRole('heading', { name: '请修改密码' }).waitFor();
  await a.getByText('密码至少 12 位').waitFor();
  await changePassword(a, USER_PASSWORD, USER_NEW);
  await a.waitForURL((u) => !u.pathname.startsWith('/account/step'));

  const b = await newPage();
  await signIn(b, 'zhangwei', USER_NEW);
  await b.goto(`${suite.server.base}/account`);
  await b.getByRole('heading', { name: '账号安全' }).waitFor();

  await a.goto(`${suite.server.base}/account`);
  await a.getByRole('tab', { name: '我的会话' }).click();
  const sessions = a.getByRole('tabpanel').getByRole('row');
  await a.getByText('当前会话').waitFor();
  assert.equal(await sessions.count(), 3, 'a header and two sessions');
  // the browser as people recognise it, not the raw User-Agent
  assert.equal(
    await a
      .getByRole('tabpanel')
      .getByText(/^Chrome \d+ · Linux$/)
      .count(),
    2,
  );
  await shot(a, 'trust-account-sessions');
  await noAxeViolation(a, 'the account page, sessions');
  await a.getByRole('button', { name: '结束会话' }).click();
  await a.getByRole('button', { name: /确\s*定|OK/ }).click();
  await a.getByRole('button', { name: '结束会话' }).waitFor({ state: 'detached' });
  assert.equal(await sessions.count(), 2, 'a header and this session');
  await shot(a, 'trust-account-session-ended');

  // the other browser's session is over: its next request answers 401 and the app goes to the sign-in page
  await b.reload();
  await b.waitForURL((u) => u.pathname.startsWith('/login'));
}
