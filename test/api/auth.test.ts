/**
 * Sessions, login lockout, CSRF, accounts (sysadmin) and the audit trail, over
 * real HTTP and a real database. The security numbers (5 failures, 30 min
 * lock, 30 min idle, 12 h absolute) are the configuration defaults; the clock
 * is moved instead of sleeping. Each test logs its own accounts in, because
 * moving the clock idles out every older session.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../../src/server/modules/users/service.js';
import { DEMO_PASSWORD } from '../../src/server/demo/load.js';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(async () => { await t?.close(); });

const MIN = 60_000;
const CJK = /[\u4e00-\u9fff]/;

async function officeId(): Promise<number> {
  return (await t.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'office'`)).rows[0].id;
}
async function unitIdByName(name: string): Promise<number> {
  return (await t.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'unit' AND name = $1`, [name])).rows[0].id;
}

let sysSeq = 0;
/** A sysadmin account (the demo has none), made with the CLI's use case. */
async function sysadmin() {
  const username = `sys${++sysSeq}`;
  await createUser(t.db, t.clock, { id: null, name: 'test' }, { username, displayName: '系统管理员', password: 'Sys-Admin#2026', orgId: await officeId(), role: 'sysadmin' });
  return t.login(username, 'Sys-Admin#2026');
}

describe('authentication required', () => {
  test('requires authentication: every protected route answers 401 unauthorized', async () => {
    const anon = t.anon();
    for (const [method, path] of [
      ['GET', '/api/v1/auth/me'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/users'], ['POST', '/api/v1/users'],
      ['GET', '/api/v1/audit'], ['GET', '/api/v1/audit/verify'],
    ] as const) {
      const r = await anon.request(method, path, method === 'POST' ? {} : undefined);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.body.code, 'unauthorized');
      assert.match(r.body.message, /请先登录/);
    }
  });

  test('a made-up session cookie is not a session', async () => {
    const c = t.anon();
    c.cookie = 'zg_session=not-a-real-token';
    const r = await c.get('/api/v1/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'unauthorized');
  });
});

describe('login', () => {
  test('good password: 200, the user with roles and abilities, an httpOnly SameSite=Strict cookie and a CSRF token', async () => {
    const c = t.anon();
    const r = await c.post('/api/v1/auth/login', { username: 'unit', password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    assert.equal(r.body.user.username, 'unit');
    assert.equal(r.body.user.displayName, '刘志强');
    assert.deepEqual(r.body.user.roles.map((x: { role: string }) => x.role), ['unit_admin']);
    assert.equal(r.body.user.roles[0].orgName, '江城市水务局');
    assert.deepEqual(r.body.user.units, [{ id: await unitIdByName('江城市水务局'), name: '江城市水务局' }]);
    assert.equal(r.body.user.abilities.viewLedger, true);
    assert.equal(r.body.user.abilities.createInspection, true);
    assert.equal(r.body.user.abilities.viewAudit, false);
    assert.equal(r.body.user.abilities.manageUsers, false);
    assert.ok(typeof r.body.csrfToken === 'string' && r.body.csrfToken.length >= 20);
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^zg_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(JSON.stringify(r.body), /password|hash/i, 'no secret in the answer');
  });

  test('wrong password: 401 with a Chinese message that does not say which part was wrong', async () => {
    const r = await t.anon().post('/api/v1/auth/login', { username: 'leader2', password: 'Wrong@2026' });
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'unauthorized');
    assert.equal(r.body.message, '用户名或密码错误');
    assert.equal(r.headers.get('set-cookie'), null);
  });

  test('unknown user: the same 401 as a wrong password (no user enumeration)', async () => {
    const r = await t.anon().post('/api/v1/auth/login', { username: 'nobody', password: DEMO_PASSWORD });
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'unauthorized');
    assert.equal(r.body.message, '用户名或密码错误');
  });

  test('empty fields: 400 naming the field', async () => {
    const r = await t.anon().post('/api/v1/auth/login', { username: 'unit', password: '' });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'bad_request');
    assert.ok(r.body.details.some((d: { path: string }) => d.path === 'password'));
    assert.match(r.body.message, /password/);
    assert.match(r.body.message, CJK);
  });

  test('a non-JSON body (what a cross-site HTML form sends) is refused', async () => {
    const c = t.anon();
    const form = await c.request('POST', '/api/v1/auth/login', undefined, {
      raw: `username=unit&password=${encodeURIComponent(DEMO_PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.body.code, 'unsupported_media');
    assert.match(form.body.message, CJK);
    assert.equal(form.headers.get('set-cookie'), null, 'no session from a form post');
    const plain = await c.request('POST', '/api/v1/auth/login', undefined, { raw: JSON.stringify({ username: 'unit', password: DEMO_PASSWORD }), headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 415, 'text/plain is a "simple" cross-site request too');
    assert.match(plain.body.message, /JSON/);
  });

  test('malformed JSON: 400 bad_request', async () => {
    const r = await t.anon().request('POST', '/api/v1/auth/login', undefined, { raw: '{"username": "unit",', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'bad_request');
    assert.match(r.body.message, CJK);
  });

  test('lockout: 5 failures lock the account (423 even with the right password); it unlocks after 30 min', async () => {
    const c = t.anon();
    for (let i = 1; i <= 5; i++) {
      const r = await c.post('/api/v1/auth/login', { username: 'dept2', password: `Wrong@${i}` });
      assert.equal(r.status, 401, `failure ${i} is still a plain 401`);
    }
    const locked = await c.post('/api/v1/auth/login', { username: 'dept2', password: DEMO_PASSWORD });
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'locked');
    assert.match(locked.body.message, /锁定/);
    assert.match(locked.body.message, /30 分钟/);

    t.clock.advance(29 * MIN);
    const still = await c.post('/api/v1/auth/login', { username: 'dept2', password: DEMO_PASSWORD });
    assert.equal(still.status, 423, 'still locked after 29 min');
    assert.match(still.body.message, /1 分钟/);

    t.clock.advance(2 * MIN);
    // after the lock, one typo must not lock again at once: the count restarts
    const typo = await c.post('/api/v1/auth/login', { username: 'dept2', password: 'Typo@2026' });
    assert.equal(typo.status, 401);
    const ok = await c.post('/api/v1/auth/login', { username: 'dept2', password: DEMO_PASSWORD });
    assert.equal(ok.status, 200);
    // a successful login clears the count
    const row = (await t.db.query<{ failed_logins: number; locked_until: Date | null }>(`SELECT failed_logins, locked_until FROM users WHERE username = 'dept2'`)).rows[0];
    assert.equal(row.failed_logins, 0);
    assert.equal(row.locked_until, null);
  });

  test('failures and successes are audited with their outcome', async () => {
    await t.anon().post('/api/v1/auth/login', { username: 'leader', password: 'Nope@2026' });
    const rows = (await t.db.query<{ outcome: string; actor_name: string }>(`SELECT outcome, actor_name FROM audit_log WHERE action = 'auth.login' AND actor_name = 'leader' ORDER BY id DESC LIMIT 1`)).rows;
    assert.deepEqual(rows, [{ outcome: 'failure', actor_name: 'leader' }]);
  });
});

describe('session', () => {
  test('/auth/me returns the user and the same CSRF token as login', async () => {
    const c = await t.login('dept1');
    const r = await c.get('/api/v1/auth/me');
    assert.equal(r.status, 200);
    assert.equal(r.body.user.username, 'dept1');
    assert.equal(r.body.csrfToken, c.csrf);
    assert.deepEqual(r.body.user.roles.map((x: { role: string; orgName: string }) => [x.role, x.orgName]), [['dept_handler', '工程建设处']]);
    // a department handler belongs to its department's unit
    assert.deepEqual(r.body.user.units.map((u: { name: string }) => u.name), ['江城市水务局']);
  });

  test('the office reads both units; the auditor reads none and may view the audit', async () => {
    const office = await (await t.login('office')).get('/api/v1/auth/me');
    assert.deepEqual(office.body.user.units.map((u: { name: string }) => u.name), ['江城市水务局', '江城市文化和旅游局']);
    const auditor = await (await t.login('auditor')).get('/api/v1/auth/me');
    assert.deepEqual(auditor.body.user.units, []);
    assert.equal(auditor.body.user.abilities.viewLedger, false, '三员 do not read business data');
    assert.equal(auditor.body.user.abilities.viewAudit, true);
  });

  test('logout: 204, then the same cookie is refused (401)', async () => {
    const c = await t.login('leader');
    const cookie = c.cookie;
    const r = await c.post('/api/v1/auth/logout');
    assert.equal(r.status, 204);
    c.cookie = cookie; // replay the old cookie: the server must have dropped the session
    const me = await c.get('/api/v1/auth/me');
    assert.equal(me.status, 401);
    assert.equal(me.body.code, 'unauthorized');
  });

  test('idle expiry: activity within 30 min keeps the session, 31 idle minutes end it', async () => {
    const c = await t.login('unit2');
    t.clock.advance(20 * MIN);
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    t.clock.advance(20 * MIN); // 40 min after login, 20 after the last request
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'idle time counts from the last request');
    t.clock.advance(31 * MIN);
    const r = await c.get('/api/v1/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'unauthorized');
    assert.match(r.body.message, /过期|登录/);
  });

  test('absolute expiry: an active session still ends after 12 hours', async () => {
    const c = await t.login('leader2');
    let last = 0;
    // a request every 25 minutes never idles out…
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      t.clock.advance(25 * MIN);
      last = (await c.get('/api/v1/auth/me')).status;
      assert.equal(last, 200, `active at ${minutes} min`);
    }
    // …but 12 h after login it ends anyway
    t.clock.advance(25 * MIN);
    const r = await c.get('/api/v1/auth/me');
    assert.equal(r.status, 401);
  });
});

describe('CSRF', () => {
  test('a state-changing request without the x-csrf-token header: 403 csrf, nothing done', async () => {
    const c = await t.login('unit');
    const r = await c.post('/api/v1/auth/logout', undefined, { csrf: false });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'csrf');
    assert.match(r.body.message, /CSRF/);
    assert.match(r.body.message, CJK);
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'the session survived: logout did not run');
  });

  test('a wrong token (e.g. another session\'s) is refused the same way, on every unsafe method', async () => {
    const a = await t.login('unit');
    const b = await t.login('unit');
    a.csrf = b.csrf; // a valid token, but of another session
    for (const [method, path] of [['POST', '/api/v1/inspections'], ['PATCH', '/api/v1/problems/1'], ['POST', '/api/v1/auth/logout']] as const) {
      const r = await a.request(method, path, {});
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, 'csrf');
    }
    a.csrf = 'x'; // wrong length must not throw inside the comparison
    const r = await a.post('/api/v1/auth/logout');
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'csrf');
  });

  test('GET needs no token', async () => {
    const c = await t.login('unit');
    c.csrf = '';
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  });
});

describe('users (sysadmin)', () => {
  test('GET /users: 403 for business roles, 200 for the sysadmin and the auditor', async () => {
    for (const who of ['unit', 'office', 'dept1']) {
      const r = await (await t.login(who)).get('/api/v1/users');
      assert.equal(r.status, 403, who);
      assert.equal(r.body.code, 'forbidden');
      assert.match(r.body.message, /无权/);
    }
    const sys = await sysadmin();
    const r = await sys.get('/api/v1/users');
    assert.equal(r.status, 200);
    const dept1 = r.body.find((u: { username: string }) => u.username === 'dept1');
    assert.equal(dept1.displayName, '张伟');
    assert.deepEqual(dept1.roles.map((x: { role: string; orgName: string }) => [x.role, x.orgName]), [['dept_handler', '工程建设处']]);
    assert.ok(r.body.every((u: Record<string, unknown>) => !('password_hash' in u) && !('passwordHash' in u)), 'no hashes listed');
    assert.equal((await (await t.login('auditor')).get('/api/v1/users')).status, 200);
  });

  test('POST /users: 403 for a unit admin (only the sysadmin creates accounts)', async () => {
    const r = await (await t.login('unit')).post('/api/v1/users', { username: 'sneaky', displayName: '某某', password: 'Strong#Pass1', orgId: await unitIdByName('江城市水务局'), role: 'unit_admin' });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'forbidden');
    assert.equal((await t.db.query(`SELECT 1 FROM users WHERE username = 'sneaky'`)).rowCount, 0);
  });

  test('POST /users: 201, the new account can log in with its role', async () => {
    const sys = await sysadmin();
    const unitId = await unitIdByName('江城市文化和旅游局');
    const r = await sys.post('/api/v1/users', { username: 'leader3', displayName: '钱一鸣', password: 'Leader#2026x', orgId: unitId, role: 'leader' });
    assert.equal(r.status, 201);
    assert.ok(Number.isInteger(r.body.id));
    const me = await (await t.login('leader3', 'Leader#2026x')).get('/api/v1/auth/me');
    assert.deepEqual(me.body.user.roles.map((x: { role: string; orgId: number }) => [x.role, x.orgId]), [['leader', unitId]]);
    const leaders = await (await t.login('unit2')).get(`/api/v1/units/${unitId}/leaders`);
    assert.ok(leaders.body.some((l: { displayName: string }) => l.displayName === '钱一鸣'));
  });

  test('POST /users: a weak password is 400 naming the field, with the policy in Chinese', async () => {
    const sys = await sysadmin();
    const body = { username: 'weakling', displayName: '某某', orgId: await officeId(), role: 'secadmin' };
    for (const password of ['short1!', 'alllowercaseletters', 'lowerand12345']) {
      const r = await sys.post('/api/v1/users', { ...body, password });
      assert.equal(r.status, 400, password);
      assert.equal(r.body.code, 'bad_request');
      assert.ok(r.body.details.some((d: { path: string }) => d.path === 'password'), JSON.stringify(r.body.details));
      assert.match(r.body.message, /密码/);
    }
    assert.equal((await t.db.query(`SELECT 1 FROM users WHERE username = 'weakling'`)).rowCount, 0);
  });

  test('POST /users: a duplicate username is 409 duplicate; a role in the wrong kind of org is 400 naming role', async () => {
    const sys = await sysadmin();
    const dup = await sys.post('/api/v1/users', { username: 'dept1', displayName: '重名', password: 'Strong#Pass1', orgId: await officeId(), role: 'secadmin' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'duplicate');
    assert.match(dup.body.message, /已存在/);
    const mismatch = await sys.post('/api/v1/users', { username: 'misplaced', displayName: '某某', password: 'Strong#Pass1', orgId: await officeId(), role: 'dept_handler' });
    assert.equal(mismatch.status, 400);
    assert.ok(mismatch.body.details.some((d: { path: string }) => d.path === 'role'));
    const noOrg = await sys.post('/api/v1/users', { username: 'orphan', displayName: '某某', password: 'Strong#Pass1', orgId: 999999, role: 'secadmin' });
    assert.equal(noOrg.status, 400);
    assert.ok(noOrg.body.details.some((d: { path: string }) => d.path === 'orgId'));
  });
});

describe('audit (auditor)', () => {
  test('GET /audit and /audit/verify: 403 for everyone but the auditor', async () => {
    for (const who of ['unit', 'office', 'leader']) {
      const c = await t.login(who);
      for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
        const r = await c.get(path);
        assert.equal(r.status, 403, `${who} ${path}`);
        assert.equal(r.body.code, 'forbidden');
        assert.match(r.body.message, /审计日志/);
      }
    }
    const sys = await sysadmin();
    assert.equal((await sys.get('/api/v1/audit')).status, 403, 'separation of duties: the sysadmin does not read the audit');
  });

  test('GET /audit pages newest first with the hash chain, and filters by action prefix', async () => {
    const c = await t.login('auditor');
    const r = await c.get('/api/v1/audit?pageSize=5');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 5);
    assert.equal(r.body.page, 1);
    assert.ok(r.body.total >= 5);
    const ids = r.body.items.map((x: { id: number }) => x.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.match(r.body.items[0].hash, /^[0-9a-f]{64}$/);
    assert.equal(r.body.items[0].action, 'auth.login', 'the auditor\'s own login is the newest row');
    const p2 = await c.get('/api/v1/audit?pageSize=5&page=2');
    assert.equal(p2.body.items[0].id, ids[4] - 1);
    const demo = await c.get('/api/v1/audit?action=demo.');
    assert.ok(demo.body.items.length >= 1);
    assert.ok(demo.body.items.every((x: { action: string }) => x.action.startsWith('demo.')));
    const bad = await c.get('/api/v1/audit?pageSize=0');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.details.some((d: { path: string }) => d.path === 'pageSize'));
  });

  test('/audit/verify: ok after writes, and it notices a tampered row', async () => {
    // some writes of different kinds first
    const unit = await t.login('unit');
    const unitId = await unitIdByName('江城市水务局');
    assert.equal((await unit.post('/api/v1/inspections', { unitId, kind: '审计', title: '审计验证用轮次', body: '市审计局' })).status, 200);
    await t.anon().post('/api/v1/auth/login', { username: 'unit', password: 'bad' });
    const c = await t.login('auditor');
    const ok = await c.get('/api/v1/audit/verify');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ok, true);
    assert.equal(ok.body.brokenAt, null);
    const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    assert.equal(ok.body.rows, n);

    const victim = (await t.db.query<{ id: number; outcome: string }>(`SELECT id, outcome FROM audit_log WHERE action = 'inspection.create' ORDER BY id DESC LIMIT 1`)).rows[0];
    // the table itself refuses edits…
    await assert.rejects(t.db.query(`UPDATE audit_log SET outcome = 'failure' WHERE id = $1`, [victim.id]), /append-only/);
    // …and someone who gets past the trigger (a superuser) is caught by the chain
    const force = (outcome: string) => t.db.tx(async (q) => {
      await q.query('ALTER TABLE audit_log DISABLE TRIGGER audit_append_only');
      await q.query('UPDATE audit_log SET outcome = $2 WHERE id = $1', [victim.id, outcome]);
      await q.query('ALTER TABLE audit_log ENABLE TRIGGER audit_append_only');
    });
    await force('failure');
    try {
      const broken = await c.get('/api/v1/audit/verify');
      assert.equal(broken.body.ok, false);
      assert.equal(broken.body.brokenAt, victim.id);
    } finally {
      await force(victim.outcome);
    }
    assert.equal((await c.get('/api/v1/audit/verify')).body.ok, true);
  });
});
