/**
 * The office board at city scale, measured in one run: 200 units of one office,
 * 1,000 rounds, 100,000 problems in every state (deadlines around today, closures,
 * progress dates), supervision orders, public feedback and recurrence flags; then
 * the board (GET /office/board's use case, all units, and filtered by kind and year)
 * timed against a baseline on the same connection — the problem count of the same
 * rounds, the least any per-unit board must read.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/office.ts   (an empty PostgreSQL database: the target, ≤ 150 ms)
 *   npx tsx bench/office.ts                              (PGlite, in memory)
 */
import { openPglite } from '../src/server/db/pglite.js';
import { openPostgres } from '../src/server/db/postgres.js';
import { migrate } from '../src/server/db/index.js';
import { boardOf } from '../src/server/modules/office/service.js';
import { officeRepo } from '../src/server/modules/office/repository.js';
import type { Queryable } from '../src/server/db/index.js';
import type { BoardQuery } from '../src/domain/schemas/office.js';

const UNITS = 200;
const ROUNDS = 5;
const PER_ROUND = Number(process.env.PER_ROUND ?? 100);
const RUNS = 15;
const NOW = new Date('2026-11-21T02:00:00Z');

const db = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(null);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  await fn(); // warm
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

try {
  console.log(`engine: ${db.engine}`);
  await migrate(db);
  let t0 = performance.now();
  const office = (await db.query<{ id: number }>(`INSERT INTO organizations (kind, name) VALUES ('office', '基准巡察办') RETURNING id`))
    .rows[0].id;
  const units = (
    await db.query<{ id: number }>(
      `INSERT INTO organizations (parent_id, kind, name) SELECT $1, 'unit', '单位' || g FROM generate_series(1, $2) g RETURNING id`,
      [office, UNITS],
    )
  ).rows.map((r) => r.id);
  await db.query('UPDATE organizations SET unit_id = id WHERE id = ANY($1::int[])', [units]);
  await db.query(
    `INSERT INTO inspections (unit_id, kind, title, body, feedback_date, created_at)
     SELECT u, CASE WHEN r % 3 = 0 THEN '审计' ELSE '巡察' END, '第' || r || '轮', '巡察组', date '2022-06-01' + r * 180, now()
       FROM unnest($1::int[]) u, generate_series(1, $2) r`,
    [units, ROUNDS],
  );
  // problems: a short title (the search column is generated from it), states spread by the row number
  await db.query(
    `INSERT INTO problems (inspection_id, unit_id, level, label, title, sort_order, rectify_kind, status, deadline, closed_at,
                           last_progress_at, lead_dept_id, created_at)
     SELECT i.id, i.unit_id, 1, g || '.', '问题' || g, g,
            CASE WHEN g % 10 = 0 THEN 'long_term' ELSE 'deadline' END,
            CASE WHEN g % 10 = 0 THEN 'long_term' WHEN g % 3 = 0 THEN 'in_progress' WHEN g % 7 = 0 THEN 'pending' ELSE 'closed' END,
            CASE WHEN g % 10 = 0 THEN NULL ELSE date '2026-11-21' + ((g * 37 + i.id) % 200 - 120) END,
            CASE WHEN g % 10 <> 0 AND g % 3 <> 0 AND g % 7 <> 0
                 THEN timestamptz '2026-11-21' - ((g * 13 + i.id) % 300) * interval '1 day' END,
            timestamptz '2026-11-21' - ((g * 11 + i.id) % 90) * interval '1 day', i.unit_id, now()
       FROM inspections i, generate_series(1, $1) g`,
    [PER_ROUND],
  );
  await db.query(`INSERT INTO users (username, display_name, password_hash) VALUES ('bench', '基准', 'x')`);
  await db.query(
    `INSERT INTO supervision_orders (unit_id, issuer_org_id, year, seq, dept_id, level, demands, reply_due, status,
                                     issued_by, issued_at, updated_at)
     SELECT u, $2, 2026, row_number() OVER (), u, 'general', '请按期回复', date '2026-12-01',
            CASE WHEN k % 2 = 0 THEN 'issued' ELSE 'accepted' END,
            (SELECT min(id) FROM users), now(), now()
       FROM unnest($1::int[]) u, generate_series(1, 4) k`,
    [units, office],
  );
  await db.query(
    `INSERT INTO problem_recurrences (problem_id, earlier_id, unit_id, inspection_id, score, computed_at)
     SELECT p.id, p.id - 1, p.unit_id, p.inspection_id, 0.8, now() FROM problems p WHERE p.id % 50 = 0`,
  );
  const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems')).rows[0].n;
  console.log(`seeded ${n} problems in ${UNITS * ROUNDS} rounds of ${UNITS} units (${Math.round(performance.now() - t0)} ms)`);
  if (db.engine === 'postgres')
    for (const t of ['problems', 'inspections', 'organizations', 'problem_recurrences']) await db.query(`VACUUM ANALYZE ${t}`);
  else await db.query('VACUUM ANALYZE');

  const run = (query: Partial<BoardQuery>) => () =>
    boardOf(db, { officeIds: [office], query: { sort: 'rank', dir: 'asc', ...query }, now: NOW });
  const check = await run({})();
  console.log(
    `board: ${check.units.length} units, ${check.totals.problems} problems, ${check.totals.red} red, ${check.totals.recurring} recurring`,
  );
  t0 = performance.now();
  const all = await time(run({}));
  const byKind = await time(run({ kind: '审计' }));
  const byYear = await time(run({ year: 2024, sort: 'red', dir: 'desc' }));
  const base = await time(() =>
    db.query(
      `SELECT p.unit_id, count(*) FROM problems p JOIN inspections i ON i.id = p.inspection_id JOIN organizations u ON u.id = i.unit_id
      WHERE u.parent_id = $1 AND p.child_count = 0 GROUP BY p.unit_id`,
      [office],
    ),
  );
  const f = (xs: number[]) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
  console.log(`board, all units:        ${f(all)}`);
  console.log(`board, kind 审计:         ${f(byKind)}`);
  console.log(`board, year 2024 by red: ${f(byYear)}`);
  console.log(`baseline (count per unit): ${f(base)} — board / baseline ${(median(all) / median(base)).toFixed(2)}×`);
  if (process.env.EXPLAIN) {
    // the plan of the board's one statement, for whoever tunes it
    const explain: Queryable = {
      query: async <T>(sql: string, params?: unknown[]) => {
        const r = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
        return { rows: [] as T[], rowCount: 0 };
      },
    };
    await officeRepo.board(explain, { officeIds: [office], unitIds: await officeRepo.unitIds(db, [office]), today: '2026-11-21' });
  }
  if (db.engine === 'postgres' && median(all) > 150) process.exitCode = 1;
} finally {
  await db.close();
}
