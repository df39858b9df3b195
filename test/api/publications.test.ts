/**
 * Publication of a notice version and its verification, through HTTP: the
 * refusals first (401, 403 for a reader, 404 for another unit's round and an
 * absent version, 409 for a second publication of a version), then what a
 * publication is — the version's text and a .docx whose last lines carry the code,
 * the text's SM3 and the verification address; both digests recorded and written
 * into the audit chain in the same transaction — and what anyone can do with it:
 * read it, download it, and verify a file or a digest (a changed byte fails).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, expectOk, expectError, type TestApp, type Client } from '../helpers/app.js';
import { versionSchema } from '../../src/domain/schemas/notices.js';
import {
  publicationListSchema,
  publicationSchema,
  publicPublicationSchema,
  publicUnitsSchema,
  verifyResultSchema,
} from '../../src/domain/schemas/publications.js';
import { listZipEntries, readZipEntry } from '../../src/domain/notice/read/zip.js';
import { sm3 } from '../../src/server/lib/sm3.js';

let t: TestApp;
let unit: Client;
const INSPECTION = 1; // the demo's 江城市水务局 round
const DOC = `/api/v1/inspections/${INSPECTION}/documents`;
const PUB = `/api/v1/inspections/${INSPECTION}/publications`;

before(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://zg.example.gov.cn' });
  unit = await t.login('unit');
});
after(async () => {
  await t?.close();
});

async function saveVersion(note: string) {
  return expectOk(await unit.post(`${DOC}/notice/versions`, { note }), versionSchema);
}

async function documentXml(bytes: Uint8Array): Promise<string> {
  const entry = listZipEntries(bytes).find((e) => e.name === 'word/document.xml')!;
  return new TextDecoder().decode(await readZipEntry(bytes, entry, 32 * 1024 * 1024));
}

describe('refusals', () => {
  test('no session 401; a leader 403; another unit and an absent version 404; the report is not published', async () => {
    expectError(await t.anon().get(PUB), 401);
    expectError(await t.anon().post(PUB, { version: 1 }), 401);
    const v = await saveVersion('refusals');
    const leader = await t.login('leader');
    const list = expectOk(await leader.get(PUB), publicationListSchema);
    assert.equal(list.abilities.publish, false);
    expectError(await leader.post(PUB, { version: v.number }), 403, 'forbidden');
    const other = await t.login('unit2');
    const a = expectError(await other.post(PUB, { version: v.number }), 404);
    const b = expectError(await unit.post('/api/v1/inspections/99999/publications', { version: 1 }), 404);
    assert.equal(a.message, b.message, 'foreign and absent answer alike');
    expectError(await unit.post(PUB, { version: 999 }), 404);
    assert.ok(expectError(await unit.post(PUB, { version: 0 }), 400).fields.includes('version'));
    assert.ok(expectError(await unit.post(PUB, { version: 1, statusTable: 'yes' }), 400).fields.includes('statusTable'));
    assert.equal((await unit.post(PUB, { version: v.number }, { csrf: false })).status, 403, 'no CSRF token, no publication');
    // a version of the report exists only as a report: publishing takes the notice's versions
    expectOk(await unit.post(`${DOC}/report/versions`, { note: 'report' }), versionSchema);
    const n = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM publications');
    assert.equal(n.rows[0].n, 0, 'refused publications wrote nothing');
  });
});

describe('publishing and verifying', () => {
  test('a publication freezes the version: text, .docx with its stamp, both SM3 digests, an audit row in the chain', async () => {
    const v = await saveVersion('发布稿');
    const p = expectOk(await unit.post(PUB, { version: v.number }), publicationSchema);
    assert.match(p.code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    assert.equal(p.version, v.number);
    assert.equal(p.textDigest, v.digest, 'the text digest is the version digest');
    assert.equal(p.verifyUrl, `https://zg.example.gov.cn/public/verify/${p.code}`);

    const docx = await t.anon().get(`/api/v1/public/publications/${p.code}/docx`);
    assert.equal(docx.status, 200);
    const bytes = docx.body as Buffer;
    assert.equal(sm3(bytes), p.docxDigest, 'the served file is the recorded one');
    assert.equal(docx.headers.get('x-content-digest'), `sm3=${p.docxDigest}`);
    const xml = await documentXml(bytes);
    for (const s of [p.code, p.textDigest, p.verifyUrl]) assert.ok(xml.includes(s), `the stamp carries ${s}`);
    assert.ok(!xml.includes(p.docxDigest), 'a file cannot carry its own digest');

    const text = await t.anon().get(`/api/v1/public/publications/${p.code}/text`);
    assert.equal(
      sm3(Buffer.from(text.body as string, 'utf8')),
      p.textDigest,
      'the published text hashes to the digest printed on the file',
    );
    assert.ok(!(text.body as string).includes(p.code), 'the stamp is not part of the digested text');
    const pub = expectOk(await t.anon().get(`/api/v1/public/publications/${p.code}`), publicPublicationSchema);
    assert.deepEqual(pub.lines, v.lines);
    assert.equal(pub.statusTable, null);

    const audit = await t.db.query<{ detail: { code: string; docxDigest: string; textDigest: string }; object_id: string }>(
      "SELECT detail, object_id FROM audit_log WHERE action = 'notice.publish'",
    );
    assert.equal(audit.rows.length, 1);
    assert.deepEqual(
      [audit.rows[0].detail.code, audit.rows[0].detail.docxDigest, audit.rows[0].detail.textDigest],
      [p.code, p.docxDigest, p.textDigest],
    );
    assert.equal(audit.rows[0].object_id, String(p.id));
    const auditor = await t.login('auditor');
    const chain = await auditor.get('/api/v1/audit/verify');
    if (chain.status === 200) assert.equal((chain.body as { ok: boolean }).ok, true, 'the chain still verifies');

    // once published, for ever: a second publication of the version is refused, and the row cannot be rewritten
    const again = expectError(await unit.post(PUB, { version: v.number }), 409, 'conflict');
    assert.equal(again.reason, 'already_published');
    assert.match(again.message, new RegExp(p.code));
    await assert.rejects(t.db.query("UPDATE publications SET title = 'x'"));
    await assert.rejects(t.db.query('DELETE FROM publications'));

    const list = expectOk(await unit.get(PUB), publicationListSchema);
    assert.equal(list.abilities.publish, true);
    assert.deepEqual(
      list.items.map((x) => x.code),
      [p.code],
    );
    const units = expectOk(await t.anon().get('/api/v1/public/units'), publicUnitsSchema);
    assert.deepEqual(
      units.units.map((u) => u.publications.map((x) => x.code)),
      [[p.code]],
    );
  });

  test('verify: the file or its text verifies (which one, when); a changed byte, a random digest do not', async () => {
    const v = await saveVersion('核验');
    const p = expectOk(await unit.post(PUB, { version: v.number }), publicationSchema);
    const bytes = (await t.anon().get(`/api/v1/public/publications/${p.code}/docx`)).body as Buffer;
    const anon = t.anon();

    const byFile = expectOk(await anon.upload('/api/v1/public/verify', {}, [{ name: 'x.docx', bytes }]), verifyResultSchema);
    assert.equal(byFile.match, true);
    assert.equal(byFile.matchedOn, 'docx');
    assert.equal(byFile.publication?.code, p.code);
    assert.equal(byFile.publication?.version, v.number);
    assert.equal(byFile.publication?.publishedAt, p.publishedAt);

    const text = expectOk(await anon.post('/api/v1/public/verify', { digest: p.textDigest.toUpperCase() }), verifyResultSchema);
    assert.equal(text.matchedOn, 'text');
    // the same text published twice (two versions of an unchanged draft) verifies as its first publication
    assert.equal(text.publication?.textDigest, p.textDigest);
    const first = (
      await t.db.query<{ code: string }>('SELECT code FROM publications WHERE text_digest = $1 ORDER BY published_at, id LIMIT 1', [
        p.textDigest,
      ])
    ).rows[0];
    assert.equal(text.publication?.code, first.code);

    const changed = Buffer.from(bytes);
    changed[changed.length - 30] ^= 1;
    const bad = expectOk(await anon.upload('/api/v1/public/verify', {}, [{ name: 'x.docx', bytes: changed }]), verifyResultSchema);
    assert.equal(bad.match, false);
    assert.equal(bad.publication, null);
    assert.equal(bad.digest, sm3(changed));
    assert.equal(expectOk(await anon.post('/api/v1/public/verify', { digest: sm3('x') }), verifyResultSchema).match, false);

    assert.ok(expectError(await anon.post('/api/v1/public/verify', { digest: 'abc' }), 400).fields.includes('digest'));
    assert.ok(expectError(await anon.upload('/api/v1/public/verify', {}, []), 400).fields.includes('file'));
    expectError(await anon.get('/api/v1/public/publications/AAAAA-AAAAA'), 404);
    assert.ok(expectError(await anon.get('/api/v1/public/publications/nope'), 400).fields.includes('code'));
  });

  test('the status table, when chosen, is frozen with the version: every problem with the notice’s status word, no names', async () => {
    const v = await saveVersion('附问题整改情况表');
    const p = expectOk(await unit.post(PUB, { version: v.number, statusTable: true }), publicationSchema);
    assert.equal(p.statusTable, true);
    const pub = expectOk(await t.anon().get(`/api/v1/public/publications/${p.code}`), publicPublicationSchema);
    const rows = pub.statusTable!;
    const leaves = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM problems p
        WHERE inspection_id = $1 AND NOT EXISTS (SELECT 1 FROM problems c WHERE c.parent_id = p.id)`,
      [INSPECTION],
    );
    assert.equal(rows.filter((r) => r.status !== null).length, leaves.rows[0].n);
    assert.ok(rows.every((r) => r.status === null || ['已完成', '正在推进', '长期坚持'].includes(r.status)));
    // every problem's heading in the notice appears under the same label in the table
    for (const r of rows.filter((x) => x.status !== null))
      assert.ok(
        pub.lines.some((l) => l.startsWith(r.label)),
        r.label,
      );
    const names = await t.db.query<{ display_name: string }>('SELECT display_name FROM users');
    const json = JSON.stringify(rows);
    for (const n of names.rows) assert.ok(!json.includes(n.display_name), `no name in the public table (${n.display_name})`);
  });

  test('the portal shows the unit, the notice, its files and the verification page; a posted file verifies', async () => {
    const p = expectOk(await unit.get(PUB), publicationListSchema).items[0];
    const anon = t.anon();
    const home = await anon.get('/public/');
    assert.equal(home.status, 200);
    assert.match(String(home.headers.get('content-type')), /text\/html/);
    assert.ok((home.body as string).includes('江城市水务局'));
    const page = (await anon.get(`/public/n/${p.code}`)).body as string;
    assert.ok(page.includes(p.title) && page.includes(`/public/n/${p.code}/docx`));
    assert.ok(!/<script/i.test(page), 'no script');
    const bytes = (await anon.get(`/public/n/${p.code}/docx`)).body as Buffer;
    assert.equal(sm3(bytes), p.docxDigest);
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)]), 'notice.docx');
    const ok = await fetch(`${t.base}/public/verify/${p.code}`, { method: 'POST', body: fd });
    assert.equal(ok.status, 200);
    assert.ok((await ok.text()).includes('核验通过'));
    const byDigest = (await anon.get(`/public/verify?digest=${p.textDigest}`)).body as string;
    assert.ok(byDigest.includes('核验通过') && byDigest.includes('正文文本'));
    const wrong = await anon.get('/public/verify?digest=xyz');
    assert.equal(wrong.status, 400);
    assert.ok((wrong.body as string).includes('aria-invalid="true"'));
    assert.equal((await anon.get('/public/n/AAAAA-AAAAA')).status, 404);
    assert.equal((await anon.get('/public/n/%00')).status, 400);
    assert.equal((await anon.get('/public/nowhere')).status, 404);
  });
});

describe('zhenggai verify FILE', () => {
  /** The command as a script runs it; asynchronous, so this process keeps serving the requests it makes. */
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('close', (code) => resolve({ code, out }));
    });

  test('exit 0 and which publication for a published file; 1 for any other file; 2 for a missing one', async () => {
    const p = expectOk(await unit.get(PUB), publicationListSchema).items[0];
    const dir = mkdtempSync(join(tmpdir(), 'zg-verify-'));
    try {
      const file = join(dir, '通报.docx');
      writeFileSync(file, (await t.anon().get(`/api/v1/public/publications/${p.code}/docx`)).body as Buffer);
      const ok = await run(['verify', file, '--server', t.base]);
      assert.equal(ok.code, 0, ok.out);
      assert.match(
        ok.out,
        new RegExp(`已发布版本（Word 文件一致）.*第 ${p.version} 版，发布编号 ${p.code}，2026年11月21日 10:00（北京时间）发布`),
      );
      const other = join(dir, 'other.docx');
      writeFileSync(other, 'not the notice');
      const no = await run(['verify', other, '--server', t.base]);
      assert.equal(no.code, 1, no.out);
      assert.match(no.out, /不是已发布的版本/);
      assert.equal((await run(['verify', join(dir, 'absent.docx'), '--server', t.base])).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
