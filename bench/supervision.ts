/**
 * Supervision benchmark: `npx tsx bench/supervision.ts` (npm run bench:supervision).
 *
 * A city's ledger — PROBLEMS leaves (default 10,000) over 20 units of one office,
 * ten departments each, a handler per department, deadlines from 60 days overdue
 * to 120 days ahead, a third reported on recently, 200 open supervision orders —
 * in an in-memory PGlite, measured in one process:
 *   1. baseline — a plain SELECT counting the rows the daily evaluation reads
 *      (open, planned leaves);
 *   2. the daily evaluation of a date (reminders into the inbox, escalations, the
 *      units' summaries), first day (many new reminders) and the next day (the same
 *      states again: nothing new);
 *   3. the weekly digest of every unit (each list and the table by department),
 *      against a plain SELECT counting each unit's leaves.
 * Prints the times and the ratios to the baselines.
 */
import { migrate } from '../src/server/db/index.js';
import { openPglite } from '../src/server/db/pglite.js';
import { ManualClock, beijingDate } from '../src/server/lib/clock.js';
import { defaultConfig } from '../src/server/config.js';
import { evaluateDay } from '../src/server/jobs/evaluate.js';
import { buildDigest } from '../src/server/modules/digests/service.js';

const PROBLEMS = Number(process.env.PROBLEMS ?? 10_000);
const UNITS = 20;
const DEPTS = 10;
const RUNS = Number(process.env.RUNS ?? 20);
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const db = await openPglite(null);
await migrate(db);
const clock = new ManualClock('2026-11-21T02:00:00.000Z');
const today = beijingDate(clock.now());
const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const ctx = { db, clock, config: defaultConfig({ dataDir: '/tmp' }), log };

// the world, in bulk: the use cases would take minutes for 10,000 problems and measure nothing of interest here
const t0 = performance.now();
await db.exec(`
  INSERT INTO organizations (kind, name) VALUES ('office', '市委巡察办');
  INSERT INTO organizations (parent_id, kind, name) SELECT 1, 'unit', '单位' || g FROM generate_series(1, ${UNITS}) g;
  UPDATE organizations SET unit_id = id WHERE kind = 'unit';
  INSERT INTO organizations (parent_id, kind, name, unit_id)
    SELECT u.id, 'department', u.name || '处室' || d, u.id FROM organizations u, generate_series(1, ${DEPTS}) d WHERE u.kind = 'unit';
  INSERT INTO users (username, display_name, password_hash) SELECT 'u' || o.id, '经办人' || o.id, 'x' FROM organizations o WHERE
        o.kind = 'department';
  INSERT INTO memberships (user_id, org_id, role) SELECT u.id, substr(u.username, 2)::int, 'dept_handler' FROM users u;
  INSERT INTO users (username, display_name, password_hash) SELECT 'a' || o.id, '整改办' || o.id, 'x' FROM organizations o WHERE
        o.kind = 'unit';
  INSERT INTO memberships (user_id, org_id, role) SELECT u.id, substr(u.username, 2)::int, 'unit_admin' FROM users u WHERE
        u.username LIKE 'a%';
  INSERT INTO users (username, display_name, password_hash) VALUES ('office', '巡察办', 'x');
  INSERT INTO memberships (user_id, org_id, role) SELECT id, 1, 'office_admin' FROM users WHERE username = 'office';
  INSERT INTO inspections (unit_id, kind, title, body) SELECT id, '巡察', '巡察' || id, '市委巡察组' FROM organizations WHERE kind = 'unit';
`);
await db.query(
  `INSERT INTO problems (inspection_id, unit_id, level, label, title, sort_order, rectify_kind, lead_dept_id, deadline, status,
        created_at, updated_at, last_progress_at)
   SELECT i.id, i.unit_id, 1, '（' || g || '）', '问题' || g, g,
          CASE WHEN g % 10 = 0 THEN 'long_term' ELSE 'deadline' END,
          (SELECT d.id FROM organizations d WHERE d.unit_id = i.unit_id AND d.kind = 'department' ORDER BY d.id OFFSET (g %
                ${DEPTS}) LIMIT 1),
          CASE WHEN g % 10 = 0 THEN NULL ELSE $1::date + ((g * 7919) % 180 - 60) END,
          CASE WHEN g % 10 = 0 THEN 'long_term' WHEN g % 7 = 0 THEN 'closed' WHEN g % 3 = 0 THEN 'pending' ELSE 'in_progress' END,
          $2::timestamptz - interval '90 days', $2::timestamptz,
          CASE WHEN g % 3 = 1 THEN $2::timestamptz - ((g % 20) || ' days')::interval END
     FROM generate_series(1, ${PROBLEMS}) g JOIN inspections i ON i.id = 1 + (g % ${UNITS})`,
  [today, clock.now()],
);
await db.query(
  `INSERT INTO supervision_orders (unit_id, issuer_org_id, year, seq, dept_id, level, demands, reply_due, status, issued_by,
        issued_at, updated_at)
   SELECT p.unit_id, p.unit_id, 2026, row_number() OVER (PARTITION BY p.unit_id ORDER BY p.id), p.lead_dept_id, 'general',
         '请回复', $1::date + (p.id % 9 - 4), 'issued',
          (SELECT id FROM users WHERE username = 'office'), $2, $2
     FROM problems p WHERE p.status <> 'closed' AND p.id % 50 = 0`,
  [today, clock.now()],
);
await db.exec(`
  INSERT INTO supervision_order_problems (order_id, problem_id) SELECT o.id, p.id FROM supervision_orders o JOIN problems p ON
        p.lead_dept_id = o.dept_id AND p.id % 50 = 0;
  UPDATE problems p SET open_orders = s.n, order_reply_due = s.due FROM (
    SELECT op.problem_id, count(*)::int AS n, min(o.reply_due) AS due FROM supervision_order_problems op JOIN supervision_orders
          o ON o.id = op.order_id GROUP BY 1) s
   WHERE s.problem_id = p.id;
`);
await db.query('VACUUM ANALYZE');
const setup = performance.now() - t0;
const orders = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM supervision_orders')).rows[0].n;

// 1. baseline: count the rows the evaluation reads
const baseSql = `SELECT count(*)::int AS n FROM problems p WHERE p.child_count = 0 AND p.status IN ('pending', 'in_progress', 'long_term')
                   AND p.lead_dept_id IS NOT NULL AND p.rectify_kind IS NOT NULL`;
const base: number[] = [];
let evaluated = 0;
for (let i = 0; i < RUNS; i++) {
  const [ms, r] = await time(() => db.query<{ n: number }>(baseSql));
  base.push(ms);
  evaluated = r.rows[0].n;
}

// 2. the daily evaluation: first day, then the following days (same states: nothing new)
const [first, r1] = await time(() => evaluateDay(ctx, { date: today, owner: 'bench' }));
const next: number[] = [];
for (let i = 1; i <= Math.max(3, Math.floor(RUNS / 4)); i++) {
  clock.set(new Date(Date.parse('2026-11-21T02:00:00.000Z') + i * DAY));
  const [ms] = await time(() => evaluateDay(ctx, { date: beijingDate(clock.now()), owner: 'bench' }));
  next.push(ms);
}

// 3. the weekly digest of every unit, against counting each unit's leaves
const unitIds = (await db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'unit' ORDER BY id`)).rows.map((r) => r.id);
const unitBase: number[] = [];
const digest: number[] = [];
let items = 0;
for (let i = 0; i < Math.max(3, Math.floor(RUNS / 4)); i++) {
  const [b] = await time(async () => {
    for (const id of unitIds) await db.query('SELECT count(*)::int AS n FROM problems p WHERE p.unit_id = $1 AND p.child_count = 0', [id]);
  });
  unitBase.push(b);
  const [d, n] = await time(async () => {
    let k = 0;
    for (const id of unitIds) {
      const g = await buildDigest(db, { unitId: id, kind: 'weekly', asOf: beijingDate(clock.now()) });
      k += g.dueSoon.length + g.overdue.length + g.stalled.length + g.openOrders.length;
    }
    return k;
  });
  digest.push(d);
  items = n;
}

const notifications = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications')).rows[0].n;
const f = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(`supervision benchmark — PGlite in memory, ${PROBLEMS} problems in ${UNITS} units, ${orders} open orders (setup ${f(setup)})`);
console.log(`  baseline: count of the ${evaluated} open planned leaves             median ${f(median(base))}`);
const ratio = (ms: number, b: number[], digits = 0) => `${(ms / median(b)).toFixed(digits)}× baseline`;
console.log(`  daily evaluation, first day (${r1.notifications} reminders, ${r1.escalations} escalations, ${r1.batches} batches)`);
console.log(`                                                                ${f(first)}  = ${ratio(first, base)}`);
console.log(`  daily evaluation, next days (nothing new)                     median ${f(median(next))}  = ${ratio(median(next), base)}`);
console.log(`  baseline: count each unit's leaves (${unitIds.length} queries)              median ${f(median(unitBase))}`);
const digests = `weekly digests of all ${unitIds.length} units (${items} listed items)`;
console.log(`  ${digests.padEnd(62)}median ${f(median(digest))}  = ${ratio(median(digest), unitBase, 1)}`);
console.log(`  inbox rows after ${1 + next.length} days: ${notifications}`);
await db.close();
