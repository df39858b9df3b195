/**
 * 屡查屡犯 through HTTP: an import commit flags the new round's problems that resemble
 * problems of earlier rounds of the same unit and of other units of the office (not
 * of another office), with the earlier round, its outcome and the score; the ledger's
 * 重复出现 filter; a check again after an edit; who may see and run it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recurrencePageSchema, recurrenceSchema, recurrenceCheckSchema } from '../../src/domain/schemas/office.js';
import { startTestApp, expectOk, expectError, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Problem } from '../helpers/factories.js';

let t: TestApp;
let f: Factories;
let u1: Unit;
let u2: Unit;
let foreign: Unit;
let closed: Problem;
let open: Problem;
let admin1: Client;

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/** A commit of a small tree: one group and its problems (title + text). */
function commitBody(unitId: number, title: string, problems: { title: string; text: string }[]) {
  return {
    unitId,
    digest: digest(title),
    source: 'text',
    inspection: { kind: '巡察', title, body: '市委第二巡察组', feedbackDate: '2026-11-01' },
    nodes: [
      { id: 'g1', parentId: null, kind: 'group', label: '（一）', title: '在落实全面从严治党责任方面', text: '' },
      ...problems.map((p, i) => ({
        id: `p${i}`,
        parentId: 'g1',
        kind: 'problem',
        label: `${i + 1}.`,
        title: p.title,
        text: p.text,
        deadline: '2027-03-31',
        rectifyKind: '限期整改',
      })),
    ],
  };
}

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u1 = await f.unit({ name: '江城市水务局' });
  u2 = await f.unit({ name: '江城市交通运输局' }); // same office
  foreign = await f.unit({ name: '邻市水务局', office: await f.office({ name: '邻市巡察办' }) });
  const earlier = await f.inspection({ unit: u1, title: '2024年第一轮巡察', feedbackDate: '2024-06-20' });
  const group = await f.node({ unit: u1, inspection: earlier, label: '（二）', title: '在财务管理方面' });
  closed = await f.problem({
    unit: u1,
    inspection: earlier,
    parent: group,
    label: '3.',
    status: 'closed',
    title: '公务接待审批手续不全',
    description: '抽查发现14笔公务接待无公函、无接待清单。',
  });
  open = await f.problem({
    unit: u1,
    inspection: earlier,
    parent: group,
    label: '4.',
    status: 'in_progress',
    title: '专项资金拨付滞后',
    description: '农村饮水安全专项资金拨付平均滞后47天。',
  });
  // another unit of the same office had the fixed-asset finding; another office had the reception one too
  const other = await f.inspection({ unit: u2, title: '2025年第二轮巡察', feedbackDate: '2025-09-10' });
  await f.problem({ unit: u2, inspection: other, title: '固定资产账实不符', description: '部分闲置设备未登记入账，资产清查不及时。' });
  const far = await f.inspection({ unit: foreign, title: '邻市2024年巡察', feedbackDate: '2024-05-01' });
  await f.problem({ unit: foreign, inspection: far, title: '公务接待审批手续不全', description: '抽查发现公务接待无公函。' });
  admin1 = await f.login(u1.admin);
});
after(async () => {
  await t?.close();
});

test('requires authentication', async () => {
  const anon = t.anon();
  expectError(await anon.get('/api/v1/inspections/1/recurrences'), 401, 'unauthorized');
  expectError(await anon.post('/api/v1/inspections/1/recurrences/check'), 401, 'unauthorized');
  expectError(await anon.get('/api/v1/problems/1/recurrences'), 401, 'unauthorized');
});

let newRound = 0;

test('an import commit flags the problems found before, with the earlier round, its outcome and the score', async () => {
  const r = await admin1.post(
    '/api/v1/imports/commit',
    commitBody(u1.id, '2026年第三轮巡察', [
      { title: '公务接待审批手续仍不齐全', text: '抽查发现9笔公务接待没有公函和接待清单。' },
      { title: '专项资金拨付仍然滞后', text: '农村饮水专项资金平均拨付时间超过规定40余天。' },
      { title: '固定资产账实不符问题仍存在', text: '一批闲置设备未登记入账。' },
      { title: '干部档案审核不严', text: '部分干部档案出生日期、学历认定材料不完整。' },
    ]),
  );
  newRound = expectOk(r, z.object({ inspectionId: z.number() })).inspectionId;
  const page = expectOk(await admin1.get(`/api/v1/inspections/${newRound}/recurrences`), recurrencePageSchema);
  const byTitle = new Map(page.items.map((x) => [x.problem.title, x]));
  assert.equal(page.total, 3, JSON.stringify(page.items.map((x) => x.message)));
  const reception = byTitle.get('公务接待审批手续仍不齐全')!;
  assert.equal(reception.earlier.id, closed.id, 'the same unit’s earlier problem, not the other office’s');
  assert.equal(reception.sameUnit, true);
  assert.ok(reception.score >= 0.5 && reception.score <= 1);
  assert.equal(reception.earlier.status, 'closed');
  assert.match(reception.message, new RegExp(`^与2024年第一轮巡察（二）3\\. 相似，0\\.\\d\\d，已于${reception.earlier.closedOn}销号$`));
  const funds = byTitle.get('专项资金拨付仍然滞后')!;
  assert.equal(funds.earlier.id, open.id);
  assert.match(funds.message, /现为“整改中”$/);
  const assets = byTitle.get('固定资产账实不符问题仍存在')!;
  assert.equal(assets.sameUnit, false);
  assert.equal(assets.earlier.unit.name, '江城市交通运输局');
  assert.match(assets.message, /^与江城市交通运输局“2025年第二轮巡察”（\d+）/);
  assert.ok(!byTitle.has('干部档案审核不严'), 'nothing like it before');
});

test('the ledger filter 重复出现 lists exactly the flagged items', async () => {
  const all = expectOk(await admin1.get(`/api/v1/ledger?inspectionId=${newRound}&pageSize=50`), z.object({ total: z.number() }));
  const rec = expectOk(
    await admin1.get(`/api/v1/ledger?inspectionId=${newRound}&recurring=true&pageSize=50`),
    z.object({ total: z.number(), items: z.array(z.object({ title: z.string() })) }),
  );
  assert.equal(all.total, 4);
  assert.equal(rec.total, 3);
  assert.ok(!rec.items.some((i) => i.title === '干部档案审核不严'));
  expectError(await admin1.get(`/api/v1/ledger?recurring=yes`), 400, 'bad_request');
});

test('the side-by-side comparison of one problem; an edit drops the signature and a check again recomputes', async () => {
  const page = expectOk(await admin1.get(`/api/v1/inspections/${newRound}/recurrences`), recurrencePageSchema);
  const item = page.items.find((x) => x.problem.title === '干部档案审核不严' || x.problem.title.startsWith('公务接待'))!;
  const one = expectOk(await admin1.get(`/api/v1/problems/${item.problem.id}/recurrences`), z.array(recurrenceSchema));
  assert.equal(one[0].earlier.title, '公务接待审批手续不全');
  assert.equal(one[0].problem.description, '抽查发现9笔公务接待没有公函和接待清单。');
  // rewritten into something else: after a check the flag is gone
  expectOk(
    await admin1.patch(`/api/v1/problems/${item.problem.id}`, { title: '信访件办理超期', description: '6件信访事项超期未办结。' }),
    z.object({ id: z.number() }),
  );
  const check = expectOk(await admin1.post(`/api/v1/inspections/${newRound}/recurrences/check`), recurrenceCheckSchema);
  assert.equal(check.checked, 4);
  assert.equal(check.flagged, 2);
  assert.deepEqual(expectOk(await admin1.get(`/api/v1/problems/${item.problem.id}/recurrences`), z.array(recurrenceSchema)), []);
});

test('a round fed back before the earlier ones is not flagged against them, whatever the order of entry', async () => {
  const old = await f.inspection({ unit: u1, title: '2023年专项巡察', feedbackDate: '2023-04-01' });
  await f.problem({ unit: u1, inspection: old, title: '公务接待审批手续不全', description: '抽查发现公务接待无公函。' });
  const check = expectOk(await admin1.post(`/api/v1/inspections/${old.id}/recurrences/check`), recurrenceCheckSchema);
  assert.deepEqual([check.checked, check.flagged], [1, 0]);
});

test('who: the office sees and checks; a department handler neither; another unit 404', async () => {
  const office = await f.login(u1.office.admin);
  expectOk(await office.get(`/api/v1/inspections/${newRound}/recurrences`), recurrencePageSchema);
  expectOk(await office.post(`/api/v1/inspections/${newRound}/recurrences/check`), recurrenceCheckSchema);
  const dept = await f.login(u1.handlers[0]);
  expectError(await dept.get(`/api/v1/inspections/${newRound}/recurrences`), 404, 'not_found');
  const leader = await f.login(u1.leader);
  expectOk(await leader.get(`/api/v1/inspections/${newRound}/recurrences`), recurrencePageSchema);
  expectError(await leader.post(`/api/v1/inspections/${newRound}/recurrences/check`), 403, 'forbidden');
  const other = await f.login(u2.admin);
  expectError(await other.get(`/api/v1/inspections/${newRound}/recurrences`), 404, 'not_found');
  expectError(await other.get(`/api/v1/problems/${closed.id}/recurrences`), 404, 'not_found');
  expectError(await admin1.get(`/api/v1/inspections/${newRound}/recurrences?pageSize=0`), 400, 'bad_request');
});
