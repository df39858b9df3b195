/**
 * Issue 7 point 14: axe-core (node_modules/axe-core, injected into the page) on
 * the main pages — login, ledger, a problem page, the dashboard — finds no
 * WCAG 2.1 A/AA violation (contrast included); the ledger's sticky header stops
 * below the top bar instead of sliding over it; signing out leaves no page
 * behind for the next person who signs in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserSuite, login, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it stands; the CSP forbids inline scripts, so the context bypasses it for this test only. */
async function violations(page: Page): Promise<Violation[]> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: Violation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

function report(v: Violation[]): string {
  return v
    .map((x) => `${x.id} (${x.help}): ${x.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('; ')}`)
    .join('\n');
}

test('login, ledger, problem page and dashboard: no axe-core violation', { skip: missing ?? false }, async () => {
  const ctx = await suite.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  const base = suite.server.base;
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').waitFor();
  let v = await violations(page);
  assert.equal(v.length, 0, `login:\n${report(v)}`);

  await login(page, base, 'unit');
  await page.goto(`${base}/ledger`);
  await page.locator('.zg-row-leaf').first().waitFor();
  v = await violations(page);
  assert.equal(v.length, 0, `ledger:\n${report(v)}`);

  // a problem in review (tags, steps, history) and one being worked on
  const items = (
    await page.evaluate(
      async () => (await (await fetch('/api/v1/ledger?pageSize=200')).json()) as { items: { id: number; status: string }[] },
    )
  ).items;
  for (const status of ['closure_requested', 'in_progress', 'closed']) {
    const p = items.find((i) => i.status === status);
    assert.ok(p, `the demo has a problem in ${status}`);
    await page.goto(`${base}/problems/${p.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    v = await violations(page);
    assert.equal(v.length, 0, `problem ${p.id} (${status}):\n${report(v)}`);
  }

  await page.goto(`${base}/dashboard`);
  await page.locator('.ant-statistic').first().waitFor();
  v = await violations(page);
  assert.equal(v.length, 0, `dashboard:\n${report(v)}`);
  await ctx.close();
});

test('the sticky table header stops below the top bar', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  await login(page, suite.server.base, 'unit');
  await page.goto(`${suite.server.base}/ledger?pageSize=100`);
  await page.locator('.zg-row-leaf').first().waitFor();
  await page.mouse.wheel(0, 1500);
  await page.waitForFunction(() => window.scrollY > 1000);
  const bar = await page.locator('.ant-layout-header').boundingBox();
  const head = await page.locator('.ant-table-sticky-holder, .ant-table-header').first().boundingBox();
  assert.ok(bar && head);
  assert.ok(head.y >= bar.y + bar.height - 1, `the table header (top ${head.y}) stays below the top bar (bottom ${bar.y + bar.height})`);
  await page.screenshot({ path: 'test-results/screenshots/a11y-sticky-header.png' });
  await ctx.close();
});

test('signing out leaves no page behind: the next person starts on their own home page', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  const base = suite.server.base;
  await login(page, base, 'unit');
  const items = (await page.evaluate(async () => (await (await fetch('/api/v1/ledger?pageSize=5')).json()) as { items: { id: number }[] }))
    .items;
  await page.goto(`${base}/problems/${items[0].id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('button', { name: /刘志强/ }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).search, '', 'no redirectTo after a sign-out');
  await login(page, base, 'dept2');
  await page.waitForLoadState('networkidle');
  assert.ok(!page.url().includes(`/problems/${items[0].id}`), `dept2 lands on ${page.url()}, not on the page unit left`);
  await shot(page, 'a11y-next-login');
  await ctx.close();
});
