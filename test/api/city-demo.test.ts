/**
 * The city-scale demo (issue 12, src/server/demo/city.ts) on a small city: the
 * counts asked for, counters and denormalised columns equal to what SQL counts,
 * a unit admin confined to the unit through the ledger API, the dashboard agreeing
 * with SQL, and `verify` (seals, each status against its last transition, the
 * evidence files, the audit chain) finding nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { loadCity, type CityReport } from '../../src/server/demo/city.js';
import { auditKeysFrom, auditKeysOf, bindAuditKeys } from '../../src/server/modules/audit/keys.js';
import { verifyAll } from '../../src/server/modules/audit/verify.js';
import { afterDemoLoad } from '../../src/cli/trust.js';

const SIZE = { units: 5, problems: 1000, progress: 10_000 };

async function one(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const r = await t.db.query<{ n: string }>(sql, params);
  return Number(r.rows[0].n);
}

describe('city-scale demo (small city)', () => {
  let t: TestApp;
  let report: CityReport;
  before(async () => {
    t = await startTestApp({}, { demo: false });
    // keyed like a real installation, so the business seals are written and verified (the app may have bound its key)
    if (!auditKeysOf(t.db)) bindAuditKeys(t.db, auditKeysFrom(randomBytes(32)));
    report = await loadCity(t.db, t.clock, t.config, SIZE);
    await afterDemoLoad(t.db, t.config, t.clock);
  });
  after(() => t?.close());

  it('loads the sizes asked for, with measures, evidence, registers, orders and reminders', async () => {
    assert.equal(await one(t, "SELECT count(*) AS n FROM organizations WHERE kind = 'unit'"), 5);
    assert.equal(await one(t, "SELECT count(*) AS n FROM organizations WHERE kind = 'department'"), 40);
    assert.equal(await one(t, 'SELECT count(*) AS n FROM inspections'), 10);
    assert.equal(await one(t, 'SELECT count(*) AS n FROM problems WHERE level = 3'), SIZE.problems);
    assert.equal(await one(t, 'SELECT count(*) AS n FROM problems WHERE child_count = 0 AND level < 3'), 0);
    // the ledger's count tally (statement triggers) followed the batched inserts: one key's sum is its leaves
    const tally = await t.db.query<{ unit_id: number; inspection_id: number; status: string; n: number }>(
      `SELECT t.unit_id, t.inspection_id, t.status, sum(t.n)::int AS n FROM ledger_tally t GROUP BY 1, 2, 3 HAVING sum(t.n) <> 0
       EXCEPT SELECT unit_id, inspection_id, status, count(*)::int FROM problems WHERE child_count = 0 GROUP BY 1, 2, 3`,
    );
    assert.deepEqual(tally.rows, [], 'every tally key sums to its leaves');
    assert.equal(await one(t, 'SELECT COALESCE(sum(n), 0)::int AS n FROM ledger_tally'), SIZE.problems);
    assert.equal(await one(t, 'SELECT count(*) AS n FROM progress_entries'), SIZE.progress);
    assert.equal(report.counts.progress_entries, SIZE.progress);
    // 1–4 measures per leaf problem
    assert.equal(
      await one(
        t,
        `SELECT count(*) AS n FROM problems p WHERE p.level = 3
            AND (SELECT count(*) FROM measures m WHERE m.problem_id = p.id) NOT BETWEEN 1 AND 4`,
      ),
      0,
    );
    for (const table of [
      'evidence',
      'transitions',
      'accountability_entries',
      'rules',
      'work_events',
      'supervision_orders',
      'notifications',
    ]) {
      assert.ok((await one(t, `SELECT count(*) AS n FROM ${table}`)) > 0, `${table} has rows`);
    }
    // every status occurs, and some open items are overdue
    const statuses = await t.db.query<{ status: string }>('SELECT DISTINCT status FROM problems WHERE level = 3 ORDER BY 1');
    assert.deepEqual(
      statuses.rows.map((r) => r.status),
      ['closed', 'closure_requested', 'in_progress', 'long_term', 'pending'],
    );
    assert.ok((await one(t, "SELECT count(*) AS n FROM problems WHERE status <> 'closed' AND deadline < $1::date", ['2026-11-21'])) > 0);
    // progress texts: 20–300 characters, mostly different
    const lengths = await t.db.query<{ lo: number; hi: number; distinct: string }>(
      'SELECT min(length(text)) AS lo, max(length(text)) AS hi, count(DISTINCT text)::text AS distinct FROM progress_entries',
    );
    assert.ok(lengths.rows[0].lo >= 20 && lengths.rows[0].hi <= 300, JSON.stringify(lengths.rows[0]));
    assert.ok(Number(lengths.rows[0].distinct) > SIZE.progress * 0.95);
    // the accountability register's names are encrypted at rest (registers/names.ts), none left in clear
    assert.equal(await one(t, 'SELECT count(*) AS n FROM accountability_entries WHERE person_name IS NOT NULL'), 0);
    assert.ok((await one(t, 'SELECT count(*) AS n FROM accountability_entries WHERE person_name_enc IS NOT NULL')) > 0);
    // one audit row per phase, not one per row
    assert.equal(await one(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'demo.load'"), report.phases.length);
    // the identity sequences were moved past the loaded ids: the application can insert again
    for (const table of ['organizations', 'users', 'problems', 'measures', 'progress_entries', 'evidence', 'transitions']) {
      const max = await one(t, `SELECT max(id) AS n FROM ${table}`);
      const name = (await t.db.query<{ s: string }>("SELECT pg_get_serial_sequence($1, 'id') AS s", [table])).rows[0].s;
      const seq = await one(t, `SELECT last_value AS n FROM ${name}`);
      assert.equal(seq, max, table);
    }
  });

  it('keeps the counters and denormalised columns equal to what SQL counts', async () => {
    const wrong = await one(
      t,
      `SELECT count(*) AS n FROM problems p
        WHERE p.child_count <> (SELECT count(*) FROM problems c WHERE c.parent_id = p.id)
           OR p.measure_count <> (SELECT count(*) FROM measures m WHERE m.problem_id = p.id)
           OR p.progress_count <> (SELECT count(*) FROM progress_entries e WHERE e.problem_id = p.id)
           OR p.evidence_count <> (SELECT count(*) FROM evidence v WHERE v.problem_id = p.id)
           OR p.last_progress_at IS DISTINCT FROM (SELECT max(e.created_at) FROM progress_entries e WHERE e.problem_id = p.id)
           OR p.open_orders <> (SELECT count(*) FROM supervision_order_problems op JOIN supervision_orders o ON o.id = op.order_id
                                 WHERE op.problem_id = p.id AND o.status IN ('issued', 'returned'))
           OR (p.status = 'closed') <> (p.closed_at IS NOT NULL)
           OR (p.status = 'closure_requested') <> (p.review_chain IS NOT NULL)
           OR p.unit_id <> (SELECT unit_id FROM inspections i WHERE i.id = p.inspection_id)`,
    );
    assert.equal(wrong, 0);
    // nothing happens after the clock's now
    assert.equal(await one(t, 'SELECT count(*) AS n FROM progress_entries WHERE created_at > $1', [t.clock.now()]), 0);
    assert.equal(await one(t, 'SELECT count(*) AS n FROM transitions WHERE created_at > $1', [t.clock.now()]), 0);
  });

  it('shows a unit admin only the rows of the unit, in the ledger and on the dashboard', async () => {
    const unit = (
      await t.db.query<{ id: number }>(
        "SELECT m.org_id AS id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = 'unit001'",
      )
    ).rows[0].id;
    const c = await t.login('unit001');
    const leaves = await one(t, 'SELECT count(*) AS n FROM problems WHERE unit_id = $1 AND child_count = 0', [unit]);
    const page = await c.get<{ items: { unitId: number }[]; total: number }>('/api/v1/ledger?pageSize=200');
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length > 0);
    assert.ok(page.body.items.every((r) => r.unitId === unit));
    assert.equal(page.body.total, leaves);
    // another unit's problem is not there for this admin
    const foreign = await one(t, 'SELECT min(id) AS n FROM problems WHERE unit_id <> $1 AND level = 3', [unit]);
    assert.equal((await c.get(`/api/v1/problems/${foreign}`)).status, 404);
    const other = await one(t, 'SELECT min(unit_id) AS n FROM problems WHERE unit_id <> $1', [unit]);
    const theirs = await c.get<{ items: unknown[] }>(`/api/v1/ledger?unitId=${other}`);
    assert.ok(theirs.status === 200 ? theirs.body.items.length === 0 : [403, 404].includes(theirs.status), String(theirs.status));

    const d = await c.get<{ total: number; closed: number; overdueCount: number; byStatus: Record<string, number> }>('/api/v1/dashboard');
    assert.equal(d.status, 200);
    assert.equal(d.body.total, leaves);
    assert.equal(
      d.body.closed,
      await one(t, "SELECT count(*) AS n FROM problems WHERE unit_id = $1 AND child_count = 0 AND status = 'closed'", [unit]),
    );
    assert.equal(
      d.body.overdueCount,
      await one(
        t,
        "SELECT count(*) AS n FROM problems WHERE unit_id = $1 AND child_count = 0 AND status <> 'closed' AND deadline < $2::date",
        [unit, '2026-11-21'],
      ),
    );
    const byStatus = await t.db.query<{ status: string; n: string }>(
      'SELECT status, count(*)::text AS n FROM problems WHERE unit_id = $1 AND child_count = 0 GROUP BY status',
      [unit],
    );
    for (const r of byStatus.rows) assert.equal(d.body.byStatus[r.status], Number(r.n), r.status);
  });

  it('shows the inspection office every unit', async () => {
    const c = await t.login('office');
    const page = await c.get<{ total: number }>('/api/v1/ledger?pageSize=10');
    assert.equal(page.status, 200);
    assert.equal(page.body.total, SIZE.problems);
    const d = await c.get<{ total: number }>('/api/v1/dashboard');
    assert.equal(d.body.total, SIZE.problems);
  });

  it('passes verify: seals, statuses against their last transition, evidence files, the audit chain', async () => {
    const r = await verifyAll(t.db, t.config);
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
    assert.equal(r.business.progress, SIZE.progress);
    assert.equal(r.business.transitions, await one(t, 'SELECT count(*) AS n FROM transitions'));
    assert.ok(r.evidence.checked > 0);
  });

  it('is caught by verify when a status is set behind the workflow', async () => {
    const id = await one(t, "SELECT min(id) AS n FROM problems WHERE status = 'in_progress'");
    await t.db.query("UPDATE problems SET status = 'closed' WHERE id = $1", [id]);
    try {
      const r = await verifyAll(t.db, t.config);
      assert.ok(r.findings.some((f) => f.check === 'status' && f.id === id));
    } finally {
      await t.db.query("UPDATE problems SET status = 'in_progress' WHERE id = $1", [id]);
    }
  });
});
