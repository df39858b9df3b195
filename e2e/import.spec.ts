/**
 * Browser test of 导入通报: upload a notice, see the tree and the findings,
 * confirm, and land on the ledger filtered by the new round with the right
 * number of problems. Starts its own server (own port, own temp DATA_DIR) and
 * stops it by its PID. Uses the shared corpus notice when ../shared/corpus is
 * there, otherwise a fixture notice, so it always tests something.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { wholePage } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const corpus = join(root, '..', 'shared', 'corpus');
const corpusNotice = join(corpus, 'wuhan-eco-env-2020.txt');
const fixtureNotice = join(root, 'fixtures', 'notices', 'arabic-dun.txt');

/** The notice to import, and the problem count the ledger must show when known in advance. */
function pickNotice(): { file: string; expected: number | null } {
  if (existsSync(corpusNotice)) {
    const exp = JSON.parse(readFileSync(join(corpus, 'wuhan-eco-env-2020.expected.json'), 'utf8')) as { counted: { problems: number } };
    return { file: corpusNotice, expected: exp.counted.problems };
  }
  console.log(`# skip corpus import: ${corpus} is absent; importing the fixture ${fixtureNotice} instead`);
  return { file: fixtureNotice, expected: null };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | null = null;
let serverLog = '';
let dataDir = '';
let base = '';
let browser: Browser | null = null;

async function waitUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server?.exitCode !== null && server?.exitCode !== undefined)
      throw new Error(`server exited (${server.exitCode}):\n${serverLog.slice(-3000)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${url} in ${ms} ms:\n${serverLog.slice(-3000)}`);
}

before(async () => {
  // a fresh web bundle (no-op when dist/web is newer than src/web)
  const { buildWeb } = (await import(new URL('../scripts/build.mjs', import.meta.url).href)) as { buildWeb: () => boolean };
  buildWeb();
  mkdirSync(shots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'zg-e2e-import-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    detached: true, // its own process group, stopped below by its PID
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => (serverLog += String(d)));
  server.stderr?.on('data', (d) => (serverLog += String(d)));
  await waitUp(`${base}/api/health`, 120_000);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function login(page: Page): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill('unit');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/ledger/);
}

interface PreviewNode {
  id: string;
  parentId: string | null;
  kind: string;
}

/** What the ledger lists: headed nodes with no headed node beneath them. */
function leafProblems(nodes: PreviewNode[]): number {
  const headedParents = new Set(nodes.filter((n) => n.kind !== 'measure' && n.parentId).map((n) => n.parentId));
  return nodes.filter((n) => n.kind !== 'measure' && !headedParents.has(n.id)).length;
}

test('import a notice: upload, preview tree and findings, confirm, ledger shows its problems', { timeout: 240_000 }, async () => {
  const { file, expected } = pickNotice();
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await login(page);
    await page.getByRole('link', { name: '导入通报' }).click();
    await page.waitForURL(/\/import/);
    await page.getByRole('button', { name: '解析预览' }).waitFor();
    await wholePage(page, join(shots, 'import-1-source.png'));

    // step 1: the file, through the XHR upload
    await page.locator('input[type=file]').setInputFiles(file);
    const previewAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/imports/preview') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '解析预览' }).click();
    const res = await previewAnswer;
    assert.equal(res.status(), 200, await res.text());
    const preview = (await res.json()) as { notice: { nodes: PreviewNode[]; findings: unknown[]; counts: { problems: number } } };
    const leaves = leafProblems(preview.notice.nodes);
    if (expected !== null) assert.equal(leaves, expected, 'leaf problems of the preview');

    // step 2: tree, source, counts, findings
    const tree = page.getByRole('region', { name: '问题结构' });
    await tree.waitFor();
    assert.ok((await tree.locator('.ant-tree-treenode').count()) > 0, 'the tree shows nodes');
    const source = page.getByRole('region', { name: '原文' });
    await source.waitFor();
    await tree.locator('.ant-tree-node-content-wrapper').nth(1).click();
    await source.locator('[data-highlighted="true"]').first().waitFor();
    const counts = await page.getByTestId('import-counts').innerText();
    assert.match(counts, /问题/);
    if (preview.notice.findings.length) {
      const findings = page.getByTestId('import-findings');
      await findings.getByRole('button').first().click();
      await source.locator('[data-highlighted="true"]').first().waitFor();
    }
    await wholePage(page, join(shots, 'import-2-preview.png'));

    // step 3: the round, prefilled from the notice; fill what the notice did not say
    await page.getByRole('button', { name: '下一步：确认导入' }).click();
    const form = page.locator('form[id="import-inspection"]');
    await form.waitFor();
    if (await form.getByText('请选择', { exact: true }).isVisible()) {
      await page.getByLabel('类型').click();
      await page.getByRole('option', { name: '巡察' }).click();
    }
    if (!(await page.getByLabel('轮次名称').inputValue())) await page.getByLabel('轮次名称').fill('端到端测试导入');
    if (!(await page.getByLabel('巡视巡察机构').inputValue())) await page.getByLabel('巡视巡察机构').fill('区委第三巡察组');
    await wholePage(page, join(shots, 'import-3-confirm.png'));
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入成功').waitFor({ timeout: 60_000 });
    await wholePage(page, join(shots, 'import-4-done.png'));

    // the ledger, filtered by the new round
    await page.getByRole('button', { name: '查看台账' }).click();
    await page.waitForURL(/\/ledger\?.*inspectionId=\d+/);
    const inspectionId = Number(new URL(page.url()).searchParams.get('inspectionId'));
    const total = page.getByText(/共 \d+ 条/);
    await total.waitFor();
    const shown = Number((await total.innerText()).match(/共 (\d+) 条/)?.[1]);
    assert.equal(shown, leaves, 'ledger total');
    if (expected !== null) assert.equal(shown, expected);
    const api = await page.request.get(`${base}/api/v1/ledger?inspectionId=${inspectionId}`);
    assert.equal(((await api.json()) as { total: number }).total, leaves);
    await wholePage(page, join(shots, 'import-5-ledger.png'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
