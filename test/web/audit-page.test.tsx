/**
 * The audit page reads as people read (issue 7, point 16): actions by name, the
 * person by display name, details as "key: value" lines, and the date range and
 * export link carry the filters to the server.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AppProvider } from '../../src/web/app/provider';
import AuditPage from '../../src/web/features/audit/components/AuditPage';
import { auditPageSchema, type AuditPage as AuditPageBody } from '../../src/domain/schemas/index.js';

const PAGE: AuditPageBody = {
  total: 3,
  totalCapped: false,
  page: 1,
  pageSize: 50,
  abilities: { verify: true },
  items: [
    {
      id: 3,
      at: '2026-11-21T02:00:00.000Z',
      actor: { id: 7, name: 'wsj_office', displayName: '王晓燕' },
      action: 'problem.closure_approve',
      objectType: 'problem',
      objectId: '12',
      unitId: 1,
      outcome: 'success',
      detail: { from: 'closure_requested', to: 'closed', reason: '措施已落实' },
      ip: '127.0.0.1',
      hash: 'a'.repeat(64),
    },
    {
      id: 2,
      at: '2026-11-21T01:00:00.000Z',
      actor: { id: null, name: 'nobody', displayName: null },
      action: 'auth.login',
      objectType: null,
      objectId: null,
      unitId: null,
      outcome: 'failure',
      detail: null,
      ip: '127.0.0.1',
      hash: 'b'.repeat(64),
    },
    {
      id: 1,
      at: '2026-11-21T00:00:00.000Z',
      actor: { id: 7, name: 'wsj_office', displayName: '王晓燕' },
      action: 'register.clue.create',
      objectType: 'clue',
      objectId: '4',
      unitId: 1,
      outcome: 'success',
      detail: { fields: ['source', 'summary'] },
      ip: null,
      hash: 'c'.repeat(64),
    },
  ],
};

const realFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  globalThis.fetch = realFetch;
});
after(closeWindow);

test('actions by name, people by display name, details as lines; the export link carries the filters', async () => {
  auditPageSchema.parse(PAGE); // the stub answers what the server may answer
  const calls: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    return new Response(JSON.stringify(PAGE), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  render(
    <AppProvider>
      <MemoryRouter initialEntries={['/audit']}>
        <AuditPage />
      </MemoryRouter>
    </AppProvider>,
  );
  await screen.findByText('同意销号');
  assert.ok(screen.getByText('登录'), 'auth.login by name');
  assert.ok(screen.getByText('问题线索新增'), 'a register action: object and verb');
  assert.equal(screen.getAllByText('王晓燕').length, 2, 'the display name');
  assert.ok(screen.getByText('nobody'), 'no account: the name tried');
  assert.ok(screen.getByText('reason:') && screen.getByText('措施已落实'), 'a detail as key: value');
  assert.ok(screen.getByText('source、summary'), 'a list written out');
  assert.equal(document.body.textContent?.includes('{"from"'), false, 'no raw JSON');
  const link = screen.getByTestId('audit-export');
  assert.equal(link.getAttribute('href'), '/api/v1/audit/export.xlsx');
  await waitFor(() => assert.ok(calls.some((u) => u.startsWith('/api/v1/audit?'))));
  const search = screen.getByRole('searchbox', { name: /按操作筛选/ });
  fireEvent.change(search, { target: { value: 'problem.' } });
  fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
  await waitFor(() => assert.equal(link.getAttribute('href'), '/api/v1/audit/export.xlsx?action=problem.'));
  await waitFor(() => assert.ok(calls.some((u) => u.includes('action=problem.'))));
});
