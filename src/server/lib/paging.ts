/**
 * The one server helper for paged lists (issue 12 point 4): the query's page and
 * size become LIMIT/OFFSET, and rows with their total become the shared page
 * shape (`pageSchema` in src/domain/schemas/responses/common.ts).
 */

/** What a list's query carries (validated by `pagingFields`: page ≥ 1, 1 ≤ pageSize ≤ 200). */
export interface PageQuery {
  page: number;
  pageSize: number;
}

/** LIMIT and OFFSET of a page. */
export function limitOffset(p: PageQuery): { limit: number; offset: number } {
  return { limit: p.pageSize, offset: (p.page - 1) * p.pageSize };
}

/** A page as answered: the rows, how many match in all pages, and the paging asked for. */
export function pageOf<T>(items: T[], total: number, p: PageQuery): { items: T[]; total: number; page: number; pageSize: number } {
  return { items, total, page: p.page, pageSize: p.pageSize };
}
