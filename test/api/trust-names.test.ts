/**
 * The names of the accountability register encrypted at rest (issue 13 point 8): the raw table holds SM4
 * ciphertext and a blind index, never a name — after the demo loads, after an upgrade from rows written in
 * clear, after the API writes; an exact name is still found (through the index), a part of one is not;
 * `keys rotate` re-encrypts the names and they read back; a lost index key costs a rebuild, not the search.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startTestApp, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { accountabilityEntrySchema, accountabilityListSchema } from '../../src/domain/schemas/registers.js';
import { blindIndexKeyFileOf, fieldCipher, retireFieldKeys } from '../../src/server/lib/crypto.js';
import { openTrust } from '../../src/server/modules/audit/trust.js';
import { unbindAuditKeys } from '../../src/server/modules/audit/keys.js';
import { fieldRepo } from '../../src/server/modules/security/repository.js';
import { verifyAll } from '../../src/server/modules/audit/verify.js';
import { normaliseName, sealPlainNames } from '../../src/server/modules/registers/names.js';
import { rotateFieldKeys } from '../../src/cli/trust.js';

const API = '/api/v1/registers';
const DEMO_NAMES = ['陈某', '杨某', '刘某', '郑某', '周某', '吴某'];

let t: TestApp;
let unit: Client;
let inspectionId: number;

interface RawRow {
  id: number;
  person_name: string | null;
  person_name_enc: string | null;
  person_name_index: string | null;
  raw: string;
}
/** The table as someone holding a copy of the database reads it: every column as text. */
async function rawTable(): Promise<RawRow[]> {
  return (
    await t.db.query<RawRow>(
      'SELECT id, person_name, person_name_enc, person_name_index, row_to_json(a)::text AS raw FROM accountability_entries a ORDER BY id',
    )
  ).rows;
}

/** Runs the start-up step again, as a restarted server does (the test app's keys stay bound). */
async function restartStep() {
  const r = await openTrust(t.db, t.config, t.clock);
  unbindAuditKeys(t.db);
  return r.names;
}

const list = async (qs = '') =>
  expectOk(await unit.get(`${API}/accountability?inspectionId=${inspectionId}${qs}`), accountabilityListSchema).items;
const search = async (q: string) => (await list(`&q=${encodeURIComponent(q)}`)).map((i) => i.personName).sort();

before(async () => {
  t = await startTestApp({}, { demo: true });
  unit = await t.login('unit');
  inspectionId = (await t.db.query<{ inspection_id: number }>('SELECT inspection_id FROM accountability_entries LIMIT 1')).rows[0]
    .inspection_id;
});
after(async () => {
  await t?.close();
});

describe('names encrypted at rest', () => {
  test('the demo loads; after the start no row holds a name in clear, and the register shows the names decrypted', async () => {
    const rows = await rawTable();
    assert.ok(rows.length >= 7);
    const persons = rows.filter((r) => r.person_name_enc);
    assert.equal(persons.length, DEMO_NAMES.length);
    for (const r of rows) {
      assert.equal(r.person_name, null);
      assert.equal(r.person_name_enc === null, r.person_name_index === null);
      for (const n of DEMO_NAMES) assert.ok(!r.raw.includes(n), `row ${r.id} holds ${n}`);
    }
    for (const r of persons) assert.match(r.person_name_enc!, /^zgf1\.k1\./);
    assert.deepEqual(
      (await list())
        .map((i) => i.personName)
        .filter(Boolean)
        .sort(),
      [...DEMO_NAMES].sort(),
    );
  });

  test('an upgraded database: rows written in clear are encrypted by the start-up step, and searchable by name', async () => {
    const tpl = (await t.db.query<{ unit_id: number }>('SELECT unit_id FROM accountability_entries LIMIT 1')).rows[0];
    // what a database of the release before holds: the name in person_name, no ciphertext, no index
    const legacy = (
      await t.db.query<{ id: number }>(
        `INSERT INTO accountability_entries (inspection_id, unit_id, count_as, person_name, position, form, decision_date, deciding_body,
           reason, created_at, updated_at)
         VALUES ($1, $2, 'person', '欧阳某某', '科员', '诫勉', '2026-09-01', '局党组', '旧记录', now(), now()) RETURNING id`,
        [inspectionId, tpl.unit_id],
      )
    ).rows[0].id;
    assert.equal((await rawTable()).find((r) => r.id === legacy)!.person_name, '欧阳某某');
    // until it is sealed, `verify` names the row
    const found = (await verifyAll(t.db, t.config)).findings.filter((x) => x.check === 'personal');
    assert.deepEqual(found, [
      { check: 'personal', table: 'accountability_entries', id: legacy, message: '个人信息以明文保存（person_name 未加密）' },
    ]);

    const filenode = async () =>
      (await t.db.query<{ f: string }>(`SELECT pg_relation_filenode('accountability_entries')::text AS f`)).rows[0].f;
    const fileBefore = await filenode();
    const report = await restartStep();
    assert.deepEqual(report, { sealed: 1, reindexed: 0, unreadable: [] });
    // the table was rewritten (VACUUM FULL): the old row version holding the name is not left in its file
    assert.notEqual(await filenode(), fileBefore);
    const row = (await rawTable()).find((r) => r.id === legacy)!;
    assert.equal(row.person_name, null);
    assert.ok(!row.raw.includes('欧阳'), row.raw);
    assert.equal(fieldCipher(t.config).decrypt(row.person_name_enc!), '欧阳某某');
    assert.equal(await t.db.query('SELECT 1 FROM accountability_entries WHERE person_name IS NOT NULL').then((r) => r.rows.length), 0);
    assert.deepEqual(await search('欧阳某某'), ['欧阳某某']);
    // a second start has nothing left to do, and verify finds no name in clear
    assert.deepEqual(await restartStep(), { sealed: 0, reindexed: 0, unreadable: [] });
    assert.deepEqual(
      (await verifyAll(t.db, t.config)).findings.filter((x) => x.check === 'personal'),
      [],
    );
  });

  test('exact names are found through the blind index, written as people type them; a part of a name is not', async () => {
    assert.deepEqual(await search('陈某'), ['陈某']);
    assert.deepEqual(await search(' 陈 某 '), ['陈某'], 'spaces do not matter');
    assert.deepEqual(await search('陈'), [], 'a part of a name is not searched (a blind index answers only equality)');
    assert.deepEqual(await search('某'), []);
    // the other fields are still searched by substring
    assert.ok((await search('取水许可')).length === 2);
    // someone who may not read names finds nothing by a name
    const dept = await t.login('dept1');
    const r = expectOk(
      await dept.get(`${API}/accountability?inspectionId=${inspectionId}&q=${encodeURIComponent('陈某')}`),
      accountabilityListSchema,
    );
    assert.equal(r.items.length, 0);
  });

  test('created and edited through the API: ciphertext and index change with the name, never the name in clear', async () => {
    const body = {
      inspectionId,
      countAs: 'person',
      personName: '阿依·买买提',
      position: '科员',
      rank: '',
      form: '提醒谈话',
      transferredToJudicial: false,
      decisionDate: '2026-10-01',
      decidingBody: '局党组',
      reason: '测试',
      problemIds: [],
    };
    const made = expectOk(await unit.post(`${API}/accountability`, body), accountabilityEntrySchema);
    assert.equal(made.personName, '阿依·买买提');
    const before = (await rawTable()).find((r) => r.id === made.id)!;
    assert.ok(!before.raw.includes('阿依') && !before.raw.includes('买买提'));
    assert.deepEqual(await search('阿依•买买提'), ['阿依·买买提'], 'another middle dot, the same name');

    const { inspectionId: _i, ...upd } = { ...body, personName: '李某某' };
    void _i;
    const edited = expectOk(await unit.put(`${API}/accountability/${made.id}`, upd), accountabilityEntrySchema);
    assert.equal(edited.personName, '李某某');
    const afterEdit = (await rawTable()).find((r) => r.id === made.id)!;
    assert.notEqual(afterEdit.person_name_enc, before.person_name_enc);
    assert.notEqual(afterEdit.person_name_index, before.person_name_index);
    assert.deepEqual(await search('李某某'), ['李某某']);
    assert.deepEqual(await search('阿依·买买提'), []);
    // a matter (件) has no name: no ciphertext, no index
    const matter = expectOk(
      await unit.post(`${API}/accountability`, { ...body, countAs: 'matter', personName: null, form: '通报批评' }),
      accountabilityEntrySchema,
    );
    const m = (await rawTable()).find((r) => r.id === matter.id)!;
    assert.deepEqual([m.person_name, m.person_name_enc, m.person_name_index], [null, null, null]);
  });

  test('`keys rotate` re-encrypts the names with the new key; they read back, search still works; the old key retires', async () => {
    const before = await rawTable();
    const r = await rotateFieldKeys(t.db, t.config, t.clock);
    assert.equal(r.current, 'k2');
    const rotated = await rawTable();
    const sealed = rotated.filter((x) => x.person_name_enc);
    assert.ok(sealed.length >= DEMO_NAMES.length + 2);
    assert.ok(r.values >= sealed.length, 'the names are among the values re-encrypted');
    for (const x of sealed) {
      assert.match(x.person_name_enc!, /^zgf1\.k2\./, `entry ${x.id}`);
      const old = before.find((b) => b.id === x.id)!;
      assert.equal(x.person_name_index, old.person_name_index, 'the index has its own key: unchanged');
    }
    assert.deepEqual(await fieldRepo.keyIds(t.db), ['k2']);
    assert.deepEqual(retireFieldKeys(t.config), ['k1']);
    const names = (await list()).map((i) => i.personName).filter(Boolean);
    for (const n of [...DEMO_NAMES, '欧阳某某', '李某某']) assert.ok(names.includes(n), n);
    assert.deepEqual(await search('刘某'), ['刘某']);
    const audit = (await t.db.query<{ detail: { current: string } }>(`SELECT detail FROM audit_log WHERE action = 'keys.rotate'`)).rows;
    assert.deepEqual(
      audit.map((a) => a.detail.current),
      ['k2'],
    );
  });

  test('indexes that do not match the index key (a lost or replaced key file): the start-up step rebuilds them', async () => {
    assert.ok(existsSync(blindIndexKeyFileOf(t.config)), 'the index key is a file of KEY_DIR, not a row');
    // what a new key makes of every stored index: values that no longer match
    const n = (await rawTable()).filter((x) => x.person_name_enc).length;
    await t.db.query('UPDATE accountability_entries SET person_name_index = md5(person_name_index) WHERE person_name_index IS NOT NULL');
    assert.deepEqual(await search('刘某'), [], 'indexes that do not match the key find nothing');
    const report = await sealPlainNames(t.db, t.config);
    assert.deepEqual(report, { sealed: 0, reindexed: n, unreadable: [] });
    assert.deepEqual(await search('刘某'), ['刘某']);
  });
});

test('the normal form of a name: spaces, widths, middle dots and Latin case do not matter; the characters do', () => {
  assert.equal(normaliseName(' 张 三 '), '张三');
  assert.equal(normaliseName('张\u3000三'), '张三');
  assert.equal(normaliseName('阿依•买买提'), normaliseName('阿依·买买提'));
  assert.equal(normaliseName('阿依・买买提'), normaliseName('阿依.买买提'));
  assert.equal(normaliseName('ＡＢＣ'), 'abc');
  assert.notEqual(normaliseName('张三'), normaliseName('张山'));
});
