/**
 * 三员分立 (issue 13 point 1): every administration route × the three
 * administrators × the business roles. Each route is asked first by everyone
 * it is not for (403, nothing changes), then by the one it is for (2xx). The
 * separations the issue names are tested one by one after the matrix; the
 * demo's accounts are the demo's own (sysadmin, secadmin, auditor added).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type TestApp, type Client, type Res } from '../helpers/app.js';
import { factories, TEST_PASSWORD, type Factories, type TestUser } from '../helpers/factories.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/server/demo/load.js';
import { sessionSchema, userListSchema, userSummarySchema, type UserSummary } from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
const who: Record<string, Client> = {};
const ROLES = ['sysadmin', 'secadmin', 'auditor', 'office', 'unit', 'leader', 'dept1', 'inspector'] as const;
type Who = (typeof ROLES)[number];
let unitId: number;
let officeId: number;
let inspector: TestUser;

async function userId(username: string): Promise<number> {
  return (await t.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0].id;
}

/** A fresh business account to act on (one per route, so each route starts from the same state). */
async function target(): Promise<TestUser> {
  return f.user({
    role: 'dept_handler',
    org: {
      id: (await t.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'department' ORDER BY id LIMIT 1`)).rows[0].id,
      name: '部门',
    },
  });
}

before(async () => {
  t = await startTestApp({}, { demo: true });
  f = factories(t);
  unitId = (await t.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'unit' ORDER BY id LIMIT 1`)).rows[0].id;
  officeId = (await t.db.query<{ id: number }>(`SELECT id FROM organizations WHERE kind = 'office' ORDER BY id LIMIT 1`)).rows[0].id;
  inspector = await f.user({ role: 'inspector', org: { id: unitId, name: '单位' } });
  for (const w of ROLES) who[w] = w === 'inspector' ? await f.login(inspector) : await t.login(w);
});
after(async () => {
  await t?.close();
});

interface Route {
  name: string;
  /** Who may: everyone else gets 403. */
  allowed: Who[];
  /** The request; `fresh` is a new account made for this route. */
  send: (c: Client, fresh: TestUser) => Promise<Res<unknown>>;
}

const ROUTES: Route[] = [
  { name: 'GET /users', allowed: ['sysadmin', 'secadmin'], send: (c) => c.get('/api/v1/users') },
  {
    name: 'POST /users (unit role)',
    allowed: ['sysadmin'],
    send: (c) =>
      c.post('/api/v1/users', {
        username: `made_${Math.random().toString(36).slice(2, 8)}`,
        displayName: '新同志',
        password: 'Made#2026xyz',
        orgId: unitId,
        role: 'leader',
      }),
  },
  {
    name: 'POST /users (an auditor)',
    allowed: [],
    send: (c) =>
      c.post('/api/v1/users', {
        username: `aud_${Math.random().toString(36).slice(2, 8)}`,
        displayName: '审计员',
        password: 'Made#2026xyz',
        orgId: officeId,
        role: 'auditor',
      }),
  },
  {
    name: 'POST /users (an office account)',
    allowed: [],
    send: (c) =>
      c.post('/api/v1/users', {
        username: `off_${Math.random().toString(36).slice(2, 8)}`,
        displayName: '巡察员',
        password: 'Made#2026xyz',
        orgId: officeId,
        role: 'office_admin',
      }),
  },
  { name: 'PATCH /users/:id', allowed: ['sysadmin'], send: (c, u) => c.patch(`/api/v1/users/${u.id}`, { displayName: '改名后' }) },
  {
    name: 'POST /users/:id/password',
    allowed: ['sysadmin'],
    send: (c, u) => c.post(`/api/v1/users/${u.id}/password`, { password: 'Reset#2026abc' }),
  },
  { name: 'POST /users/:id/unlock', allowed: ['sysadmin'], send: (c, u) => c.post(`/api/v1/users/${u.id}/unlock`) },
  {
    name: 'POST /users/:id/roles',
    allowed: ['secadmin'],
    send: (c, u) => c.post(`/api/v1/users/${u.id}/roles`, { role: 'leader', orgId: unitId }),
  },
  {
    name: 'POST /users/:id/roles/revoke',
    allowed: ['secadmin'],
    send: async (c, u) => c.post(`/api/v1/users/${u.id}/roles/revoke`, { role: 'dept_handler', orgId: u.orgId }),
  },
  { name: 'POST /users/:id/mfa/reset', allowed: ['secadmin'], send: (c, u) => c.post(`/api/v1/users/${u.id}/mfa/reset`) },
  { name: 'GET /admin/orgs', allowed: ['sysadmin', 'secadmin'], send: (c) => c.get('/api/v1/admin/orgs') },
  {
    name: 'POST /admin/orgs',
    allowed: ['sysadmin'],
    send: (c) =>
      c.post('/api/v1/admin/orgs', { kind: 'department', parentId: unitId, name: `新处室${Math.random().toString(36).slice(2, 6)}` }),
  },
  { name: 'POST /admin/backup', allowed: ['sysadmin'], send: (c) => c.post('/api/v1/admin/backup') },
  { name: 'GET /security/policy', allowed: ['secadmin'], send: (c) => c.get('/api/v1/security/policy') },
  {
    name: 'PUT /security/policy',
    allowed: ['secadmin'],
    send: async (c) => {
      const current = (await t.login('secadmin')).get<Record<string, unknown>>('/api/v1/security/policy');
      const { source: _s, updatedAt: _u, updatedBy: _b, ...p } = (await current).body;
      return c.put('/api/v1/security/policy', { ...p, passwordHistory: 6 });
    },
  },
  { name: 'GET /security/sessions', allowed: ['secadmin'], send: (c) => c.get('/api/v1/security/sessions') },
  {
    name: 'POST /security/sessions/:id/logout',
    allowed: ['secadmin'],
    send: async (c, u) => {
      await f.login(u);
      const id = (await t.db.query<{ id: number }>('SELECT id FROM sessions WHERE user_id = $1 ORDER BY id DESC LIMIT 1', [u.id])).rows[0]
        .id;
      return c.post(`/api/v1/security/sessions/${id}/logout`);
    },
  },
  { name: 'GET /audit', allowed: ['auditor'], send: (c) => c.get('/api/v1/audit') },
  { name: 'GET /audit/verify', allowed: ['auditor'], send: (c) => c.get('/api/v1/audit/verify') },
];

describe('the matrix: every administration route × the three administrators × the business roles', () => {
  const seen: string[] = [];
  for (const route of ROUTES) {
    test(route.name, async () => {
      const fresh = await target();
      for (const w of ROLES.filter((x) => !route.allowed.includes(x))) {
        const r = await route.send(who[w], fresh);
        const e = expectError(r, 403);
        assert.match(e.message, /无权/, `${w} ${route.name}`);
        seen.push(`${route.name} ${w} 403`);
      }
      for (const w of route.allowed) {
        const r = await route.send(who[w], fresh);
        assert.ok(r.status >= 200 && r.status < 300, `${w} ${route.name}: ${r.status} ${JSON.stringify(r.body)}`);
        seen.push(`${route.name} ${w} ${r.status}`);
      }
    });
  }
  test('the matrix walked every route for every role', () => {
    assert.equal(seen.length, ROUTES.length * ROLES.length);
  });
});

describe('none of the three reads business data', () => {
  test('their ledger, dashboard and rounds are empty; /auth/me says so', async () => {
    for (const w of ['sysadmin', 'secadmin', 'auditor'] as const) {
      const me = expectOk(await who[w].get('/api/v1/auth/me'), sessionSchema);
      assert.equal(me.user.abilities.viewLedger, false, w);
      assert.deepEqual(me.user.units, [], w);
      const ledger = await who[w].get<{ total: number; items: unknown[] }>('/api/v1/ledger?pageSize=200');
      assert.ok(ledger.status === 403 || (ledger.status === 200 && ledger.body.total === 0), `${w}: ${ledger.status}`);
      assert.deepEqual((await who[w].get<{ items: unknown[] }>('/api/v1/inspections')).body.items, [], w);
    }
    const unit = await who.unit.get<{ total: number }>('/api/v1/ledger?pageSize=200');
    assert.ok(unit.body.total > 0, 'the demo ledger is there for its unit');
  });

  test('abilities: each administrator is offered exactly their work', async () => {
    const ab = async (w: Who) => expectOk(await who[w].get('/api/v1/auth/me'), sessionSchema).user.abilities;
    assert.deepEqual(
      Object.fromEntries(
        await Promise.all(
          (['sysadmin', 'secadmin', 'auditor', 'office'] as const).map(async (w) => {
            const a = await ab(w);
            return [
              w,
              { manageUsers: a.manageUsers, manageRoles: a.manageRoles, manageSecurity: a.manageSecurity, viewAudit: a.viewAudit },
            ];
          }),
        ),
      ),
      {
        sysadmin: { manageUsers: true, manageRoles: false, manageSecurity: false, viewAudit: false },
        secadmin: { manageUsers: false, manageRoles: true, manageSecurity: true, viewAudit: false },
        auditor: { manageUsers: false, manageRoles: false, manageSecurity: false, viewAudit: true },
        office: { manageUsers: false, manageRoles: false, manageSecurity: false, viewAudit: false },
      },
    );
  });
});

describe('the separations, one by one', () => {
  test('the system administrator cannot create an auditor, a security administrator or an office account (403)', async () => {
    for (const role of ['auditor', 'secadmin', 'sysadmin', 'office_admin'] as const) {
      const username = `x_${role}`;
      const e = expectError(
        await who.sysadmin.post('/api/v1/users', { username, displayName: '某某', password: 'Made#2026xyz', orgId: officeId, role }),
        403,
        'forbidden',
      );
      assert.match(e.message, /三员分立/);
      assert.equal((await t.db.query('SELECT 1 FROM users WHERE username = $1', [username])).rowCount, 0);
    }
  });

  test("the system administrator does not touch an administrator's account, nor their own", async () => {
    for (const [w, body] of [
      ['auditor', { isActive: false }],
      ['secadmin', { displayName: '改' }],
      ['sysadmin', { isActive: false }],
    ] as const) {
      const id = await userId(w);
      expectError(await who.sysadmin.patch(`/api/v1/users/${id}`, body), 403, 'forbidden');
      expectError(await who.sysadmin.post(`/api/v1/users/${id}/password`, { password: 'Reset#2026abc' }), 403, 'forbidden');
    }
    assert.equal(
      (await t.db.query<{ is_active: boolean }>(`SELECT is_active FROM users WHERE username = 'auditor'`)).rows[0].is_active,
      true,
    );
  });

  test('the security administrator grants roles but creates no account, and never changes their own', async () => {
    expectError(
      await who.secadmin.post('/api/v1/users', {
        username: 'by_sec',
        displayName: '某某',
        password: 'Made#2026xyz',
        orgId: unitId,
        role: 'leader',
      }),
      403,
    );
    const own = await userId('secadmin');
    const e = expectError(await who.secadmin.post(`/api/v1/users/${own}/roles`, { role: 'auditor', orgId: officeId }), 403);
    assert.match(e.message, /本人账号/);
  });

  test('an administrator role is held alone: never beside another role (409 admin_exclusive)', async () => {
    const biz = await target();
    let e = expectError(await who.secadmin.post(`/api/v1/users/${biz.id}/roles`, { role: 'auditor', orgId: officeId }), 409);
    assert.equal(e.reason, 'admin_exclusive');
    e = expectError(await who.secadmin.post(`/api/v1/users/${await userId('auditor')}/roles`, { role: 'leader', orgId: unitId }), 409);
    assert.equal(e.reason, 'admin_exclusive');
    e = expectError(await who.secadmin.post(`/api/v1/users/${await userId('sysadmin')}/roles`, { role: 'secadmin', orgId: officeId }), 409);
    assert.equal(e.reason, 'admin_exclusive');
  });

  test('the last audit administrator keeps the role (409 last_admin); a grant and a revoke are audited with who and whose', async () => {
    const e = expectError(
      await who.secadmin.post(`/api/v1/users/${await userId('auditor')}/roles/revoke`, { role: 'auditor', orgId: officeId }),
      409,
    );
    assert.equal(e.reason, 'last_admin');
    assert.match(e.message, /审计管理员/);
    // a second auditor is made by the two of them together: an account by the sysadmin, the role by the secadmin
    const made = await who.sysadmin.post<{ id: number }>('/api/v1/users', {
      username: 'aud2',
      displayName: '孙二',
      password: 'Kestrel#2026q',
      orgId: unitId,
      role: 'leader',
    });
    assert.equal(made.status, 201);
    const id = made.body.id;
    expectOk(await who.secadmin.post(`/api/v1/users/${id}/roles/revoke`, { role: 'leader', orgId: unitId }), userSummarySchema);
    const granted = expectOk(await who.secadmin.post(`/api/v1/users/${id}/roles`, { role: 'auditor', orgId: officeId }), userSummarySchema);
    assert.deepEqual(
      granted.roles.map((r) => r.role),
      ['auditor'],
    );
    assert.equal(granted.isAdmin, true);
    const rows = (
      await t.db.query<{ action: string; actor_name: string; ip: string; outcome: string; detail: { username: string; role: string } }>(
        `SELECT action, actor_name, ip, outcome, detail FROM audit_log WHERE action LIKE 'security.role_%' AND object_id = $1 ORDER BY id`,
        [String(id)],
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_name, r.outcome, r.detail.username, r.detail.role]),
      [
        ['security.role_revoke', 'secadmin', 'success', 'aud2', 'leader'],
        ['security.role_grant', 'secadmin', 'success', 'aud2', 'auditor'],
      ],
    );
    assert.ok(rows.every((r) => r.ip === '127.0.0.1'));
  });

  test("the audit administrator reads the other two's actions", async () => {
    const page = await who.auditor.get<{ items: { actor: { name: string | null }; action: string }[] }>('/api/v1/audit?pageSize=200');
    const actors = new Set(page.body.items.map((x) => x.actor.name));
    assert.ok(actors.has('sysadmin') && actors.has('secadmin'), [...actors].join(','));
  });

  test('the user list shows who is an administrator, whose password must change, who has a second factor', async () => {
    const list = expectOk(await who.sysadmin.get('/api/v1/users?pageSize=200'), userListSchema).items as UserSummary[];
    const by = (u: string) => list.find((x) => x.username === u)!;
    assert.equal(by('auditor').isAdmin, true);
    assert.equal(by('unit').isAdmin, false);
    assert.equal(by('aud2').mustChangePassword, true, 'set by an administrator');
    assert.equal(by('unit').mfaEnabled, false);
    assert.ok(DEMO_ACCOUNTS.every((a) => list.some((x) => x.username === a.username)));
    assert.ok(DEMO_PASSWORD && TEST_PASSWORD);
  });

  test('the organisation picker reads a page of the kinds asked for, searched by name (issue 12)', async () => {
    const units = await who.sysadmin.get<{ items: { kind: string; name: string; parentName: string | null }[]; total: number }>(
      '/api/v1/admin/orgs?kinds=unit&pageSize=1',
    );
    assert.equal(units.status, 200);
    assert.equal(units.body.items.length, 1);
    assert.ok(units.body.total >= 1 && units.body.items.every((o) => o.kind === 'unit' && o.parentName));
    const name = units.body.items[0].name;
    const found = await who.secadmin.get<{ items: { name: string }[] }>(`/api/v1/admin/orgs?q=${encodeURIComponent(name)}`);
    assert.ok(found.body.items.some((o) => o.name === name));
    assert.deepEqual(expectError(await who.sysadmin.get('/api/v1/admin/orgs?kinds=team'), 400).fields, ['kinds']);
  });
});
