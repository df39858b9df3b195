/**
 * Ledger export benchmark: `npx tsx bench/export.ts` (npm run bench:export).
 *
 * A 10,000-row round (50 groups × 199 problems, two measures and a progress report
 * each) in an in-memory PGlite database (on its worker thread, as the server runs
 * it), measured in one process:
 *   1. baseline — the same rows read the same way (pages of 500, keyset) and written
 *      as tab-separated text to a file;
 *   2. xlsx — the streamed .xlsx export (`writeLedgerXlsx`) written to a file.
 * For each: median wall time of RUNS runs, the ratio to the baseline, and the peak
 * memory the run added over its start (RSS and JS heap, sampled every 5 ms): the
 * export streams, so its peak must not grow with the ledger.
 * Also times a PGlite query made while an export runs, to show the export does not
 * hold the database (pages are short queries, not one transaction).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../src/server/db/index.js';
import { openPglite } from '../src/server/db/pglite.js';
import { ManualClock } from '../src/server/lib/clock.js';
import { loadDemo } from '../src/server/demo/load.js';
import { exportRepo, type Cursor } from '../src/server/modules/exports/repository.js';
import { exportableRound, PAGE_ROWS, writeLedgerXlsx } from '../src/server/modules/exports/service.js';

const RUNS = Number(process.env.RUNS ?? 3);
const GROUPS = 50;
const PER_GROUP = 199; // 50 + 50 × 199 = 10,000 rows

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Runs f while sampling memory; the peak increase over the start. */
async function measured<T>(f: () => Promise<T>): Promise<{ ms: number; rss: number; heap: number; value: T }> {
  global.gc?.();
  const start = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - start.rss);
    heap = Math.max(heap, m.heapUsed + m.external - start.heapUsed - start.external);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  const value = await f();
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  return { ms, rss, heap, value };
}

const dir = mkdtempSync(path.join(tmpdir(), 'zg-bench-export-'));
const db = await openPglite(null);
try {
  await migrate(db);
  const clock = new ManualClock('2026-11-21T02:00:00.000Z');
  await loadDemo(db, clock, dir);
  const unit = (
    await db.query<{ unit_id: number; dept: number }>(
      `SELECT i.unit_id, (SELECT id FROM organizations WHERE parent_id = i.unit_id AND kind = 'department' ORDER BY id LIMIT 1) AS dept
       FROM inspections i ORDER BY id LIMIT 1`,
    )
  ).rows[0];
  const t0 = performance.now();
  const inspectionId = await db.tx(async (q) => {
    const id = (
      await q.query<{ id: number }>(
        `INSERT INTO inspections (unit_id, kind, title, body, feedback_date)
         VALUES ($1, '巡察', '基准测试轮次', '市委第九巡察组', '2026-06-12') RETURNING id`,
        [unit.unit_id],
      )
    ).rows[0].id;
    await q.query(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, sort_order)
       SELECT $1, $2, 1, '（' || g || '）', '在第' || g || '个方面', g FROM generate_series(1, ${GROUPS}) g`,
      [id, unit.unit_id],
    );
    await q.query(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order, rectify_kind,
                             lead_dept_id, deadline, status, closed_at)
       SELECT $1, $2, g.id, 2, n || '.', '第' || g.sort_order || '方面的第' || n || '个问题：台账与实际不符',
              '抽查发现部分记录补记、代签，涉及' || n || '份档案。', n,
              (ARRAY['immediate','deadline','long_term'])[1 + n % 3], $3, DATE '2026-12-31' - (n % 90),
              (ARRAY['pending','in_progress','closure_requested','closed','long_term'])[1 + n % 5],
              CASE WHEN n % 5 = 3 THEN now() END
         FROM problems g, generate_series(1, ${PER_GROUP}) n
        WHERE g.inspection_id = $1 AND g.level = 1`,
      [id, unit.unit_id, unit.dept],
    );
    await q.query(
      `INSERT INTO measures (problem_id, text, sort_order, created_at)
       SELECT p.id, m.t || '：逐项核查并建立长效机制，按月通报进度', m.k, now()
         FROM problems p, (VALUES (1, '开展专项清理'), (2, '修订管理制度')) m(k, t)
        WHERE p.inspection_id = $1 AND p.level = 2`,
      [id],
    );
    await q.query(
      `INSERT INTO progress_entries (problem_id, text, created_at)
       SELECT id, '已完成第一阶段清理，形成清理台账' || id || '份，下一步开展复查。', now() FROM problems WHERE inspection_id = $1 AND level = 2`,
      [id],
    );
    return id;
  });
  const rows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE inspection_id = $1', [inspectionId])).rows[0]
    .n;
  console.log(`round of ${rows} rows built in ${((performance.now() - t0) / 1000).toFixed(1)} s (PGlite in memory, on its worker)`);
  const round = await exportableRound(db, null, inspectionId);

  const baseline = async (file: string) => {
    const out = createWriteStream(file);
    let after: Cursor | null = null;
    let n = 0;
    for (;;) {
      const page = await exportRepo.page(db, inspectionId, after, PAGE_ROWS);
      if (!page.length) break;
      const ids = page.map((r) => r.id);
      const measures = await exportRepo.measures(db, ids);
      const progress = await exportRepo.latestProgress(db, ids);
      const byId = new Map<number, string[]>();
      for (const m of measures) (byId.get(m.problem_id) ?? byId.set(m.problem_id, []).get(m.problem_id)!).push(m.text);
      const prog = new Map(progress.map((p) => [p.problem_id, p.text]));
      for (const r of page) {
        const line = [
          r.label,
          r.title,
          (byId.get(r.id) ?? []).join(' '),
          r.leader ?? '',
          r.lead_dept ?? '',
          r.cooperators ?? '',
          r.deadline ?? '',
          r.rectify_kind ?? '',
          r.status,
          prog.get(r.id) ?? '',
        ];
        if (!out.write(`${line.join('\t')}\n`)) await once(out, 'drain');
        n++;
      }
      after = { path: page[page.length - 1].path, id: page[page.length - 1].id };
      if (page.length < PAGE_ROWS) break;
    }
    out.end();
    await once(out, 'close');
    return n;
  };
  const xlsx = async (file: string) => {
    const out = createWriteStream(file);
    const closed = once(out, 'close');
    const r = await writeLedgerXlsx(db, round, out);
    await closed;
    return r.rows;
  };

  const results: Record<'baseline' | 'xlsx', { ms: number[]; rss: number[]; heap: number[]; bytes: number }> = {
    baseline: { ms: [], rss: [], heap: [], bytes: 0 },
    xlsx: { ms: [], rss: [], heap: [], bytes: 0 },
  };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, run, ext] of [
      ['baseline', baseline, 'tsv'],
      ['xlsx', xlsx, 'xlsx'],
    ] as const) {
      const file = path.join(dir, `ledger-${i}.${ext}`);
      const m = await measured(() => run(file));
      if (m.value !== rows) throw new Error(`${name} wrote ${m.value} rows, expected ${rows}`);
      results[name].ms.push(m.ms);
      results[name].rss.push(m.rss);
      results[name].heap.push(m.heap);
      results[name].bytes = statSync(file).size;
    }
  }

  // a short query while an export runs: the export holds no transaction, so the query waits for one page at most
  const file = path.join(dir, 'concurrent.xlsx');
  const running = xlsx(file);
  const waits: number[] = [];
  for (let i = 0; i < 10; i++) {
    const q0 = performance.now();
    await db.query('SELECT count(*) FROM problems WHERE inspection_id = $1 AND status = $2', [inspectionId, 'closed']);
    waits.push(performance.now() - q0);
  }
  await running;

  const base = median(results.baseline.ms);
  console.log(`\n${rows}-row ledger, ${RUNS} runs each (median; peak memory added over the run's start, max of runs)`);
  for (const name of ['baseline', 'xlsx'] as const) {
    const r = results[name];
    console.log(
      `  ${name.padEnd(8)} ${median(r.ms).toFixed(0).padStart(6)} ms  ×${(median(r.ms) / base).toFixed(2)}  ` +
        `peak RSS +${mb(Math.max(...r.rss))}, heap +${mb(Math.max(...r.heap))}, file ${mb(r.bytes)}`,
    );
  }
  console.log(`  a query during an export: median ${median(waits).toFixed(0)} ms, max ${Math.max(...waits).toFixed(0)} ms`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
