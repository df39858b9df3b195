/**
 * A dialog stays open when the page switches between its desktop and phone layouts under it. The problem page moves
 * its action buttons under the title and turns the measures table into a list when the width crosses the phone
 * breakpoint (a tablet turned, a page zoomed, and, in Chromium, every full-page screenshot, which lays the page out
 * at 1×1 px for a moment); whatever held a dialog in a part that moved was remounted and the dialog closed by itself.
 * Here the media queries answer for a width the test sets, and the width crosses the breakpoint with dialogs open.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProblemDetail } from '../../src/domain/schemas/index.js';
import { NO_ABILITIES, openProblemPage, problemFixture, restoreFetch } from './problem-fixture';

type Listener = (e: { matches: boolean; media: string }) => void;

/** Media queries of widths (`(min-width: 576px)`, `(max-width: 767.98px)`, joined by `and`) answered for `width`. */
let width = 1440;
const lists: { query: string; listeners: Set<Listener>; last: boolean }[] = [];

function matches(query: string): boolean {
  return [...query.matchAll(/\((min|max)-width:\s*([\d.]+)px\)/g)].every(([, side, px]) =>
    side === 'min' ? width >= Number(px) : width <= Number(px),
  );
}

function matchMedia(query: string): MediaQueryList {
  const entry = { query, listeners: new Set<Listener>(), last: matches(query) };
  lists.push(entry);
  return {
    get matches() {
      return matches(query);
    },
    media: query,
    onchange: null,
    addListener: (l: Listener) => entry.listeners.add(l),
    removeListener: (l: Listener) => entry.listeners.delete(l),
    addEventListener: (_type: string, l: Listener) => entry.listeners.add(l),
    removeEventListener: (_type: string, l: Listener) => entry.listeners.delete(l),
    dispatchEvent: () => false,
  } as unknown as MediaQueryList;
}
window.matchMedia = matchMedia;
(globalThis as { matchMedia?: unknown }).matchMedia = matchMedia;

/** The window becomes `w` pixels wide: every query whose answer changed tells its listeners, as a browser does. */
function resizeTo(w: number): void {
  act(() => {
    width = w;
    for (const l of lists) {
      const now = matches(l.query);
      if (now === l.last) continue;
      l.last = now;
      for (const f of [...l.listeners]) f({ matches: now, media: l.query });
    }
  });
}

/** A long-term item whose plan and measure the reader may edit. */
function problem(): ProblemDetail {
  return problemFixture({
    path: [{ id: 7, label: '1.', title: '着力解决防汛排涝问题' }],
    rectifyKind: 'long_term',
    rectifyKindZh: '长期坚持',
    deadline: null,
    status: 'long_term',
    statusZh: '长期坚持',
    light: 'blue',
    abilities: { ...NO_ABILITIES, edit: true, addMeasure: true },
    // its one measure, which the reader may rewrite and mark
    measures: problemFixture().measures.map((m) => ({ ...m, abilities: { edit: true, setStatus: true } })),
  });
}

afterEach(() => {
  cleanup();
  restoreFetch();
  resizeTo(1440);
});
after(closeWindow);

const openPage = openProblemPage;

/** The measures are a table on a desktop and a list on a phone: which one is shown says which layout is in place. */
const phoneLayout = () => screen.queryByRole('list', { name: '整改措施' }) != null;

/**
 * The one open dialog, checked by its title. (Under NODE_ENV=test Ant Design gives every generated id the same
 * value, so a dialog's accessible name cannot be looked up through its aria-labelledby.)
 */
async function dialogTitled(title: string): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog');
  assert.equal(dialog.querySelector('.ant-modal-title')?.textContent, title);
  return dialog;
}

test('the plan dialog and what was typed in it outlive the switch to the phone layout and back', async () => {
  const calls = await openPage(problem());
  assert.equal(phoneLayout(), false, 'a wide window shows the desktop layout');
  fireEvent.click(screen.getByRole('button', { name: /编辑整改计划$/ }));
  const dialog = await dialogTitled('编辑整改计划');
  fireEvent.change(within(dialog).getByLabelText('问题标题'), { target: { value: '汛前隐患排查不彻底（修改中）' } });

  resizeTo(375);
  assert.equal(phoneLayout(), true, 'the page switched to its phone layout');
  const still = await dialogTitled('编辑整改计划');
  assert.equal((within(still).getByLabelText('问题标题') as HTMLTextAreaElement).value, '汛前隐患排查不彻底（修改中）');

  resizeTo(1440);
  assert.equal(phoneLayout(), false, 'and back to the desktop layout');
  const again = await dialogTitled('编辑整改计划');
  assert.equal((within(again).getByLabelText('问题标题') as HTMLTextAreaElement).value, '汛前隐患排查不彻底（修改中）');
  assert.deepEqual(
    calls.filter((c) => !c.startsWith('GET ')),
    [],
    'nothing was sent',
  );
});

test('the measure dialogs outlive the table turning into the phone list', async () => {
  await openPage(problem());
  // 不适用 asks for its reason in a dialog opened from the status select of a row
  fireEvent.mouseDown(screen.getByLabelText('措施 1 状态'));
  const option = await waitFor(() => {
    const o = document.querySelector<HTMLElement>('.ant-select-item-option[title="不适用"]');
    assert.ok(o, 'the status options are open');
    return o;
  });
  fireEvent.click(option);
  const asked = await dialogTitled('标记为“不适用”');
  fireEvent.change(within(asked).getByLabelText('不适用的理由'), { target: { value: '该泵站已整体拆除' } });
  resizeTo(375);
  assert.equal(phoneLayout(), true, 'the measures are a list now');
  const still = await dialogTitled('标记为“不适用”');
  assert.equal((within(still).getByLabelText('不适用的理由') as HTMLTextAreaElement).value, '该泵站已整体拆除');
  fireEvent.click(within(still).getByRole('button', { name: /取\s*消/ }));
  await waitFor(() => assert.equal(screen.queryByRole('dialog'), null));

  // 修改措施, opened in the phone list, outlives the way back to the table
  fireEvent.click(screen.getByRole('button', { name: '修改措施 1' }));
  const edit = await dialogTitled('修改整改措施');
  fireEvent.change(within(edit).getByLabelText('措施内容'), { target: { value: '制定整改方案，逐项落实到人' } });
  resizeTo(1440);
  assert.equal(phoneLayout(), false, 'the measures are a table again');
  const kept = await dialogTitled('修改整改措施');
  assert.equal((within(kept).getByLabelText('措施内容') as HTMLTextAreaElement).value, '制定整改方案，逐项落实到人');
});
