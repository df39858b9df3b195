/**
 * Issue 7 point 19 through HTTP: a unit's 整改办 keeps its departments (create,
 * rename, order, deactivate — refused while the department has open work) and
 * its responsible leaders (an account or an entry without sign-in, title and
 * 分管 areas, disable), within 三员分立: it makes leader accounts of its own
 * unit only and changes no account that holds a role elsewhere. Another unit's
 * 整改办 finds nothing (404); a handler or a leader of the unit is refused (403).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, expectError, expectOk, type Client, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import {
  departmentsSchema,
  leadersSchema,
  managedDepartmentSchema,
  managedDepartmentsSchema,
  managedLeaderSchema,
  managedLeadersSchema,
  peopleCreatedSchema,
} from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let other: Unit;
let admin: Client;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
  other = await f.unit({ office: u.office });
  admin = await f.login(u.admin);
});
after(async () => {
  await t?.close();
});

const depts = async (c: Client = admin, unitId = u.id) =>
  expectOk(await c.get(`/api/v1/units/${unitId}/people/departments`), managedDepartmentsSchema);
const leaders = async (c: Client = admin, unitId = u.id) =>
  expectOk(await c.get(`/api/v1/units/${unitId}/people/leaders`), managedLeadersSchema);

async function auditActions(type: 'organization' | 'user', objectId: number): Promise<string[]> {
  const r = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY id', [
    type,
    String(objectId),
  ]);
  return r.rows.map((x) => x.action);
}

describe('who keeps a unit’s people', () => {
  test('401 without a session; 403 for a handler and a leader of the unit; 404 for another unit’s 整改办', async () => {
    expectError(await t.anon().get(`/api/v1/units/${u.id}/people/departments`), 401);
    const handler = await f.login(u.handlers[0]);
    const leader = await f.login(u.leader);
    for (const c of [handler, leader]) {
      const e = expectError(await c.post(`/api/v1/units/${u.id}/departments`, { name: '不该建的处' }), 403, 'forbidden');
      assert.match(e.message, /^无权管理本单位的部门/);
      assert.match(expectError(await c.get(`/api/v1/units/${u.id}/people/leaders`), 403).message, /^无权/);
      expectError(await c.patch(`/api/v1/units/${u.id}/departments/${u.depts[0].id}`, { name: '改名' }), 403);
    }
    const foreign = await f.login(other.admin);
    expectError(await foreign.get(`/api/v1/units/${u.id}/people/departments`), 404, 'not_found');
    expectError(await foreign.post(`/api/v1/units/${u.id}/departments`, { name: '越权处' }), 404);
    expectError(await foreign.patch(`/api/v1/units/${u.id}/departments/${u.depts[0].id}`, { isActive: false }), 404);
    expectError(await foreign.post(`/api/v1/units/${u.id}/leaders`, { displayName: '越权领导' }), 404);
    expectError(await foreign.patch(`/api/v1/units/${u.id}/leaders/${u.leader.id}`, { title: '局长' }), 404);
    // its own unit's id with the other unit's department: that department is not one of its unit's
    expectError(await foreign.patch(`/api/v1/units/${other.id}/departments/${u.depts[0].id}`, { name: '偷改' }), 404);
    const names = (await depts()).map((d) => d.name);
    assert.ok(!names.includes('不该建的处') && !names.includes('越权处') && !names.includes('偷改'));
  });

  test('the 三员 keep no unit’s people: to the system administrator the unit is absent (404), nothing is made', async () => {
    const sys = await f.login(await f.user({ role: 'sysadmin', org: u.office }));
    expectError(await sys.post(`/api/v1/units/${u.id}/leaders`, { displayName: '系统管理员代建' }), 404);
    expectError(await sys.post(`/api/v1/units/${u.id}/departments`, { name: '系统管理员代建处' }), 404);
    assert.ok(!(await leaders()).some((l) => l.displayName === '系统管理员代建'));
    assert.ok(!(await depts()).some((d) => d.name === '系统管理员代建处'));
  });
});

describe('departments', () => {
  test('create, rename and order; the plan form’s picker follows', async () => {
    const made = expectOk(await admin.post(`/api/v1/units/${u.id}/departments`, { name: '财务处' }), peopleCreatedSchema);
    let list = await depts();
    assert.deepEqual(
      list.map((d) => d.name),
      [...u.depts.map((d) => d.name), '财务处'],
    );
    assert.equal(list.at(-1)?.position, list.length);
    assert.equal(list.at(-1)?.isActive, true);
    expectError(await admin.post(`/api/v1/units/${u.id}/departments`, { name: '财务处' }), 409, 'duplicate');

    const renamed = expectOk(
      await admin.patch(`/api/v1/units/${u.id}/departments/${made.id}`, { name: '计划财务处' }),
      managedDepartmentSchema,
    );
    assert.equal(renamed.name, '计划财务处');
    expectError(await admin.patch(`/api/v1/units/${u.id}/departments/${made.id}`, { name: u.depts[0].name }), 409, 'duplicate');

    const order = [made.id, ...u.depts.map((d) => d.id).reverse()];
    list = expectOk(await admin.put(`/api/v1/units/${u.id}/departments/order`, { ids: order }), managedDepartmentsSchema);
    assert.deepEqual(
      list.map((d) => d.id),
      order,
    );
    const picker = expectOk(await admin.get(`/api/v1/units/${u.id}/departments`), departmentsSchema);
    assert.deepEqual(
      picker.map((d) => d.id),
      order,
    );
    assert.deepEqual(await auditActions('organization', made.id), ['org.create', 'org.rename']);
  });

  test('bad input: 400 naming the field; an order must name every department once', async () => {
    assert.ok(expectError(await admin.post(`/api/v1/units/${u.id}/departments`, { name: '' }), 400).fields.includes('name'));
    assert.ok(expectError(await admin.post(`/api/v1/units/${u.id}/departments`, { name: 'x'.repeat(61) }), 400).fields.includes('name'));
    assert.ok(expectError(await admin.patch(`/api/v1/units/${u.id}/departments/${u.depts[0].id}`, {}), 400).fields.includes('name'));
    const all = (await depts()).map((d) => d.id);
    const missing = expectError(await admin.put(`/api/v1/units/${u.id}/departments/order`, { ids: all.slice(1) }), 400);
    assert.ok(missing.fields.includes('ids'));
    const foreign = expectError(
      await admin.put(`/api/v1/units/${u.id}/departments/order`, { ids: [...all.slice(1), other.depts[0].id] }),
      400,
    );
    assert.ok(foreign.fields.includes('ids'));
    assert.ok(
      expectError(await admin.put(`/api/v1/units/${u.id}/departments/order`, { ids: [all[0], all[0]] }), 400).fields.includes('ids'),
    );
  });

  test('deactivating a department with open items is refused with the reason; without them it is deactivated', async () => {
    const busy = await f.department({ unit: u, name: '督查处' });
    const p = await f.problem({ unit: u, leadDept: busy, status: 'in_progress' });
    const listed = (await depts()).find((d) => d.id === busy.id);
    assert.equal(listed?.openItems, 1);
    const e = expectError(await admin.patch(`/api/v1/units/${u.id}/departments/${busy.id}`, { isActive: false }), 409, 'conflict');
    assert.equal(e.reason, 'open_items');
    assert.match(e.message, /“督查处”还有 1 项未办结的问题或整改措施，不能停用该部门/);
    assert.equal((await depts()).find((d) => d.id === busy.id)?.isActive, true);

    // cooperating on an open item counts too
    const helper = await f.department({ unit: u, name: '协办处' });
    await f.problem({ unit: u, leadDept: u.depts[0], cooperating: [helper], status: 'pending' });
    expectError(await admin.patch(`/api/v1/units/${u.id}/departments/${helper.id}`, { isActive: false }), 409);

    // once its item is closed, the department may go; it leaves the picker and comes back when reactivated
    await t.db.query(`UPDATE problems SET status = 'closed' WHERE id = $1`, [p.id]);
    const off = expectOk(await admin.patch(`/api/v1/units/${u.id}/departments/${busy.id}`, { isActive: false }), managedDepartmentSchema);
    assert.equal(off.isActive, false);
    let picker = expectOk(await admin.get(`/api/v1/units/${u.id}/departments`), departmentsSchema);
    assert.ok(!picker.some((d) => d.id === busy.id));
    expectOk(await admin.patch(`/api/v1/units/${u.id}/departments/${busy.id}`, { isActive: true }), managedDepartmentSchema);
    picker = expectOk(await admin.get(`/api/v1/units/${u.id}/departments`), departmentsSchema);
    assert.ok(picker.some((d) => d.id === busy.id));
    assert.deepEqual(await auditActions('organization', busy.id), ['org.deactivate', 'org.activate']);
  });
});

describe('leaders', () => {
  test('a leader account signs in; an entry without sign-in cannot; both are offered to the plan form', async () => {
    const acc = expectOk(
      await admin.post(`/api/v1/units/${u.id}/leaders`, {
        displayName: '王副局长',
        title: '副局长',
        areas: '工程建设、安全生产',
        account: { username: 'wang_fjz', password: 'Lead#2026abc' },
      }),
      peopleCreatedSchema,
    );
    const entry = expectOk(
      await admin.post(`/api/v1/units/${u.id}/leaders`, { displayName: '赵总工', title: '总工程师' }),
      peopleCreatedSchema,
    );
    const list = await leaders();
    const a = list.find((l) => l.id === acc.id);
    const b = list.find((l) => l.id === entry.id);
    assert.deepEqual(
      { name: a?.displayName, title: a?.title, areas: a?.areas, signIn: a?.signIn, active: a?.isActive },
      { name: '王副局长', title: '副局长', areas: '工程建设、安全生产', signIn: true, active: true },
    );
    assert.deepEqual({ title: b?.title, areas: b?.areas, signIn: b?.signIn }, { title: '总工程师', areas: '', signIn: false });

    const login = await t.anon().post('/api/v1/auth/login', { username: 'wang_fjz', password: 'Lead#2026abc' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.ok(b?.username);
    assert.equal((await t.anon().post('/api/v1/auth/login', { username: b.username, password: 'Lead#2026abc' })).status, 401);

    const picker = expectOk(await admin.get(`/api/v1/units/${u.id}/leaders`), leadersSchema).map((l) => l.id);
    assert.ok(picker.includes(acc.id) && picker.includes(entry.id));
    // the system administrator opens the entry's sign-in by setting a password (the unit admin cannot)
    expectError(await admin.post(`/api/v1/users/${entry.id}/password`, { password: 'Open#2026abc' }), 403);
    t.clock.advance(60_000);
    const sys = await f.login(await f.user({ role: 'sysadmin', org: u.office }));
    expectOk(await sys.post(`/api/v1/users/${entry.id}/password`, { password: 'Open#2026abc' }), z.object({ ok: z.literal(true) }));
    assert.equal((await leaders()).find((l) => l.id === entry.id)?.signIn, true);
    assert.equal((await t.anon().post('/api/v1/auth/login', { username: b.username, password: 'Open#2026abc' })).status, 200);
    const roles = await t.db.query<{ role: string; org_id: number }>('SELECT role, org_id FROM memberships WHERE user_id = $1', [acc.id]);
    assert.deepEqual(roles.rows, [{ role: 'leader', org_id: u.id }]);
    assert.deepEqual(await auditActions('user', acc.id), ['user.create', 'leader.create']);
  });

  test('title and areas change; disabling ends the account’s sign-in and leaves the picker', async () => {
    const made = expectOk(
      await admin.post(`/api/v1/units/${u.id}/leaders`, {
        displayName: '钱副局长',
        account: { username: 'qian_fjz', password: 'Lead#2026abc' },
      }),
      peopleCreatedSchema,
    );
    const edited = expectOk(
      await admin.patch(`/api/v1/units/${u.id}/leaders/${made.id}`, { title: '副局长', areas: '水资源' }),
      managedLeaderSchema,
    );
    assert.deepEqual([edited.title, edited.areas], ['副局长', '水资源']);
    const off = expectOk(await admin.patch(`/api/v1/units/${u.id}/leaders/${made.id}`, { isActive: false }), managedLeaderSchema);
    assert.equal(off.isActive, false);
    assert.equal((await t.anon().post('/api/v1/auth/login', { username: 'qian_fjz', password: 'Lead#2026abc' })).status, 401);
    const picker = expectOk(await admin.get(`/api/v1/units/${u.id}/leaders`), leadersSchema).map((l) => l.id);
    assert.ok(!picker.includes(made.id));
    assert.ok((await leaders()).some((l) => l.id === made.id && !l.isActive));
    assert.deepEqual(await auditActions('user', made.id), ['user.create', 'leader.create', 'leader.update', 'leader.disable']);
  });

  test('三员分立: an account holding a role elsewhere is the system administrator’s; the password policy applies', async () => {
    const shared = await f.user({ role: 'leader', org: u });
    await t.db.query('INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)', [shared.id, other.id, 'leader']);
    const e = expectError(await admin.patch(`/api/v1/units/${u.id}/leaders/${shared.id}`, { isActive: false }), 403, 'forbidden');
    assert.match(e.message, /^无权管理本单位的责任领导：三员分立/);
    // its profile in this unit is still the unit's to keep
    expectOk(await admin.patch(`/api/v1/units/${u.id}/leaders/${shared.id}`, { title: '党委委员' }), managedLeaderSchema);
    // the other unit's leader is not one of this unit's
    expectError(await admin.patch(`/api/v1/units/${u.id}/leaders/${other.leader.id}`, { title: '局长' }), 404);
    // the unit admin cannot disable itself through the leaders' page either (it is no leader here)
    expectError(await admin.patch(`/api/v1/units/${u.id}/leaders/${u.admin.id}`, { isActive: false }), 404);

    const weak = expectError(
      await admin.post(`/api/v1/units/${u.id}/leaders`, { displayName: '孙领导', account: { username: 'sun_ld', password: 'abc' } }),
      400,
    );
    assert.ok(weak.fields.includes('account.password') || weak.fields.includes('password'), JSON.stringify(weak.fields));
    expectError(
      await admin.post(`/api/v1/units/${u.id}/leaders`, {
        displayName: '重名',
        account: { username: u.leader.username, password: 'Lead#2026abc' },
      }),
      409,
      'duplicate',
    );
    assert.ok(expectError(await admin.post(`/api/v1/units/${u.id}/leaders`, { displayName: '' }), 400).fields.includes('displayName'));
    assert.ok(
      expectError(
        await admin.post(`/api/v1/units/${u.id}/leaders`, { displayName: '甲', account: { username: '中文名', password: 'Lead#2026abc' } }),
        400,
      ).fields.includes('account.username'),
    );
    // the users list (system administrator) is unchanged in what the unit admin may reach: still 403 for it
    expectError(await admin.get('/api/v1/users'), 403);
  });
});
