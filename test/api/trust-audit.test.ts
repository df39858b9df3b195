/**
 * The records cannot be changed behind the application's back (issue 13 point
 * 4): every tampering an attacker with database access can try — triggers
 * bypassed — is found by the verification the audit administrator runs
 * (GET /audit/verify, the same report as `zhenggai verify`), each finding
 * naming its row. Each case puts the database back afterwards, and the next
 * starts from a clean verification.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Problem } from '../helpers/factories.js';
import { auditVerifySchema, type AuditVerify } from '../../src/domain/schemas/index.js';
import type { Queryable } from '../../src/server/db/index.js';
import { chainHash, chainedFieldsOf } from '../../src/server/modules/audit/service.js';
import type { AuditRow } from '../../src/server/modules/audit/repository.js';
import { auditKeysOf } from '../../src/server/modules/audit/keys.js';
import { writeCheckpoint } from '../../src/server/modules/audit/checkpoints.js';
import { archiveAudit, checkArchives } from '../../src/server/modules/audit/archive.js';
import { archiveDirOf, checkpointFileOf } from '../../src/server/lib/crypto.js';
import { sm3 } from '../../src/server/lib/sm3.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let auditor: Client;
let closed: Problem;
let working: Problem;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
  closed = await f.problem({ unit: u, status: 'closed' });
  working = await f.problem({ unit: u, status: 'in_progress' });
  auditor = await f.login(await f.user({ role: 'auditor', org: u.office }));
});
after(async () => {
  await t?.close();
});

async function verify(): Promise<AuditVerify> {
  const r = expectOk(await auditor.get('/api/v1/audit/verify'), auditVerifySchema);
  // ZG_PRINT_FINDINGS=1: what verify says of each tampering (quoted in the trust issue's closing note)
  if (process.env.ZG_PRINT_FINDINGS) for (const f of r.findings) console.log(`verify: [${f.check}] ${f.message}`);
  return r;
}

/** Runs SQL with the table's guard triggers off, as a database superuser could. */
function force(table: string, trigger: string, fn: (q: Queryable) => Promise<unknown>) {
  return t.db.tx(async (q) => {
    await q.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    await fn(q);
    await q.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  });
}

const rows = async () => (await t.db.query<AuditRow>('SELECT * FROM audit_log ORDER BY id')).rows;
/** A checkpoint as the server's timer writes one (archived rows counted in). */
const checkpoint = (reason: string) =>
  writeCheckpoint(t.db, {
    file: checkpointFileOf(t.config),
    keys: auditKeysOf(t.db)!,
    now: t.clock.now(),
    reason,
    archivedRows: checkArchives(archiveDirOf(t.config), auditKeysOf(t.db)!).rows,
  });

/** Puts the whole audit table back as it was (ids included). */
async function restoreAudit(saved: AuditRow[], head: string) {
  await force('audit_log', 'audit_append_only', async (q) => {
    await q.query('DELETE FROM audit_log');
    for (const r of saved) {
      await q.query(
        `INSERT INTO audit_log (id, at, actor_id, actor_name, action, object_type, object_id, unit_id, outcome, detail, ip,
                                prev_hash, hash, alg)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)`,
        [
          r.id,
          r.at,
          r.actor_id,
          r.actor_name,
          r.action,
          r.object_type,
          r.object_id,
          r.unit_id,
          r.outcome,
          r.detail == null ? null : JSON.stringify(r.detail),
          r.ip,
          r.prev_hash,
          r.hash,
          r.alg,
        ],
      );
    }
    await q.query('UPDATE audit_head SET last_hash = $1', [head]);
  });
}

describe('a clean database verifies', () => {
  test('the chain is keyed from its first row on, checkpoints and seals hold, evidence files match', async () => {
    await checkpoint('test');
    const r = await verify();
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
    assert.equal(r.keyedFrom, (await rows())[0].id, 'a fresh database is keyed from its first row');
    assert.equal(r.plainRows, 0);
    assert.ok(r.checkpoints.checked >= 2, 'the start checkpoint and ours');
    assert.ok(r.business.transitions >= 3 && r.business.progress >= 2);
    assert.ok(r.evidence.checked >= 1);
    assert.ok((await rows()).every((x) => x.alg === 'hmac-sm3'));
  });

  test('the chain is keyed (HMAC-SM3): the plain SM3 of a row is not its hash; the actor name is covered', async () => {
    const [r] = (await rows()).slice(-1);
    const fields = chainedFieldsOf(r);
    assert.notEqual(chainHash(r.prev_hash, fields), r.hash, 'without the key the hash cannot be recomputed');
    assert.equal(chainHash(r.prev_hash, fields, auditKeysOf(t.db)!.chain), r.hash);
    assert.notEqual(chainHash(r.prev_hash, { ...fields, actorName: 'someone' }, auditKeysOf(t.db)!.chain), r.hash);
  });
});

describe('tampering found by verify, with the row', () => {
  test('a row edited in place (outcome, actor name, address, object, detail): broken at that row', async () => {
    const victim = (await rows()).find((r) => r.action === 'user.create')!;
    for (const [column, value] of [
      ['outcome', "'failure'"],
      ['actor_name', "'forged'"],
      ['ip', "'10.9.9.9'"],
      ['object_id', "'999'"],
      ['detail', `'{"username":"x"}'::jsonb`],
    ] as const) {
      const old = (await t.db.query<Record<string, unknown>>(`SELECT ${column} AS v FROM audit_log WHERE id = $1`, [victim.id])).rows[0].v;
      await force('audit_log', 'audit_append_only', (q) => q.query(`UPDATE audit_log SET ${column} = ${value} WHERE id = $1`, [victim.id]));
      const r = await verify();
      assert.equal(r.ok, false, column);
      assert.equal(r.brokenAt, victim.id, column);
      assert.ok(
        r.findings.some((x) => x.check === 'chain' && x.id === victim.id && /第 \d+ 行哈希链断裂/.test(x.message)),
        column,
      );
      await force('audit_log', 'audit_append_only', (q) =>
        q.query(`UPDATE audit_log SET ${column} = $2 WHERE id = $1`, [victim.id, column === 'detail' ? JSON.stringify(old) : old]),
      );
    }
    assert.equal((await verify()).ok, true);
  });

  test('a row deleted and the later rows re-linked with plain SM3 (no key): found at the first re-linked row', async () => {
    const saved = await rows();
    const head = saved.at(-1)!.hash;
    const cut = saved[Math.floor(saved.length / 2)];
    // the attacker's rebuild: drop a row, recompute every later hash and the head as the old chain did
    await force('audit_log', 'audit_append_only', async (q) => {
      await q.query('DELETE FROM audit_log WHERE id = $1', [cut.id]);
      let prev = saved[saved.indexOf(cut) - 1].hash;
      for (const r of saved.slice(saved.indexOf(cut) + 1)) {
        const hash = chainHash(prev, chainedFieldsOf(r));
        await q.query(`UPDATE audit_log SET prev_hash = $2, hash = $3, alg = 'sm3' WHERE id = $1`, [r.id, prev, hash]);
        prev = hash;
      }
      await q.query('UPDATE audit_head SET last_hash = $1', [prev]);
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.brokenAt, saved[saved.indexOf(cut) + 1].id);
    assert.ok(r.findings.some((x) => x.check === 'chain'));
    await restoreAudit(saved, head);
    assert.equal((await verify()).ok, true);
  });

  test('the whole chain rebuilt as a plain SM3 chain from the genesis: the checkpoints outside the database find it', async () => {
    await checkpoint('before rebuild');
    const saved = await rows();
    const head = saved.at(-1)!.hash;
    await force('audit_log', 'audit_append_only', async (q) => {
      let prev = '0'.repeat(64);
      for (const r of saved) {
        const hash = chainHash(prev, { ...chainedFieldsOf(r), actorName: r.actor_name });
        await q.query(`UPDATE audit_log SET prev_hash = $2, hash = $3, alg = 'sm3' WHERE id = $1`, [r.id, prev, hash]);
        prev = hash;
      }
      await q.query('UPDATE audit_head SET last_hash = $1', [prev]);
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.brokenAt, null, 'the rebuilt chain is consistent in itself');
    assert.ok(
      r.findings.some((x) => x.check === 'checkpoint' && /哈希与现存不符|重建/.test(x.message)),
      JSON.stringify(r.findings),
    );
    await restoreAudit(saved, head);
    assert.equal((await verify()).ok, true);
  });

  test('the tail cut off and the head reset: the last checkpoint finds the missing rows', async () => {
    await auditor.get('/api/v1/audit?pageSize=1'); // more rows
    await checkpoint('before truncation');
    const saved = await rows();
    const keep = saved.slice(0, saved.length - 5);
    await force('audit_log', 'audit_append_only', async (q) => {
      await q.query('DELETE FROM audit_log WHERE id > $1', [keep.at(-1)!.id]);
      await q.query('UPDATE audit_head SET last_hash = $1', [keep.at(-1)!.hash]);
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.brokenAt, null);
    const found = r.findings.find((x) => x.check === 'checkpoint');
    assert.ok(found && /截断/.test(found.message), JSON.stringify(r.findings));
    await restoreAudit(saved, saved.at(-1)!.hash);
    assert.equal((await verify()).ok, true);
  });

  test('the tail cut off after the last checkpoint, head left alone: the head no longer matches the last row', async () => {
    await checkpoint('now');
    await t.anon().post('/api/v1/auth/login', { username: 'nobody-x', password: 'Wrong#2026x' });
    const saved = await rows();
    await force('audit_log', 'audit_append_only', (q) => q.query('DELETE FROM audit_log WHERE id = $1', [saved.at(-1)!.id]));
    const r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'chain' && x.table === 'audit_head'),
      JSON.stringify(r.findings),
    );
    await restoreAudit(saved, saved.at(-1)!.hash);
  });

  test('the table emptied and the head reset: every checkpoint names a row that is gone', async () => {
    await checkpoint('before emptying');
    const saved = await rows();
    await force('audit_log', 'audit_append_only', async (q) => {
      await q.query('DELETE FROM audit_log');
      await q.query(`UPDATE audit_head SET last_hash = repeat('0', 64)`);
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.rows, 0);
    assert.ok(r.findings.filter((x) => x.check === 'checkpoint').length >= 2, JSON.stringify(r.findings));
    await restoreAudit(saved, saved.at(-1)!.hash);
    assert.equal((await verify()).ok, true);
  });

  test('a checkpoint line edited, or the checkpoint file removed: found', async () => {
    const file = checkpointFileOf(t.config);
    const text = readFileSync(file, 'utf8');
    const lines = text.trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { rows: number };
    writeFileSync(file, [...lines.slice(0, -1), JSON.stringify({ ...last, rows: last.rows + 1 })].join('\n') + '\n');
    let r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'checkpoint' && x.id === lines.length && /签名不符/.test(x.message)),
      JSON.stringify(r.findings),
    );
    rmSync(file);
    r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'checkpoint' && /缺失或为空/.test(x.message)),
      JSON.stringify(r.findings),
    );
    writeFileSync(file, text);
    assert.equal((await verify()).ok, true);
  });

  test("a problem's status set in the database: it differs from its last transition", async () => {
    await t.db.query(`UPDATE problems SET status = 'closed' WHERE id = $1`, [working.id]);
    const r = await verify();
    const found = r.findings.find((x) => x.check === 'status');
    assert.ok(found, JSON.stringify(r.findings));
    assert.equal(found.table, 'problems');
    assert.equal(found.id, working.id);
    assert.match(found.message, /与其最后一条流转记录/);
    await t.db.query(`UPDATE problems SET status = 'in_progress' WHERE id = $1`, [working.id]);
    assert.equal((await verify()).ok, true);
  });

  test('a transition forged or edited in the database: no seal, or a seal that does not match', async () => {
    // the status and a matching transition, both forged: the transition has no seal
    await t.db.query(`UPDATE problems SET status = 'closed' WHERE id = $1`, [working.id]);
    const forged = (
      await t.db.query<{ id: number }>(
        `INSERT INTO transitions (problem_id, action, from_status, to_status, actor_id, reason, created_at)
         VALUES ($1, 'closure_approve', 'in_progress', 'closed', NULL, '伪造', $2) RETURNING id`,
        [working.id, t.clock.now()],
      )
    ).rows[0].id;
    let r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'transition' && x.id === forged && /没有密钥封记/.test(x.message)),
      JSON.stringify(r.findings),
    );
    assert.ok(!r.findings.some((x) => x.check === 'status'), 'the status matches the forged transition: the seal is what finds it');
    await t.db.query('DELETE FROM transitions WHERE id = $1', [forged]);
    await t.db.query(`UPDATE problems SET status = 'in_progress' WHERE id = $1`, [working.id]);
    // the closing transition re-attributed to nobody
    const last = (
      await t.db.query<{ id: number; actor_id: number }>(
        'SELECT id, actor_id FROM transitions WHERE problem_id = $1 ORDER BY id DESC LIMIT 1',
        [closed.id],
      )
    ).rows[0];
    await t.db.query('UPDATE transitions SET actor_id = NULL WHERE id = $1', [last.id]);
    r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'transition' && x.id === last.id && /与其封记不符/.test(x.message)),
      JSON.stringify(r.findings),
    );
    await t.db.query('UPDATE transitions SET actor_id = $2 WHERE id = $1', [last.id, last.actor_id]);
    assert.equal((await verify()).ok, true);
  });

  test("a progress entry's text changed in the database: it no longer matches its sealed digest", async () => {
    const p = (
      await t.db.query<{ id: number; text: string }>('SELECT id, text FROM progress_entries WHERE problem_id = $1 ORDER BY id LIMIT 1', [
        working.id,
      ])
    ).rows[0];
    await force('progress_entries', 'progress_append_only', (q) =>
      q.query('UPDATE progress_entries SET text = $2 WHERE id = $1', [p.id, `${p.text}（已全部完成）`]),
    );
    const r = await verify();
    const found = r.findings.find((x) => x.check === 'progress');
    assert.ok(found, JSON.stringify(r.findings));
    assert.equal(found.table, 'progress_entries');
    assert.equal(found.id, p.id);
    assert.match(found.message, /摘要不符/);
    await force('progress_entries', 'progress_append_only', (q) =>
      q.query('UPDATE progress_entries SET text = $2 WHERE id = $1', [p.id, p.text]),
    );
    assert.equal((await verify()).ok, true);
  });

  test('an evidence file removed or altered: listed with its evidence row', async () => {
    const ev = (await t.db.query<{ id: number; digest: string }>('SELECT id, digest FROM evidence ORDER BY id LIMIT 1')).rows[0];
    const path = join(t.config.dataDir, 'evidence', ev.digest.slice(0, 2), ev.digest);
    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('x')]));
    let r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'evidence' && x.id === ev.id && /被改动/.test(x.message)),
      JSON.stringify(r.findings),
    );
    rmSync(path);
    r = await verify();
    assert.ok(
      r.findings.some((x) => x.check === 'evidence' && x.id === ev.id && /缺失/.test(x.message)),
      JSON.stringify(r.findings),
    );
    writeFileSync(path, bytes);
    assert.equal(sm3(readFileSync(path)), ev.digest);
    assert.equal((await verify()).ok, true);
  });
});

describe('retention: archives', () => {
  test('rows past the retention move to a signed file; the chain continues across it; an edited archive is found', async () => {
    const before = (await rows()).length;
    // nothing is 180 days old yet
    const none = await archiveAudit(t.db, {
      dir: archiveDirOf(t.config),
      keys: auditKeysOf(t.db)!,
      now: t.clock.now(),
      retentionDays: 180,
      actorName: 'test',
    });
    assert.equal(none.rows, 0);
    const later = new Date(t.clock.now().getTime() + 200 * 86_400_000);
    const r = await archiveAudit(t.db, {
      dir: archiveDirOf(t.config),
      keys: auditKeysOf(t.db)!,
      now: later,
      retentionDays: 180,
      actorName: 'test',
    });
    assert.equal(r.rows, before, 'every row was written before the 200-day mark');
    assert.ok(r.file && existsSync(r.file));
    const left = await rows();
    assert.equal(left.length, 1, 'the archive row itself stays');
    assert.equal(left[0].action, 'audit.archive');
    await checkpoint('after archive');
    const ok = await verify();
    assert.deepEqual(ok.findings, []);
    assert.equal(ok.archives.files, 1);
    assert.equal(ok.archives.rows, before);
    assert.ok(ok.rows >= before + 1);
    // the table's guard still refuses a delete that is not an archive
    await assert.rejects(t.db.query('DELETE FROM audit_log'), /append-only/);
    // one archived row edited: the file's signature and digest no longer match
    const text = readFileSync(r.file, 'utf8');
    writeFileSync(r.file, text.replace('"outcome":"success"', '"outcome":"failure"'));
    const bad = await verify();
    assert.ok(
      bad.findings.some((x) => x.check === 'archive' && /摘要不符|签名不符/.test(x.message)),
      JSON.stringify(bad.findings),
    );
    writeFileSync(r.file, text);
    appendFileSync(r.file, ''); // unchanged
    assert.equal((await verify()).ok, true);
  });
});
