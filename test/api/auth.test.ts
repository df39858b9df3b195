/**
 * Sessions, login lockout, CSRF, accounts (sysadmin) and the audit trail, over
 * real HTTP and a real database. The security numbers (5 failures, 30 min
 * lock, 30 min idle, 12 h absolute) are the configuration defaults; the clock
 * is moved instead of sleeping. The accounts are the factories': each test that
 * moves the clock logs in accounts of its own, because moving the clock idles
 * out every older session.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type TestApp, type Res } from '../helpers/app.js';
import { factories, TEST_PASSWORD, type Factories, type Unit, type TestUser } from '../helpers/factories.js';
import { sessionSchema, type AuditPage, type AuditVerify, type Session, type UserListItem } from '../helpers/shapes.js';

let t: TestApp;
let f: Factories;
let u1: Unit; // 工程建设处, 水资源管理处
let u2: Unit;
let auditorUser: TestUser;
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u1 = await f.unit({ name: '江城市水务局', departments: ['工程建设处', '水资源管理处'] });
  u2 = await f.unit({ name: '江城市文化和旅游局' });
  auditorUser = await f.user({ role: 'auditor', org: u1.office, displayName: '孙立' });
});
after(async () => {
  await t?.close();
});

const MIN = 60_000;
const CJK = /[\u4e00-\u9fff]/;
const dept1 = () => u1.handlers[0];
const as = (who: TestUser) => f.login(who);

/** A sysadmin account, made with the CLI's use case. */
function sysadmin() {
  return f.user({ role: 'sysadmin', org: u1.office, displayName: '系统管理员' }).then(as);
}

/** The session answer of login and /auth/me, checked against the shared schema. */
function session(r: Res<unknown>): Session {
  return expectOk(r, sessionSchema);
}

describe('authentication required', () => {
  test('requires authentication: every protected route answers 401 unauthorized', async () => {
    const anon = t.anon();
    for (const [method, path] of [
      ['GET', '/api/v1/auth/me'],
      ['POST', '/api/v1/auth/logout'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/verify'],
    ] as const) {
      const e = expectError(await anon.request(method, path, method === 'POST' ? {} : undefined), 401, 'unauthorized');
      assert.match(e.message, /请先登录/, `${method} ${path}`);
    }
  });

  test('a made-up session cookie is not a session', async () => {
    const c = t.anon();
    c.cookie = 'zg_session=not-a-real-token';
    expectError(await c.get('/api/v1/auth/me'), 401, 'unauthorized');
  });

  test("403 for the roles a route is not for; an account is never shown another unit's data", async () => {
    // users and audit are for the 三员; a unit's 整改办 and the office get 403, not the data
    for (const who of [u1.admin, u1.office.admin]) {
      const c = await as(who);
      for (const path of ['/api/v1/users', '/api/v1/audit']) expectError(await c.get(path), 403, 'forbidden');
    }
    // the one id these routes take from a unit user is a unit's (leaders of a unit): another unit's is 404
    const e = expectError(await (await as(u1.admin)).get(`/api/v1/units/${u2.id}/leaders`), 404, 'not_found');
    assert.match(e.message, /不存在或无权访问/);
    const me = session(await (await as(u1.admin)).get('/api/v1/auth/me'));
    assert.deepEqual(
      me.user.units.map((u) => u.id),
      [u1.id],
    );
  });
});

describe('login', () => {
  test('good password: 200, the user with roles and abilities, an httpOnly SameSite=Strict cookie and a CSRF token', async () => {
    const c = t.anon();
    const r = await c.post('/api/v1/auth/login', { username: u1.admin.username, password: TEST_PASSWORD });
    const s = session(r);
    assert.equal(s.user.username, u1.admin.username);
    assert.equal(s.user.displayName, u1.admin.displayName);
    assert.deepEqual(
      s.user.roles.map((x) => x.role),
      ['unit_admin'],
    );
    assert.equal(s.user.roles[0].orgName, '江城市水务局');
    assert.deepEqual(s.user.units, [{ id: u1.id, name: '江城市水务局' }]);
    assert.equal(s.user.abilities.viewLedger, true);
    assert.equal(s.user.abilities.createInspection, true);
    assert.equal(s.user.abilities.viewAudit, false);
    assert.equal(s.user.abilities.manageUsers, false);
    assert.ok(s.csrfToken.length >= 20);
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^zg_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(JSON.stringify(r.body), /password|hash/i, 'no secret in the answer');
  });

  test('wrong password: 401 with a Chinese message that does not say which part was wrong', async () => {
    const r = await t.anon().post('/api/v1/auth/login', { username: u2.leader.username, password: 'Wrong@2026' });
    assert.equal(expectError(r, 401, 'unauthorized').message, '用户名或密码错误');
    assert.equal(r.headers.get('set-cookie'), null);
  });

  test('unknown user: the same 401 as a wrong password (no user enumeration)', async () => {
    const r = await t.anon().post('/api/v1/auth/login', { username: 'nobody', password: TEST_PASSWORD });
    assert.equal(expectError(r, 401, 'unauthorized').message, '用户名或密码错误');
  });

  test('empty fields: 400 naming the field', async () => {
    const e = expectError(await t.anon().post('/api/v1/auth/login', { username: u1.admin.username, password: '' }), 400, 'bad_request');
    assert.ok(e.fields.includes('password'));
    assert.match(e.message, /password/);
    assert.match(e.message, CJK);
  });

  test('a non-JSON body (what a cross-site HTML form sends) is refused', async () => {
    const c = t.anon();
    const form = await c.request('POST', '/api/v1/auth/login', undefined, {
      raw: `username=${u1.admin.username}&password=${encodeURIComponent(TEST_PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.match(expectError(form, 415, 'unsupported_media').message, CJK);
    assert.equal(form.headers.get('set-cookie'), null, 'no session from a form post');
    const plain = await c.request('POST', '/api/v1/auth/login', undefined, {
      raw: JSON.stringify({ username: u1.admin.username, password: TEST_PASSWORD }),
      headers: { 'content-type': 'text/plain' },
    });
    assert.match(expectError(plain, 415).message, /JSON/, 'text/plain is a "simple" cross-site request too');
  });

  test('malformed JSON: 400 bad_request', async () => {
    const r = await t.anon().request('POST', '/api/v1/auth/login', undefined, {
      raw: `{"username": "${u1.admin.username}",`,
      headers: { 'content-type': 'application/json' },
    });
    assert.match(expectError(r, 400, 'bad_request').message, CJK);
  });

  test('lockout: 5 failures lock the account (423 even with the right password); it unlocks after 30 min', async () => {
    const victim = await f.user({ role: 'dept_handler', org: u1.depts[1] });
    const c = t.anon();
    for (let i = 1; i <= 5; i++) {
      const r = await c.post('/api/v1/auth/login', { username: victim.username, password: `Wrong@${i}` });
      assert.equal(r.status, 401, `failure ${i} is still a plain 401`);
    }
    const locked = expectError(await c.post('/api/v1/auth/login', { username: victim.username, password: TEST_PASSWORD }), 423, 'locked');
    assert.match(locked.message, /锁定/);
    assert.match(locked.message, /30 分钟/);

    t.clock.advance(29 * MIN);
    const still = expectError(await c.post('/api/v1/auth/login', { username: victim.username, password: TEST_PASSWORD }), 423);
    assert.match(still.message, /1 分钟/, 'still locked after 29 min');

    t.clock.advance(2 * MIN);
    // after the lock, one typo must not lock again at once: the count restarts
    const typo = await c.post('/api/v1/auth/login', { username: victim.username, password: 'Typo@2026' });
    assert.equal(typo.status, 401);
    const ok = await c.post('/api/v1/auth/login', { username: victim.username, password: TEST_PASSWORD });
    assert.equal(ok.status, 200);
    // a successful login clears the count
    const row = (
      await t.db.query<{ failed_logins: number; locked_until: Date | null }>(
        `SELECT failed_logins, locked_until FROM users WHERE id = $1`,
        [victim.id],
      )
    ).rows[0];
    assert.equal(row.failed_logins, 0);
    assert.equal(row.locked_until, null);
  });

  test('failures and successes are audited with their outcome', async () => {
    const who = u1.leader.username;
    await t.anon().post('/api/v1/auth/login', { username: who, password: 'Nope@2026' });
    const last = async () =>
      (
        await t.db.query<{ outcome: string; actor_name: string }>(
          `SELECT outcome, actor_name FROM audit_log WHERE action = 'auth.login' AND actor_name = $1 ORDER BY id DESC LIMIT 1`,
          [who],
        )
      ).rows;
    assert.deepEqual(await last(), [{ outcome: 'failure', actor_name: who }]);
    await as(u1.leader);
    assert.deepEqual(await last(), [{ outcome: 'success', actor_name: who }]);
  });
});

describe('session', () => {
  test('/auth/me returns the user and the same CSRF token as login', async () => {
    const c = await as(dept1());
    const s = session(await c.get('/api/v1/auth/me'));
    assert.equal(s.user.username, dept1().username);
    assert.equal(s.csrfToken, c.csrf);
    assert.deepEqual(
      s.user.roles.map((x) => [x.role, x.orgName]),
      [['dept_handler', '工程建设处']],
    );
    // a department handler belongs to its department's unit
    assert.deepEqual(
      s.user.units.map((u) => u.name),
      ['江城市水务局'],
    );
  });

  test('the office reads both units; the auditor reads none and may view the audit', async () => {
    const office = session(await (await as(u1.office.admin)).get('/api/v1/auth/me'));
    assert.deepEqual(
      office.user.units.map((u) => u.name),
      ['江城市水务局', '江城市文化和旅游局'],
    );
    const auditor = session(await (await as(auditorUser)).get('/api/v1/auth/me'));
    assert.deepEqual(auditor.user.units, []);
    assert.equal(auditor.user.abilities.viewLedger, false, '三员 do not read business data');
    assert.equal(auditor.user.abilities.viewAudit, true);
  });

  test('logout: 204, then the same cookie is refused (401)', async () => {
    const c = await as(u1.leader);
    const cookie = c.cookie;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    c.cookie = cookie; // replay the old cookie: the server must have dropped the session
    expectError(await c.get('/api/v1/auth/me'), 401, 'unauthorized');
  });

  test('idle expiry: activity within 30 min keeps the session, 31 idle minutes end it', async () => {
    const c = await as(u2.admin);
    t.clock.advance(20 * MIN);
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    t.clock.advance(20 * MIN); // 40 min after login, 20 after the last request
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'idle time counts from the last request');
    t.clock.advance(31 * MIN);
    const e = expectError(await c.get('/api/v1/auth/me'), 401, 'unauthorized');
    assert.match(e.message, /过期|登录/);
  });

  test('absolute expiry: an active session still ends after 12 hours', async () => {
    const c = await as(u2.leader);
    // a request every 25 minutes never idles out…
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      t.clock.advance(25 * MIN);
      assert.equal((await c.get('/api/v1/auth/me')).status, 200, `active at ${minutes} min`);
    }
    // …but 12 h after login it ends anyway
    t.clock.advance(25 * MIN);
    expectError(await c.get('/api/v1/auth/me'), 401);
  });
});

describe('CSRF', () => {
  test('a state-changing request without the x-csrf-token header: 403 csrf, nothing done', async () => {
    const c = await as(u1.admin);
    const e = expectError(await c.post('/api/v1/auth/logout', undefined, { csrf: false }), 403, 'csrf');
    assert.match(e.message, /CSRF/);
    assert.match(e.message, CJK);
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'the session survived: logout did not run');
  });

  test("a wrong token (e.g. another session's) is refused the same way, on every unsafe method", async () => {
    const a = await as(u1.admin);
    const b = await as(u1.admin);
    const p = await f.problem({ unit: u1 });
    a.csrf = b.csrf; // a valid token, but of another session
    for (const [method, path] of [
      ['POST', '/api/v1/inspections'],
      ['PATCH', `/api/v1/problems/${p.id}`],
      ['POST', '/api/v1/auth/logout'],
    ] as const) {
      expectError(await a.request(method, path, {}), 403, 'csrf');
    }
    a.csrf = 'x'; // wrong length must not throw inside the comparison
    expectError(await a.post('/api/v1/auth/logout'), 403, 'csrf');
  });

  test('GET needs no token', async () => {
    const c = await as(u1.admin);
    c.csrf = '';
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  });
});

describe('users (sysadmin)', () => {
  test('GET /users: 403 for business roles and the auditor, 200 for the sysadmin', async () => {
    for (const who of [u1.admin, u1.office.admin, dept1()]) {
      const e = expectError(await (await as(who)).get('/api/v1/users'), 403, 'forbidden');
      assert.match(e.message, /无权/, who.username);
    }
    const sys = await sysadmin();
    // the list pages (issue 12) and searches the account name
    const r = await sys.get<{ items: UserListItem[]; total: number }>(`/api/v1/users?q=${encodeURIComponent(dept1().username)}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.total >= 1 && r.body.items.every((u) => u.username.includes(dept1().username)));
    const listed = r.body.items.find((u) => u.username === dept1().username)!;
    assert.equal(listed.displayName, dept1().displayName);
    assert.deepEqual(
      listed.roles.map((x) => [x.role, x.orgName]),
      [['dept_handler', '工程建设处']],
    );
    assert.ok(
      r.body.items.every((u) => !('password_hash' in u) && !('passwordHash' in u)),
      'no hashes listed',
    );
    // 三员分立 (issue 13): the audit administrator reads the audit trail and nothing else
    assert.equal((await (await as(auditorUser)).get('/api/v1/users')).status, 403);
  });

  test('POST /users: 403 for a unit admin (only the sysadmin creates accounts)', async () => {
    const r = await (
      await as(u1.admin)
    ).post('/api/v1/users', { username: 'sneaky', displayName: '某某', password: 'Strong#Pass1', orgId: u1.id, role: 'unit_admin' });
    expectError(r, 403, 'forbidden');
    assert.equal((await t.db.query(`SELECT 1 FROM users WHERE username = 'sneaky'`)).rowCount, 0);
  });

  test('POST /users: 201, the new account can log in with its role', async () => {
    const sys = await sysadmin();
    const r = await sys.post<{ id: number }>('/api/v1/users', {
      username: 'leader3',
      displayName: '钱一鸣',
      password: 'Leader#2026x',
      orgId: u2.id,
      role: 'leader',
    });
    assert.equal(r.status, 201);
    assert.ok(Number.isInteger(r.body.id));
    const me = session(await (await t.login('leader3', 'Leader#2026x')).get('/api/v1/auth/me'));
    assert.deepEqual(
      me.user.roles.map((x) => [x.role, x.orgId]),
      [['leader', u2.id]],
    );
    const leaders = await (await as(u2.admin)).get<{ displayName: string }[]>(`/api/v1/units/${u2.id}/leaders`);
    assert.ok(leaders.body.some((l) => l.displayName === '钱一鸣'));
  });

  test('POST /users: a weak password is 400 naming the field, with the policy in Chinese', async () => {
    const sys = await sysadmin();
    const body = { username: 'weakling', displayName: '某某', orgId: u1.office.id, role: 'secadmin' };
    for (const password of ['short1!', 'alllowercaseletters', 'lowerand12345']) {
      const e = expectError(await sys.post('/api/v1/users', { ...body, password }), 400, 'bad_request');
      assert.ok(e.fields.includes('password'), JSON.stringify(e.details));
      assert.match(e.message, /密码/);
    }
    assert.equal((await t.db.query(`SELECT 1 FROM users WHERE username = 'weakling'`)).rowCount, 0);
  });

  test('POST /users: a duplicate username is 409 duplicate; a role in the wrong kind of org is 400 naming role', async () => {
    const sys = await sysadmin();
    const dup = expectError(
      await sys.post('/api/v1/users', {
        username: dept1().username,
        displayName: '重名',
        password: 'Strong#Pass1',
        orgId: u1.id,
        role: 'leader',
      }),
      409,
      'duplicate',
    );
    assert.match(dup.message, /已存在/);
    const mismatch = expectError(
      await sys.post('/api/v1/users', {
        username: 'misplaced',
        displayName: '某某',
        password: 'Strong#Pass1',
        orgId: u1.office.id,
        role: 'dept_handler',
      }),
      400,
    );
    assert.ok(mismatch.fields.includes('role'));
    const noOrg = expectError(
      await sys.post('/api/v1/users', {
        username: 'orphan',
        displayName: '某某',
        password: 'Strong#Pass1',
        orgId: 999999,
        role: 'secadmin',
      }),
      400,
    );
    assert.ok(noOrg.fields.includes('orgId'));
  });
});

describe('audit (auditor)', () => {
  test('GET /audit and /audit/verify: 403 for everyone but the auditor', async () => {
    for (const who of [u1.admin, u1.office.admin, u1.leader]) {
      const c = await as(who);
      for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
        const e = expectError(await c.get(path), 403, 'forbidden');
        assert.match(e.message, /审计日志/, `${who.username} ${path}`);
      }
    }
    const sys = await sysadmin();
    assert.equal((await sys.get('/api/v1/audit')).status, 403, 'separation of duties: the sysadmin does not read the audit');
  });

  test('GET /audit pages newest first with the hash chain, and filters by action prefix', async () => {
    const c = await as(auditorUser);
    const r = await c.get<AuditPage>('/api/v1/audit?pageSize=5');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 5);
    assert.equal(r.body.page, 1);
    assert.ok(r.body.total >= 5);
    const ids = r.body.items.map((x) => x.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    assert.match(r.body.items[0].hash, /^[0-9a-f]{64}$/);
    assert.equal(r.body.items[0].action, 'auth.login', "the auditor's own login is the newest row");
    const p2 = await c.get<AuditPage>('/api/v1/audit?pageSize=5&page=2');
    assert.equal(p2.body.items[0].id, ids[4] - 1);
    // the factories' accounts were made by the user use case, each with its audit row
    const created = await c.get<AuditPage>('/api/v1/audit?action=user.&pageSize=200');
    assert.ok(created.body.items.length >= 10);
    assert.ok(created.body.items.every((x) => x.action.startsWith('user.')));
    const bad = expectError(await c.get('/api/v1/audit?pageSize=0'), 400);
    assert.ok(bad.fields.includes('pageSize'));
  });

  test('/audit/verify: ok after writes, and it notices a tampered row', async () => {
    // some writes of different kinds first
    const unit = await as(u1.admin);
    assert.equal(
      (await unit.post('/api/v1/inspections', { unitId: u1.id, kind: '审计', title: '审计验证用轮次', body: '市审计局' })).status,
      200,
    );
    await f.problem({ unit: u1, status: 'closed' });
    await t.anon().post('/api/v1/auth/login', { username: u1.admin.username, password: 'bad' });
    const c = await as(auditorUser);
    const ok = await c.get<AuditVerify>('/api/v1/audit/verify');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ok, true);
    assert.equal(ok.body.brokenAt, null);
    const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    assert.equal(ok.body.rows, n);

    const victim = (
      await t.db.query<{ id: number; outcome: string }>(
        `SELECT id, outcome FROM audit_log WHERE action = 'inspection.create' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0];
    // the table itself refuses edits…
    await assert.rejects(t.db.query(`UPDATE audit_log SET outcome = 'failure' WHERE id = $1`, [victim.id]), /append-only/);
    // …and someone who gets past the trigger (a superuser) is caught by the chain
    const force = (outcome: string) =>
      t.db.tx(async (q) => {
        await q.query('ALTER TABLE audit_log DISABLE TRIGGER audit_append_only');
        await q.query('UPDATE audit_log SET outcome = $2 WHERE id = $1', [victim.id, outcome]);
        await q.query('ALTER TABLE audit_log ENABLE TRIGGER audit_append_only');
      });
    await force('failure');
    try {
      const broken = await c.get<AuditVerify>('/api/v1/audit/verify');
      assert.equal(broken.body.ok, false);
      assert.equal(broken.body.brokenAt, victim.id);
    } finally {
      await force(victim.outcome);
    }
    assert.equal((await c.get<AuditVerify>('/api/v1/audit/verify')).body.ok, true);
  });
});
