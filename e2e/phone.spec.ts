/**
 * On a phone (issue 7 point 20): at 375×812 with touch, a department handler
 * signs in and lands on their to-do, opens an item, reports progress with a
 * photo from the camera button and a file from the picker (thumbnails before
 * submitting; a real multi-megabyte JPEG, as a phone's camera makes), and sees
 * the entry with both files in the list. No page is wider than the screen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SHOTS, browserSuite, login, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;
const WIDTH = 375;

/** A 1×1 PNG, as the other specs upload. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The whole page from its top (the sticky top bar otherwise lands where the page was scrolled to). */
async function whole(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** One part of the page at full size (a full-page shot of a phone is too tall to read). */
async function part(el: Locator, name: string): Promise<void> {
  await el.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Nothing on the page reaches past the right edge of the screen (a table or a form wider than the phone). */
async function fitsScreen(page: Page, what: string): Promise<void> {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const b = el.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) return false;
        // inside a horizontally scrolling box, width is that box's business
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
        }
        return b.right > vw + 1;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    return { scroll: document.documentElement.scrollWidth, vw, wide };
  });
  assert.ok(r.scroll <= r.vw, `${what}: the page scrolls sideways (${r.scroll} > ${r.vw}): ${r.wide.join(' | ')}`);
  assert.deepEqual(r.wide, [], `${what}: elements past the right edge`);
}

/**
 * A photo as a phone camera makes one: a 2400×3200 JPEG of noisy gradients,
 * encoded by the browser itself, several megabytes.
 */
async function cameraPhoto(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 2400;
    c.height = 3200;
    const g = c.getContext('2d')!;
    const img = g.createImageData(c.width, c.height);
    let seed = 7;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = seed % 128;
      const x = (i / 4) % c.width;
      const y = Math.floor(i / 4 / c.width);
      img.data[i] = (x / 10 + n) & 255;
      img.data[i + 1] = (y / 13 + n) & 255;
      img.data[i + 2] = (128 + n) & 255;
      img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((res) => c.toBlob((b) => res(b!), 'image/jpeg', 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

test('a handler on a phone: to-do as home, the problem page, progress with a camera photo', { skip: missing ?? false }, async () => {
  const ctx = await suite.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: WIDTH, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  });
  const page = await ctx.newPage();
  const base = suite.server.base;
  await login(page, base, 'dept1');

  // the handler's home page is the to-do list
  await page.waitForURL((u) => u.pathname === '/todo');
  await page.getByRole('heading', { name: '待办' }).waitFor();
  await fitsScreen(page, 'to-do');
  await whole(page, 'phone-1-todo');

  // an item to report on, as the list shows it
  const item = await page.evaluate(async () => {
    const r = await fetch('/api/v1/todo?pageSize=100');
    const body = (await r.json()) as { items: { kind: string; problem: { id: number; title: string } }[] };
    return body.items.find((i) => i.kind === 'report')?.problem ?? null;
  });
  assert.ok(item, 'dept1 has an item to report on');
  await page.getByRole('link', { name: item.title }).first().tap();
  await page.waitForURL((u) => u.pathname === `/problems/${item.id}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: item.title }).waitFor();
  await fitsScreen(page, 'problem page');
  await whole(page, 'phone-2-problem');
  await part(page.locator('.ant-card').first(), 'phone-2a-problem-header');
  await part(page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: /整改措施/ }) }), 'phone-2b-measures');

  // the picker takes files and the gallery; only the 拍照 button asks for the camera
  const picker = page.locator('#progress-files');
  const camera = page.locator('#progress-camera');
  assert.match((await picker.getAttribute('accept')) ?? '', /^image\/\*,.*\.pdf/);
  assert.equal(await picker.getAttribute('capture'), null);
  assert.equal(await camera.getAttribute('accept'), 'image/*');
  assert.equal(await camera.getAttribute('capture'), 'environment');
  await page.getByRole('button', { name: /拍\s*照/ }).waitFor();

  const photo = await cameraPhoto(page);
  assert.ok(photo.length > 3 * 1024 * 1024 && photo.length < 20 * 1024 * 1024, `a phone-sized photo: ${photo.length} bytes`);
  await page.getByLabel('进展情况').fill('已对3号泵站备用电源开展现场检查，拍照留存。');
  await camera.setInputFiles({ name: 'IMG_20261121_101500.jpg', mimeType: 'image/jpeg', buffer: photo });
  await picker.setInputFiles({ name: '检查记录.png', mimeType: 'image/png', buffer: PNG });
  const chosen = page.getByRole('list', { name: '已选的佐证材料' });
  await chosen.getByRole('img', { name: /IMG_20261121_101500\.jpg/ }).waitFor();
  await chosen.getByRole('img', { name: /检查记录\.png/ }).waitFor();
  // the thumbnail shows the photo (decoded), not a broken image
  const decoded = await chosen
    .getByRole('img', { name: /IMG_20261121_101500\.jpg/ })
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 2400);
  assert.ok(decoded, 'the photo thumbnail is decoded');
  await fitsScreen(page, 'progress form with thumbnails');
  const form = page.locator('form[id="progress"]');
  await form.scrollIntoViewIfNeeded();
  await whole(page, 'phone-3-progress-form');
  await part(page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: '报送整改进展' }) }), 'phone-3a-progress-form');

  await page.getByRole('button', { name: /报送进展/ }).tap();
  const entry = page.getByRole('list', { name: '佐证材料' }).filter({ hasText: 'IMG_20261121_101500.jpg' });
  await entry.waitFor({ timeout: 60_000 });
  await entry.getByText('检查记录.png').waitFor();
  // the chosen files are cleared after sending
  await chosen.waitFor({ state: 'detached' });
  await fitsScreen(page, 'problem page after reporting');
  await whole(page, 'phone-4-progress-listed');

  // the server kept the whole photo
  const kept = await page.evaluate(async (id) => {
    const p = (await (await fetch(`/api/v1/problems/${id}`)).json()) as {
      progress: { text: string; evidence: { filename: string; size: number }[] }[];
    };
    return p.progress.flatMap((x) => x.evidence).find((e) => e.filename === 'IMG_20261121_101500.jpg') ?? null;
  }, item.id);
  assert.equal(kept?.size, photo.length);
  await ctx.close();
});
