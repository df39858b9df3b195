/**
 * From the registers to the public and back, in a real browser: the unit's office
 * records two accountability entries and a rule, the notice's totals change
 * accordingly, it saves and publishes the notice; an anonymous visitor reads it on
 * the portal (desktop and a 375 px phone, large print too), verifies the file,
 * sends feedback and gets a tracking code; the office answers in its inbox; the
 * visitor reads the answer by the code. axe-core checks the portal's pages.
 * The server runs with FEEDBACK_CAPTCHA=false (the captcha is tested in the API suite).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { browserSuite, login, shot, SHOTS } from './helpers.js';

const suite = browserSuite({ FEEDBACK_CAPTCHA: 'false' });
const missing = suite.missing;
const INSPECTION = 1; // the demo's 江城市水务局 round
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** What the screen shows (a full-page shot of a long notice is too tall to look at). */
async function view(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The figures the notice states about the registers, read from the composer's preview. */
async function registerFigures(page: Page): Promise<{ accountability: number; rules: number }> {
  const preview = page.getByRole('article');
  await preview.getByText('整改工作组织开展情况').first().waitFor();
  const text = await preview.innerText();
  return {
    accountability: Number(/追责问责(\d+)/.exec(text)?.[1] ?? 0),
    rules: Number(/制定完善制度(\d+)项/.exec(text)?.[1] ?? 0),
  };
}

/** Calls the API as the signed-in page, with its session and CSRF token, as the web app does. */
async function apiPost(page: Page, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ path, body }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const r = await fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    { path, body },
  );
}

/** axe-core on a portal page; a context that bypasses the page's CSP only to inject axe itself. */
async function axe(browser: Browser, url: string): Promise<string[]> {
  const ctx = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await w.axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  await ctx.close();
  return violations;
}

test('registers → notice totals → publish → portal → verify → feedback → answer by code', { skip: missing ?? false }, async () => {
  const base = suite.server.base;
  const officeCtx = await suite.context();
  const office = await officeCtx.newPage();
  await login(office, base, 'unit');

  // the notice as composed before the registers change
  await office.goto(`${base}/notices?inspectionId=${INSPECTION}&kind=notice`);
  const before = await registerFigures(office);
  await shot(office, 'publish-1-composer-before');

  // two accountability entries and a rule, through the registers' API
  const problem = await office.evaluate(async (id) => {
    const r = await fetch(`/api/v1/ledger?inspectionId=${id}&pageSize=5`);
    return ((await r.json()) as { items: { id: number }[] }).items[0].id;
  }, INSPECTION);
  for (const [name, form] of [
    ['张某', '诫勉'],
    ['李某', '党内警告'],
  ] as const) {
    const r = await apiPost(office, '/registers/accountability', {
      inspectionId: INSPECTION,
      countAs: 'person',
      personName: name,
      position: '工程建设处副处长',
      form,
      decisionDate: '2026-11-10',
      decidingBody: '局党组',
      reason: '汛前隐患排查不彻底',
      problemIds: [problem],
    });
    assert.ok(r.status < 300, JSON.stringify(r.body));
  }
  const rule = await apiPost(office, '/registers/rules', {
    inspectionId: INSPECTION,
    title: '《泵站汛前检查工作规程》',
    action: 'made',
    docNumber: '江水党〔2026〕31号',
    issuedDate: '2026-11-12',
    issuingBody: '局党组',
    problemIds: [problem],
  });
  assert.ok(rule.status < 300, JSON.stringify(rule.body));

  // the notice's totals follow the registers
  await office.reload();
  const after = await registerFigures(office);
  assert.equal(after.accountability, before.accountability + 2, 'two more held accountable');
  assert.equal(after.rules, before.rules + 1, 'one more rule made');
  await shot(office, 'publish-2-composer-after');

  // save a version and publish it from the composer's 发布 tab
  await office.getByRole('button', { name: '保存为新版本' }).click();
  await office.getByLabel('版本说明（可选）').fill('公开发布稿');
  await office
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await office.getByRole('dialog').waitFor({ state: 'hidden' });
  await office.getByRole('tab', { name: '发布' }).click();
  try {
    // the button's name carries its icon's label before the text
    await office
      .getByRole('tabpanel')
      .getByRole('button', { name: /发\s*布$/ })
      .click({ timeout: 15_000 });
  } catch (e) {
    await shot(office, 'publish-x-failed');
    throw e;
  }
  // a click while the confirmation is still zooming in can miss its button: click until it closes
  const confirm = office.getByRole('dialog').getByRole('button', { name: /^发\s*布$/ });
  for (let i = 0; (await confirm.count()) > 0; i++) {
    // a click that lands as the dialog closes finds nothing to press: that is success too
    await confirm.click({ timeout: 5_000 }).catch(() => undefined);
    try {
      await confirm.waitFor({ state: 'detached', timeout: 5_000 });
    } catch (e) {
      if (i === 2) throw e;
    }
  }
  const codeTag = office.getByText(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/).first();
  await codeTag.waitFor();
  const code = (await codeTag.textContent())!.trim();
  await shot(office, 'publish-3-published');

  // an anonymous visitor: the portal's home, the unit, the notice
  const visitorCtx = await suite.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const visitor = await visitorCtx.newPage();
  await visitor.goto(`${base}/public/`);
  await shot(visitor, 'publish-4-portal-home');
  await visitor.getByRole('link', { name: '江城市水务局', exact: true }).click();
  await visitor
    .locator('main')
    .getByRole('link', { name: /的通报$/ })
    .first()
    .click();
  await visitor.waitForURL(`**/public/n/${code}`);
  const noticeText = await visitor.locator('article').innerText();
  assert.match(noticeText, new RegExp(`追责问责${after.accountability}`));
  await view(visitor, 'publish-5-portal-notice');
  await visitor.locator('.actions').scrollIntoViewIfNeeded();
  await view(visitor, 'publish-5b-portal-notice-end');

  // the file as published verifies on the verification page printed on it
  const docx = await visitor.request.get(`${base}/public/n/${code}/docx`);
  assert.equal(docx.status(), 200);
  await visitor.goto(`${base}/public/verify/${code}`);
  await visitor
    .getByLabel(/选择文件/)
    .setInputFiles({ name: 'notice.docx', mimeType: 'application/octet-stream', buffer: await docx.body() });
  await visitor.getByRole('button', { name: '核验文件' }).click();
  await visitor.getByText('核验通过').waitFor();
  await shot(visitor, 'publish-6-verified');

  // feedback, typed by keyboard into the labelled fields
  await visitor.goto(`${base}/public/n/${code}`);
  await visitor.getByRole('link', { name: '提出意见建议' }).click();
  await visitor.getByLabel(/^主题/).fill('建议公布易涝点完工时间');
  await visitor.getByLabel(/^内容/).fill('希望在通报中写明12处易涝点各自的完工时间。');
  await visitor.getByLabel(/^联系电话/).fill('13800138000');
  await visitor.getByRole('button', { name: '提交意见建议' }).press('Enter');
  const trackingEl = visitor.locator('p.code');
  await trackingEl.waitFor();
  const tracking = (await trackingEl.textContent())!.trim();
  assert.match(tracking, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await shot(visitor, 'publish-7-feedback-sent');

  // the office answers in its inbox, where it alone sees the phone number
  await office.goto(`${base}/feedback`);
  await office.getByRole('button', { name: '建议公布易涝点完工时间' }).click();
  await office.getByText('13800138000').waitFor();
  await office.getByLabel('答复', { exact: true }).fill('感谢您的建议，12处易涝点的完工时间将在下次通报中逐一公布。');
  await office.getByRole('button', { name: /^答\s*复$/ }).click();
  await office.getByRole('dialog').getByText('已答复').first().waitFor();
  await shot(office, 'publish-8-inbox-answered');

  // the visitor reads the answer by the code
  await visitor.goto(`${base}/public/track`);
  await visitor.getByLabel(/^查询码/).fill(tracking.toLowerCase());
  await visitor.getByRole('button', { name: '查询' }).click();
  await visitor.getByText('办理状态：已答复').waitFor();
  await visitor.getByText('12处易涝点的完工时间将在下次通报中逐一公布').waitFor();
  await shot(visitor, 'publish-9-answer-by-code');

  // a phone: 375 px, standard and large print; nothing wider than the screen
  const phoneCtx = await suite.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  const phone = await phoneCtx.newPage();
  await phone.goto(`${base}/public/n/${code}`);
  await view(phone, 'publish-10-phone-notice');
  const size = async () => phone.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  // by keyboard: the skip link comes first, then the large-print switch in the header
  await phone.keyboard.press('Tab');
  assert.equal(await phone.evaluate(() => document.activeElement?.textContent), '跳到正文');
  await phone.keyboard.press('Tab');
  await phone.keyboard.press('Tab');
  assert.equal(await phone.evaluate(() => document.activeElement?.textContent), '长者模式（大字）');
  await phone.keyboard.press('Enter');
  await phone.waitForURL(`**/public/n/${code}`);
  await phone.getByRole('link', { name: '标准字号' }).waitFor();
  assert.ok((await size()) >= normal * 1.3, 'large print enlarges the text');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling in large print (${overflow}px too wide)`);
  await view(phone, 'publish-11-phone-large-print');
  await phone.locator('.actions').scrollIntoViewIfNeeded();
  await view(phone, 'publish-11b-phone-large-print-end');
  await phone.goto(`${base}/public/feedback?unit=2&publication=${code}`);
  await shot(phone, 'publish-12-phone-feedback-form');
  assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);

  // accessibility of every portal page
  for (const path of [
    '/public/',
    '/public/units/2',
    `/public/n/${code}`,
    `/public/verify/${code}`,
    '/public/verify',
    `/public/feedback?unit=2&publication=${code}`,
    `/public/track?code=${tracking}`,
  ]) {
    assert.deepEqual(await axe(suite.browser, `${base}${path}`), [], `axe on ${path}`);
  }
  // no script at all on the portal
  const scripts = await visitor.evaluate(() => document.scripts.length);
  assert.equal(scripts, 0);

  await phoneCtx.close();
  await visitorCtx.close();
  await officeCtx.close();
});
