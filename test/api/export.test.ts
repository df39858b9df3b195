/**
 * The ledger's Excel export through HTTP: the refusals (401, 404 for another unit
 * and for a department handler, who sees only part of the round), then the file
 * itself read as XML — frozen header, A3 landscape fitted to the width, the header
 * repeated on printed pages, column widths, banner rows merged across, outline
 * levels — and the round trip: the exported file goes back through the ledger
 * importer (the same reader as the import page's preview) with the same counts
 * and statuses. Paging is checked by writing the file with tiny pages.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startTestApp, expectOk, expectError, type TestApp, type Client } from '../helpers/app.js';
import { listZipEntries, readZipEntry } from '../../src/domain/notice/read/zip.js';
import { readLedger } from '../../src/domain/notice/read/ledger-xlsx.js';
import { importPreviewSchema } from '../../src/domain/schemas/index.js';
import { exportableRound, LEDGER_COLUMNS, writeLedgerXlsx } from '../../src/server/modules/exports/service.js';

let t: TestApp;
let unit: Client;
const INSPECTION = 1;
const URL_ = `/api/v1/inspections/${INSPECTION}/ledger.xlsx`;

before(async () => {
  t = await startTestApp();
  unit = await t.login('unit');
});
after(async () => {
  await t?.close();
});

async function entry(bytes: Uint8Array, name: string): Promise<string> {
  const e = listZipEntries(bytes).find((x) => x.name === name);
  assert.ok(e, `${name} in the file`);
  return new TextDecoder().decode(await readZipEntry(bytes, e, 64 * 1024 * 1024));
}

describe('refusals', () => {
  test('no session 401; another unit, a department handler and an absent round 404', async () => {
    expectError(await t.anon().get(URL_), 401);
    const a = expectError(await (await t.login('unit2')).get(URL_), 404);
    const b = expectError(await unit.get('/api/v1/inspections/99999/ledger.xlsx'), 404);
    assert.equal(a.message, b.message);
    expectError(await (await t.login('dept1')).get(URL_), 404);
    assert.ok(expectError(await unit.get('/api/v1/inspections/0/ledger.xlsx'), 400).fields.includes('id'));
  });
});

describe('the file', () => {
  let bytes: Buffer;
  before(async () => {
    const r = await (await t.login('leader')).get(URL_);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(decodeURIComponent(r.headers.get('content-disposition') ?? ''), /江城市水务局整改台账/);
    bytes = r.body as Buffer;
  });

  test('frozen header, A3 landscape one page wide, print titles, column widths, merged banners, outline levels', async () => {
    const sheet = await entry(bytes, 'xl/worksheets/sheet1.xml');
    assert.match(sheet, /<pane [^>]*ySplit="2"[^>]*topLeftCell="A3"[^>]*state="frozen"|<pane [^>]*state="frozen"[^>]*ySplit="2"/);
    const setup = /<pageSetup [^>]*\/>/.exec(sheet)?.[0] ?? '';
    assert.match(setup, /paperSize="8"/, 'A3');
    assert.match(setup, /orientation="landscape"/);
    assert.match(setup, /fitToWidth="1"/);
    assert.match(setup, /fitToHeight="0"/);
    assert.match(sheet, /<pageSetUpPr fitToPage="1"\/>/);
    const widths = [...sheet.matchAll(/<col min="(\d+)" max="\d+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.equal(widths.length, LEDGER_COLUMNS.length);
    LEDGER_COLUMNS.forEach((c, i) => assert.ok(Math.abs(widths[i][1] - c.width) < 1, `${c.header} width ${widths[i][1]}`));
    const workbook = await entry(bytes, 'xl/workbook.xml');
    assert.match(
      workbook,
      /<definedName name="_xlnm.Print_Titles" localSheetId="0">(?:'|&apos;)整改台账(?:'|&apos;)!\$2:\$2<\/definedName>/,
    );
    const merges = [...sheet.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"\/>/g)].map((m) => m[1]);
    const groups = (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM problems p WHERE inspection_id = $1 AND EXISTS (SELECT 1 FROM problems c WHERE c.parent_id = p.id)',
        [INSPECTION],
      )
    ).rows[0].n;
    assert.equal(merges.length, 1 + groups, 'the title and one merged banner per group and theme');
    assert.ok(merges.every((m) => /^A(\d+):K\1$/.test(m)));
    assert.match(sheet, /outlineLevel="2"/);
    const strings = await entry(bytes, 'xl/worksheets/sheet1.xml');
    for (const h of LEDGER_COLUMNS) assert.ok(strings.includes(`>${h.header}<`), `header ${h.header}`);
  });

  test('the exported file re-imports through the ledger importer with the same counts and statuses', async () => {
    const parsed = await readLedger(bytes);
    const db = await t.db.query<{ leaves: number; measures: number; parents: number; closed: number; long_term: number }>(
      `SELECT count(*) FILTER (WHERE NOT has_children)::int AS leaves,
              (SELECT count(*)::int FROM measures m JOIN problems q ON q.id = m.problem_id WHERE q.inspection_id = $1) AS measures,
              count(DISTINCT parent_id) FILTER (WHERE NOT has_children)::int AS parents,
              count(*) FILTER (WHERE NOT has_children AND status = 'closed')::int AS closed,
              count(*) FILTER (WHERE NOT has_children AND status = 'long_term')::int AS long_term
         FROM (SELECT p.*, EXISTS (SELECT 1 FROM problems c WHERE c.parent_id = p.id) AS has_children
                 FROM problems p WHERE inspection_id = $1) x`,
      [INSPECTION],
    );
    const want = db.rows[0];
    assert.equal(parsed.counts.problems, want.leaves, 'problems');
    assert.equal(parsed.counts.measures, want.measures, 'measures');
    // the importer reads one level of banners: each problem lands under its nearest heading
    assert.equal(parsed.counts.groups, want.parents, 'groups');
    const problems = parsed.nodes.filter((n) => n.kind === 'problem');
    assert.equal(problems.filter((n) => n.status === '已销号').length, want.closed);
    assert.equal(problems.filter((n) => n.status === '长期坚持').length, want.long_term);
    assert.ok(!parsed.findings.some((f) => f.severity === 'error'), JSON.stringify(parsed.findings.filter((f) => f.severity === 'error')));

    // and through the import page's preview, as a person would upload it
    const preview = expectOk(await unit.upload('/api/v1/imports/preview', {}, [{ name: 'ledger.xlsx', bytes }]), importPreviewSchema);
    assert.deepEqual(
      [preview.notice.counts.problems, preview.notice.counts.measures, preview.notice.counts.groups],
      [want.leaves, want.measures, want.parents],
    );
  });

  test('paging: the file written seven rows a query is the same sheet as written in one page', async () => {
    const round = await exportableRound(t.db, null, INSPECTION);
    const sheetOf = async (pageRows: number) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise((resolve) => out.once('end', resolve));
      const r = await writeLedgerXlsx(t.db, round, out, pageRows);
      await ended;
      return { r, sheet: await entry(Buffer.concat(chunks), 'xl/worksheets/sheet1.xml') };
    };
    const small = await sheetOf(7);
    const big = await sheetOf(100_000);
    assert.deepEqual(small.r, big.r);
    assert.equal(small.sheet, big.sheet);
    assert.ok(small.r.rows > 14, 'more rows than two pages');
  });
});
