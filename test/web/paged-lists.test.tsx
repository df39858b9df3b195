/**
 * Lists are paged on the server (issue 12 point 4), and the web asks for pages:
 * the rounds table sends page and size and shows the server's total; the round
 * picker searches as the user types (one page of matches) and still names the
 * chosen round when it is not on that page.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AppProvider } from '../../src/web/app/provider';
import RoundsPage from '../../src/web/features/rounds/components/RoundsPage';
import { InspectionSelect } from '../../src/web/components/InspectionSelect';
import { inspectionListSchema, type Inspection, type InspectionPage } from '../../src/domain/schemas/index.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  globalThis.fetch = realFetch;
});
after(closeWindow);

const round = (id: number, title: string): Inspection => ({
  id,
  unitId: 1,
  unitName: '市水务局',
  kind: '巡察',
  title,
  body: '市委第一巡察组',
  onsiteStart: null,
  onsiteEnd: null,
  feedbackDate: '2026-06-12',
  planDue: null,
  reportDue: null,
  problemCount: 10,
  closedCount: 3,
  createdAt: '2026-06-12T02:00:00.000Z',
  abilities: { addProblem: false },
});

/** Answers like the server: a page of `total` rounds (or the matches of `q`), and one round by id. */
function stub(total: number, calls: URL[]) {
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://127.0.0.1');
    calls.push(url);
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    if (url.pathname === '/api/v1/auth/me') return json({ user: { abilities: {}, units: [], roles: [] }, csrfToken: 'x' });
    const one = /^\/api\/v1\/inspections\/(\d+)$/.exec(url.pathname);
    if (one) return json(round(Number(one[1]), `第${one[1]}轮巡察`));
    if (url.pathname === '/api/v1/inspections') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('pageSize') ?? 50);
      const q = url.searchParams.get('q');
      const all = Array.from({ length: total }, (_, i) => round(i + 1, `第${i + 1}轮巡察`)).filter((r) => !q || r.title.includes(q));
      const body: InspectionPage = { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageSize: size };
      inspectionListSchema.parse(body); // the stub answers what the server may answer
      return json(body);
    }
    return new Response(JSON.stringify({ code: 'not_found', message: '未找到', details: null }), { status: 404 });
  };
}

test('the rounds table asks for a page, shows the total, and asks for page 2', async () => {
  const calls: URL[] = [];
  stub(120, calls);
  render(
    <AppProvider>
      <MemoryRouter initialEntries={['/rounds']}>
        <RoundsPage />
      </MemoryRouter>
    </AppProvider>,
  );
  await screen.findByText('第1轮巡察');
  const lists = () => calls.filter((u) => u.pathname === '/api/v1/inspections');
  assert.equal(lists()[0].searchParams.get('page'), '1');
  assert.equal(lists()[0].searchParams.get('pageSize'), '50');
  assert.ok(screen.getByText('共 120 条'), 'the server total');
  assert.equal(screen.queryByText('第51轮巡察'), null, 'one page only');
  fireEvent.click(screen.getByTitle('2'));
  await screen.findByText('第51轮巡察');
  assert.equal(lists().at(-1)!.searchParams.get('page'), '2');
  // a search goes to the server and starts again at page 1
  const search = screen.getByRole('searchbox', { name: '搜索轮次名称、巡视巡察机构或单位' });
  fireEvent.change(search, { target: { value: '第7' } });
  fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
  await waitFor(() => assert.equal(lists().at(-1)!.searchParams.get('q'), '第7'), { timeout: 5000 });
  assert.equal(lists().at(-1)!.searchParams.get('page'), '1');
});

test('the round picker names the chosen round off the page and searches as the user types', async () => {
  const calls: URL[] = [];
  stub(300, calls);
  render(
    <AppProvider>
      <InspectionSelect id="pick" value={299} onChange={() => undefined} />
    </AppProvider>,
  );
  // round 299 is not among the first 50: it is read by id and named
  await screen.findByText('市水务局 · 第299轮巡察');
  assert.ok(calls.some((u) => u.pathname === '/api/v1/inspections/299'));
  const first = calls.find((u) => u.pathname === '/api/v1/inspections')!;
  assert.equal(first.searchParams.get('pageSize'), '50');
  const box = screen.getByRole('combobox');
  fireEvent.mouseDown(box);
  fireEvent.change(box, { target: { value: '第12' } });
  // the search is sent once the typing pauses (300 ms); a loaded machine may take longer to render
  await waitFor(() => assert.ok(calls.some((u) => u.pathname === '/api/v1/inspections' && u.searchParams.get('q') === '第12')), {
    timeout: 5000,
  });
});
