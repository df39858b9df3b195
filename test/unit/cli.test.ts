/**
 * The `zhenggai` command as scripts use it: `check` exit codes and lint lines,
 * the stable JSON of `import --dry-run --json`, and the writing commands
 * (`demo`, `user add`, `import --unit`) against a temp data directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CLEAN = 'fixtures/notices/cn-dun-problems.txt';

test('check: lint lines, exit 0 without errors and 1 with errors, 2 for refused input', () => {
  const ok = cli(['check', CLEAN]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /0 errors/);

  const dir = mkdtempSync(join(tmpdir(), 'zg-cli-'));
  try {
    const bad = join(dir, 'bad.txt');
    // a notice whose problem numbering repeats and whose date lost its 年
    writeFileSync(
      bad,
      [
        '示例局关于巡察整改情况的通报',
        '二、整改落实情况',
        '（一）党的建设方面',
        '1.制度执行不到位的问题',
        '整改情况：已于20235月完成制度修订。',
        '1.监督检查流于形式的问题',
        '整改情况：开展检查3次。',
      ].join('\n'),
    );
    const r = cli(['check', bad]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ error date-malformed`));
    const json = cli(['check', bad, '--json']);
    const findings = JSON.parse(json.out) as { rule: string; severity: string }[];
    assert.ok(findings.some((f) => f.rule === 'date-malformed' && f.severity === 'error'));

    const pdf = join(dir, 'scan.txt');
    writeFileSync(pdf, '%PDF-1.4\n%\u00e2\u00e3\n');
    const refused = cli(['check', pdf]);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /PDF/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import --dry-run --json prints the stable contract', () => {
  const r = cli(['import', CLEAN, '--dry-run', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j).sort(), ['counts', 'findings', 'meta', 'nodes', 'stated', 'structure']);
  // Which structure was chosen, its score, and the runner-up (none here: one structure only).
  assert.deepEqual(Object.keys(j.structure).sort(), ['chosen', 'close', 'runnerUp']);
  assert.deepEqual(Object.keys(j.structure.chosen).sort(), ['counts', 'description', 'evidence', 'id', 'score']);
  assert.equal(j.structure.runnerUp, null);
  assert.deepEqual(Object.keys(j.meta).sort(), ['date', 'inspection', 'issuer', 'title']);
  assert.deepEqual(Object.keys(j.meta.inspection).sort(), ['body', 'feedback', 'kind', 'onSite']);
  assert.equal(j.meta.inspection.kind, '巡察');
  assert.deepEqual(j.meta.inspection.onSite, ['2022-05-09', '2022-07-08']);
  assert.equal(j.counts.problems, 3);
  for (const n of j.nodes) {
    assert.ok(['group', 'theme', 'problem', 'measure'].includes(n.kind));
    assert.equal(typeof n.id, 'string');
    assert.equal(typeof n.line, 'number');
    assert.ok(n.parentId === null || j.nodes.some((m: { id: string }) => m.id === n.parentId));
  }
});

test('demo, user add and import --unit write into the data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zg-cli-db-'));
  const env = { DATA_DIR: dir, ZG_NOW: '2026-11-21T02:00:00.000Z' };
  try {
    const demo = cli(['demo'], env);
    assert.equal(demo.code, 0, demo.err);
    assert.match(demo.out, /demo loaded: \d+ problems/);

    const weak = cli(
      ['user', 'add', '--username', 'li', '--name', '李明', '--org', '2', '--role', 'unit_admin', '--password', 'short'],
      env,
    );
    assert.equal(weak.code, 2);
    assert.match(weak.err, /password: 密码至少 8 位/);

    const imported = cli(['import', CLEAN, '--unit', '2', '--json'], env);
    assert.equal(imported.code, 0, imported.err);
    const r = JSON.parse(imported.out) as { inspectionId: number; problems: number };
    assert.ok(r.inspectionId > 0);
    assert.ok(r.problems >= 3);

    const again = cli(['import', CLEAN, '--unit', '2'], env);
    assert.equal(again.code, 1);
    assert.match(again.err, /已于.*导入/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
