export interface PageOf<T> {
  rows: T[];
  // 1-based; a page past the end is the last page, a page before the start the first.
  page: number;
  pageCount: number;
  // 1-based positions of the first and last row shown (0 and 0 when there are no rows).
  first: number;
  last: number;
  total: number;
}

// One page of rows, for tables that sort and export every row but draw a page at a time.
export function pageOf<T>(rows: readonly T[], page: number, pageSize: number): PageOf<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * size;
  const shown = rows.slice(start, start + size);
  return {
    rows: shown,
    page: current,
    pageCount,
    first: shown.length ? start + 1 : 0,
    last: start + shown.length,
    total: rows.length,
  };
}
