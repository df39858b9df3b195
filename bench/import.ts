/**
 * Import commit benchmark: `npx tsx bench/import.ts` (npm run bench:import).
 *
 * A real server (in-memory PGlite on its worker thread, as `serve` runs it; or a
 * PostgreSQL database with ZG_TEST_ENGINE=postgres and ZG_TEST_PG_URL) and a
 * generated notice of SIZE nodes (default 3,000: groups, themes, problems with a
 * measure each, a third with reported progress). Measured in one run:
 *   1. commit — POST /imports/commit of the whole tree, RUNS times (each a new
 *      document into a unit of a new office), while the probe (bench/probe.ts) asks
 *      GET /auth/me every 50 ms: median time (the transaction, then the 屡查屡犯 check
 *      in short transactions) and the probe's worst wait;
 *   1b. the commit's transaction alone (`commitTree`, no HTTP, no check after it);
 *   2. baseline — the same problem and measure rows written by hand-written bare
 *      `INSERT … SELECT FROM unnest(…)` statements (one per tree level, one for the
 *      measures) in one transaction on the same database: what the rows cost
 *      without the application's checks, seals, audit and bookkeeping.
 * Prints the medians and their ratio (commit / baseline); issue 12 asks ≤ 1 s for
 * a 3,000-node commit on PGlite and a probe wait ≤ 250 ms.
 */
import { startTestApp, engine } from '../test/helpers/app.js';
import { factories } from '../test/helpers/factories.js';
import { planImport, type PlannedProblem } from '../src/domain/notice/plan.js';
import { sm3 } from '../src/server/lib/sm3.js';
import { commitTree } from '../src/server/modules/imports/service.js';
import { importCommitBody } from '../src/domain/schemas/imports.js';
import { median } from './lib.js';
import { pathToFileURL } from 'node:url';
import { generateTree } from './import-data.js';
import { probeWhile } from './probe.js';

export { commitImport } from './import-data.js';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.SIZE ?? 3000);

/** The benchmark, when this file is run (bench/scale.ts imports `commitImport` from it). */
async function main(): Promise<void> {
  const t = await startTestApp({}, { demo: false });
  try {
    const f = factories(t);
    // each commit goes to a unit of its own office: the 屡查屡犯 check after the commit compares a round
    // with its office's earlier rounds, and the same generated tree imported five times into one office
    // would measure that check against near-copies rather than the commit
    const fresh = async () => {
      const unit = await f.unit({ office: await f.office() });
      return { unit, admin: await f.login(unit.admin) };
    };
    const first = await fresh();
    const tree = generateTree(
      SIZE,
      first.unit.depts.map((d) => d.name),
    );
    const plan = planImport(tree.nodes);
    const commit = async (run: number, to: Awaited<ReturnType<typeof fresh>>) => {
      const r = await to.admin.post<{ problems: number }>('/api/v1/imports/commit', {
        unitId: to.unit.id,
        digest: sm3(`bench-import-${run}`),
        source: 'text',
        inspection: { kind: '巡察', title: `基准导入${run}`, body: '市委第一巡察组' },
        nodes: tree.nodes,
      });
      if (r.status !== 200) throw new Error(`commit ${run}: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.body.problems !== plan.length) throw new Error(`commit ${run}: ${r.body.problems} problems, expected ${plan.length}`);
    };
    // one warm-up of each: the first statements of a fresh database plan and cache
    await commit(0, first);
    await baseline(0, first.unit.id);
    const commits: number[] = [];
    const worst: number[] = [];
    const bare: number[] = [];
    const txs: number[] = [];
    // alternated, so that both see the same load of the machine
    for (let run = 1; run <= RUNS; run++) {
      const to = await fresh();
      const p = await probeWhile(t.base, to.admin.cookie, () => commit(run, to));
      commits.push(p.ms);
      worst.push(p.worstWait);
      if (p.failed) throw new Error(`${p.failed} probes failed`);
      bare.push(await baseline(run, to.unit.id));
      // the commit's transaction alone, as the service runs it (no HTTP, no 屡查屡犯 check after it)
      const body = importCommitBody.parse({
        unitId: to.unit.id,
        digest: sm3(`bench-import-tx-${run}`),
        source: 'text',
        inspection: { kind: '巡察', title: `基准导入事务${run}`, body: '市委第一巡察组' },
        nodes: tree.nodes,
      });
      const t0 = performance.now();
      await commitTree(t.db, t.clock, { id: null, name: 'bench', ip: null }, body, plan);
      txs.push(performance.now() - t0);
    }

    const c = median(commits);
    const b = median(bare);
    console.log(
      `import commit of ${tree.nodes.length} nodes (${plan.length} problems, ${tree.measures} measures, ` +
        `${tree.withProgress} with progress) on ${engine}, ${RUNS} runs`,
    );
    console.log(`  commit   median ${c.toFixed(0)} ms  (runs: ${commits.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  commit transaction alone median ${median(txs).toFixed(0)} ms  (runs: ${txs.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  baseline median ${b.toFixed(0)} ms  bare INSERT … SELECT unnest of the same problem and measure rows`);
    console.log(`  ratio transaction/baseline ${(median(txs) / b).toFixed(2)}, HTTP commit/baseline ${(c / b).toFixed(2)}`);
    console.log(`  probe worst wait ${Math.max(...worst).toFixed(0)} ms (per run: ${worst.map((x) => x.toFixed(0)).join(', ')})`);

    /** The bare rows: one INSERT per level mapping parents by (parent, place), one for the measures. */
    async function baseline(run: number, unitId: number): Promise<number> {
      const t0 = performance.now();
      await t.db.tx(async (q) => {
        const insp = (
          await q.query<{ id: number }>(
            `INSERT INTO inspections (unit_id, kind, title, body) VALUES ($1, '巡察', $2, '基准') RETURNING id`,
            [unitId, `基准裸插入${run}`],
          )
        ).rows[0].id;
        const ids = new Map<string, number>();
        for (const level of [1, 2, 3]) {
          const rows = plan.filter((p) => p.level === level);
          if (!rows.length) continue;
          const parent = rows.map((p) => (p.parentKey ? ids.get(p.parentKey)! : null));
          const place = places(rows);
          const r = await q.query<{ id: number; parent_id: number | null; sort_order: number }>(
            `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order, deadline)
           SELECT $1, $2, x.parent, $3, x.label, x.title, x.description, x.place, x.deadline::date
           FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
             AS x(parent, label, title, description, place, deadline)
           RETURNING id, parent_id, sort_order`,
            [
              insp,
              unitId,
              level,
              parent,
              rows.map((p) => p.label),
              rows.map((p) => p.title),
              rows.map((p) => p.description),
              place,
              rows.map((p) => p.deadline),
            ],
          );
          const byPlace = new Map(r.rows.map((x) => [`${x.parent_id}:${x.sort_order}`, x.id]));
          rows.forEach((p, i) => ids.set(p.key, byPlace.get(`${parent[i]}:${place[i]}`)!));
        }
        const ms = plan.flatMap((p) => p.measures.map((m) => ({ pid: ids.get(p.key)!, m })));
        await q.query(
          `INSERT INTO measures (problem_id, text, sort_order) SELECT x.pid, x.m, 1 FROM unnest($1::int[], $2::text[]) AS x(pid, m)`,
          [ms.map((x) => x.pid), ms.map((x) => x.m)],
        );
      });
      return performance.now() - t0;
    }
  } finally {
    await t.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

/** The place of each row among its siblings (1, 2, 3 … per parent, in plan order). */
function places(rows: PlannedProblem[]): number[] {
  const n = new Map<string | null, number>();
  return rows.map((p) => {
    const k = (n.get(p.parentKey) ?? 0) + 1;
    n.set(p.parentKey, k);
    return k;
  });
}
