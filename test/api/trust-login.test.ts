/**
 * Passwords, sign-in and sessions (issue 13 points 2, 3, 5): the policy's
 * password rules, history, expiry and the change forced after an
 * administrator set a password; a locked account answering exactly like a
 * name that is no account; throttling per address; the TOTP second factor
 * with recovery codes; the concurrent-session limit and ending sessions; the
 * security policy's address ranges; `admin init`. Each event leaves its audit
 * row with who, from where and the outcome.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { startTestApp, expectError, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { factories, TEST_PASSWORD, type Factories, type TestUser, type Unit } from '../helpers/factories.js';
import {
  mfaSetupSchema,
  recoveryCodesSchema,
  securityPolicySchema,
  sessionListSchema,
  sessionSchema,
  type Session,
} from '../../src/domain/schemas/index.js';
import { securityRepo } from '../../src/server/modules/security/repository.js';
import { policyDefaults } from '../../src/server/modules/security/service.js';
import { adminInit } from '../../src/cli/trust.js';
import { COMMON_PASSWORD_COUNT } from '../../src/server/modules/security/passwords.js';

const MIN = 60_000;
const DAY = 86_400_000;
const MFA_ROLES = 'sysadmin,secadmin,auditor,office_admin';

let t: TestApp;
let f: Factories;
let u: Unit;
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
});
after(async () => {
  await t?.close();
});

const me = async (c: Client): Promise<Session> => expectOk(await c.get('/api/v1/auth/me'), sessionSchema);
const audit = async (app: TestApp, action: string, actorName: string) =>
  (
    await app.db.query<{ outcome: string; ip: string | null; detail: Record<string, unknown> | null; actor_id: number | null }>(
      'SELECT outcome, ip, detail, actor_id FROM audit_log WHERE action = $1 AND actor_name = $2 ORDER BY id',
      [action, actorName],
    )
  ).rows;

describe('passwords', () => {
  test(`refused: "Password1", the username, the name in pinyin (400 on newPassword); list of ${COMMON_PASSWORD_COUNT}`, async () => {
    assert.ok(COMMON_PASSWORD_COUNT >= 10_000);
    const who = await f.user({ role: 'dept_handler', org: u.depts[0], username: 'zhoujian', displayName: '王海燕' });
    const c = await f.login(who);
    for (const [pw, why] of [
      ['Password1', /常见/],
      ['Password1!', /常见/],
      ['x-Zhoujian-2026', /用户名/],
      ['Wanghaiyan@2026', /拼音/],
      ['2026#HaiyanW', /拼音/],
      ['Ab1!', /至少 8 位/],
      ['alllowercase1', /至少 3 类/],
    ] as const) {
      const e = expectError(await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: pw }), 400, 'bad_request');
      assert.ok(e.fields.includes('newPassword'), pw);
      assert.match(e.message, why, pw);
    }
    // an ordinary strong password passes
    const ok = await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Kingfisher#2026' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('the last 5 passwords may not come back; a wrong current password is refused and counted', async () => {
    const who = await f.user({ role: 'dept_handler', org: u.depts[0] });
    const c = await f.login(who);
    const seq = ['Heron#2026aa', 'Egret#2026bb', 'Crane#2026cc', 'Ibis#2026ddd'];
    let current = TEST_PASSWORD;
    for (const next of seq) {
      assert.equal((await c.post('/api/v1/auth/password', { currentPassword: current, newPassword: next })).status, 200);
      current = next;
    }
    for (const old of [TEST_PASSWORD, ...seq]) {
      const e = expectError(await c.post('/api/v1/auth/password', { currentPassword: current, newPassword: old }), 400);
      assert.match(e.message, /最近 5 次/, old);
    }
    const wrong = expectError(
      await c.post('/api/v1/auth/password', { currentPassword: 'Not#Mine2026', newPassword: 'Plover#2026ee' }),
      400,
    );
    assert.deepEqual(wrong.fields, ['currentPassword']);
    const rows = await audit(t, 'auth.password_change', who.username);
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['success', 'success', 'success', 'success', 'failure'],
    );
    assert.equal(
      (await t.db.query<{ failed_logins: number }>('SELECT failed_logins FROM users WHERE id = $1', [who.id])).rows[0].failed_logins,
      1,
    );
  });

  test('an account made by the system administrator must change its password first (403 step_required elsewhere)', async () => {
    const sys = await f.login(await f.user({ role: 'sysadmin', org: u.office }));
    const made = await sys.post<{ id: number }>('/api/v1/users', {
      username: 'newcomer',
      displayName: '新同志',
      password: 'Initial#2026x',
      orgId: u.id,
      role: 'leader',
    });
    assert.equal(made.status, 201);
    const c = await t.login('newcomer', 'Initial#2026x');
    assert.equal((await me(c)).user.step, 'password');
    const e = expectError(await c.get('/api/v1/inspections'), 403, 'step_required');
    assert.deepEqual(e.details, { step: 'password' });
    assert.match(e.message, /请先修改密码/);
    const changed = await c.post<{ user: { step: string | null } }>('/api/v1/auth/password', {
      currentPassword: 'Initial#2026x',
      newPassword: 'Changed#2026y',
    });
    assert.equal(changed.status, 200);
    // the answer is the session after the change (the web leaves the step page on it, without asking again)
    assert.equal(changed.body.user.step, null);
    assert.equal((await me(c)).user.step, null);
    assert.equal((await c.get('/api/v1/inspections')).status, 200);
    // a reset by the system administrator: the sessions end, the next sign-in must change it again
    assert.equal((await sys.post(`/api/v1/users/${made.body.id}/password`, { password: 'Again#2026zz' })).status, 200);
    expectError(await c.get('/api/v1/auth/me'), 401);
    assert.equal((await me(await t.login('newcomer', 'Again#2026zz'))).user.step, 'password');
    assert.deepEqual(
      (await audit(t, 'user.password_reset', (await me(sys)).user.username)).map((r) => r.outcome),
      ['success'],
    );
  });

  test('a password older than 90 days must be changed at the next sign-in (audited as expired)', async () => {
    const who = await f.user({ role: 'dept_handler', org: u.depts[1] });
    const start = t.clock.now();
    try {
      t.clock.advance(91 * DAY);
      const c = await f.login(who);
      const s = await me(c);
      assert.equal(s.user.step, 'password');
      assert.ok(s.user.renewBy && Date.parse(s.user.renewBy) <= t.clock.now().getTime());
      const rows = await audit(t, 'auth.password_expired', who.username);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].detail?.maxAgeDays, 90);
      assert.equal((await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Osprey#2026ab' })).status, 200);
      assert.equal((await me(c)).user.step, null);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('a locked account answers exactly like a name that is no account', () => {
  test('the same status and body at every attempt, and a similar time (one argon2 verification each)', async () => {
    const real = await f.user({ role: 'dept_handler', org: u.depts[2] });
    const ghost = 'nobody_at_all';
    const attempt = async (username: string, password: string) => {
      const t0 = performance.now();
      const r = await t.anon().post('/api/v1/auth/login', { username, password });
      return { status: r.status, body: r.body, ms: performance.now() - t0 };
    };
    for (let i = 1; i <= 5; i++) {
      const a = await attempt(real.username, `Wrong#${i}abcd`);
      const b = await attempt(ghost, `Wrong#${i}abcd`);
      assert.deepEqual([a.status, a.body], [b.status, b.body], `failure ${i}`);
      assert.equal(a.status, 401);
    }
    // locked now, both: even the right password gets the lock's answer
    const times: { real: number[]; ghost: number[] } = { real: [], ghost: [] };
    for (let i = 0; i < 5; i++) {
      const a = await attempt(real.username, TEST_PASSWORD);
      const b = await attempt(ghost, TEST_PASSWORD);
      assert.deepEqual([a.status, a.body], [b.status, b.body]);
      assert.equal(a.status, 423);
      times.real.push(a.ms);
      times.ghost.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ratio = median(times.real) / median(times.ghost);
    assert.ok(ratio > 0.4 && ratio < 2.5, `locked ${median(times.real).toFixed(1)} ms vs no account ${median(times.ghost).toFixed(1)} ms`);
    const locks = await audit(t, 'auth.lockout', real.username);
    assert.equal(locks.length, 1);
    assert.equal(locks[0].ip, '127.0.0.1');
    // the system administrator unlocks it
    const sys = await f.login(await f.user({ role: 'sysadmin', org: u.office }));
    assert.equal((await sys.post(`/api/v1/users/${real.id}/unlock`)).status, 200);
    assert.equal((await attempt(real.username, TEST_PASSWORD)).status, 200);
  });

  test('throttling per address: too many failures from one address make it wait, whatever the name (429)', async () => {
    const app = await startTestApp({ LOGIN_ADDRESS_MAX_FAILURES: 5, LOGIN_ADDRESS_WINDOW_MINUTES: 10 }, { demo: false });
    try {
      const g = factories(app);
      const who = await g.user({ role: 'leader', org: await g.unit() });
      for (let i = 0; i < 5; i++)
        assert.equal((await app.anon().post('/api/v1/auth/login', { username: `guess${i}`, password: 'Guess#2026xx' })).status, 401);
      const e = expectError(
        await app.anon().post('/api/v1/auth/login', { username: who.username, password: TEST_PASSWORD }),
        429,
        'rate_limited',
      );
      assert.match(e.message, /该地址登录失败次数过多/);
      assert.equal((await audit(app, 'auth.address_lockout', 'guess4')).length, 1);
      app.clock.advance(11 * MIN);
      assert.equal((await app.anon().post('/api/v1/auth/login', { username: who.username, password: TEST_PASSWORD })).status, 200);
    } finally {
      await app.close();
    }
  });
});

describe('the second factor (TOTP)', () => {
  let app: TestApp;
  let g: Factories;
  let office: TestUser;
  let secret = '';
  const code = (s = secret, at = app.clock.now()) => generate({ secret: s, epoch: Math.floor(at.getTime() / 1000) });

  before(async () => {
    app = await startTestApp({ MFA_REQUIRED_ROLES: MFA_ROLES }, { demo: false });
    g = factories(app);
    office = (await g.unit()).office.admin;
  });
  after(async () => {
    await app?.close();
  });

  test('mandatory for the office: the first sign-in must bind an authenticator before anything else', async () => {
    const c = await g.login(office);
    const s = await me(c);
    assert.equal(s.user.step, 'mfa_enrol');
    assert.deepEqual(s.user.mfa, { enabled: false, required: true });
    expectError(await c.get('/api/v1/inspections'), 403, 'step_required');
    const setup = expectOk(await c.post('/api/v1/auth/mfa/setup'), mfaSetupSchema);
    secret = setup.secret;
    assert.match(setup.uri, /^otpauth:\/\/totp\//);
    assert.match(setup.qr, /^data:image\/svg\+xml;base64,/);
    const wrong = expectError(
      await c.post('/api/v1/auth/mfa/enable', { code: (Number(await code()) + 1).toString().padStart(6, '0').slice(-6) }),
      400,
    );
    assert.deepEqual(wrong.fields, ['code']);
    const codes = expectOk(await c.post('/api/v1/auth/mfa/enable', { code: await code() }), recoveryCodesSchema).recoveryCodes;
    assert.equal(codes.length, 10);
    assert.ok(codes.every((x) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(x)));
    assert.equal((await me(c)).user.step, null);
    assert.equal((await c.get('/api/v1/inspections')).status, 200);
    const secretRow = (await app.db.query<{ totp_secret: string }>('SELECT totp_secret FROM users WHERE id = $1', [office.id])).rows[0]
      .totp_secret;
    assert.ok(secretRow.startsWith('zgf1.') && !secretRow.includes(secret), 'the secret is stored SM4-encrypted');
    assert.deepEqual(
      (await audit(app, 'auth.mfa_enrol', office.username)).map((r) => r.outcome),
      ['failure', 'success'],
    );
    (globalThis as { recovery?: string[] }).recovery = codes;
  });

  test('each sign-in then asks for a code; a code is good once; a recovery code once', async () => {
    app.clock.advance(60_000); // a new 30-second step
    let c = await g.login(office);
    assert.equal((await me(c)).user.step, 'mfa');
    expectError(await c.get('/api/v1/inspections'), 403, 'step_required');
    const bad = expectError(await c.post('/api/v1/auth/mfa/verify', { code: '000000' }), 400);
    assert.deepEqual(bad.fields, ['code']);
    const good = await code();
    const answer = await c.post<{ user: { step: string | null } }>('/api/v1/auth/mfa/verify', { code: good });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.user.step, null, 'the answer is the session with the step done');
    assert.equal((await me(c)).user.step, null);
    // the same code again, in another sign-in within the same step: a replay
    c = await g.login(office);
    expectError(await c.post('/api/v1/auth/mfa/verify', { code: good }), 400);
    const recovery = (globalThis as { recovery?: string[] }).recovery!;
    assert.equal((await c.post('/api/v1/auth/mfa/verify', { recoveryCode: recovery[0] })).status, 200);
    c = await g.login(office);
    expectError(await c.post('/api/v1/auth/mfa/verify', { recoveryCode: recovery[0] }), 400);
    expectError(await c.post('/api/v1/auth/mfa/verify', {}), 400);
    assert.equal((await c.post('/api/v1/auth/mfa/verify', { recoveryCode: recovery[1].toLowerCase().replace('-', '') })).status, 200);
    const verified = await audit(app, 'auth.mfa_verify', office.username);
    assert.deepEqual(
      verified.map((r) => [r.outcome, r.detail?.method]),
      [
        ['failure', 'totp'],
        ['success', 'totp'],
        ['failure', 'totp'],
        ['success', 'recovery code'],
        ['failure', 'recovery code'],
        ['success', 'recovery code'],
      ],
    );
  });

  test('wrong codes count as failed sign-ins: at 5 the account locks and the half-open session ends', async () => {
    const c = await g.login(office);
    for (let i = 0; i < 4; i++) expectError(await c.post('/api/v1/auth/mfa/verify', { code: '000000' }), 400);
    expectError(await c.post('/api/v1/auth/mfa/verify', { code: '000000' }), 423, 'locked');
    expectError(await c.get('/api/v1/auth/me'), 401);
    expectError(await app.anon().post('/api/v1/auth/login', { username: office.username, password: TEST_PASSWORD }), 423);
    assert.equal((await audit(app, 'auth.lockout', office.username)).length, 1);
    app.clock.advance(31 * MIN);
  });

  test('optional for others: bound and unbound with the password; the office cannot unbind (required)', async () => {
    const unitAdmin = (await g.unit()).admin;
    const c = await g.login(unitAdmin);
    assert.deepEqual((await me(c)).user.mfa, { enabled: false, required: false });
    assert.equal((await me(c)).user.step, null);
    const s = expectOk(await c.post('/api/v1/auth/mfa/setup'), mfaSetupSchema);
    expectOk(await c.post('/api/v1/auth/mfa/enable', { code: await code(s.secret) }), recoveryCodesSchema);
    expectError(await c.post('/api/v1/auth/mfa/disable', { password: 'Wrong#2026xx' }), 400);
    assert.equal((await c.post('/api/v1/auth/mfa/disable', { password: TEST_PASSWORD })).status, 200);
    assert.equal((await me(c)).user.mfa.enabled, false);
    app.clock.advance(60_000);
    const o = await g.login(office);
    await o.post('/api/v1/auth/mfa/verify', { code: await code() });
    const e = expectError(await o.post('/api/v1/auth/mfa/disable', { password: TEST_PASSWORD }), 409);
    assert.match(e.message, /安全策略要求/);
  });

  test('the security administrator resets a lost authenticator: the account must bind again', async () => {
    const sec = await g.user({
      role: 'secadmin',
      org: { id: (await app.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'office' LIMIT 1`)).rows[0].id, name: '' },
    });
    const sc = await g.login(sec);
    assert.equal((await me(sc)).user.step, 'mfa_enrol', 'the security administrator must bind one too');
    const s = expectOk(await sc.post('/api/v1/auth/mfa/setup'), mfaSetupSchema);
    expectOk(await sc.post('/api/v1/auth/mfa/enable', { code: await code(s.secret) }), recoveryCodesSchema);
    assert.equal((await sc.post(`/api/v1/users/${office.id}/mfa/reset`)).status, 200);
    const c = await g.login(office);
    assert.equal((await me(c)).user.step, 'mfa_enrol');
    assert.equal((await audit(app, 'security.mfa_reset', sec.username)).length, 1);
  });

  test('admin init: three administrators with one-time passwords, changed at the first sign-in, then the second factor', async () => {
    // a fresh installation: no organisation, no account
    const fresh = await startTestApp({ MFA_REQUIRED_ROLES: MFA_ROLES }, { demo: false });
    try {
      const made = await adminInit(fresh.db, fresh.config, fresh.clock, { office: '市委巡察办' });
      assert.deepEqual(
        made.map((m) => [m.username, m.role]),
        [
          ['sysadmin', 'sysadmin'],
          ['secadmin', 'secadmin'],
          ['auditor', 'auditor'],
        ],
      );
      for (const m of made) {
        assert.ok(m.password.length >= 16);
        const c = await fresh.login(m.username, m.password);
        assert.equal((await me(c)).user.step, 'password', m.username);
        assert.equal(
          (await c.post('/api/v1/auth/password', { currentPassword: m.password, newPassword: `Tern#2026q${m.password.slice(0, 3)}` }))
            .status,
          200,
        );
        assert.equal((await me(c)).user.step, 'mfa_enrol', m.username);
      }
      await assert.rejects(adminInit(fresh.db, fresh.config, fresh.clock, { office: '市委巡察办' }), /exist already/);
      assert.equal((await fresh.db.query(`SELECT 1 FROM audit_log WHERE action = 'admin.init'`)).rowCount, 1);
      assert.deepEqual((await fresh.db.query<{ name: string }>(`SELECT name FROM organizations`)).rows, [{ name: '市委巡察办' }]);
    } finally {
      await fresh.close();
    }
  });
});

describe('sessions', () => {
  let sec: Client;
  before(async () => {
    sec = await f.login(await f.user({ role: 'secadmin', org: u.office }));
  });

  test('the security administrator sets the policy: at most 2 sessions; a third sign-in ends the oldest (audited)', async () => {
    const current = expectOk(await sec.get('/api/v1/security/policy'), securityPolicySchema);
    const { source: _s, updatedAt: _u, updatedBy: _b, ...body } = current;
    const saved = expectOk(await sec.put('/api/v1/security/policy', { ...body, maxSessions: 2 }), securityPolicySchema);
    assert.equal(saved.maxSessions, 2);
    assert.equal(saved.source, 'saved');
    const change = (
      await t.db.query<{ detail: { changed: Record<string, { from: unknown; to: unknown }> } }>(
        `SELECT detail FROM audit_log WHERE action = 'security.policy_change' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0].detail;
    assert.deepEqual(change.changed, { maxSessions: { from: 100, to: 2 } });

    const who = await f.user({ role: 'leader', org: u });
    const c1 = await f.login(who);
    const c2 = await f.login(who);
    const c3 = await f.login(who);
    expectError(await c1.get('/api/v1/auth/me'), 401);
    assert.equal((await c2.get('/api/v1/auth/me')).status, 200);
    const ended = await audit(t, 'auth.session_end', who.username);
    assert.equal(ended.length, 1);
    assert.equal(ended[0].detail?.reason, 'session limit');

    // one's own sessions: listed, the current one marked, another ended; someone else's is absent (404)
    const mine = expectOk(await c3.get('/api/v1/auth/sessions'), sessionListSchema);
    assert.equal(mine.length, 2);
    assert.equal(mine.filter((x) => x.current).length, 1);
    const other = mine.find((x) => !x.current)!;
    assert.equal((await c3.post(`/api/v1/auth/sessions/${other.id}/logout`)).status, 200);
    expectError(await c2.get('/api/v1/auth/me'), 401);
    const stranger = await f.login(await f.user({ role: 'leader', org: u }));
    expectError(await stranger.post(`/api/v1/auth/sessions/${mine.find((x) => x.current)!.id}/logout`), 404);

    // the security administrator sees everyone's and ends one
    const all = expectOk(await sec.get('/api/v1/security/sessions'), sessionListSchema);
    const target = all.find((x) => x.user.username === who.username)!;
    assert.equal((await sec.post(`/api/v1/security/sessions/${target.id}/logout`)).status, 200);
    expectError(await c3.get('/api/v1/auth/me'), 401);
    const byAdmin = (
      await t.db.query<{ actor_name: string; detail: { user: string } }>(
        `SELECT actor_name, detail FROM audit_log WHERE action = 'security.session_end'`,
      )
    ).rows;
    assert.deepEqual(
      byAdmin.map((r) => [r.actor_name, r.detail.user]),
      [[(await me(sec)).user.username, who.username]],
    );
    await sec.put('/api/v1/security/policy', { ...body, maxSessions: 100 });
  });

  test('address ranges: a bad one is 400 naming it; the saver stays inside; administrators outside theirs are refused', async () => {
    const { source: _s, updatedAt: _u, updatedBy: _b, ...body } = expectOk(await sec.get('/api/v1/security/policy'), securityPolicySchema);
    let e = expectError(await sec.put('/api/v1/security/policy', { ...body, allowedRanges: ['10.0.0.0/33'] }), 400);
    assert.ok(
      e.fields.some((x) => x.startsWith('allowedRanges')),
      JSON.stringify(e.details),
    );
    e = expectError(await sec.put('/api/v1/security/policy', { ...body, adminRanges: ['10.0.0.0/8'] }), 400);
    assert.match(e.message, /不在所设范围内/);
    // set behind the API (as if saved from another address): administrators from 127.0.0.1 are refused, others not
    await securityRepo.savePolicy(
      t.db,
      { ...policyDefaults(t.config), maxSessions: 100, adminRanges: ['10.0.0.0/8'] },
      null,
      t.clock.now(),
    );
    const start = t.clock.now();
    t.clock.advance(10_000); // past the policy cache
    try {
      const admin = await f.user({ role: 'sysadmin', org: u.office });
      const r = await t.anon().post('/api/v1/auth/login', { username: admin.username, password: TEST_PASSWORD });
      assert.match(expectError(r, 403).message, /不允许管理员从该地址登录/);
      assert.equal((await t.anon().post('/api/v1/auth/login', { username: u.leader.username, password: TEST_PASSWORD })).status, 200);
    } finally {
      await securityRepo.savePolicy(t.db, { ...policyDefaults(t.config), maxSessions: 100 }, null, t.clock.now());
      t.clock.set(start);
    }
  });
});
