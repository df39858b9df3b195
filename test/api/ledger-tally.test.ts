/**
 * The ledger's count tally (issue 12, migration 20261208000230): a first page filtered only by scope, round,
 * unit and status reads its count from per-(unit, round, status) deltas kept by statement triggers, exact
 * however large. Every count here is checked against a plain count of the rows after each kind of write the
 * triggers must follow: new leaves, a status moved, a leaf turned into a group, a node deleted with its
 * subtree, a whole round deleted, the table emptied, and the fold of the deltas.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../helpers/app.js';
import type { LedgerPage } from '../helpers/shapes.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

async function ledger(c: Client, query: string): Promise<LedgerPage> {
  const r = await c.get<LedgerPage>(`/api/v1/ledger?${/pageSize=/.test(query) ? '' : 'pageSize=5&'}${query}`);
  assert.equal(r.status, 200, `GET /ledger?${query}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The leaves a plain count finds, narrowed by SQL over `p`. */
async function truth(where = 'true', params: unknown[] = []): Promise<number> {
  const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM problems p WHERE p.child_count = 0 AND ${where}`, params);
  return r.rows[0].n;
}

interface Ids {
  unit: number;
  other: number;
  round: number;
}

/** Every tally-shaped request of the office and of a unit admin, each against the plain count. */
async function checkAll(office: Client, unitAdmin: Client, ids: Ids): Promise<void> {
  const cases: [Client, string, string, unknown[]][] = [
    [office, '', 'true', []],
    [office, 'status=in_progress', `p.status = 'in_progress'`, []],
    [office, 'status=pending,closed', `p.status IN ('pending', 'closed')`, []],
    [office, `unitId=${ids.other}`, 'p.unit_id = $1', [ids.other]],
    [office, `inspectionId=${ids.round}&status=pending`, `p.inspection_id = $1 AND p.status = 'pending'`, [ids.round]],
    [unitAdmin, '', 'p.unit_id = $1', [ids.unit]],
    [unitAdmin, 'status=pending', `p.unit_id = $1 AND p.status = 'pending'`, [ids.unit]],
    [unitAdmin, `inspectionId=${ids.round}`, 'p.unit_id = $1 AND p.inspection_id = $2', [ids.unit, ids.round]],
  ];
  for (const [c, query, where, params] of cases) {
    const page = await ledger(c, query);
    const want = await truth(where, params);
    assert.equal(page.total, want, `count of “${query}”`);
    assert.equal(page.totalCapped, false, 'a tally count is exact');
  }
}

describe('the ledger count tally', () => {
  let office: Client;
  let unitAdmin: Client;
  let ids: Ids;

  before(async () => {
    office = await t.login('office');
    unitAdmin = await t.login('unit');
    const mine = (await ledger(unitAdmin, '')).items[0];
    const other = await t.db.query<{ id: number }>(`SELECT DISTINCT unit_id AS id FROM problems WHERE unit_id <> $1 LIMIT 1`, [
      mine.unitId,
    ]);
    ids = { unit: mine.unitId, other: other.rows[0].id, round: mine.inspectionId };
  });

  test('the demo’s counts, then every kind of write, agree with a plain count', async () => {
    await checkAll(office, unitAdmin, ids);

    // new leaves in one statement, under a new group
    const g = await t.db.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, description, sort_order, status, child_count)
       VALUES ($1, $2, 1, '九、', '计数方面', '', 90, 'pending', 3) RETURNING id`,
      [ids.round, ids.unit],
    );
    const kids = await t.db.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order, status)
       SELECT $1, $2, $3, 2, n || '.', '计数问题' || n, '', n, s FROM unnest(ARRAY[1, 2, 3], ARRAY['pending', 'in_progress', 'closed'])
         AS x(n, s) RETURNING id`,
      [ids.round, ids.unit, g.rows[0].id],
    );
    await checkAll(office, unitAdmin, ids);

    // statuses moved, one by one and in a set; an update that moves nothing
    await t.db.query(`UPDATE problems SET status = 'closed' WHERE id = $1`, [kids.rows[0].id]);
    await t.db.query(`UPDATE problems SET status = 'in_progress' WHERE id = ANY($1::int[])`, [kids.rows.map((r) => r.id)]);
    await t.db.query(`UPDATE problems SET description = '只改文字' WHERE id = $1`, [kids.rows[1].id]);
    await checkAll(office, unitAdmin, ids);

    // a leaf becomes a group (a child added under it), and back
    const leaf = kids.rows[2].id;
    const child = await t.db.query<{ id: number }>(
      `INSERT INTO problems (inspection_id, unit_id, parent_id, level, label, title, description, sort_order, status)
       VALUES ($1, $2, $3, 3, '（1）', '子问题', '', 1, 'pending') RETURNING id`,
      [ids.round, ids.unit, leaf],
    );
    await t.db.query('UPDATE problems SET child_count = child_count + 1 WHERE id = $1', [leaf]);
    await checkAll(office, unitAdmin, ids);
    await t.db.query('DELETE FROM problems WHERE id = $1', [child.rows[0].id]);
    await t.db.query('UPDATE problems SET child_count = child_count - 1 WHERE id = $1', [leaf]);
    await checkAll(office, unitAdmin, ids);

    // a group deleted with its subtree (the cascade deletes the leaves)
    await t.db.query('DELETE FROM problems WHERE id = $1', [g.rows[0].id]);
    await checkAll(office, unitAdmin, ids);

    // the deltas folded: nothing changes but the number of rows
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_tally')).rows[0].n;
    const folded = (await t.db.query<{ n: number }>('SELECT zg_ledger_tally_compact(0) AS n')).rows[0].n;
    const afterRows = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_tally')).rows[0].n;
    assert.ok(folded > 0, 'there were deltas to fold');
    assert.equal(afterRows, before - folded);
    const keys = await t.db.query<{ n: number }>('SELECT count(DISTINCT (unit_id, inspection_id, status))::int AS n FROM ledger_tally');
    assert.equal(afterRows, keys.rows[0].n, 'one row per key after the fold');
    await checkAll(office, unitAdmin, ids);
    // below the surplus asked for, nothing is rewritten
    assert.equal((await t.db.query<{ n: number }>('SELECT zg_ledger_tally_compact(1000) AS n')).rows[0].n, 0);
  });

  test('a filter the tally does not hold is counted on the rows (and says when it stopped)', async () => {
    const page = await ledger(unitAdmin, 'kind=deadline');
    assert.equal(page.total, await truth(`p.unit_id = $1 AND p.rectify_kind = 'deadline'`, [ids.unit]));
    const overdue = await ledger(office, 'overdue=true');
    assert.equal(typeof overdue.total, 'number');
  });

  test('a department’s handler (scoped by departments, not units) is counted on the rows', async () => {
    const dept = await t.login('dept1');
    const page = await ledger(dept, '');
    const all: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const p: LedgerPage = await ledger(dept, `pageSize=200${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    assert.equal(page.total, all.length);
  });

  test('a whole round deleted, and the tables emptied, leave no count behind', async () => {
    // a round of the other unit with leaves in two statuses (no progress yet: progress entries are never deleted)
    const r = await t.db.query<{ id: number }>(
      `INSERT INTO inspections (unit_id, kind, title, body) VALUES ($1, '巡察', '计数轮次', '') RETURNING id`,
      [ids.other],
    );
    await t.db.query(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, description, sort_order, status)
       SELECT $1, $2, 1, n || '.', '轮次问题' || n, '', n, CASE WHEN n % 2 = 0 THEN 'pending' ELSE 'closed' END
         FROM generate_series(1, 7) n`,
      [r.rows[0].id, ids.other],
    );
    await checkAll(office, unitAdmin, ids);
    await t.db.query('DELETE FROM inspections WHERE id = $1', [r.rows[0].id]);
    await checkAll(office, unitAdmin, ids);
    await t.db.query('TRUNCATE problems CASCADE');
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_tally')).rows[0].n, 0);
  });
});
