/**
 * LIGHT_SQL (the ledger's light filter and the dashboard's counts) is a SQL twin
 * of the domain's `lightOf` (the light shown on every row). If they drift, a row
 * shown red would be missing from "light=red" and the dashboard would count it
 * elsewhere. This evaluates the SQL on a real PostgreSQL (in-memory PGlite) over
 * a grid of status × kind × deadline × lead department (set or not: an item
 * without one is 未计划, grey) and compares every cell with `lightOf`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPglite } from '../../src/server/db/pglite.js';
import { migrate, type Db } from '../../src/server/db/index.js';
import { LIGHT_SQL } from '../../src/server/modules/problems/repository.js';
import { dayWindow } from '../../src/server/modules/problems/service.js';
import { ManualClock } from '../../src/server/lib/clock.js';
import type { AppContext } from '../../src/server/context.js';
import { PROBLEM_STATUSES, RECTIFY_KINDS, lightOf, daysBetween, DEFAULT_LIGHT_RULES, type Light, type ProblemStatus, type RectifyKind } from '../../src/domain/workflow/index.js';

let db: Db;
before(async () => {
  db = await openPglite(null);
  await migrate(db);
  // a table with exactly the column types of `problems`, so casts and
  // comparisons behave as in the ledger query
  await db.exec('CREATE TABLE grid AS SELECT 0 AS i, status, rectify_kind, deadline, lead_dept_id FROM problems WITH NO DATA');
});
after(async () => { await db?.close(); });

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

interface Cell { status: ProblemStatus; kind: RectifyKind | null; deadline: string | null; lead: number | null }

/** Evaluates LIGHT_SQL for every cell, with today/yellowUntil computed as the server does. */
async function sqlLights(now: string, cells: Cell[]): Promise<{ today: string; lights: Light[] }> {
  const ctx = { clock: new ManualClock(now) } as unknown as AppContext;
  const { today, yellowUntil } = dayWindow(ctx);
  await db.query('TRUNCATE grid');
  await db.query(
    `INSERT INTO grid (i, status, rectify_kind, deadline, lead_dept_id)
     SELECT n, s, k, d, l FROM unnest($1::text[], $2::text[], $3::date[], $4::int[]) WITH ORDINALITY AS u(s, k, d, l, n)`,
    [cells.map((c) => c.status), cells.map((c) => c.kind), cells.map((c) => c.deadline), cells.map((c) => c.lead)],
  );
  const r = await db.query<{ light: Light }>(`SELECT ${LIGHT_SQL('$1', '$2')} AS light FROM grid p ORDER BY p.i`, [today, yellowUntil]);
  assert.equal(r.rows.length, cells.length);
  return { today, lights: r.rows.map((x) => x.light) };
}

function grid(today: string): Cell[] {
  const cells: Cell[] = [];
  for (const status of PROBLEM_STATUSES) {
    for (const kind of [...RECTIFY_KINDS, null]) {
      for (const lead of [7, null]) {
        cells.push({ status, kind, deadline: null, lead });
        for (let off = -3; off <= 15; off++) cells.push({ status, kind, deadline: addDays(today, off), lead });
      }
    }
  }
  return cells;
}

async function agree(now: string): Promise<void> {
  const ctx = { clock: new ManualClock(now) } as unknown as AppContext;
  const { today } = dayWindow(ctx);
  const cells = grid(today);
  const { lights } = await sqlLights(now, cells);
  const wrong: string[] = [];
  cells.forEach((c, i) => {
    const want = lightOf({ status: c.status, rectifyKind: c.kind, deadline: c.deadline, leadDeptId: c.lead }, today);
    if (lights[i] !== want) {
      const off = c.deadline ? daysBetween(today, c.deadline) : 'none';
      wrong.push(`${c.status}/${c.kind}/deadline ${off}/lead ${c.lead ?? 'none'}: sql ${lights[i]} ≠ domain ${want}`);
    }
  });
  assert.deepEqual(wrong, [], `LIGHT_SQL disagrees with lightOf on ${wrong.length} of ${cells.length} cells`);
}

test('the grid covers every light, so agreement is not vacuous', async () => {
  const today = '2026-11-21';
  const seen = new Set(grid(today).map((c) => lightOf({ status: c.status, rectifyKind: c.kind, deadline: c.deadline, leadDeptId: c.lead }, today)));
  assert.deepEqual([...seen].sort(), ['blue', 'green', 'none', 'red', 'unplanned', 'yellow']);
  // the yellow boundary (10 days) lies inside the −3…+15 window
  assert.ok(DEFAULT_LIGHT_RULES.yellowDays < 15);
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
