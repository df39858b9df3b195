/**
 * Document generation benchmark: `npx tsx bench/publish.ts` (npm run bench:publish).
 *
 * A 61-problem round (5 aspects, 21 themes, 61 problems with two measures and a
 * progress report each, like the Wuhan notice), measured in one process:
 *   1. baseline — writing the document's plain text to a file;
 *   2. docx — composing the document from the round's facts, building the .docx
 *      (GB/T 9704 layout) and writing it to a file;
 *   3. end to end — the same round imported into an in-memory PGlite database and
 *      rendered through the notices service (`renderRound`: read the ledger and the
 *      registers, compose, build), as the CLI and the download route do.
 * Prints the median and p99 of RUNS runs of each and the ratios to the baseline.
 * Goal: ≤ 300 ms (p99) for the .docx of a 61-problem round.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  composeDocument,
  defaultDraft,
  documentText,
  renderDocx,
  type LedgerItem,
  type LedgerStatus,
  type RoundFacts,
} from '../src/domain/document/index.js';
import { parseNoticeText } from '../src/domain/notice/index.js';
import { planImport } from '../src/domain/notice/plan.js';
import { importCommitBody } from '../src/domain/schemas/imports.js';
import { migrate } from '../src/server/db/index.js';
import { openPglite } from '../src/server/db/pglite.js';
import { ManualClock } from '../src/server/lib/clock.js';
import { loadDemo } from '../src/server/demo/load.js';
import { importTree } from '../src/server/modules/imports/service.js';
import { renderRound } from '../src/server/modules/notices/service.js';
import { sm3 } from '../src/server/lib/sm3.js';
import { FIELDS, prng, quantile } from './lib.js';

const RUNS = Number(process.env.RUNS ?? 100);
const GOAL_MS = 300;
const SHAPE = [5, 3, 3, 6, 4]; // themes per aspect: 21 themes
const PER_THEME = [3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3]; // 61 problems

const FAULTS = ['把关不严', '推进缓慢', '程序不规范', '监管缺位', '落实不到位', '制度不健全', '台账不全'];
const ACTS = ['逐项复核', '全面清理', '集中排查', '专项检查', '跟踪督办', '抽查核实'];
const STATUSES: LedgerStatus[] = ['closed', 'in_progress', 'long_term', 'closure_requested', 'pending'];

function synthetic(): RoundFacts {
  const rnd = prng(61);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  let theme = 0;
  const tree: LedgerItem[] = SHAPE.map((themes, g) => ({
    title: `在${pick(FIELDS)}方面`,
    description: '',
    status: 'in_progress',
    stageDone: false,
    leadDept: null,
    deadline: null,
    closedOn: null,
    measures: [],
    progress: null,
    children: Array.from({ length: themes }, () => ({
      title: `着力解决${pick(FIELDS)}${pick(FAULTS)}问题`,
      description: '',
      status: 'in_progress' as const,
      stageDone: false,
      leadDept: null,
      deadline: null,
      closedOn: null,
      measures: [],
      progress: null,
      children: Array.from({ length: PER_THEME[theme++] }, (_, k) => {
        const f = pick(FIELDS);
        return {
          title: `${f}${pick(FAULTS)}`,
          description: `抽查发现${Math.floor(rnd() * 30) + 2}项${f}事项存在${pick(FAULTS)}情况。`,
          status: STATUSES[(g + k) % STATUSES.length],
          stageDone: false,
          leadDept: `第${(k % 6) + 1}处`,
          deadline: `2026-${String((k % 9) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}`,
          closedOn: '2026-10-20',
          measures: [`对${f}事项${pick(ACTS)}，建立问题台账`, `修订《${f}管理办法》，明确审批权限和时限`],
          progress:
            `已${pick(ACTS)}${f}事项${Math.floor(rnd() * 80) + 5}件，` +
            `整改问题${Math.floor(rnd() * 20) + 1}个，印发制度${Math.floor(rnd() * 3) + 1}项。`,
          children: [],
        };
      }),
    })),
  }));
  return {
    today: '2026-11-21',
    unitName: '示例市某局',
    officeName: '中共示例市委巡察工作领导小组办公室',
    inspection: {
      kind: '巡察',
      title: '市委第一巡察组常规巡察',
      body: '市委第一巡察组',
      onsiteStart: '2026-03-02',
      onsiteEnd: '2026-04-30',
      feedbackDate: '2026-06-10',
    },
    tree,
    registers: null,
    events: [],
    contact: {
      phone: '027-12345678',
      address: '示例市示例路1号',
      postcode: '430000',
      email: 'zg@example.gov.cn',
      portalUrl: 'https://example.gov.cn/public/',
    },
  };
}

async function measure(runs: number, f: () => Promise<void> | void): Promise<number[]> {
  for (let i = 0; i < 5; i++) await f(); // warm-up: JIT and the docx package's first-use costs
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zg-bench-publish-'));
  try {
    const facts = synthetic();
    const draft = defaultDraft('notice', facts);
    const text = documentText(composeDocument('notice', facts, draft));
    const problems = facts.tree.flatMap((g) => g.children).flatMap((t) => t.children).length;
    let bytes = 0;

    const plain = await measure(RUNS, () => writeFileSync(path.join(dir, 'notice.txt'), text));
    const docx = await measure(RUNS, async () => {
      const b = await renderDocx(composeDocument('notice', facts, draft));
      bytes = b.length;
      writeFileSync(path.join(dir, 'notice.docx'), b);
    });

    // End to end: the same round through the database and the service.
    const db = await openPglite(null);
    const clock = new ManualClock('2026-11-21T02:00:00.000Z');
    await migrate(db);
    await loadDemo(db, clock, dir);
    const parsed = parseNoticeText(text);
    const body = importCommitBody.parse({
      unitId: 2,
      digest: sm3(text),
      filename: 'bench.txt',
      source: 'text',
      inspection: {
        kind: '巡察',
        title: parsed.meta.title ?? 'bench',
        body: '市委第一巡察组',
        onsiteStart: '2026-03-02',
        onsiteEnd: '2026-04-30',
        feedbackDate: '2026-06-10',
      },
      nodes: parsed.nodes.map((n) => ({ ...n, title: n.title || n.label, text: n.text ?? '' })),
    });
    const imported = await importTree(db, clock, { id: null, name: 'bench', ip: null }, body, planImport(body.nodes));
    const e2e = await measure(Math.min(RUNS, 50), async () => {
      const f = await renderRound(db, clock, { inspectionId: imported.inspectionId, kind: 'notice' });
      writeFileSync(path.join(dir, 'e2e.docx'), f.bytes);
    });
    await db.close();

    const row = (name: string, xs: number[]) =>
      `${name.padEnd(34)} median ${quantile(xs, 0.5).toFixed(2).padStart(8)} ms   p99 ${quantile(xs, 0.99).toFixed(2).padStart(8)} ms   ` +
      `×${(quantile(xs, 0.5) / quantile(plain, 0.5)).toFixed(0)} of plain`;
    console.log(`document of a ${problems}-problem round: ${text.length} characters of text, .docx ${bytes} bytes; ${RUNS} runs`);
    console.log(row('plain text → file (baseline)', plain));
    console.log(row('compose + .docx → file', docx));
    console.log(row(`end to end (DB, ${imported.problems} rows) → file`, e2e));
    const p99 = quantile(docx, 0.99);
    console.log(
      `goal ≤ ${GOAL_MS} ms for the .docx: ${p99 <= GOAL_MS ? 'met' : 'NOT met'} ` +
        `(p99 ${p99.toFixed(1)} ms; end to end p99 ${quantile(e2e, 0.99).toFixed(1)} ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
