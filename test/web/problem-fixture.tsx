/**
 * The problem page as the web tests render it: a problem as GET /problems/:id answers it (checked against the
 * shared response schema), a stubbed fetch that serves it through the real transport, and the page under the app's
 * providers and a router at /problems/:id.
 */
import assert from 'node:assert/strict';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { AppProvider } from '../../src/web/app/provider';
import ProblemPage from '../../src/web/features/problem/components/ProblemPage';
import { problemDetailSchema, type ProblemAbilities, type ProblemDetail } from '../../src/domain/schemas/index.js';

/** No ability at all. */
export const NO_ABILITIES: ProblemAbilities = {
  edit: false,
  addMeasure: false,
  addProgress: false,
  requestClosure: false,
  reviewClosure: false,
  requestExtension: false,
  markStageDone: false,
  reopen: false,
};

/** A problem under way with one pending measure and nothing to act on, changed by `over`; validated by the schema. */
export function problemFixture(over: Partial<ProblemDetail> = {}): ProblemDetail {
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
    path: [
      { id: 6, label: '（一）', title: '在贯彻落实上级决策部署方面' },
      { id: 7, label: '1.', title: '着力解决防汛排涝问题' },
    ],
    rectifyKind: 'deadline',
    rectifyKindZh: '限期整改',
    leader: { id: 9, name: '周建明' },
    leadDept: { id: 4, name: '工程建设处' },
    cooperatingDepts: [],
    deadline: '2026-12-31',
    status: 'in_progress',
    statusZh: '整改中',
    light: 'green',
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
    abilities: NO_ABILITIES,
    measures: [
      {
        id: 11,
        text: '制定整改方案并逐项落实',
        ownerDept: { id: 4, name: '工程建设处' },
        deadline: null,
        status: 'pending',
        statusReason: null,
        abilities: { edit: false, setStatus: false },
      },
    ],
    progress: [],
    transitions: [],
    extensions: [],
    ...over,
  };
  const checked = problemDetailSchema.safeParse(p);
  if (!checked.success) assert.fail(`the fixture is not what the server sends: ${JSON.stringify(checked.error.issues)}`);
  return p;
}

const realFetch = globalThis.fetch;

/** Answers GET /api/v1/problems/:id with `p`; anything else is an API 404. Returns the requests made. */
export function serveProblem(p: ProblemDetail): string[] {
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

/** The fetch the tests started with (after each test). */
export function restoreFetch(): void {
  globalThis.fetch = realFetch;
}

/** Renders the page for `p` and waits until its title is shown; the requests made. */
export async function openProblemPage(p: ProblemDetail): Promise<string[]> {
  const calls = serveProblem(p);
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
