// Fuzzing the notice parser and checker: deterministic (seeded) mutations of our
// fixtures and, when present, the shared corpus. Whatever the input, parse + check
// must not throw, must finish quickly, and must return a well-formed tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseText } from '../../src/domain/notice/index.js';
import type { NodeKind, ParsedNotice } from '../../src/domain/notice/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CASES = Number(process.env.NOTICE_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.NOTICE_FUZZ_SEED ?? 20240205);

/** mulberry32: small, fast, good enough to drive mutations reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sources(): { name: string; text: string; big: boolean }[] {
  const out: { name: string; text: string; big: boolean }[] = [];
  const fx = path.join(repoRoot, 'fixtures/notices');
  for (const f of readdirSync(fx)
    .filter((x) => /\.(txt|md)$/.test(x))
    .sort()) {
    out.push({ name: f, text: readFileSync(path.join(fx, f), 'utf8'), big: false });
  }
  const corpus = path.resolve(repoRoot, '../shared/corpus');
  if (existsSync(corpus)) {
    for (const f of readdirSync(corpus)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      out.push({ name: f, text: readFileSync(path.join(corpus, f), 'utf8'), big: true });
    }
  } else {
    console.log(`fuzz: corpus not found at ${corpus}; fuzzing fixtures only`);
  }
  return out;
}

const LABELS = [
  '一、',
  '二、',
  '十一、',
  '（一）',
  '(三)',
  '（二十）',
  '1.',
  '7．',
  '12、',
  '(1)',
  '（45）',
  '①',
  '⑳',
  '项目1.1',
  '项目3.2',
  '一是',
  '三是',
  '附件：',
  '整改进展情况及成效',
  '整改时限：2023年6月底',
];
const SNIPPETS = [
  '20235月',
  '2023824日',
  '202329-10日',
  '追责问责 9 人次。其中,诫勉 2 人次',
  '针对"某某"的问题,一是',
  '5 个方面、61 个具体问题',
  '\t',
  ' | ',
  '**',
  '<!--more-->',
  '---',
  '# ',
  '- ',
  '联系电话：010-12345678',
  '《某某管理办法》',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '\u202E',
  'e\u0301',
];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  let lines = text.split('\n');
  const steps = 1 + Math.floor(rnd() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    switch (Math.floor(rnd() * 12)) {
      case 0:
        lines.splice(at, 1 + Math.floor(rnd() * 5));
        break;
      case 1:
        if (lines.length) lines.splice(at, 0, lines[Math.min(at, lines.length - 1)]);
        break;
      case 2: {
        const b = Math.floor(rnd() * lines.length);
        if (lines.length > 1) [lines[at % lines.length], lines[b]] = [lines[b], lines[at % lines.length]];
        break;
      }
      case 3:
        lines.splice(at, 0, `${pick(LABELS)}${pick(['某某问题', '着力解决某问题', '', '针对"甲"的问题,一是整改。二是完成。'])}`);
        break;
      case 4: {
        const line = lines[at % Math.max(1, lines.length)] ?? '';
        const cut = Math.floor(rnd() * (line.length + 1));
        const cp = Math.floor(rnd() * 0x2ffff);
        const ch = cp >= 0xd800 && cp <= 0xdfff ? '\uD800' : String.fromCodePoint(cp);
        lines[at % Math.max(1, lines.length)] = line.slice(0, cut) + ch + pick(SNIPPETS) + line.slice(cut);
        break;
      }
      case 5:
        lines = lines
          .join('\n')
          .slice(0, Math.floor(rnd() * text.length))
          .split('\n');
        break;
      case 6: {
        const fam = ['（一）', '1.', '（1）', '①', '项目1.1', '1、', '一、'];
        const depth = 10 + Math.floor(rnd() * 40);
        lines.splice(at, 0, ...Array.from({ length: depth }, (_, i) => `${fam[i % fam.length]}第${i}层的问题`));
        break;
      }
      // Huge lines, including runs that make naive regular expressions quadratic.
      case 7:
        lines.splice(
          at,
          0,
          pick(['某', '整改，', '一是', '1.', '《', '“', '7', '[', 'a@', '深化', '批评教育', '(', ' ']).repeat(
            2000 + Math.floor(rnd() * 20000),
          ),
        );
        break;
      case 8:
        lines.splice(
          at,
          0,
          `序号\t问题\t责任单位\t整改时限`,
          `1\t某问题\t\t${pick(['2023年1月', '', '20235月'])}`,
          `| 2 | 某问题 | 某科 | |`,
        );
        break;
      case 9:
        lines = [lines.join(rnd() < 0.5 ? '' : ' ')];
        break;
      case 10:
        lines = lines.map((l) => l.replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/，/g, ','));
        break;
      default:
        lines.splice(at, 0, pick(SNIPPETS).repeat(1 + Math.floor(rnd() * 5)));
        break;
    }
  }
  return lines.join(rnd() < 0.1 ? '\r\n' : '\n');
}

const RANK: Record<NodeKind, number> = { group: 0, theme: 1, problem: 2, measure: 3 };

function assertWellFormed(p: ParsedNotice, where: string): void {
  const seen = new Map<string, ParsedNotice['nodes'][number]>();
  p.nodes.forEach((n, i) => {
    assert.equal(n.id, `n${i + 1}`, `${where}: ids in document order`);
    if (n.parentId !== null) {
      const parent = seen.get(n.parentId);
      assert.ok(parent, `${where}: parent ${n.parentId} of ${n.id} exists and comes first`);
      const nests = RANK[n.kind] > RANK[parent.kind] || (n.kind === parent.kind && (n.kind === 'theme' || n.kind === 'measure'));
      assert.ok(nests, `${where}: ${parent.kind} → ${n.kind}`);
    }
    assert.ok(n.line >= 1 && n.endLine >= n.line && n.endLine <= Math.max(1, p.lines.length), `${where}: lines of ${n.id}`);
    seen.set(n.id, n);
  });
  const c = p.counts;
  assert.equal(c.groups + c.themes + c.problems + c.measures, p.nodes.length, `${where}: counts`);
  assert.ok(Array.isArray(p.findings));
  for (const f of p.findings) {
    assert.ok(f.line >= 1 && f.line <= Math.max(1, p.lines.length), `${where}: finding line ${f.line} (${f.rule})`);
    assert.ok(f.message.length > 0);
    for (const id of f.nodeIds ?? []) assert.ok(seen.has(id), `${where}: finding cites ${id}`);
  }
}

test(`fuzz: ${CASES} mutated notices parse and check without throwing, as well-formed trees`, () => {
  const rnd = prng(SEED);
  const src = sources();
  const started = performance.now();
  let slowest = 0;
  for (let i = 0; i < CASES; i++) {
    const s = src[i % src.length];
    let base = s.text;
    // Corpus notices are 40–80 KB: most cases fuzz a window of them, every tenth the whole.
    if (s.big && i % 10 !== 0) {
      const lines = base.split('\n');
      const a = Math.floor(rnd() * lines.length);
      base = lines.slice(a, a + 20 + Math.floor(rnd() * 80)).join('\n');
    }
    const input = mutate(base, rnd);
    const where = `case ${i} (${s.name}, seed ${SEED})`;
    const t0 = performance.now();
    let p: ParsedNotice;
    try {
      p = analyseText(input);
    } catch (e) {
      assert.fail(`${where} threw: ${e instanceof Error ? e.stack : String(e)}`);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < 2000, `${where} took ${ms.toFixed(0)} ms`);
    assertWellFormed(p, where);
  }
  console.log(`fuzz: ${CASES} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(0)} ms`);
});

// Inputs built to make naive patterns quadratic: one unit repeated on one 200 KB line,
// or on 20,000 short lines (which page-break joining turns into one paragraph).
const PATHOLOGICAL = [
  '某',
  '整改，',
  '一是',
  '1.',
  '《',
  '“',
  '7',
  '[',
  'a@',
  '深化',
  '批评教育',
  '(',
  '。',
  '对1名责任人给予诫勉处理，',
  '2023824日',
  '（1）',
  '\t',
  '|',
  '关于',
  '针对“甲”的问题，',
  '<!--',
  '](',
  '整改进展情况：',
  '项目1.1',
  '追责问责5人次',
  '《办法》',
];

test('pathological long lines and long paragraphs stay fast', () => {
  const head = '示例局关于巡察反馈问题整改情况的通报\n二、整改进展情况\n（一）甲方面\n1.甲的问题\n';
  for (const u of PATHOLOGICAL) {
    for (const shape of ['one line', 'many lines'] as const) {
      const body =
        shape === 'one line' ? u.repeat(Math.ceil(200_000 / u.length)) : Array.from({ length: 20_000 }, () => u.repeat(5)).join('\n');
      const t0 = performance.now();
      const p = analyseText(`${head}${body}\n联系电话：010-1234567`);
      const ms = performance.now() - t0;
      assert.ok(ms < 2000, `${JSON.stringify(u)} × ${shape}: ${ms.toFixed(0)} ms`);
      assertWellFormed(p, `${JSON.stringify(u)} × ${shape}`);
    }
  }
});
