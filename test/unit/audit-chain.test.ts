/**
 * The audit chain: one function (`chainHash`) builds the hash of a row for both
 * writing and verifying. Pinned against hashes made by the writer before the
 * two were joined (so rows already written by the migrations and the demo still
 * verify), and run through a real database: rows written with details whose
 * keys jsonb reorders, no detail, a null field, Chinese text — then verified,
 * then tampered with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPglite } from '../../src/server/db/pglite.js';
import { migrate } from '../../src/server/db/index.js';
import { canonicalJson, chainHash, chainedFieldsOf, verifyChain, writeAudit } from '../../src/server/modules/audit/service.js';
import type { AuditRow } from '../../src/server/modules/audit/repository.js';

const GENESIS = '0'.repeat(64);
const AT = new Date('2026-03-02T01:02:03.456Z');

test('the hash input is the one rows have always been written with', () => {
  // made by the writer of lib/audit.ts as it stood before the writer and verifier shared chainHash
  const detail = canonicalJson({
    to: 'closed',
    from: 'closure_requested',
    reason: '整改到位',
    nested: { b: 1, a: [2, { d: 'x', c: null }] },
  });
  const first = chainHash(GENESIS, {
    at: AT,
    actorId: 7,
    actorName: 'unit',
    action: 'problem.closure_approve',
    objectType: 'problem',
    objectId: '42',
    unitId: 3,
    outcome: 'success',
    detail,
    ip: '127.0.0.1',
  });
  assert.equal(first, '6d748ffedf33beca55b64a389512445ef259049314595ee7d7805022bf73e991');
  const second = chainHash(first, {
    at: AT,
    actorId: null,
    actorName: 'nobody',
    action: 'auth.login',
    objectType: null,
    objectId: null,
    unitId: null,
    outcome: 'failure',
    detail: canonicalJson({ reason: 'unknown user' }),
    ip: null,
  });
  assert.equal(second, 'd270c53719815adb54ca827b933d7fced84da4b24542758755feb4a90dde4b50');
});

test('a stored row, read back, hashes as it was written (jsonb reorders keys; the detail is made canonical again)', () => {
  const written = { b: 1, aa: { z: '甲', y: [1, 2] }, a: null };
  const row: AuditRow = {
    id: 1,
    at: AT,
    actor_id: 5,
    actor_name: 'unit',
    action: 'problem.plan',
    object_type: 'problem',
    object_id: '9',
    unit_id: 2,
    outcome: 'success',
    // as jsonb hands it back: shorter keys first
    detail: { a: null, b: 1, aa: { y: [1, 2], z: '甲' } },
    ip: '10.0.0.1',
    prev_hash: GENESIS,
    hash: '',
    alg: 'sm3',
  };
  const fromRow = chainHash(GENESIS, chainedFieldsOf(row));
  const asWritten = chainHash(GENESIS, {
    at: AT,
    actorId: 5,
    actorName: 'unit',
    action: 'problem.plan',
    objectType: 'problem',
    objectId: '9',
    unitId: 2,
    outcome: 'success',
    detail: canonicalJson(written),
    ip: '10.0.0.1',
  });
  assert.equal(fromRow, asWritten);
  assert.notEqual(chainHash(GENESIS, { ...chainedFieldsOf(row), outcome: 'failure' }), fromRow, 'every field is covered');
});

test('written through the database, the chain verifies; an edited row breaks it at that row', async () => {
  const db = await openPglite(null);
  try {
    await migrate(db);
    const before = await verifyChain(db);
    assert.equal(before.ok, true);
    const entries = [
      { at: AT, actorId: null, actorName: 'system', action: 'demo.load', detail: { problems: 3 } },
      {
        at: AT,
        actorId: 1,
        actorName: 'unit',
        action: 'problem.plan',
        objectType: 'problem',
        objectId: 12,
        unitId: 2,
        detail: { title: '整改“台账”', deadline: '2026-12-31', leadDeptId: null },
        ip: '127.0.0.1',
      },
      { at: new Date(AT.getTime() + 1), actorId: 1, actorName: 'unit', action: 'auth.logout', ip: '127.0.0.1' },
      {
        at: new Date(AT.getTime() + 2),
        actorId: null,
        actorName: 'nobody',
        action: 'auth.login',
        outcome: 'failure' as const,
        detail: { reason: 'unknown user' },
      },
    ];
    // two transactions, as requests make them
    await db.tx(async (q) => {
      for (const e of entries.slice(0, 2)) await writeAudit(q, e);
    });
    await db.tx(async (q) => {
      for (const e of entries.slice(2)) await writeAudit(q, e);
    });
    const ok = await verifyChain(db);
    assert.deepEqual(ok, { ok: true, rows: before.rows + entries.length, brokenAt: null });

    const victim = (await db.query<{ id: number }>(`SELECT id FROM audit_log WHERE action = 'problem.plan'`)).rows[0].id;
    await db.tx(async (q) => {
      await q.query('ALTER TABLE audit_log DISABLE TRIGGER audit_append_only');
      await q.query(`UPDATE audit_log SET detail = jsonb_set(detail, '{title}', '"改过的"') WHERE id = $1`, [victim]);
      await q.query('ALTER TABLE audit_log ENABLE TRIGGER audit_append_only');
    });
    const broken = await verifyChain(db);
    assert.equal(broken.ok, false);
    assert.equal(broken.brokenAt, victim);
  } finally {
    await db.close();
  }
});
