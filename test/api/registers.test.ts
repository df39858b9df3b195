/**
 * The registers of issue 8 through HTTP: accountability (问责), rules (建章立制), clues (问题线索) and the work's own
 * record. Opens with the refusals — no session 401, no CSRF 403, a reader writing 403, another unit's ids 404 exactly
 * like absent ones — then records, edits, filters and totals each register, checks who reads the personal data
 * (names, positions, reasons, clue summaries), and that bad input is a 400 naming the field. Every refused write is
 * checked to have written nothing.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, expectOk, expectError, PNG, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type TestUser, type Problem } from '../helpers/factories.js';
import {
  accountabilityEntrySchema,
  accountabilityListSchema,
  clueEntrySchema,
  clueListSchema,
  registerTotalsResponseSchema,
  ruleEntrySchema,
  ruleListSchema,
  workEventEntrySchema,
  workEventListSchema,
} from '../../src/domain/schemas/registers.js';

let t: TestApp;
let f: Factories;
let A: Unit;
let B: Unit;
let inspectorA: TestUser;
let officeInspector: TestUser;
let sysadmin: TestUser;
let pA: Problem;
let pA2: Problem;
let pB: Problem;
let admin: Client;
let adminB: Client;

const API = '/api/v1/registers';
const ok = z.object({ ok: z.boolean() });

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  A = await f.mainUnit();
  B = await f.unit();
  inspectorA = await f.user({ role: 'inspector', org: A });
  officeInspector = await f.user({ role: 'inspector', org: A.office });
  sysadmin = await f.user({ role: 'sysadmin', org: A.office });
  pA = await f.problem({ unit: A, title: '公务接待管理不规范' });
  pA2 = await f.problem({ unit: A, title: '选人用人程序不严' });
  pB = await f.problem({ unit: B });
  admin = await f.login(A.admin);
  adminB = await f.login(B.admin);
});
after(async () => {
  await t?.close();
});

/** Everything a register write touches, to prove a refused request changed nothing. */
async function snapshot(): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await t.db.query(sql)).rows);
  return [
    await q('SELECT * FROM accountability_entries ORDER BY id'),
    await q('SELECT * FROM accountability_problems ORDER BY entry_id, problem_id'),
    await q('SELECT * FROM rules ORDER BY id'),
    await q('SELECT * FROM rule_problems ORDER BY rule_id, problem_id'),
    await q('SELECT * FROM clues ORDER BY id'),
    await q('SELECT * FROM work_events ORDER BY id'),
    await q('SELECT * FROM register_files ORDER BY id'),
    await q('SELECT count(*)::int AS n FROM audit_log'),
  ].join('\n');
}

const person = (over: Record<string, unknown> = {}) => ({
  inspectionId: pA.inspectionId,
  countAs: 'person',
  personName: '张某某',
  position: '办公室主任',
  rank: '四级调研员',
  form: '诫勉',
  decisionDate: '2026-10-12',
  decidingBody: '局党组',
  reason: '公务接待超标准',
  problemIds: [pA.id],
  ...over,
});
const rule = (over: Record<string, unknown> = {}) => ({
  inspectionId: pA.inspectionId,
  title: '《机关公务接待管理规定》',
  action: 'made',
  docNumber: '测党〔2026〕3号',
  issuedDate: '2026-10-20',
  issuingBody: '局党组',
  note: '',
  problemIds: [pA.id],
  ...over,
});
const clue = (over: Record<string, unknown> = {}) => ({
  inspectionId: pA.inspectionId,
  clueNumber: 'XC-2026-01',
  receivedDate: '2026-09-30',
  summary: '反映李某某违规收受礼金',
  handedTo: 'discipline',
  ...over,
});
const event = (over: Record<string, unknown> = {}) => ({
  inspectionId: pA.inspectionId,
  kind: 'meeting',
  meetingKind: 'party_group',
  date: '2026-09-25',
  title: '召开党组会专题研究巡察整改工作',
  chair: '王局长',
  members: [],
  detail: '',
  ...over,
});

describe('refusals first', () => {
  test('no session: 401 on reads and writes', async () => {
    const anon = t.anon();
    expectError(await anon.get(`${API}/accountability?inspectionId=${pA.inspectionId}`), 401, 'unauthorized');
    expectError(await anon.get(`${API}/totals?inspectionId=${pA.inspectionId}`), 401, 'unauthorized');
    expectError(await anon.post(`${API}/accountability`, person()), 401, 'unauthorized');
    expectError(await anon.get(`${API}/files/1`), 401, 'unauthorized');
  });

  test('no CSRF token: 403 and nothing written', async () => {
    const before = await snapshot();
    expectError(await admin.post(`${API}/accountability`, person(), { csrf: false }), 403, 'csrf');
    assert.equal(await snapshot(), before);
  });

  test('readers may not write: 403 with a Chinese message, nothing written', async () => {
    const leader = await f.login(A.leader);
    const handler = await f.login(A.handlers[0]);
    const office = await f.login(A.office.admin);
    const inspector = await f.login(inspectorA);
    const before = await snapshot();
    for (const [who, c] of [
      ['leader', leader],
      ['handler', handler],
      ['office', office],
    ] as const) {
      const e = expectError(await c.post(`${API}/accountability`, person()), 403, 'forbidden');
      assert.match(e.message, /无权登记问责情况/, who);
      expectError(await c.post(`${API}/rules`, rule()), 403, 'forbidden');
      expectError(await c.post(`${API}/clues`, clue()), 403, 'forbidden');
      expectError(await c.post(`${API}/events`, event()), 403, 'forbidden');
    }
    // 纪检 keeps the accountability and clue registers, not the rules or the work record
    expectError(await inspector.post(`${API}/rules`, rule()), 403, 'forbidden');
    expectError(await inspector.post(`${API}/events`, event()), 403, 'forbidden');
    assert.equal(await snapshot(), before);
  });

  test('the 三员 read nothing of the registers: the round answers 404', async () => {
    const sys = await f.login(sysadmin);
    expectError(await sys.get(`${API}/accountability?inspectionId=${pA.inspectionId}`), 404, 'not_found');
    expectError(await sys.get(`${API}/totals?inspectionId=${pA.inspectionId}`), 404, 'not_found');
  });

  test("another unit's round and entries answer 404, exactly like absent ones; nothing written", async () => {
    const acc = expectOk(await admin.post(`${API}/accountability`, person()), accountabilityEntrySchema);
    const r = expectOk(await admin.post(`${API}/rules`, rule()), ruleEntrySchema);
    const withFile = expectOk(
      await admin.upload(`${API}/rules/${r.id}/files`, {}, [{ name: '规定.png', bytes: PNG, type: 'image/png' }]),
      ruleEntrySchema,
    );
    const c = expectOk(await admin.post(`${API}/clues`, clue()), clueEntrySchema);
    const e = expectOk(await admin.post(`${API}/events`, event()), workEventEntrySchema);
    const fileId = withFile.files[0].id;
    const before = await snapshot();
    const absent = 2_000_000_000;
    const pairs: [string, string, () => Promise<{ status: number }>, () => Promise<{ status: number }>][] = [];
    for (const [path, id, body] of [
      ['accountability', acc.id, person()],
      ['rules', r.id, rule()],
      ['clues', c.id, clue()],
      ['events', e.id, event()],
    ] as const) {
      const { inspectionId: _omit, ...update } = body;
      void _omit;
      for (const [method, send] of [
        ['GET', (i: number) => adminB.get(`${API}/${path}/${i}`)],
        ['PUT', (i: number) => adminB.put(`${API}/${path}/${i}`, update)],
        ['DELETE', (i: number) => adminB.request('DELETE', `${API}/${path}/${i}`)],
      ] as const) {
        pairs.push([`${method} ${path}`, `${id}`, () => send(id), () => send(absent)]);
      }
      pairs.push([
        `list ${path}`,
        `${pA.inspectionId}`,
        () => adminB.get(`${API}/${path}?inspectionId=${pA.inspectionId}`),
        () => adminB.get(`${API}/${path}?inspectionId=${absent}`),
      ]);
      pairs.push([
        `create ${path}`,
        `${pA.inspectionId}`,
        () => adminB.post(`${API}/${path}`, body),
        () => adminB.post(`${API}/${path}`, { ...body, inspectionId: absent }),
      ]);
    }
    pairs.push(['file', `${fileId}`, () => adminB.get(`${API}/files/${fileId}`), () => adminB.get(`${API}/files/${absent}`)]);
    pairs.push([
      'delete file',
      `${fileId}`,
      () => adminB.request('DELETE', `${API}/files/${fileId}`),
      () => adminB.request('DELETE', `${API}/files/${absent}`),
    ]);
    pairs.push([
      'upload',
      `${r.id}`,
      () => adminB.upload(`${API}/rules/${r.id}/files`, {}, [{ name: 'x.png', bytes: PNG }]),
      () => adminB.upload(`${API}/rules/${absent}/files`, {}, [{ name: 'x.png', bytes: PNG }]),
    ]);
    pairs.push([
      'totals',
      `${pA.inspectionId}`,
      () => adminB.get(`${API}/totals?inspectionId=${pA.inspectionId}`),
      () => adminB.get(`${API}/totals?inspectionId=${absent}`),
    ]);
    for (const [what, , foreign, missing] of pairs) {
      const a = await foreign();
      const b = await missing();
      const ea = expectError(a as never, 404, 'not_found');
      const eb = expectError(b as never, 404, 'not_found');
      assert.equal(ea.message, eb.message, `${what}: the foreign and the absent id must answer alike`);
    }
    // a problem of another unit cannot be linked: 400 naming problemIds
    const e400 = expectError(await admin.post(`${API}/accountability`, person({ problemIds: [pB.id] })), 400, 'bad_request');
    assert.ok(e400.fields.includes('problemIds'), JSON.stringify(e400));
    assert.equal(await snapshot(), before);
    // tidy up for the counting tests below
    for (const [p, id] of [
      ['accountability', acc.id],
      ['rules', r.id],
      ['clues', c.id],
      ['events', e.id],
    ] as const) {
      expectOk(await admin.request('DELETE', `${API}/${p}/${id}`), ok);
    }
  });
});

describe('accountability register', () => {
  test('create, edit, list with filters, delete; track and category derived', async () => {
    const made = [
      person({ personName: '甲', form: '批评教育' }),
      person({ personName: '乙', form: '党内严重警告', problemIds: [pA2.id] }),
      person({ personName: '丙', form: '撤职' }),
      person({ countAs: 'matter', personName: null, position: '', rank: '', form: '通报批评', reason: '机关第二党支部', problemIds: [] }),
      person({ personName: '丁', form: '开除党籍', transferredToJudicial: true }),
    ];
    const ids: number[] = [];
    for (const b of made) ids.push(expectOk(await admin.post(`${API}/accountability`, b), accountabilityEntrySchema).id);
    const list = expectOk(await admin.get(`${API}/accountability?inspectionId=${pA.inspectionId}`), accountabilityListSchema);
    assert.equal(list.items.length, 5);
    assert.deepEqual(list.abilities, { create: true, viewPersonalData: true });
    const byName = Object.fromEntries(list.items.map((i) => [String(i.personName ?? i.reason), i]));
    assert.equal(byName['乙'].track, 'party');
    assert.equal(byName['乙'].category, 2);
    assert.equal(byName['丙'].track, 'government');
    assert.equal(byName['丙'].category, 3);
    assert.equal(byName['丁'].category, 4);
    assert.equal(byName['机关第二党支部'].countAs, 'matter');
    assert.equal(byName['甲'].category, 1);
    assert.deepEqual(
      byName['甲'].problems.map((p) => p.id),
      [pA.id],
    );
    assert.deepEqual(byName['甲'].abilities, { edit: true, delete: true, attach: false });

    const q = async (qs: string) =>
      expectOk(await admin.get(`${API}/accountability?inspectionId=${pA.inspectionId}&${qs}`), accountabilityListSchema)
        .items.map((i) => i.form)
        .sort();
    assert.deepEqual(await q('track=party'), ['党内严重警告', '开除党籍']);
    assert.deepEqual(await q('category=3'), ['撤职']);
    assert.deepEqual(await q('category=4'), ['开除党籍']);
    assert.deepEqual(await q(`form=${encodeURIComponent('批评教育')}`), ['批评教育']);
    assert.deepEqual(await q('countAs=matter'), ['通报批评']);
    assert.deepEqual(await q(`problemId=${pA2.id}`), ['党内严重警告']);
    assert.deepEqual(await q(`q=${encodeURIComponent('丙')}`), ['撤职']);

    // edit: 撤职 becomes 降级 with a new date; the derived fields follow
    const { inspectionId: _i, ...upd } = person({
      personName: '丙',
      form: '降级',
      decisionDate: '2026-11-02',
      problemIds: [pA.id, pA2.id],
    });
    void _i;
    const edited = expectOk(await admin.put(`${API}/accountability/${ids[2]}`, upd), accountabilityEntrySchema);
    assert.equal(edited.form, '降级');
    assert.equal(edited.category, 3);
    assert.equal(edited.decisionDate, '2026-11-02');
    assert.deepEqual(
      edited.problems.map((p: { id: number }) => p.id).sort((a, b) => a - b),
      [pA.id, pA2.id].sort((a, b) => a - b),
    );

    // 纪检 of the unit may record too
    const insp = await f.login(inspectorA);
    const byInspector = expectOk(
      await insp.post(`${API}/accountability`, person({ personName: '戊', form: '提醒谈话' })),
      accountabilityEntrySchema,
    );
    expectOk(await insp.request('DELETE', `${API}/accountability/${byInspector.id}`), ok);
    expectError(await admin.get(`${API}/accountability/${byInspector.id}`), 404, 'not_found');
  });

  test('audit rows are written with each change and carry no names', async () => {
    const rows = (
      await t.db.query<{ action: string; detail: unknown }>(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'register.accountability.%' ORDER BY id",
      )
    ).rows;
    assert.ok(rows.some((r) => r.action === 'register.accountability.create'));
    assert.ok(rows.some((r) => r.action === 'register.accountability.update'));
    assert.ok(rows.some((r) => r.action === 'register.accountability.delete'));
    const text = JSON.stringify(rows);
    for (const name of ['张某某', '甲', '乙', '丙', '丁', '戊'])
      assert.ok(!text.includes(`"${name}"`) && !text.includes(name), `audit holds ${name}`);
  });
});

describe('personal data by role', () => {
  test('整改办, leader, 纪检, the office and its 纪检 see names; a department handler gets the entries without them', async () => {
    const see = [A.admin, A.leader, inspectorA, A.office.admin, officeInspector];
    for (const u of see) {
      const c = await f.login(u);
      const list = expectOk(await c.get(`${API}/accountability?inspectionId=${pA.inspectionId}`), accountabilityListSchema);
      assert.equal(list.abilities.viewPersonalData, true, u.username);
      assert.ok(
        list.items.some((i) => i.personName === '乙' && i.position === '办公室主任' && i.reason === '公务接待超标准'),
        u.username,
      );
      assert.ok(list.items.every((i) => !i.personalHidden));
    }
    const handler = await f.login(A.handlers[0]);
    const list = expectOk(await handler.get(`${API}/accountability?inspectionId=${pA.inspectionId}`), accountabilityListSchema);
    assert.equal(list.abilities.viewPersonalData, false);
    assert.equal(list.abilities.create, false);
    assert.ok(list.items.length >= 5);
    for (const i of list.items) {
      assert.equal(i.personName, null);
      assert.equal(i.position, null);
      assert.equal(i.rank, null);
      assert.equal(i.reason, null);
      assert.equal(i.personalHidden, true);
      assert.deepEqual(i.abilities, { edit: false, delete: false, attach: false });
    }
    // the raw body holds no name either (not only the parsed one)
    const raw = JSON.stringify((await handler.get(`${API}/accountability?inspectionId=${pA.inspectionId}`)).body);
    for (const name of ['甲', '乙', '丙', '丁', '办公室主任', '公务接待超标准']) assert.ok(!raw.includes(name), `handler sees ${name}`);
    // a search cannot reveal a name by what it matches
    const found = expectOk(
      await handler.get(`${API}/accountability?inspectionId=${pA.inspectionId}&q=${encodeURIComponent('乙')}`),
      accountabilityListSchema,
    );
    assert.equal(found.items.length, 0);
    // one entry by id: the same
    const one = expectOk(await handler.get(`${API}/accountability/${list.items[0].id}`), accountabilityEntrySchema);
    assert.equal(one.personName, null);
  });

  test('clue summaries and results are personal data too', async () => {
    const c = expectOk(
      await admin.post(
        `${API}/clues`,
        clue({ status: 'concluded', disposal: 'inquiry', result: '经函询，李某某如实说明，予以了结', concludedDate: '2026-11-10' }),
      ),
      clueEntrySchema,
    );
    const handler = await f.login(A.handlers[0]);
    const seen = expectOk(await handler.get(`${API}/clues/${c.id}`), clueEntrySchema);
    assert.equal(seen.summary, null);
    assert.equal(seen.result, null);
    assert.equal(seen.personalHidden, true);
    assert.equal(seen.status, 'concluded');
    const leader = await f.login(A.leader);
    assert.equal(expectOk(await leader.get(`${API}/clues/${c.id}`), clueEntrySchema).summary, '反映李某某违规收受礼金');
    expectOk(await admin.request('DELETE', `${API}/clues/${c.id}`), ok);
  });
});

describe('rules, clues and the work record', () => {
  test('rules: create, edit, file upload and download, filters', async () => {
    const r1 = expectOk(await admin.post(`${API}/rules`, rule()), ruleEntrySchema);
    expectOk(
      await admin.post(`${API}/rules`, rule({ title: '《选人用人工作规程》', action: 'revised', problemIds: [pA2.id] })),
      ruleEntrySchema,
    );
    expectOk(
      await admin.post(`${API}/rules`, rule({ title: '《旧接待办法》', action: 'abolished', docNumber: '', problemIds: [] })),
      ruleEntrySchema,
    );
    assert.deepEqual(r1.abilities, { edit: true, delete: true, attach: true });
    const up = expectOk(
      await admin.upload(`${API}/rules/${r1.id}/files`, {}, [{ name: '接待规定.png', bytes: PNG, type: 'image/png' }]),
      ruleEntrySchema,
    );
    assert.equal(up.files.length, 1);
    assert.match(up.files[0].digest, /^[0-9a-f]{64}$/);
    // anyone who sees the round downloads the rule itself
    const handler = await f.login(A.handlers[0]);
    const dl = await handler.get(`${API}/files/${up.files[0].id}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('x-content-digest'), `sm3=${up.files[0].digest}`);
    assert.deepEqual(Buffer.from(dl.body as Buffer), PNG);
    // a handler may not attach; a file whose bytes are not its extension is refused
    expectError(await handler.upload(`${API}/rules/${r1.id}/files`, {}, [{ name: 'x.png', bytes: PNG }]), 403, 'forbidden');
    expectError(await admin.upload(`${API}/rules/${r1.id}/files`, {}, [{ name: 'virus.exe', bytes: Buffer.from('MZ') }]), 415);
    const noFile = expectError(await admin.upload(`${API}/rules/${r1.id}/files`, {}, []), 400, 'bad_request');
    assert.ok(noFile.fields.includes('file'));
    // edit and filters
    const { inspectionId: _i, ...upd } = rule({ title: '《机关公务接待管理办法》', docNumber: '测党〔2026〕5号' });
    void _i;
    const edited = expectOk(await admin.put(`${API}/rules/${r1.id}`, upd), ruleEntrySchema);
    assert.equal(edited.title, '《机关公务接待管理办法》');
    assert.equal(edited.files.length, 1, 'an edit keeps the files');
    const list = (qs = '') => admin.get(`${API}/rules?inspectionId=${pA.inspectionId}${qs}`);
    assert.equal(expectOk(await list(), ruleListSchema).items.length, 3);
    // the list pages (issue 12): two a page, the third on page 2, the total on both; a page size over 200 is refused
    const p1 = expectOk(await list('&pageSize=2'), ruleListSchema);
    const p2 = expectOk(await list('&pageSize=2&page=2'), ruleListSchema);
    assert.deepEqual([p1.items.length, p1.total, p2.items.length, p2.total, p2.page], [2, 3, 1, 3, 2]);
    assert.ok(!p1.items.some((r) => p2.items.some((x) => x.id === r.id)));
    assert.deepEqual(expectError(await list('&pageSize=201'), 400).fields, ['pageSize']);
    assert.deepEqual(
      expectOk(await list('&action=revised'), ruleListSchema).items.map((r) => r.title),
      ['《选人用人工作规程》'],
    );
    assert.deepEqual(
      expectOk(await list(`&q=${encodeURIComponent('5号')}`), ruleListSchema).items.map((r) => r.id),
      [r1.id],
    );
    // removing the file
    expectOk(await admin.request('DELETE', `${API}/files/${up.files[0].id}`), ok);
    assert.equal(expectOk(await admin.get(`${API}/rules/${r1.id}`), ruleEntrySchema).files.length, 0);
  });

  test('clues: the lifecycle to 办结 and the filters', async () => {
    const c1 = expectOk(await admin.post(`${API}/clues`, clue()), clueEntrySchema);
    assert.equal(c1.status, 'received');
    assert.equal(c1.disposal, null);
    expectOk(
      await admin.post(
        `${API}/clues`,
        clue({ clueNumber: 'XC-2026-02', handedTo: 'organisation', disposal: 'preliminary', status: 'in_progress' }),
      ),
      clueEntrySchema,
    );
    const { inspectionId: _i, ...upd } = clue({
      disposal: 'inquiry',
      status: 'concluded',
      result: '函询后予以了结',
      concludedDate: '2026-11-15',
    });
    void _i;
    const done = expectOk(await (await f.login(inspectorA)).put(`${API}/clues/${c1.id}`, upd), clueEntrySchema);
    assert.equal(done.status, 'concluded');
    assert.equal(done.concludedDate, '2026-11-15');
    const l = (qs: string) => admin.get(`${API}/clues?inspectionId=${pA.inspectionId}&${qs}`);
    assert.equal(expectOk(await l('status=concluded'), clueListSchema).items.length, 1);
    assert.equal(expectOk(await l('handedTo=organisation'), clueListSchema).items.length, 1);
    assert.equal(expectOk(await l('disposal=preliminary'), clueListSchema).items.length, 1);
  });

  test('the work record: leading group, plan, meetings with minutes, supervision', async () => {
    expectOk(
      await admin.post(
        `${API}/events`,
        event({
          kind: 'leading_group',
          meetingKind: null,
          date: '2026-09-20',
          title: '成立巡察整改工作领导小组',
          chair: '王局长',
          members: ['李副局长', '赵副局长', '办公室主任'],
        }),
      ),
      workEventEntrySchema,
    );
    expectOk(
      await admin.post(`${API}/events`, event({ kind: 'plan', meetingKind: null, date: '2026-09-28', title: '审议通过巡察整改方案' })),
      workEventEntrySchema,
    );
    const m = expectOk(await admin.post(`${API}/events`, event()), workEventEntrySchema);
    expectOk(
      await admin.post(`${API}/events`, event({ meetingKind: 'democratic_life', date: '2026-10-30', title: '召开巡察整改专题民主生活会' })),
      workEventEntrySchema,
    );
    expectOk(
      await admin.post(
        `${API}/events`,
        event({ kind: 'supervision', meetingKind: null, date: '2026-11-05', title: '对整改进展开展督导检查' }),
      ),
      workEventEntrySchema,
    );
    const withMinutes = expectOk(
      await admin.upload(`${API}/events/${m.id}/files`, {}, [{ name: '会议纪要.txt', bytes: Buffer.from('党组会纪要：研究整改工作。') }]),
      workEventEntrySchema,
    );
    assert.equal(withMinutes.files[0].filename, '会议纪要.txt');
    const list = expectOk(await admin.get(`${API}/events?inspectionId=${pA.inspectionId}`), workEventListSchema);
    assert.deepEqual(
      list.items.map((e) => e.date),
      [...list.items.map((e) => e.date)].sort(),
      'date order',
    );
    assert.deepEqual(list.items.find((e) => e.kind === 'leading_group')?.members, ['李副局长', '赵副局长', '办公室主任']);
    assert.equal(
      expectOk(await admin.get(`${API}/events?inspectionId=${pA.inspectionId}&kind=meeting`), workEventListSchema).items.length,
      2,
    );
  });

  test('totals and their sentences follow the registers', async () => {
    const res = expectOk(
      await (await f.login(A.leader)).get(`${API}/totals?inspectionId=${pA.inspectionId}`),
      registerTotalsResponseSchema,
    );
    const a = res.totals.accountability;
    // 批评教育, 党内严重警告, 降级, 通报批评 (matter), 开除党籍 transferred
    assert.equal(a.total, 5);
    assert.equal(a.persons, 4);
    assert.equal(a.matters, 1);
    assert.deepEqual(a.byCategory, { 1: 2, 2: 1, 3: 1, 4: 1 });
    assert.deepEqual(a.byTrack, { party: 2, government: 1, organisational: 2 });
    assert.equal(
      res.sentences.accountability,
      '追责问责5人次（件），其中开除党籍1人次，党内严重警告1人次，降级1人次，通报批评1件，批评教育1人次',
    );
    assert.deepEqual(res.totals.rules, { madeOrRevised: 2, made: 1, revised: 1, abolished: 1 });
    assert.equal(res.sentences.rules, '制定完善制度2项，其中新制定1项，修订1项，废止1项');
    assert.equal(res.totals.clues.received, 2);
    assert.equal(res.totals.clues.concluded, 1);
    assert.equal(res.totals.clues.completionRate, 0.5);
    assert.equal(res.sentences.clues, '受理巡察移交问题线索2件，其中谈话函询1件、初步核实1件；已办结1件，办结率50%');
    assert.equal(res.totals.events.byMeetingKind.party_group, 1);
    assert.equal(res.sentences.work, '成立整改工作领导小组，审议通过整改方案，召开党组（党委）会1次、专题民主生活会1次，开展督导检查1次');
    assert.equal(res.events.length, 5);
    assert.equal(res.events.find((e) => e.kind === 'meeting' && e.meetingKind === 'party_group')?.files.length, 1);
    // the totals carry no name: the public documents are built from them
    for (const name of ['甲', '乙', '丙', '丁', '李某某']) assert.ok(!JSON.stringify(res.totals).includes(name));
    // another round of the same unit is counted apart
    const other = await f.inspection({ unit: A });
    const empty = expectOk(await admin.get(`${API}/totals?inspectionId=${other.id}`), registerTotalsResponseSchema);
    assert.equal(empty.totals.accountability.total, 0);
    assert.equal(empty.sentences.accountability, null);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  test('request bodies and queries', async () => {
    const before = await snapshot();
    const cases: [string, () => Promise<unknown>, string][] = [
      ['no form', () => admin.post(`${API}/accountability`, person({ form: undefined })), 'form'],
      ['unknown form', () => admin.post(`${API}/accountability`, person({ form: '罚款' })), 'form'],
      ['a person without a name', () => admin.post(`${API}/accountability`, person({ personName: null })), 'personName'],
      [
        '诫勉 transferred to judicial organs',
        () => admin.post(`${API}/accountability`, person({ transferredToJudicial: true })),
        'transferredToJudicial',
      ],
      ['impossible date', () => admin.post(`${API}/accountability`, person({ decisionDate: '2026-02-30' })), 'decisionDate'],
      ['NUL in a name', () => admin.post(`${API}/accountability`, person({ personName: 'a\u0000b' })), 'personName'],
      ['an unknown field', () => admin.post(`${API}/accountability`, person({ secret: 1 })), ''],
      ['hex inspection id', () => admin.post(`${API}/accountability`, person({ inspectionId: '0x10' })), 'inspectionId'],
      ['problem id 2^31', () => admin.post(`${API}/accountability`, person({ problemIds: [2 ** 31] })), 'problemIds.0'],
      ['a rule without title', () => admin.post(`${API}/rules`, rule({ title: '  ' })), 'title'],
      ['a rule action', () => admin.post(`${API}/rules`, rule({ action: 'amended' })), 'action'],
      ['a concluded clue without date', () => admin.post(`${API}/clues`, clue({ status: 'concluded', result: '了结' })), 'concludedDate'],
      [
        'a clue concluded before received',
        () => admin.post(`${API}/clues`, clue({ status: 'concluded', result: '了结', concludedDate: '2026-01-01' })),
        'concludedDate',
      ],
      ['a clue to another body without its name', () => admin.post(`${API}/clues`, clue({ handedTo: 'other' })), 'handedToName'],
      ['a meeting without its kind', () => admin.post(`${API}/events`, event({ meetingKind: null })), 'meetingKind'],
      ['a plan with a meeting kind', () => admin.post(`${API}/events`, event({ kind: 'plan' })), 'meetingKind'],
      ['a list without round', () => admin.get(`${API}/accountability`), 'inspectionId'],
      ['a bad category', () => admin.get(`${API}/accountability?inspectionId=${pA.inspectionId}&category=5`), 'category'],
      ['a path id 0x10', () => admin.get(`${API}/rules/0x10`), 'id'],
    ];
    for (const [what, send, field] of cases) {
      const e = expectError((await send()) as never, 400, 'bad_request');
      assert.match(e.message, /[\u4e00-\u9fff]/, `${what}: the message is Chinese`);
      if (field)
        assert.ok(
          e.fields.some((p) => p === field || p.endsWith(`.${field}`) || p.startsWith(field)),
          `${what}: ${JSON.stringify(e)}`,
        );
    }
    assert.equal(await snapshot(), before);
  });
});
