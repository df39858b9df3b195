/**
 * Notice parser + checker benchmark: `npx tsx bench/notice.ts` (npm run bench:notice).
 *
 * For each corpus notice (skipped with a message when ../shared/corpus is absent) and a
 * synthetic 40 KB notice, prints the median time of parse + check over RUNS runs and
 * its ratio to reading the same file from disk (readFileSync + TextDecoder, median of
 * the same number of runs, measured in the same process). Goal: ≤ 20 ms for 40 KB.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseText } from '../src/domain/notice/index.js';
import { intToCn } from '../src/domain/notice/parse/text.js';
import { FIELDS, median, prng } from './lib.js';

const RUNS = Number(process.env.RUNS ?? 40);
const GOAL_MS_PER_40KB = 20;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(repoRoot, '../shared/corpus');

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const FAULTS = ['把关不严', '推进缓慢', '程序不规范', '监管缺位', '落实不到位', '制度不健全', '责任不清', '台账不全'];
const VERBS = ['修订', '制定', '完善', '建立', '出台'];
const DOCS = ['管理办法', '实施细则', '工作规程', '责任清单', '考核办法'];
const ACTIONS = ['逐项复核', '全面清理', '集中排查', '专项检查', '跟踪督办', '抽查核实'];
const RESULTS = ['整改问题', '清退人员', '追回款项', '补齐手续', '规范合同', '归档材料'];
const FORMS = ['批评教育', '提醒谈话', '诫勉', '责令检查'];

/** A deterministic notice of about `bytes` UTF-8 bytes, in the usual three-level shape,
 *  with varied wording (repeated templates would only measure the boilerplate rule). */
function synthetic(bytes: number): string {
  const rnd = prng(40);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out = [
    '中共示例市某局党组关于市委巡察反馈问题整改情况的通报',
    '（2023年4月）',
    '根据市委统一部署，市委第一巡察组于2022年9月5日至11月10日对某局进行了巡察，并于12月20日反馈了巡察意见。',
    '一、加强组织领导',
    '（一）成立领导小组。制定整改方案，制定完善12项制度。',
    '二、坚持问题导向，确保整改任务落地落实',
  ];
  let size = Buffer.byteLength(out.join('\n'));
  let g = 0;
  let th = 0;
  let pr = 0;
  while (size < bytes) {
    if (pr % 12 === 0) out.push(`（${intToCn(++g)}）在${pick(FIELDS)}方面`);
    if (pr % 3 === 0) out.push(`${++th}.着力解决“${pick(FIELDS)}${pick(FAULTS)}”问题`);
    pr++;
    const f = pick(FIELDS);
    const line =
      `（${pr}）针对“${f}${pick(FAULTS)}”的问题，一是${pick(VERBS)}《${f}${pick(DOCS)}》，明确${2 + Math.floor(rnd() * 9)}项要求。` +
      `二是对${2019 + Math.floor(rnd() * 4)}年以来的${pick(FIELDS)}事项${pick(ACTIONS)}，${pick(RESULTS)}${1 + Math.floor(rnd() * 40)}个。` +
      `三是对${1 + Math.floor(rnd() * 3)}名责任人进行${pick(FORMS)}。`;
    out.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  out.push('三、持续巩固整改成果', '欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0999-1234567；电子邮箱：x@example.com。');
  return out.join('\n');
}

const rows: { name: string; kb: number; nodes: number; findings: number; parse: number; read: number }[] = [];

function bench(name: string, file: string): void {
  const decoder = new TextDecoder('utf-8');
  const text = decoder.decode(readFileSync(file));
  for (let i = 0; i < 5; i++) analyseText(text); // warm up the JIT and regex caches
  const parse: number[] = [];
  const read: number[] = [];
  let last = analyseText(text);
  for (let i = 0; i < RUNS; i++) {
    read.push(time(() => decoder.decode(readFileSync(file))));
    parse.push(
      time(() => {
        last = analyseText(text);
      }),
    );
  }
  rows.push({
    name,
    kb: statSync(file).size / 1024,
    nodes: last.nodes.length,
    findings: last.findings.length,
    parse: median(parse),
    read: median(read),
  });
}

if (existsSync(corpus)) {
  for (const f of ['wuhan-eco-env-2020.txt', 'donghu-env-water-2024.txt', 'nankai-univ-xunshi-2022.txt']) {
    const file = path.join(corpus, f);
    if (existsSync(file)) bench(f, file);
    else console.log(`skip ${f}: not found in ${corpus}`);
  }
} else {
  console.log(`skip corpus: ${corpus} not found (the corpus lives outside the repository)`);
}
const dir = mkdtempSync(path.join(tmpdir(), 'zg-bench-'));
try {
  const file = path.join(dir, 'synthetic-40k.txt');
  writeFileSync(file, synthetic(40 * 1024));
  bench('synthetic 40 KB', file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nnotice parse + check, median of ${RUNS} runs (Node ${process.version})\n`);
console.log('notice                          KB   nodes  findings  parse+check ms  read ms  ratio');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(30)} ${r.kb.toFixed(1).padStart(5)} ${String(r.nodes).padStart(7)} ${String(r.findings).padStart(9)}` +
      ` ${r.parse.toFixed(2).padStart(15)} ${r.read.toFixed(3).padStart(8)} ${(r.parse / r.read).toFixed(0).padStart(6)}×`,
  );
}
const synth = rows.find((r) => r.name.startsWith('synthetic'))!;
const per40 = (synth.parse * 40) / synth.kb;
console.log(`\n40 KB goal ≤ ${GOAL_MS_PER_40KB} ms: ${per40.toFixed(2)} ms per 40 KB — ${per40 <= GOAL_MS_PER_40KB ? 'met' : 'NOT met'}`);
