/**
 * Beyond one machine (issue 12 point 7): two real app server processes — the
 * `zhenggai serve` command, each in its own child process with its own data
 * directory, on 127.0.0.1 ephemeral ports — share one PostgreSQL database and
 * one S3-compatible object store (s3rver, started here). A session made by
 * signing in on one works on the other (sessions live in the database), and
 * ends on both when it is ended on one; a file uploaded through one downloads
 * through the other (files live in the object store); the portal's captcha
 * drawn by one is checked by the other; a scheduled job that two
 * runners tick for the same period at the same moment runs once (the lease in
 * scheduler_runs). PostgreSQL only: PGlite is one process's embedded database.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { Client, engine, expectOk } from '../helpers/app.js';
import { startS3, type S3Server } from '../helpers/s3-server.js';
import { DEMO_PASSWORD } from '../../src/server/demo/load.js';
import { rootDir } from '../../src/server/lib/paths.js';
import { sm3 } from '../../src/server/lib/sm3.js';
import { storageOf } from '../../src/server/storage/index.js';
import { deriveKey, readKeyFile } from '../../src/server/lib/crypto.js';
import { systemClock } from '../../src/server/lib/clock.js';
import { CaptchaGuard } from '../../src/server/modules/feedback/captcha.js';

const skip = engine !== 'postgres';
if (skip) console.log('two-processes: skipped on PGlite (two app servers share a PostgreSQL server; run with ZG_TEST_ENGINE=postgres)');

interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};

/** Runs the CLI (`node --import tsx src/cli/main.ts …`) in a child process with `env`. */
function cli(args: string[], env: Record<string, string>): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(rootDir(), 'src', 'cli', 'main.ts'), ...args], {
    cwd: rootDir(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  return proc;
}

/** Starts `zhenggai serve` and resolves once it prints the address it listens on. */
function serve(env: Record<string, string>): Promise<Child> {
  const proc = cli(['serve'], env);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ proc, url: m[1], output: () => out });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`serve exited ${code} before listening:\n${out}`)));
  });
}

/** Runs a command to its end: exit code and output. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = cli(args, env);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function login(base: string, username: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
  c.csrf = expectOk(r, z.object({ csrfToken: z.string() })).csrfToken;
  return c;
}

/** The same session (cookie and CSRF token) against another server. */
function sameSession(c: Client, base: string): Client {
  const other = new Client(base);
  other.cookie = c.cookie;
  other.csrf = c.csrf;
  return other;
}

const meSchema = z.object({ user: z.object({ username: z.string() }) }).loose();

describe('two app processes on one PostgreSQL', { skip }, () => {
  let s3: S3Server;
  let dbUrl: string;
  let dbName: string;
  let admin: pg.Client;
  let a: Child;
  let b: Child;
  let env: (dataDir: string) => Record<string, string>;
  let keyDir: string;

  before(async () => {
    s3 = await startS3();
    const adminUrl = process.env.ZG_TEST_PG_URL!;
    dbName = `zg_two_${process.pid}`;
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
    dbUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
    // the servers share the database, the object store and the keys (the audit chain is one chain); nothing else
    keyDir = tmp('zg-two-keys-');
    const bucket = `zg-two-${process.pid}`;
    env = (dataDir) => ({
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      KEY_DIR: keyDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // the scheduler is driven below, by two runners at one instant
      SCHEDULER: 'false',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...s3.env(bucket),
    });
    // the first migrates and loads the demo (and keys the audit chain); the second then joins the running system
    a = await serve(env(tmp('zg-two-a-')));
    b = await serve(env(tmp('zg-two-b-')));
  });

  after(async () => {
    for (const p of children) if (p.exitCode === null && p.pid) process.kill(p.pid, 'SIGTERM');
    await Promise.all(children.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    await s3?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('the servers are two processes on two ports', () => {
    assert.notEqual(a.proc.pid, b.proc.pid);
    assert.notEqual(a.url, b.url);
  });

  test('a session made on one server works on the other, and ends on both when it is ended on one', async () => {
    const onA = await login(a.url, 'unit');
    const onB = sameSession(onA, b.url);
    assert.equal(expectOk(await onB.get('/api/v1/auth/me'), meSchema).user.username, 'unit');
    // a state-changing request on B with the session and CSRF token made on A
    const other = await login(b.url, 'unit');
    assert.equal((await sameSession(other, a.url).get('/api/v1/auth/me')).status, 200);
    assert.equal((await sameSession(other, a.url).post('/api/v1/auth/logout')).status, 204);
    // B had not resolved that session within the actor cache's few seconds: the database's word holds at once
    assert.equal((await other.get('/api/v1/auth/me')).status, 401);
  });

  test('a file uploaded through one server downloads through the other', async () => {
    const onA = await login(a.url, 'unit');
    const appDb = new pg.Client({ connectionString: dbUrl });
    await appDb.connect();
    let problemId: number;
    try {
      problemId = (
        await appDb.query<{ id: number }>(
          `SELECT p.id FROM problems p
            WHERE p.status = 'in_progress' AND NOT EXISTS (SELECT 1 FROM problems c WHERE c.parent_id = p.id)
              AND p.unit_id IN (SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = 'unit')
            ORDER BY p.id LIMIT 1`,
        )
      ).rows[0].id;
    } finally {
      await appDb.end();
    }
    const bytes = Buffer.from(`两台服务器之间的佐证材料：${process.pid}，${a.url} → ${b.url}\n`.repeat(2000));
    const page = expectOk(
      await onA.upload(`/api/v1/problems/${problemId}/progress`, { text: '已召开专题会议研究整改，形成会议纪要（经服务器甲上传）。' }, [
        { name: '会议纪要.txt', bytes, type: 'text/plain' },
      ]),
      z.object({ progress: z.array(z.object({ evidence: z.array(z.object({ id: z.number() })) })) }).loose(),
    );
    const evidenceId = page.progress[0].evidence[0].id;
    const r = await sameSession(onA, b.url).get(`/api/v1/evidence/${evidenceId}`);
    assert.equal(r.status, 200);
    assert.ok(Buffer.isBuffer(r.body) || typeof r.body === 'string');
    const got = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body as string);
    assert.equal(sm3(got), sm3(bytes));
    assert.equal(r.headers.get('x-content-digest'), `sm3=${sm3(bytes)}`);
    // it is in the object store, not in either server's directory
    const store = storageOf({ dataDir: '/nonexistent', ...s3.config(`zg-two-${process.pid}`) });
    assert.equal((await store.stat(sm3(bytes)))?.size, bytes.length);
  });

  test('a captcha drawn by one server is checked by the other (its key comes from the shared audit key)', async () => {
    // the portal takes feedback for a unit that has published its notice: published through B
    const unit = await login(b.url, 'unit');
    const v = expectOk(
      await unit.post('/api/v1/inspections/1/documents/notice/versions', { note: '发布' }),
      z.object({ number: z.number() }).loose(),
    );
    expectOk(await unit.post('/api/v1/inspections/1/publications', { version: v.number }), z.object({ code: z.string() }).loose());
    const anon = new Client(a.url);
    const c = expectOk(await anon.get('/api/v1/public/captcha'), z.object({ token: z.string() }).loose());
    // the test holds the deployment's keys too: it solves the question the way a person reads it
    const key = deriveKey(readKeyFile(join(keyDir, 'audit.key'), { create: false }).key, 'feedback/captcha');
    const answer = new CaptchaGuard(systemClock, key).answerFor(c.token);
    assert.ok(answer !== null, 'the token is signed under the key derived from the audit key');
    const form = { unitId: 2, subject: '关于易涝点整治的建议', text: '建议公布易涝点的完工时间，并接受群众监督。' };
    const r = await new Client(b.url).post('/api/v1/public/feedback', { ...form, captchaToken: c.token, captchaAnswer: answer });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });

  test('a scheduled job ticked by two runners for the same period at the same moment runs once', async () => {
    const date = '2026-12-03';
    const tickEnv = env(tmp('zg-two-tick-'));
    const [one, two] = await Promise.all([
      run(['tick', '--date', date, '--json'], tickEnv),
      run(['tick', '--date', date, '--json'], tickEnv),
    ]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const reports = [one, two].map((x) => JSON.parse(x.stdout) as { evaluation: { ran: boolean; notifications: number } });
    assert.equal(reports.filter((x) => x.evaluation.ran).length, 1, JSON.stringify(reports.map((x) => x.evaluation)));
    const appDb = new pg.Client({ connectionString: dbUrl });
    await appDb.connect();
    try {
      const runs = (
        await appDb.query<{ status: string; attempts: number }>(
          `SELECT status, attempts FROM scheduler_runs WHERE job = 'evaluate' AND period = $1`,
          [date],
        )
      ).rows;
      assert.deepEqual(runs, [{ status: 'done', attempts: 1 }]);
      // the reminders of that date exist once: the winner's count, none from the other
      const winner = reports.find((x) => x.evaluation.ran)!;
      const loser = reports.find((x) => !x.evaluation.ran)!;
      assert.equal(loser.evaluation.notifications, 0);
      assert.ok(winner.evaluation.notifications >= 0);
    } finally {
      await appDb.end();
    }
    // a third pass (a server's own loop coming round) does nothing for that date either
    const again = await run(['tick', '--date', date, '--json'], tickEnv);
    assert.equal((JSON.parse(again.stdout) as { evaluation: { ran: boolean } }).evaluation.ran, false);
  });
});
