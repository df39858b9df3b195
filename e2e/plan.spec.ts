/**
 * Planning a problem in a real browser: the rectification office (整改办) edits
 * the plan of a long-term item that has no deadline yet (kind, leader, lead and
 * cooperating departments, the first deadline), adds a measure and ticks one
 * off; the API then shows every change stored. A lead-department handler may
 * only change the status of a measure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, login, pick, typeDate, shot } from './helpers.js';

const suite = browserSuite();
const missing = suite.missing;

interface Ref {
  id: number;
  name: string;
}
interface Detail {
  id: number;
  unitId: number;
  title: string;
  rectifyKind: string | null;
  deadline: string | null;
  leader: { id: number | null; name: string } | null;
  leadDept: Ref | null;
  cooperatingDepts: Ref[];
  measures: { id: number; text: string; status: string; deadline: string | null; ownerDept: Ref | null }[];
  abilities: { edit?: boolean; addMeasure?: boolean };
}

const getJson = <T>(page: Page, url: string): Promise<T> =>
  page.evaluate(async (u) => (await (await fetch(u)).json()) as unknown, url) as Promise<T>;

/**
 * A full-page screenshot from the top: a date popup below the fold scrolls the
 * window, and a scrolled full-page capture draws the sticky header mid-page.
 */
async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

test('整改办 edits the plan, adds a measure and sets a measure status; the API stores it all', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  await login(page, suite.server.base, 'unit');

  // a long-term leaf item without a deadline that 整改办 may plan; one whose leader has no account if there is one
  const rows = (
    await getJson<{ items: (Detail & { leader: { id: number | null } | null })[] }>(page, '/api/v1/ledger?kind=long_term&pageSize=200')
  ).items.filter((i) => i.abilities.edit && i.abilities.addMeasure && i.deadline == null && i.leadDept);
  assert.ok(rows.length > 0, 'unit has a long-term item to plan');
  const target = rows.find((r) => r.leader?.id == null) ?? rows[0];
  const departments = await getJson<Ref[]>(page, `/api/v1/units/${target.unitId}/departments`);
  const leaders = await getJson<{ id: number; displayName: string }[]>(page, `/api/v1/units/${target.unitId}/leaders`);
  const coIds = new Set(target.cooperatingDepts.map((d) => d.id));
  const newLead = departments.find((d) => d.id !== target.leadDept!.id && !coIds.has(d.id))!;
  const newCo = departments.find((d) => d.id !== newLead.id && d.id !== target.leadDept!.id && !coIds.has(d.id))!;
  const leader = leaders[0];
  assert.ok(newLead && newCo && leader, 'the unit has departments and a leader to choose');

  await page.goto(`${suite.server.base}/problems/${target.id}`);
  await page.getByText(target.title).first().waitFor();
  await snap(page, 'plan-1-problem');

  // 编辑整改计划
  await page.getByRole('button', { name: '编辑整改计划' }).click();
  const dialog = page.getByRole('dialog', { name: '编辑整改计划' });
  await dialog.getByLabel('问题标题').waitFor();
  await snap(page, 'plan-2-plan-form-open');
  assert.equal(await dialog.getByLabel('问题标题').inputValue(), target.title, 'the form is prefilled');
  await pick(page, dialog.getByLabel('整改类型'), '限期整改');
  await pick(page, dialog.getByLabel('责任领导'), leader.displayName);
  await pick(page, dialog.getByLabel('责任部门'), newLead.name);
  await pick(page, dialog.getByLabel('配合部门'), newCo.name, { multiple: true });
  await dialog.locator('.ant-modal-title').click(); // closes the multiple select's popup
  await typeDate(page, dialog, '整改时限', '2027-03-31');
  await snap(page, 'plan-2-plan-form-filled');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('整改计划已保存').waitFor();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('2027-03-31').first().waitFor();
  await snap(page, 'plan-3-plan-saved');

  // the deadline is now set: the form shows it locked
  await page.getByRole('button', { name: '编辑整改计划' }).click();
  await dialog.getByText('已设定的时限只能通过延期申请调整').waitFor();
  assert.equal(await dialog.getByLabel('整改时限').isDisabled(), true, 'a set deadline cannot be edited');
  // an empty title is refused on the form with the shared schema's words
  await dialog.getByLabel('问题标题').fill('');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.getByText('请填写问题标题').first().waitFor();
  await snap(page, 'plan-4-deadline-locked');
  // the refused form stays open as it was left; 取消 closes it without sending anything
  assert.equal(await dialog.getByLabel('问题标题').inputValue(), '', 'the refused title is still in the open dialog');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await dialog.waitFor({ state: 'detached' });

  // 新增措施: the new lead department is the default owner
  const measureText = '建立长效巡查机制，每季度开展一次专项检查并形成台账。';
  await page.getByRole('button', { name: '新增措施' }).click();
  const mdialog = page.getByRole('dialog', { name: '新增措施' });
  await mdialog.getByLabel('措施内容').fill(measureText);
  await mdialog.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: newLead.name }).first().waitFor();
  await typeDate(page, mdialog, '完成时限', '2027-01-15');
  await snap(page, 'plan-5-measure-form');
  await mdialog.getByRole('button', { name: /提\s*交/ }).click();
  await page.getByText('整改措施已新增').waitFor();
  await mdialog.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: measureText }).waitFor();

  // 措施状态: the first measure is done
  await pick(page, page.getByLabel('措施 1 状态'), '已完成');
  await page.getByText('措施状态已改为“已完成”').waitFor();
  await snap(page, 'plan-6-measures');

  // 修改措施: the new measure's text is rewritten
  const count = (await getJson<Detail>(page, `/api/v1/problems/${target.id}`)).measures.length;
  await page.getByRole('button', { name: `修改措施 ${count}` }).click();
  const edialog = page.getByRole('dialog', { name: '修改整改措施' });
  await edialog.getByLabel('措施内容').fill(`${measureText}（已细化）`);
  await edialog.getByRole('button', { name: /提\s*交/ }).click();
  await page.getByText('整改措施已修改').waitFor();
  await edialog.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: `${measureText}（已细化）` }).waitFor();

  // the database agrees with the page
  const d = await getJson<Detail>(page, `/api/v1/problems/${target.id}`);
  assert.equal(d.rectifyKind, 'deadline');
  assert.equal(d.deadline, '2027-03-31');
  assert.equal(d.leader?.id, leader.id);
  assert.equal(d.leadDept?.id, newLead.id);
  assert.ok(
    d.cooperatingDepts.some((c) => c.id === newCo.id),
    'the cooperating department is stored',
  );
  assert.ok(!d.cooperatingDepts.some((c) => c.id === newLead.id), 'the lead is not also cooperating');
  assert.equal(d.title, target.title, 'the cancelled empty title was not sent');
  assert.equal(d.measures[0].status, 'done');
  const added = d.measures.find((m) => m.text === `${measureText}（已细化）`);
  assert.ok(added, 'the new measure is stored with its edited text');
  assert.equal(added.ownerDept?.id, newLead.id);
  assert.equal(added.deadline, '2027-01-15');
  await ctx.close();
});

test('a lead-department handler may set a measure status but not edit the plan', { skip: missing ?? false }, async () => {
  const ctx = await suite.context();
  const page = await ctx.newPage();
  await login(page, suite.server.base, 'dept1');
  const rows = (await getJson<{ items: Detail[] }>(page, '/api/v1/ledger?status=in_progress&pageSize=200')).items;
  const target = rows.find((r) => r.leadDept?.name === '工程建设处' && (r as unknown as { measureCount: number }).measureCount > 0);
  assert.ok(target, 'dept1 leads an item with measures');
  await page.goto(`${suite.server.base}/problems/${target.id}`);
  await page.getByText(target.title).first().waitFor();
  await page.getByLabel('措施 1 状态').waitFor();
  assert.equal(await page.getByRole('button', { name: '编辑整改计划' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '新增措施' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /修改措施/ }).count(), 0);
  await pick(page, page.getByLabel('措施 1 状态'), '进行中');
  await page.getByText('措施状态已改为“进行中”').waitFor();
  await snap(page, 'plan-7-dept-status');
  const d = await getJson<Detail>(page, `/api/v1/problems/${target.id}`);
  assert.equal(d.measures[0].status, 'in_progress');
  await ctx.close();
});
