/**
 * Typography of the words people read. Chinese text uses full-width punctuation
 * and “” quotes (a half-width "?" or "," between Chinese characters is a typing
 * slip that reads badly); English text uses no full-width brackets, colons or
 * commas of its own (Chinese words quoted inside it keep theirs); counts in
 * English agree in number ("1 report, 2 files"); and every rule of the notice
 * checker has an English reading for the English page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zh } from '../../src/web/i18n/zh.js';
import { en, FINDING_EN } from '../../src/web/i18n/en.js';
import { formatMessage } from '../../src/web/i18n/format.js';
import { findingText } from '../../src/web/i18n/findings.js';
import { UNITS, OFFICE_NAME } from '../../src/server/demo/content.js';

const HAN = '\\p{Script=Han}';
/** A half-width quote anywhere, or half-width ? , : ; ! ( ) touching a Chinese character. */
const HALF_WIDTH_IN_CHINESE = new RegExp(`"|${HAN}[?,:;!()]|[?,:;!()]${HAN}`, 'u');

/** Chinese runs, with the full-width punctuation attached to them, removed from English text. */
const CHINESE_RUN = new RegExp(`[（）【】：，。？！；、“”‘’《》${HAN}]*${HAN}[（）【】：，。？！；、“”‘’《》${HAN}]*`, 'gu');
const FULL_WIDTH = /[（）【】：，。？！；、]/u;

/** Every string inside a value (objects and arrays walked). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The quoted string literals of a source file that contain Chinese, with their line numbers (comments skipped). */
function chineseLiterals(file: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const code = raw.trimStart();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
      for (const m of raw.matchAll(/'([^'\n]*)'|`([^`\n]*)`/g)) {
        const text = m[1] ?? m[2] ?? '';
        if (new RegExp(HAN, 'u').test(text)) out.push({ line: i + 1, text });
      }
    });
  return out;
}

test('the demo data uses full-width punctuation and “” quotes in Chinese text', () => {
  const values = strings({ OFFICE_NAME, UNITS });
  assert.ok(values.length > 100, 'the demo content was walked');
  assert.deepEqual(
    values.filter((s) => HALF_WIDTH_IN_CHINESE.test(s)),
    [],
  );
  const dir = 'src/server/demo';
  const bad = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => chineseLiterals(join(dir, f)).map((l) => ({ at: `${f}:${l.line}`, text: l.text })))
    .filter((l) => HALF_WIDTH_IN_CHINESE.test(l.text));
  assert.deepEqual(bad, []);
});

test('the checker writes its findings with full-width punctuation', () => {
  const dir = 'src/domain/notice/check';
  const literals = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => chineseLiterals(join(dir, f)).map((l) => ({ at: `${f}:${l.line}`, text: l.text })));
  assert.ok(literals.length > 20, 'the findings were found');
  assert.deepEqual(
    literals.filter((l) => HALF_WIDTH_IN_CHINESE.test(l.text)),
    [],
  );
});

test('the Chinese dictionary has no half-width quote, question mark or comma in Chinese text', () => {
  const bad = Object.entries(zh).filter(([, v]) => HALF_WIDTH_IN_CHINESE.test(v));
  assert.deepEqual(bad, []);
});

test('the English dictionary has no full-width brackets, colons or commas in English text', () => {
  const bad = Object.entries(en).filter(([, v]) => FULL_WIDTH.test(v.replace(CHINESE_RUN, '')));
  assert.deepEqual(bad, []);
  const findings = strings(FINDING_EN).filter((v) => FULL_WIDTH.test(v.replace(CHINESE_RUN, '')));
  assert.deepEqual(findings, []);
  // the scan itself catches a slip and spares a quoted Chinese label
  assert.ok(FULL_WIDTH.test('Deadline：{d}'.replace(CHINESE_RUN, '')));
  assert.ok(!FULL_WIDTH.test('a line opening with “（一）” is a heading'.replace(CHINESE_RUN, '')));
  assert.ok(HALF_WIDTH_IN_CHINESE.test('河湖"清四乱"问题反弹') && HALF_WIDTH_IN_CHINESE.test('仍要导入吗?'));
});

test('English counts agree in number', () => {
  assert.equal(formatMessage(en['problem.countsValue'], { p: 1, e: 1 }), '1 report, 1 file');
  assert.equal(formatMessage(en['problem.countsValue'], { p: 2, e: 0 }), '2 reports, 0 files');
  assert.equal(formatMessage(en['todo.menuCount'], { n: 1 }), 'To-do, 1 item');
  assert.equal(formatMessage(en['rounds.tree.deleteChildren'], { n: 1 }), 'The 1 item under it is deleted with it.');
  assert.equal(formatMessage('{a} {missing}', { a: 3 }), '3 {missing}', 'an unknown placeholder is left as is');
  // no English count is written as a bare plural noun after a number placeholder
  const barePlural = /\{(\w+)\} (?:reports|files|problems|measures|items|nodes|edits|rows|errors|warnings|aspects|themes)\b/;
  assert.deepEqual(
    Object.entries(en).filter(([, v]) => barePlural.test(v)),
    [],
  );
  // each plural form names a placeholder the message fills
  for (const [k, v] of Object.entries(en)) {
    for (const m of v.matchAll(/\{(\w+)\|/g)) assert.ok(v.includes(`{${m[1]}}`), `${k}: {${m[1]}}`);
  }
});

test('every rule of the notice checker and the ledger reader has an English reading', () => {
  const rules = new Set<string>();
  for (const dir of ['src/domain/notice/check', 'src/domain/notice/read']) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/rule: '([a-z-]+)'/g)) rules.add(m[1]!);
    }
  }
  assert.ok(rules.size >= 10, [...rules].join(','));
  assert.deepEqual(
    [...rules].filter((r) => !FINDING_EN[r]),
    [],
  );
  const f = { rule: 'numbering-gap', message: '编号不连续：“（二）”之后是“（四）”。', suggestion: '核对原文。' };
  assert.deepEqual(findingText('zh', f), { message: f.message, suggestion: f.suggestion });
  const e = findingText('en', f);
  assert.equal(e.original, f.message);
  assert.match(e.message, /numbering/i);
  assert.equal(findingText('en', { rule: 'unknown-rule', message: '某项' }).message, '某项');
});
