/**
 * Browser-test helpers: the built server in its own process on a free port with
 * a temp data dir and a fixed clock, and Debian's Chromium driven by
 * playwright-core (a browser download does not work here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = join('test-results', 'screenshots');
export const PASSWORD = 'Zhenggai@2026';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    s.on('error', reject);
  });
}

export interface Served {
  base: string;
  proc: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts `dist/cli.js serve` (built by scripts/test.mjs before this part runs). */
export async function startServer(env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'zg-e2e-'));
  const proc = spawn(process.execPath, ['dist/cli.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ZG_NOW: '2026-11-21T02:00:00.000Z',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode != null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time: ${out}`);
    await new Promise((r) => setTimeout(r, 250)); // polling a starting process, not waiting on app time
  }
  return {
    base,
    proc,
    dataDir,
    async stop() {
      if (proc.exitCode == null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM}: install the Debian package "chromium"`;
}

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Signs in through the login page, as a person would. */
export async function login(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * A screenshot of the whole page at the page's own width. Playwright's `fullPage` has Chromium draw beyond the
 * viewport, and this Chromium lays the page out at 1×1 px for a moment while it does: media queries answer “phone”
 * and a page that lays itself out by width switches layouts in the middle of a test (a dialog held by a component
 * that moved closed by itself). A viewport as tall as the page, of the same width, captures it all without that.
 */
export async function wholePage(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight));
  if (!viewport || height <= viewport.height) {
    await page.screenshot({ path, fullPage: !viewport });
    return;
  }
  await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path });
  } finally {
    await page.setViewportSize(viewport);
    // the test goes on once the page has its own size back, not while it is still laid out at the tall one
    await page.waitForFunction((h) => window.innerHeight === h, viewport.height);
  }
}

export async function shot(page: Page, name: string): Promise<void> {
  await wholePage(page, join(SHOTS, `${name}.png`));
}

export interface Suite {
  /** Why the browser tests cannot run here (Chromium missing), or null. */
  missing: string | null;
  readonly server: Served;
  readonly browser: Browser;
  /** A fresh browser context (own cookies) in Chinese at a desktop size. */
  context(): Promise<BrowserContext>;
}

/** One server and one browser for a spec file: started before its tests, stopped after. */
export function browserSuite(env: Record<string, string> = {}): Suite {
  let server: Served | undefined;
  let browser: Browser | undefined;
  const missing = chromiumMissing();
  before(async () => {
    if (missing) return;
    server = await startServer(env);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    missing,
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    context: () => browser!.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } }),
  };
}

/**
 * Types a date into an antd DatePicker and closes its panel. The panel can stay open after Enter and, where the
 * form is short, covers the dialog's buttons: a click on them then waits for a target that never frees.
 */
export async function typeDate(page: Page, dialog: Locator, label: string, date: string): Promise<void> {
  const field = dialog.getByLabel(label);
  await field.fill(date);
  await field.press('Enter');
  const open = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  for (let i = 0; (await open.count()) > 0; i++) {
    if (i === 3) throw new Error(`the date panel of ${label} stays open`);
    await dialog.locator('.ant-modal-title').click();
    await open
      .first()
      .waitFor({ state: 'hidden', timeout: 2_000 })
      .catch(() => undefined);
  }
}

/** Opens an antd Select by its label and picks the option with that text. */
export async function pick(page: Page, field: Locator, option: string, { multiple = false } = {}): Promise<void> {
  await field.click();
  // the popup of this Select (another one may still be fading out)
  const list = await field.getAttribute('aria-controls');
  assert.ok(list, 'the select names its listbox');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${list}"]`) });
  const item = popup.locator(`.ant-select-item-option[title="${option}"]`);
  // let the popup finish zooming in: a click computed mid-animation can land beside the option
  await item.waitFor();
  await popup.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  if (multiple) {
    await item.click();
    // a second click would deselect it: check instead
    await popup.locator('.ant-select-item-option-selected', { hasText: option }).waitFor();
    return;
  }
  // a click while the dialog or the popup is still zooming in can miss the option: try again. On a loaded machine the
  // popup of a click that did land can still be fading out: a second click then finds no option to click, which is
  // success, not a failure
  for (let i = 0; ; i++) {
    try {
      await item.click({ timeout: i === 0 ? undefined : 5_000 });
    } catch (e) {
      if (await popup.isHidden()) return;
      throw e;
    }
    try {
      await popup.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (e) {
      if (i === 2) throw e;
    }
  }
}
