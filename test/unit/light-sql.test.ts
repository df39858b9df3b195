/**
 * LIGHT_SQL (the ledger's light filter and the dashboard's counts) is a SQL twin
 * of the domain's `lightOf` (the light shown on every row). If they drift, a row
 * shown red would be missing from "light=red" and the dashboard would count it
 * elsewhere. This evaluates the SQL on a real PostgreSQL (in-memory PGlite) over
 * a grid of status × kind × deadline × lead department (set or not: an item
 * without one is 未计划, grey) × the office's rules (defaults, and two saved
 * versions: yellow window, stalled days or none, supervision orders yellow/red on
 * or off) × quiet since (last progress or creation, near Beijing midnight) ×
 * supervision orders (none, waiting, reply deadline missed) and compares every
 * cell with `lightOf`; the same for STALLED_SQL and `isStalled`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPglite } from '../../src/server/db/pglite.js';
import { migrate, type Db } from '../../src/server/db/index.js';
import { LIGHT_SQL } from '../../src/server/modules/problems/repository.js';
import { LIGHT_RULES_JOIN, STALLED_SQL } from '../../src/server/modules/lightrules/sql.js';
import { beijingDate } from '../../src/server/lib/clock.js';
import {
  PROBLEM_STATUSES,
  RECTIFY_KINDS,
  lightOf,
  isStalled,
  daysBetween,
  DEFAULT_LIGHT_RULES,
  type Light,
  type LightRules,
  type ProblemStatus,
  type RectifyKind,
} from '../../src/domain/workflow/index.js';

/** The rules of the three offices of the grid: none saved (defaults), and two saved versions. */
const OFFICE_RULES: (Required<LightRules> | null)[] = [
  null,
  { yellowDays: 5, stalledDays: 14, orderYellow: false, orderOverdueRed: false },
  { yellowDays: 0, stalledDays: null, orderYellow: true, orderOverdueRed: true },
];
const units: number[] = [];

let db: Db;
before(async () => {
  db = await openPglite(null);
  await migrate(db);
  // a table with exactly the column types of `problems`, so casts and
  // comparisons behave as in the ledger query
  await db.exec(`CREATE TABLE grid AS SELECT 0 AS i, unit_id, status, rectify_kind, deadline, lead_dept_id, created_at, last_progress_at,
                 open_orders, order_reply_due FROM problems WITH NO DATA`);
  for (const [n, rules] of OFFICE_RULES.entries()) {
    const office = (
      await db.query<{ id: number }>(`INSERT INTO organizations (kind, name) VALUES ('office', $1) RETURNING id`, [`巡察办${n}`])
    ).rows[0].id;
    const unit = (
      await db.query<{ id: number }>(`INSERT INTO organizations (parent_id, kind, name) VALUES ($1, 'unit', $2) RETURNING id`, [
        office,
        `单位${n}`,
      ])
    ).rows[0].id;
    units.push(unit);
    if (!rules) continue;
    // an old version first: only the current one may count
    for (const [version, current, r] of [
      [1, false, { yellowDays: 30, stalledDays: 1, orderYellow: true, orderOverdueRed: true }],
      [2, true, rules],
    ] as const) {
      await db.query(
        `INSERT INTO supervision_rules (office_id, version, is_current, yellow_days, stalled_days, order_yellow, order_overdue_red,
           remind_yellow, remind_red, escalate_red_days, remind_stalled, order_remind_days, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, true, 7, true, 2, now())`,
        [office, version, current, r.yellowDays, r.stalledDays, r.orderYellow, r.orderOverdueRed],
      );
    }
  }
});
after(async () => {
  await db?.close();
});

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** An instant at Beijing wall time hh:mm on a Beijing date. */
function beijingAt(iso: string, hhmm: string): string {
  return new Date(Date.parse(`${iso}T${hhmm}:00+08:00`)).toISOString();
}

interface Cell {
  status: ProblemStatus;
  kind: RectifyKind | null;
  deadline: string | null;
  lead: number | null;
  /** Index into `units` (and OFFICE_RULES). Default 0: the defaults. */
  office?: number;
  created?: string;
  lastProgress?: string | null;
  orders?: number;
  orderDue?: string | null;
}

/** Evaluates LIGHT_SQL and STALLED_SQL for every cell, with today the Beijing date as the server computes it. */
async function sqlLights(now: string, cells: Cell[]): Promise<{ today: string; lights: Light[]; stalled: boolean[] }> {
  const today = beijingDate(new Date(now));
  await db.query('TRUNCATE grid');
  const created = (c: Cell) => c.created ?? beijingAt(addDays(today, -3), '09:00');
  await db.query(
    `INSERT INTO grid (i, unit_id, status, rectify_kind, deadline, lead_dept_id, created_at, last_progress_at, open_orders, order_reply_due)
     SELECT n, un, s, k, d, l, ca, lp, oo, od
       FROM unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::int[], $9::date[])
            WITH ORDINALITY AS u(un, s, k, d, l, ca, lp, oo, od, n)`,
    [
      cells.map((c) => units[c.office ?? 0]),
      cells.map((c) => c.status),
      cells.map((c) => c.kind),
      cells.map((c) => c.deadline),
      cells.map((c) => c.lead),
      cells.map(created),
      cells.map((c) => c.lastProgress ?? null),
      cells.map((c) => c.orders ?? 0),
      cells.map((c) => c.orderDue ?? null),
    ],
  );
  const r = await db.query<{ light: Light; stalled: boolean }>(
    `SELECT ${LIGHT_SQL('$1')} AS light, ${STALLED_SQL('$1')} AS stalled FROM grid p ${LIGHT_RULES_JOIN} ORDER BY p.i`,
    [today],
  );
  assert.equal(r.rows.length, cells.length);
  return { today, lights: r.rows.map((x) => x.light), stalled: r.rows.map((x) => x.stalled) };
}

/** What the domain says of a cell. */
function domain(c: Cell, today: string): { light: Light; stalled: boolean } {
  const rules = OFFICE_RULES[c.office ?? 0] ?? DEFAULT_LIGHT_RULES;
  const quietAt = c.lastProgress ?? c.created ?? beijingAt(addDays(today, -3), '09:00');
  const p = {
    status: c.status,
    rectifyKind: c.kind,
    deadline: c.deadline,
    leadDeptId: c.lead,
    quietSince: beijingDate(new Date(quietAt)),
    openOrders: c.orders ?? 0,
    orderReplyDue: c.orderDue ?? null,
  };
  return { light: lightOf(p, today, rules), stalled: isStalled(p, today, rules) };
}

const DEADLINES = [null, -3, -1, 0, 1, 4, 5, 6, 10, 11, 15];

function grid(today: string): Cell[] {
  // quiet since: never reported (created 40 days ago), and last progress around the 14- and 30-day marks near Beijing midnight
  const quiet: { created?: string; lastProgress?: string | null }[] = [
    { created: beijingAt(addDays(today, -40), '10:00'), lastProgress: null },
    { lastProgress: beijingAt(addDays(today, -30), '00:10') },
    { lastProgress: beijingAt(addDays(today, -29), '23:50') },
    { lastProgress: beijingAt(addDays(today, -14), '00:05') },
    { lastProgress: beijingAt(addDays(today, -13), '23:55') },
    { lastProgress: beijingAt(today, '08:00') },
  ];
  const orders: { orders: number; orderDue: string | null }[] = [
    { orders: 0, orderDue: null },
    { orders: 1, orderDue: addDays(today, 3) },
    { orders: 1, orderDue: today },
    { orders: 2, orderDue: addDays(today, -1) },
  ];
  const cells: Cell[] = [];
  for (const status of PROBLEM_STATUSES) {
    for (const kind of [...RECTIFY_KINDS, null]) {
      for (const lead of [7, null]) {
        for (const office of OFFICE_RULES.keys()) {
          for (const q of quiet) {
            for (const o of orders) {
              for (const off of DEADLINES) {
                cells.push({ status, kind, lead, office, ...q, ...o, deadline: off == null ? null : addDays(today, off) });
              }
            }
          }
        }
      }
    }
  }
  return cells;
}

async function agree(now: string): Promise<void> {
  const cells = grid(beijingDate(new Date(now)));
  const { today, lights, stalled } = await sqlLights(now, cells);
  const wrong: string[] = [];
  cells.forEach((c, i) => {
    const want = domain(c, today);
    if (lights[i] !== want.light || stalled[i] !== want.stalled) {
      const off = c.deadline ? daysBetween(today, c.deadline) : 'none';
      wrong.push(
        `${c.status}/${c.kind}/deadline ${off}/lead ${c.lead ?? 'none'}/office ${c.office}/` +
          `quiet ${c.lastProgress ?? c.created}/orders ${c.orders} due ${c.orderDue}: ` +
          `sql ${lights[i]} stalled ${stalled[i]} ≠ domain ${want.light} stalled ${want.stalled}`,
      );
    }
  });
  assert.deepEqual(wrong.slice(0, 10), [], `LIGHT_SQL disagrees with lightOf on ${wrong.length} of ${cells.length} cells`);
}

test('the grid covers every light under every office, and stalled both ways, so agreement is not vacuous', async () => {
  const today = '2026-11-21';
  const cells = grid(today);
  for (const office of OFFICE_RULES.keys()) {
    const mine = cells.filter((c) => c.office === office);
    const seen = new Set(mine.map((c) => domain(c, today).light));
    assert.deepEqual([...seen].sort(), ['blue', 'green', 'none', 'red', 'unplanned', 'yellow'], `office ${office}`);
    const stalled = new Set(mine.map((c) => domain(c, today).stalled));
    assert.deepEqual([...stalled].sort(), office === 2 ? [false] : [false, true], `office ${office}`);
  }
  // the yellow boundaries lie inside the deadlines tried
  for (const r of OFFICE_RULES) {
    const days = (r ?? DEFAULT_LIGHT_RULES).yellowDays;
    assert.ok(DEADLINES.includes(days) && DEADLINES.includes(days + 1), `yellow window ${days}`);
  }
});

test('LIGHT_SQL agrees with lightOf (Beijing morning, same UTC date)', async () => {
  await agree('2026-11-21T02:00:00.000Z'); // 10:00 in Beijing
});

test('LIGHT_SQL agrees with lightOf when the Beijing date is a day ahead of UTC', async () => {
  // 20:30 UTC is 04:30 the next day in Beijing: "today" must be the Beijing date
  // on both sides, or items due tomorrow-in-UTC would flip between red and yellow
  await agree('2026-11-21T20:30:00.000Z');
});

test('LIGHT_SQL agrees with lightOf across a month and year end', async () => {
  await agree('2026-12-25T01:00:00.000Z');
});

test('boundaries spelled out: due today yellow, +10 yellow, +11 green, −1 red', async () => {
  const now = '2026-11-21T02:00:00.000Z';
  const today = '2026-11-21';
  const cells: Cell[] = [0, 10, 11, -1].map((off) => ({ status: 'in_progress', kind: 'deadline', deadline: addDays(today, off), lead: 7 }));
  const { lights } = await sqlLights(now, cells);
  assert.deepEqual(lights, ['yellow', 'yellow', 'green', 'red']);
});

test('unplanned spelled out: no lead department, no kind, or a dated kind without a deadline; long-term needs no deadline', async () => {
  const now = '2026-11-21T02:00:00.000Z';
  const cells: Cell[] = [
    { status: 'pending', kind: 'deadline', deadline: '2027-01-31', lead: null },
    { status: 'pending', kind: null, deadline: '2027-01-31', lead: 7 },
    { status: 'in_progress', kind: 'immediate', deadline: null, lead: 7 },
    { status: 'long_term', kind: 'long_term', deadline: null, lead: 7 },
    { status: 'pending', kind: 'deadline', deadline: '2027-01-31', lead: 7 },
  ];
  const { lights } = await sqlLights(now, cells);
  assert.deepEqual(lights, ['unplanned', 'unplanned', 'unplanned', 'blue', 'green']);
});

test('supervision spelled out: stalled after 30 days, an order waiting yellow, a missed reply deadline red, even long-term', async () => {
  const now = '2026-11-21T02:00:00.000Z';
  const today = '2026-11-21';
  const base: Cell = { status: 'in_progress', kind: 'deadline', deadline: '2027-01-31', lead: 7 };
  const cells: Cell[] = [
    { ...base, lastProgress: beijingAt(addDays(today, -30), '00:10') },
    { ...base, lastProgress: beijingAt(addDays(today, -29), '23:50') },
    { ...base, orders: 1, orderDue: addDays(today, 5) },
    { ...base, orders: 1, orderDue: addDays(today, -1) },
    { ...base, status: 'long_term', kind: 'long_term', deadline: null, orders: 1, orderDue: addDays(today, -1) },
    { ...base, status: 'long_term', kind: 'long_term', deadline: null, lastProgress: beijingAt(addDays(today, -31), '12:00') },
    // office 1 turned the order rules off and stalls after 14 days
    { ...base, office: 1, orders: 1, orderDue: addDays(today, -1) },
    { ...base, office: 1, lastProgress: beijingAt(addDays(today, -14), '00:05') },
  ];
  const { lights } = await sqlLights(now, cells);
  assert.deepEqual(lights, ['yellow', 'green', 'yellow', 'red', 'red', 'yellow', 'green', 'yellow']);
});
