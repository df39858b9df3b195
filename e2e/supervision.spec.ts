/**
 * Supervision in a real browser (issue 9 point 9). The server's clock is fixed by
 * ZG_NOW; to let time pass the test stops the server, runs `zhenggai tick --date`
 * on the same data directory (PGlite has one owner at a time) and starts the
 * server again with its clock on that date — no sleeps. Then: an item of dept1 has
 * turned red, dept1 finds the reminder in the inbox (bell count, deep link), the
 * unit's 整改办 issues a 督办单 from the problem's page, dept1 replies (the
 * formalism warning shows while writing) with evidence, the 整改办 accepts, and the
 * weekly digest lists exactly the unit's overdue items that the ledger lists.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissing, launch, login, shot, startServer, type Served } from './helpers.js';

const missing = chromiumMissing();
const T0 = '2026-11-21T02:00:00.000Z'; // 10:00 in Beijing, the date the demo is loaded on
const dataDir = mkdtempSync(join(tmpdir(), 'zg-e2e-supervision-'));
let server: Served | undefined;

after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The server on our data directory with the clock at 10:00 Beijing of `now`; the in-process scheduler off (the CLI ticks). */
async function serveAt(now: string): Promise<Served> {
  return startServer({ DATA_DIR: dataDir, ZG_NOW: now, SCHEDULER: 'false' });
}

async function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`);
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json();
  }, path) as Promise<T>;
}

interface Row {
  id: number;
  unitId: number;
  label: string;
  title: string;
  status: string;
  rectifyKind: string | null;
  deadline: string | null;
  light: string;
  leadDept: { id: number } | null;
}

test(
  'an item turns red, the handler is reminded, a supervision order runs its course, the weekly digest lists it',
  { skip: missing ?? false },
  async () => {
    // ——— day 0: find dept1's open item with the nearest deadline still ahead ———
    server = await serveAt(T0);
    let browser = await launch();
    let ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    let page = await ctx.newPage();
    await login(page, server.base, 'dept1');
    const rows = (await api<{ items: Row[] }>(page, '/ledger?pageSize=200')).items;
    const me = await api<{ user: { roles: { role: string; orgId: number }[] } }>(page, '/auth/me');
    const deptIds = me.user.roles.filter((r) => r.role === 'dept_handler').map((r) => r.orgId);
    // red reminders go to the lead department's handlers
    const ahead = rows
      .filter((r) => r.leadDept && deptIds.includes(r.leadDept.id))
      .filter((r) => r.status !== 'closed' && r.rectifyKind !== 'long_term' && r.deadline && r.deadline >= '2026-11-21')
      .sort((a, b) => (a.deadline! < b.deadline! ? -1 : 1));
    const target = ahead[0];
    assert.ok(target, 'dept1 has an open item with a deadline ahead');
    assert.notEqual(target.light, 'red', 'not red before its deadline');
    const before = await api<{ unread: number }>(page, '/notifications/unread-count');
    assert.equal(
      (await api<{ items: { title: string }[] }>(page, '/notifications?pageSize=200')).items
        .filter((n) => n.title.includes(target.title.slice(0, 8)))
        .filter((n) => n.title.startsWith('超期提醒')).length,
      0,
      'no red reminder for it yet',
    );
    await ctx.close();
    await browser.close();
    await server.stop();
    server = undefined;

    // ——— the day after its deadline: the scheduler runs once, then once more (idempotent) ———
    const day = addDays(target.deadline!, 1);
    const env = { ...process.env, DATA_DIR: dataDir, ZG_NOW: T0, LOG_LEVEL: 'warn' };
    const first = spawnSync(process.execPath, ['dist/cli.js', 'tick', '--date', day, '--json'], { env, encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    const report = JSON.parse(first.stdout) as { evaluation: { ran: boolean; notifications: number } };
    assert.ok(report.evaluation.ran && report.evaluation.notifications > 0, `reminders sent on ${day}: ${first.stdout}`);
    const second = spawnSync(process.execPath, ['dist/cli.js', 'tick', '--date', day, '--json'], { env, encoding: 'utf8' });
    assert.equal(second.status, 0, second.stderr);
    assert.equal(
      (JSON.parse(second.stdout) as { evaluation: { notifications: number } }).evaluation.notifications,
      0,
      'a second tick sends nothing',
    );

    server = await serveAt(`${day}T02:00:00.000Z`);
    const base = server.base;
    browser = await launch();
    try {
      // ——— the handler: the bell counts the new reminders; the inbox leads to the item ———
      ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      page = await ctx.newPage();
      await login(page, base, 'dept1');
      const unread = (await api<{ unread: number }>(page, '/notifications/unread-count')).unread;
      assert.ok(unread > before.unread, `more unread after the tick (${before.unread} → ${unread})`);
      // the bell reads its count out: wait for the number, not just the bell
      const bell = page.locator(`[data-testid="inbox-bell"][aria-label="消息，${unread} 条未读"]`);
      await bell.waitFor();
      await bell.click();
      await page.waitForURL((u) => u.pathname === '/inbox');
      const reminder = page
        .getByTestId('inbox-item')
        .filter({ hasText: '超期提醒' })
        .filter({ hasText: target.title.slice(0, 8) });
      await reminder.first().waitFor();
      await shot(page, 'supervision-1-inbox-desktop');
      await page.setViewportSize({ width: 375, height: 812 });
      await reminder.first().waitFor();
      await shot(page, 'supervision-2-inbox-375');
      await page.setViewportSize({ width: 1440, height: 900 });
      await reminder.first().getByRole('link').first().click();
      await page.waitForURL((u) => u.pathname === `/problems/${target.id}`);
      await page.getByText('红灯').first().waitFor();
      const afterRead = (await api<{ unread: number }>(page, '/notifications/unread-count')).unread;
      assert.equal(afterRead, unread - 1, 'opening the reminder marks it read');

      // ——— the unit's 整改办 issues a 督办单 from the problem's page ———
      const unitCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const unit = await unitCtx.newPage();
      await login(unit, base, 'unit');
      await unit.goto(`${base}/problems/${target.id}`);
      await unit.getByRole('link', { name: '下发督办单' }).click();
      const dialog = unit.getByRole('dialog');
      await dialog.getByText(target.title.slice(0, 8)).first().waitFor();
      await dialog.getByLabel('督办要求').fill('该问题已超过整改时限，请于回复时限前报告整改进展、未完成原因和下一步具体措施。');
      const due = addDays(day, 5);
      await dialog.getByLabel('回复时限').fill(due);
      await dialog.getByLabel('回复时限').press('Enter');
      await shot(unit, 'supervision-3-issue');
      await dialog.getByRole('button', { name: /下发督办单/ }).click();
      await unit.waitForURL((u) => /^\/supervision\/orders\/\d+$/.test(u.pathname));
      const orderId = Number(new URL(unit.url()).pathname.split('/').pop());
      await unit.getByText('待回复').first().waitFor();
      const order = await api<{ number: string; status: string; replyDue: string; dept: { name: string } }>(unit, `/orders/${orderId}`);
      assert.match(order.number, /^〔\d{4}〕第\d+号$/);
      assert.equal(order.replyDue, due);
      await shot(unit, 'supervision-4-issued');

      // the weekly digest now lists the open order
      const digestBefore = await api<{ openOrders: { id: number }[] }>(unit, `/units/${target.unitId}/digest?kind=weekly`);
      assert.ok(
        digestBefore.openOrders.some((o) => o.id === orderId),
        'the open order is in the weekly digest',
      );

      // ——— the handler is told, writes a reply (the formalism warning shows), attaches evidence ———
      await page.goto(`${base}/inbox`);
      const notice = page.getByTestId('inbox-item').filter({ hasText: order.number });
      await notice.first().waitFor();
      await notice.first().getByRole('link').first().click();
      await page.waitForURL((u) => u.pathname === `/supervision/orders/${orderId}`);
      const text = page.getByLabel('回复内容');
      await text.fill('组织召开专题会议，认真学习传达相关文件精神。');
      await page.getByTestId('formalism-hint').getByRole('alert').waitFor();
      await shot(page, 'supervision-5-reply-formalism');
      await text.fill('已完成泵站备用电源改造3处，整改台账更新至第12期，剩余1处于12月10日前完工，附施工验收记录。');
      await page.getByTestId('formalism-hint').getByRole('alert').waitFor({ state: 'detached' });
      await page.locator('#order-reply-files').setInputFiles({
        name: '验收记录.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('泵站备用电源改造验收记录\n1号 合格\n2号 合格\n3号 合格\n'),
      });
      await page.setViewportSize({ width: 375, height: 812 });
      await shot(page, 'supervision-6-reply-375');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('button', { name: /提交回复/ }).click();
      await page.getByText('验收记录.txt').first().waitFor();
      await page.getByText('已回复待审核').first().waitFor();
      await shot(page, 'supervision-7-replied');

      // ——— the 整改办 accepts the reply ———
      await unit.goto(`${base}/supervision/orders/${orderId}`);
      await unit.getByLabel('审核意见').fill('回复内容具体，佐证材料齐全，同意办结。');
      await unit
        .getByRole('button', { name: /^办\s*结$/ })
        .last()
        .click();
      await unit.getByText('已办结').first().waitFor();
      await shot(unit, 'supervision-8-accepted');
      assert.equal((await api<{ status: string }>(unit, `/orders/${orderId}`)).status, 'accepted');
      // the print button's 督办通知单 is a Word document (a zip starting with PK)
      const href = await unit.getByRole('link', { name: /打印督办通知单/ }).getAttribute('href');
      const docx = await unit.evaluate(async (h) => {
        const r = await fetch(h!);
        const b = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(b[0], b[1]), size: b.length };
      }, href);
      assert.equal(docx.status, 200);
      assert.match(docx.type ?? '', /wordprocessingml/);
      assert.equal(docx.magic, 'PK');

      // ——— the weekly digest: exactly the unit's overdue items of the ledger; the accepted order gone ———
      await unit.goto(`${base}/dispatch?unitId=${target.unitId}&kind=weekly&date=${day}`);
      const overdueCard = unit.getByTestId('digest-overdue');
      await overdueCard.waitFor();
      await overdueCard.getByText(target.title.slice(0, 8)).first().waitFor();
      const digest = await api<{ overdue: { id: number }[]; openOrders: { id: number }[]; byDept: { overdue: number }[] }>(
        unit,
        `/units/${target.unitId}/digest?kind=weekly&date=${day}`,
      );
      const ledgerOverdue = (await api<{ items: Row[] }>(unit, `/ledger?unitId=${target.unitId}&overdue=true&pageSize=200`)).items;
      assert.deepEqual(
        digest.overdue.map((i) => i.id).sort((a, b) => a - b),
        ledgerOverdue.map((i) => i.id).sort((a, b) => a - b),
        'the digest lists the overdue items the ledger lists',
      );
      assert.ok(digest.overdue.some((i) => i.id === target.id));
      assert.equal(
        digest.byDept.reduce((s, d) => s + d.overdue, 0),
        ledgerOverdue.length,
        'the table by department adds up',
      );
      assert.ok(!digest.openOrders.some((o) => o.id === orderId), 'the accepted order is no longer open');
      assert.equal(await overdueCard.locator('tbody tr.ant-table-row').count(), digest.overdue.length, 'the page shows every one');
      await shot(unit, 'supervision-9-weekly-digest');
      await unitCtx.close();
      await ctx.close();
    } finally {
      await browser.close();
    }
  },
);

test(
  'the office edits its light rules (a version in the history); the unit sets a robot and sends a test message',
  { skip: missing ?? false },
  async () => {
    // a local robot: a DingTalk-like receiver that records what it gets and refuses an unsigned message
    const got: { url: string; body: string }[] = [];
    const robot = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ url: req.url ?? '', body });
        const signed = /[?&]timestamp=\d+&sign=/.test(req.url ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(signed ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }));
      });
    });
    await new Promise<void>((r) => robot.listen(0, '127.0.0.1', () => r()));
    const port = (robot.address() as { port: number }).port;
    server ??= await serveAt(T0);
    const base = server.base;
    const browser = await launch();
    try {
      const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const office = await ctx.newPage();
      await login(office, base, 'office');
      await office.getByRole('link', { name: '指示灯规则' }).click();
      await office.waitForURL((u) => u.pathname === '/settings/light-rules');
      const yellow = office.getByLabel('临期预警天数');
      await yellow.fill('12');
      await office.getByLabel('修改说明').fill('汛期前加大预警提前量');
      await office.getByRole('button', { name: /保存为新版本/ }).click();
      const history = office.locator('.ant-table-row').filter({ hasText: '汛期前加大预警提前量' });
      await history.first().waitFor();
      assert.match((await history.first().textContent()) ?? '', /王海燕/);
      await shot(office, 'supervision-10-light-rules');
      await ctx.close();

      const uctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const unit = await uctx.newPage();
      await login(unit, base, 'unit');
      await unit.getByRole('link', { name: '通知渠道' }).click();
      await unit.waitForURL((u) => u.pathname === '/settings/channels');
      await unit.getByRole('button', { name: /新增渠道/ }).click();
      const dialog = unit.getByRole('dialog');
      await dialog.getByLabel('名称').fill('整改办钉钉群');
      await dialog.getByLabel('机器人 Webhook 地址').fill(`http://127.0.0.1:${port}/robot/send?access_token=t0ken`);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const row = unit.locator('.ant-table-row').filter({ hasText: '整改办钉钉群' });
      await row.waitFor();
      // unsigned, the robot refuses: the failure is shown with the robot's answer
      await row.getByRole('button', { name: /发送测试消息/ }).click();
      await unit.getByText(/errcode 310000/).waitFor();
      await shot(unit, 'supervision-11-channel-test-failed');
      await unit.getByRole('button', { name: /知\s*道\s*了|确\s*定|OK/ }).click();
      // with the signing secret it goes through, signed
      await row.getByRole('button', { name: /修改“整改办钉钉群”/ }).click();
      await dialog.getByLabel('机器人 Webhook 地址').fill(`http://127.0.0.1:${port}/robot/send?access_token=t0ken`);
      await dialog.getByLabel('加签密钥').fill('SEC0123456789abcdef');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await row.getByText('加签').waitFor();
      await row.getByRole('button', { name: /发送测试消息/ }).click();
      await unit.getByText('测试消息已发送到“整改办钉钉群”').waitFor();
      const last = got[got.length - 1];
      assert.match(last.url, /access_token=t0ken&timestamp=\d+&sign=/);
      assert.match(JSON.parse(last.body).markdown.title as string, /测试消息/);
      await shot(unit, 'supervision-12-channels');
      await uctx.close();
    } finally {
      await browser.close();
      robot.close();
    }
  },
);
