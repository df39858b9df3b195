// The evaluation command (`npm run eval:notices -- DIR`) on our fixtures and, when present, on the
// shared corpus: every measure must agree. Also: the binary fixtures are what their generator
// writes, the command reports disagreement (and exits 1) when a count is wrong, and the server's
// notice worker reads PDF and .doc files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryFixtures } from '../../fixtures/notices/binaries.js';
import { evaluateDir, formatTable, MEASURES } from '../../scripts/eval-notices.js';
import { readNoticeOffThread } from '../../src/server/modules/imports/notice-reader.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'fixtures/notices');
const corpus = path.resolve(repoRoot, '../shared/corpus');

test('the committed binary fixtures are what fixtures/notices/binaries.ts generates', () => {
  for (const f of binaryFixtures()) {
    const committed = path.join(fixtures, f.name);
    assert.ok(existsSync(committed), `${f.name} is committed (run npx tsx fixtures/notices/binaries.ts)`);
    assert.ok(Buffer.from(f.bytes).equals(readFileSync(committed)), `${f.name} is up to date`);
  }
});

test('eval: full agreement on our fixtures, text, PDF, .doc and .docx alike', async () => {
  const r = await evaluateDir(fixtures);
  const table = formatTable(r);
  console.log(table);
  assert.ok(r.agree, table);
  const files = r.docs.map((d) => d.file);
  for (const f of [
    'class1-attachments.txt',
    'class2-letter-digits.txt',
    'class3-totals.txt',
    'class4-ducha-meta.txt',
    'class5-one-line.txt',
    'audit-report.txt',
    'audit-report.pdf',
    'class4-ducha-meta.doc',
    'list-styles.docx',
    'dun-labelled.txt',
    'guanyu-ordinals.txt',
    'table-groups.md',
    'table-tabs.txt',
  ]) {
    assert.ok(files.includes(f), `${f} evaluated`);
  }
  // Every document is judged on its tree and its errors, not only on what it happens to state.
  for (const d of r.docs) for (const m of ['problems', 'errors'] as const) assert.equal(d.verdicts[m], 'agree', `${d.file} ${m}`);
});

test('eval: full agreement on the shared corpus', async (t) => {
  if (!existsSync(corpus)) {
    const msg = `corpus not found at ${corpus}; skipping (the corpus lives in ../shared/corpus)`;
    console.log(msg);
    t.skip(msg);
    return;
  }
  const r = await evaluateDir(corpus);
  console.log(formatTable(r));
  assert.ok(r.agree, formatTable(r));
  assert.equal(r.docs.length, 3);
});

test('eval: a wrong count or an unexpected error is reported as disagreement, and the command exits 1', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zg-eval-'));
  try {
    cpSync(path.join(fixtures, 'class3-totals.txt'), path.join(dir, 'a.txt'));
    const expected = JSON.parse(readFileSync(path.join(fixtures, 'class3-totals.expected.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'a.expected.json'), JSON.stringify({ ...expected, counted: { problems: 10 }, statuses: { 已完成: 9 } }));
    // A notice whose date lost its 年: an error the expectation does not list.
    const broken = readFileSync(path.join(fixtures, 'class3-totals.txt'), 'utf8').replace('2023年12月12日反馈', '20231212日反馈');
    writeFileSync(path.join(dir, 'b.txt'), broken);
    writeFileSync(path.join(dir, 'b.expected.json'), JSON.stringify({ defects: [] }));
    const r = await evaluateDir(dir);
    assert.equal(r.agree, false);
    const [a, b] = r.docs;
    assert.equal(a.verdicts.problems, 'disagree');
    assert.equal(a.verdicts.statuses, 'disagree');
    assert.equal(a.verdicts.errors, 'agree');
    assert.equal(b.verdicts.errors, 'disagree');
    assert.ok(b.strayErrors.some((e) => /date-malformed/.test(e)));
    assert.deepEqual(Object.keys(a.verdicts), [...MEASURES]);

    const run = (d: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/eval-notices.ts'), d], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });
    const bad = run(dir);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /DISAGREEMENT/);
    const good = run(fixtures);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /full agreement/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the notice worker (the API preview path) reads PDF and .doc files and refuses a scan', async () => {
  const pdf = await readNoticeOffThread(readFileSync(path.join(fixtures, 'audit-report.pdf')), 'audit-report.pdf');
  assert.equal(pdf.fileFormat, 'pdf');
  assert.deepEqual(pdf.counts, { groups: 4, themes: 0, problems: 10, measures: 0 });
  const doc = await readNoticeOffThread(readFileSync(path.join(fixtures, 'class4-ducha-meta.doc')), 'class4-ducha-meta.doc');
  assert.equal(doc.meta.inspection.body, '中央第四生态环境保护督察组');
  await assert.rejects(
    readNoticeOffThread(readFileSync(path.join(fixtures, 'scanned.pdf')), 'scanned.pdf'),
    (e: unknown) => e instanceof Error && 'userMessage' in e && /OCR/.test(String(e.userMessage)),
  );
});

test('the CLI: import --dry-run --json names the structure and the runner-up; PDF in, a scan refused', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
  const att = cli(['import', 'fixtures/notices/class1-attachments.txt', '--dry-run', '--json']);
  assert.equal(att.status, 0, att.stderr);
  type Structure = { chosen: { id: string; score: number }; runnerUp: Record<string, unknown>; close: boolean };
  const j = JSON.parse(att.stdout) as { structure: Structure };
  assert.equal(j.structure.chosen.id, 'attachments');
  assert.equal(j.structure.runnerUp.id, 'sections');
  assert.ok(typeof j.structure.runnerUp.lostBecause === 'string' && (j.structure.runnerUp.score as number) < j.structure.chosen.score);
  assert.equal('nodes' in j.structure.runnerUp, false, 'the runner-up tree stays out of the JSON');
  const pdf = cli(['import', 'fixtures/notices/audit-report.pdf', '--dry-run', '--json']);
  assert.equal(pdf.status, 0, pdf.stderr);
  assert.equal((JSON.parse(pdf.stdout) as { fileFormat: string }).fileFormat, 'pdf');
  const scan = cli(['check', 'fixtures/notices/scanned.pdf']);
  assert.equal(scan.status, 2);
  assert.match(scan.stderr, /文字识别（OCR）/);
});
