/**
 * The one paging state of the web's lists (issue 12: every list is paged on the
 * server): the page and size a table asks for, sent as `page`/`pageSize`, and the
 * Ant Design Table `pagination` wired to them and to the server's `total`. A
 * change of `resetOn` (the list's filters) goes back to page 1.
 */
import { useEffect, useState } from 'react';
import type { TablePaginationConfig } from 'antd';

export const PAGE_SIZES = [20, 50, 100, 200];

export function usePaging(resetOn: unknown = null, initialSize = 50) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialSize);
  const key = JSON.stringify(resetOn);
  useEffect(() => setPage(1), [key]);
  return {
    page,
    pageSize,
    /** The query fields to send. */
    query: { page, pageSize },
    /** The Table's pagination for a list whose matches number `total`. */
    pagination: (total: number | undefined, showTotal?: (n: number) => string): TablePaginationConfig => ({
      current: page,
      pageSize,
      total: total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: PAGE_SIZES,
      hideOnSinglePage: (total ?? 0) <= PAGE_SIZES[0],
      showTotal,
      onChange: (p, s) => {
        setPage(s !== pageSize ? 1 : p);
        setPageSize(s);
      },
    }),
  };
}
