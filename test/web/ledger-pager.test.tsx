/**
 * The ledger's pager (issue 12): first / previous / next by the server's cursors, the page size, and a
 * count that says whether it is exact or stopped at its cap.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { AppProvider } from '../../src/web/app/provider';
import { LedgerPager } from '../../src/web/features/ledger/components/LedgerPager';
import { ledgerQuery, type LedgerPage, type LedgerQuery } from '../../src/domain/schemas/index.js';

afterEach(cleanup);
after(closeWindow);

const page = (o: Partial<LedgerPage>): LedgerPage => ({
  items: [],
  total: 0,
  totalCapped: false,
  page: 1,
  pageSize: 50,
  sort: 'order',
  nextCursor: null,
  prevCursor: null,
  groups: [],
  units: [],
  matches: [],
  ...o,
});

function show(data: LedgerPage, query: Partial<LedgerQuery> = {}) {
  const calls: Partial<LedgerQuery>[] = [];
  render(
    <AppProvider>
      <LedgerPager data={data} query={{ ...ledgerQuery.parse({}), ...query }} update={(p) => calls.push(p)} loading={false} />
    </AppProvider>,
  );
  return calls;
}

test('the first page: an exact count, next goes by the cursor, nothing before it', () => {
  const calls = show(page({ total: 120, nextCursor: 'NEXT' }));
  assert.ok(screen.getByText('共 120 条'));
  assert.equal(screen.getByRole('button', { name: /上一页/ }).hasAttribute('disabled'), true);
  assert.equal(screen.getByRole('button', { name: /首页/ }).hasAttribute('disabled'), true);
  fireEvent.click(screen.getByRole('button', { name: /下一页/ }));
  assert.deepEqual(calls, [{ cursor: 'NEXT' }]);
});

test('a capped count says “more than”; previous and first go back', () => {
  const calls = show(page({ total: 10_000, totalCapped: true, prevCursor: 'PREV' }), { cursor: 'HERE' });
  assert.ok(screen.getByText('超过 10,000 条（只计数到此）'));
  assert.equal(screen.getByRole('button', { name: /下一页/ }).hasAttribute('disabled'), true);
  fireEvent.click(screen.getByRole('button', { name: /上一页/ }));
  fireEvent.click(screen.getByRole('button', { name: /首页/ }));
  assert.deepEqual(calls, [{ cursor: 'PREV' }, { cursor: undefined }]);
});
