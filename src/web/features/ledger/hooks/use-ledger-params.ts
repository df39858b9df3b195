/**
 * The ledger's filters live in the URL (shareable, back-button friendly) and
 * are read with the server's own `ledgerQuery` schema, so a hand-edited URL
 * cannot put the page in a state the server would refuse.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ledgerQuery, type LedgerQuery } from '../../../lib/domain';

const DEFAULTS = ledgerQuery.parse({});

function parse(sp: URLSearchParams): LedgerQuery {
  const raw: Record<string, string> = Object.fromEntries(sp.entries());
  // Drop what does not parse, field by field, rather than the whole state.
  for (let i = 0; i < 5; i++) {
    const r = ledgerQuery.safeParse(raw);
    if (r.success) return r.data;
    for (const issue of r.error.issues) delete raw[String(issue.path[0])];
  }
  return DEFAULTS;
}

function serialize(q: LedgerQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.inspectionId) sp.set('inspectionId', String(q.inspectionId));
  if (q.unitId) sp.set('unitId', String(q.unitId));
  if (q.status?.length) sp.set('status', q.status.join(','));
  if (q.departmentId) sp.set('departmentId', String(q.departmentId));
  if (q.kind) sp.set('kind', q.kind);
  if (q.deadlineFrom) sp.set('deadlineFrom', q.deadlineFrom);
  if (q.deadlineTo) sp.set('deadlineTo', q.deadlineTo);
  if (q.overdue) sp.set('overdue', 'true');
  if (q.recurring) sp.set('recurring', 'true');
  if (q.light) sp.set('light', q.light);
  if (q.q) sp.set('q', q.q);
  if (q.sort) sp.set('sort', q.sort);
  if (q.dir !== DEFAULTS.dir) sp.set('dir', q.dir);
  if (q.page !== DEFAULTS.page) sp.set('page', String(q.page));
  if (q.pageSize !== DEFAULTS.pageSize) sp.set('pageSize', String(q.pageSize));
  if (q.cursor) sp.set('cursor', q.cursor);
  return sp;
}

export function useLedgerParams() {
  const [sp, setSp] = useSearchParams();
  const query = useMemo(() => parse(sp), [sp]);

  /**
   * Changes filters; any change but paging itself goes back to the first page. Pages are reached by
   * cursor (the server's `nextCursor`/`prevCursor`), which costs the same on any page; a cursor from
   * another sort or filter is dropped rather than sent back.
   */
  const update = useCallback(
    (patch: Partial<LedgerQuery>) => {
      setSp(
        (prev) => {
          const cur = parse(prev);
          const next: LedgerQuery = { ...cur, ...patch };
          if (!('cursor' in patch)) next.cursor = undefined;
          // page numbers are not offered any more; an old link's page is dropped on the first change
          next.page = 1;
          return serialize(next);
        },
        { replace: !('cursor' in patch) && 'q' in patch },
      );
    },
    [setSp],
  );

  const reset = useCallback(() => {
    setSp((prev) => {
      const { inspectionId, unitId, pageSize } = parse(prev);
      // a reset clears the filters, not the round or unit being looked at, nor the chosen page size
      return serialize({ ...DEFAULTS, inspectionId, unitId, pageSize });
    });
  }, [setSp]);

  return { query, update, reset };
}
