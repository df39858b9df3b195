/**
 * `zhenggai notice` as scripts use it, against a temp data directory with the demo:
 * the current draft and a saved version as .docx (read back by the project's own
 * reader), exit 2 for bad arguments, exit 1 for an absent round or version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotice } from '../../src/domain/notice/index.js';

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('notice --inspection N --kind notice|report --out FILE.docx', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zg-cli-notice-'));
  const env = { DATA_DIR: dir, ZG_NOW: '2026-11-21T02:00:00.000Z' };
  try {
    assert.equal(cli(['demo'], env).code, 0);
    for (const kind of ['notice', 'report']) {
      const out = join(dir, `${kind}.docx`);
      const r = cli(['notice', '--inspection', '1', '--kind', kind, '--out', out], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\.docx: 江城市水务局关于市委第三巡察组巡察反馈意见整改(进展)?情况的(通报|报告) \(\d+ bytes, sm3 [0-9a-f]{64}\)/);
      const parsed = await readNotice({ bytes: readFileSync(out), filename: `${kind}.docx` });
      assert.equal(parsed.counts.problems, 36);
      assert.deepEqual(
        parsed.findings.filter((f) => f.severity === 'error'),
        [],
      );
      assert.equal(parsed.meta.title?.endsWith(kind === 'notice' ? '通报' : '报告'), true);
    }

    const bad = cli(['notice', '--inspection', '0x1', '--kind', 'memo', '--out', join(dir, 'x.pdf')], env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--inspection: /);
    assert.match(bad.err, /--kind: 文档类型应为/);
    assert.match(bad.err, /--out: 输出文件应以 \.docx 结尾/);
    const missing = cli(['notice', '--inspection', '999', '--kind', 'notice', '--out', join(dir, 'm.docx')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /该巡视巡察轮次不存在/);
    const noVersion = cli(['notice', '--inspection', '1', '--kind', 'notice', '--version', '3', '--out', join(dir, 'v.docx')], env);
    assert.equal(noVersion.code, 1);
    assert.match(noVersion.err, /第 3 版不存在/);
    assert.equal(existsSync(join(dir, 'v.docx')), false, 'nothing written on failure');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
