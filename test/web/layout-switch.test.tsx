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
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { AppProvider } from '../../src/web/app/provider';
import ProblemPage from '../../src/web/features/problem/components/ProblemPage';
import { problemDetailSchema, type ProblemDetail } from '../../src/domain/schemas/index.js';

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

function problem(): ProblemDetail {
  const p: ProblemDetail = {
    id: 71,
    inspectionId: 3,
    unitId: 2,
    unitName: '测试单位',
    parentId: 7,
    level: 3,
    label: '（1）',
    title: '汛前隐患排查不彻底',
    description: '部分泵站汛前检修流于形式。',
    path: [{ id: 7, label: '1.', title: '着力解决防汛排涝问题' }],
    rectifyKind: 'long_term',
    rectifyKindZh: '长期坚持',
    leader: { id: 9, name: '周建明' },
    leadDept: { id: 4, name: '工程建设处' },
    cooperatingDepts: [],
    deadline: null,
    status: 'long_term',
    statusZh: '长期坚持',
    light: 'blue',
    overdue: false,
    stageDone: false,
    isLeaf: true,
    measureCount: 1,
    progressCount: 0,
    evidenceCount: 0,
    closureRequestedBy: null,
    openMeasureCount: 1,
    reviewStep: null,
    supervision: { stalled: false, openOrders: 0, orderReplyDue: null, isKey: false, keyLeader: null },
    updatedAt: '2026-11-21T02:00:00.000Z',
    abilities: {
      edit: true,
      addMeasure: true,
      addProgress: false,
      requestClosure: false,
      reviewClosure: false,
      requestExtension: false,
      markStageDone: false,
      reopen: false,
    },
    measures: [
      {
        id: 11,
        text: '制定整改方案并逐项落实',
        ownerDept: { id: 4, name: '工程建设处' },
        deadline: null,
        status: 'pending',
        statusReason: null,
        abilities: { edit: true, setStatus: true },
      },
    ],
    progress: [],
    transitions: [],
    extensions: [],
  };
  const checked = problemDetailSchema.safeParse(p);
  if (!checked.success) assert.fail(`the fixture is not what the server sends: ${JSON.stringify(checked.error.issues)}`);
  return p;
}

const realFetch = globalThis.fetch;
/** Answers GET /api/v1/problems/:id with `p`; anything else is an API 404. Returns the requests made. */
function serve(p: ProblemDetail): string[] {
  const calls: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${url}`);
    const hit = method === 'GET' && url === `/api/v1/problems/${p.id}`;
    const body = hit ? p : { code: 'not_found', message: '接口不存在', details: null };
    return new Response(JSON.stringify(body), { status: hit ? 200 : 404, headers: { 'content-type': 'application/json' } });
  };
  return calls;
}

afterEach(() => {
  cleanup();
  globalThis.fetch = realFetch;
  resizeTo(1440);
});
after(closeWindow);

async function openPage(p: ProblemDetail): Promise<string[]> {
  const calls = serve(p);
  render(
    <AppProvider>
      <MemoryRouter initialEntries={[`/problems/${p.id}`]}>
        <Routes>
          <Route path="/problems/:id" element={<ProblemPage />} />
        </Routes>
      </MemoryRouter>
    </AppProvider>,
  );
  await screen.findByRole('heading', { level: 1, name: new RegExp(p.title) });
  return calls;
}

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
