/**
 * 屡查屡犯 at city scale, measured in one run: an office of 200 units with 100,000
 * problems (bench/office-data.ts), signatures stored, then a new round of 60 problems
 * (30 rewritten from earlier findings as a later round would write them, 30 new)
 * checked against all of them through the stored signatures and the GIN index —
 * against the baseline of scoring the new round exactly against every problem.
 *
 *   npx tsx bench/similarity.ts                 (PGlite, in memory)
 *   DATABASE_URL=postgres://… npx tsx bench/similarity.ts   (an empty PostgreSQL database)
 *   N=20000 npx tsx bench/similarity.ts         (a smaller history)
 */
import { openPglite } from '../src/server/db/pglite.js';
import { openPostgres } from '../src/server/db/postgres.js';
import { migrate, type Db } from '../src/server/db/index.js';
import { flagRecurrences, signOffice } from '../src/server/modules/recurrence/service.js';
import { gramsOf, score, signatureOf, THRESHOLD } from '../src/domain/similarity/index.js';
import { prng, syntheticFindings } from './office-data.js';

const N = Number(process.env.N ?? 100_000);
const UNITS = 200;
const ROUNDS_PER_UNIT = 5;
const NEW = 60;

const ms = (t0: number) => Math.round(performance.now() - t0);

async function seed(db: Db): Promise<{ officeId: number; unitIds: number[] }> {
  const office = (await db.query<{ id: number }>(`INSERT INTO organizations (kind, name) VALUES ('office', '基准测试巡察办') RETURNING id`))
    .rows[0].id;
  const units = (
    await db.query<{ id: number }>(
      `INSERT INTO organizations (parent_id, kind, name) SELECT $1, 'unit', '单位' || g FROM generate_series(1, $2) g RETURNING id`,
      [office, UNITS],
    )
  ).rows.map((r) => r.id);
  await db.query('UPDATE organizations SET unit_id = id WHERE id = ANY($1::int[])', [units]);
  const rounds = (
    await db.query<{ id: number; unit_id: number }>(
      `INSERT INTO inspections (unit_id, kind, title, body, created_at)
     SELECT u, '巡察', '第' || r || '轮巡察', '巡察组', now() - (6 - r) * interval '180 days'
       FROM unnest($1::int[]) u, generate_series(1, $2) r RETURNING id, unit_id`,
      [units, ROUNDS_PER_UNIT],
    )
  ).rows;
  const findings = syntheticFindings(N, 1);
  const t0 = performance.now();
  for (let i = 0; i < N; i += 5000) {
    const batch = findings.slice(i, i + 5000).map((f, k) => {
      const round = rounds[(i + k) % rounds.length];
      return { inspection_id: round.id, unit_id: round.unit_id, title: f.title, description: f.description, n: i + k };
    });
    await db.query(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, description, sort_order, status)
       SELECT x.inspection_id, x.unit_id, 1, (x.n % 50 + 1)::text || '.', x.title, x.description, x.n, 'closed'
         FROM jsonb_to_recordset($1::jsonb) AS x(inspection_id int, unit_id int, title text, description text, n int)`,
      [JSON.stringify(batch)],
    );
  }
  console.log(`history: ${N} problems in ${rounds.length} rounds of ${UNITS} units (${ms(t0)} ms to insert)`);
  return { officeId: office, unitIds: units };
}

/** The new round: 30 findings rewritten from earlier ones (仍, other figures), 30 new. */
async function newRound(db: Db, unitId: number): Promise<{ id: number; rewrittenOf: Map<number, number> }> {
  const id = (
    await db.query<{ id: number }>(
      `INSERT INTO inspections (unit_id, kind, title, body, created_at) VALUES ($1, '巡察', '新一轮巡察', '巡察组', now()) RETURNING id`,
      [unitId],
    )
  ).rows[0].id;
  const r = prng(7);
  const picks = (
    await db.query<{ id: number; title: string; description: string }>(
      'SELECT id, title, description FROM problems WHERE id % 997 = 0 ORDER BY id LIMIT $1',
      [NEW / 2],
    )
  ).rows;
  const fresh = syntheticFindings(NEW / 2, 99);
  const rows = [
    ...picks.map((p) => ({
      title: p.title.replace(/(.{3})/, '$1仍'),
      description: p.description.replace(/\d+/g, () => String(1 + Math.floor(r() * 90))),
    })),
    ...fresh,
  ];
  const ids = (
    await db.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, description, sort_order)
     SELECT $1, $2, 1, x.n::text || '.', x.title, x.description, x.n
       FROM jsonb_to_recordset($3::jsonb) AS x(title text, description text, n int) ORDER BY x.n RETURNING id`,
      [id, unitId, JSON.stringify(rows.map((x, n) => ({ ...x, n })))],
    )
  ).rows.map((x) => x.id);
  return { id, rewrittenOf: new Map(picks.map((p, i) => [ids[i], p.id])) };
}

const db = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(null);
try {
  console.log(`engine: ${db.engine}`);
  await migrate(db);
  const { officeId, unitIds } = await seed(db);
  let t0 = performance.now();
  const signed = await db.tx((q) => signOffice(q, officeId));
  console.log(`signatures: ${signed} computed and stored in ${ms(t0)} ms (once; later only new or edited problems)`);
  if (db.engine === 'postgres') for (const t of ['problem_signatures', 'problems']) await db.query(`VACUUM ANALYZE ${t}`);
  const round = await newRound(db, unitIds[0]);

  // the method: stored signatures, GIN candidates, exact scores (what an import commit runs)
  const runs: number[] = [];
  let flagged = 0;
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    const r = await db.tx((q) => flagRecurrences(q, { inspectionId: round.id, now: new Date() }));
    runs.push(performance.now() - t0);
    flagged = r.flagged;
  }
  runs.sort((a, b) => a - b);
  const lsh = runs[Math.floor(runs.length / 2)];
  const flags = (
    await db.query<{ problem_id: number; earlier_id: number }>(
      'SELECT problem_id, earlier_id FROM problem_recurrences WHERE inspection_id = $1',
      [round.id],
    )
  ).rows;

  // the baseline: every stored signature read and scored against every new problem
  t0 = performance.now();
  const all = (
    await db.query<{ problem_id: number; inspection_id: number; title_norm: string; norm: string }>(
      'SELECT problem_id, inspection_id, title_norm, norm FROM problem_signatures WHERE office_id = $1 AND inspection_id < $2',
      [officeId, round.id],
    )
  ).rows;
  const mine = (
    await db.query<{ id: number; title: string; description: string }>(
      'SELECT id, title, description FROM problems WHERE inspection_id = $1',
      [round.id],
    )
  ).rows;
  const truth = new Map<number, Set<number>>();
  for (const p of mine) {
    const g = gramsOf(signatureOf(p));
    const hits = new Set<number>();
    for (const s of all) if (score(g, gramsOf({ titleNorm: s.title_norm, norm: s.norm })) >= THRESHOLD) hits.add(s.problem_id);
    truth.set(p.id, hits);
  }
  const brute = performance.now() - t0;

  const flaggedBrute = [...truth.values()].filter((s) => s.size > 0).length;
  const rewrittenFound = [...round.rewrittenOf].filter(([pid, earlier]) =>
    flags.some((f) => f.problem_id === pid && f.earlier_id === earlier),
  ).length;
  const agree = flags.filter((f) => truth.get(f.problem_id)?.has(f.earlier_id)).length;
  console.log(
    `check of ${NEW} new problems against ${N}: ${lsh.toFixed(0)} ms ` +
      `(median of 5: ${runs.map((x) => x.toFixed(0)).join(', ')}), ${flagged} flagged`,
  );
  console.log(
    `baseline (exact score against every problem): ${brute.toFixed(0)} ms, ${flaggedBrute} problems with a match — ` +
      `ratio ${(brute / lsh).toFixed(1)}×`,
  );
  console.log(
    `the 30 rewritten findings: ${rewrittenFound}/30 flagged with their original; flags confirmed by the baseline ${agree}/${flags.length}`,
  );
  console.log(
    `problems with a match the baseline finds and the check does not: ` +
      `${[...truth].filter(([pid, s]) => s.size > 0 && !flags.some((f) => f.problem_id === pid)).length}`,
  );
  if (lsh > 1000) process.exitCode = 1;
} finally {
  await db.close();
}
