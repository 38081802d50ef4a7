import { describe, expect, it } from "vitest";
import { pageOf } from "@/lib/utils/page-of";

const rows = Array.from({ length: 60 }, (_, i) => i + 1);

describe("pageOf", () => {
  it("cuts the rows into pages and says which rows are shown", () => {
    expect(pageOf(rows, 1, 25)).toMatchObject({
      rows: rows.slice(0, 25),
      page: 1,
      pageCount: 3,
      first: 1,
      last: 25,
      total: 60,
    });
    expect(pageOf(rows, 3, 25)).toMatchObject({
      rows: [51, 52, 53, 54, 55, 56, 57, 58, 59, 60],
      page: 3,
      first: 51,
      last: 60,
    });
  });

  it("shows the last page for a page past the end and the first for nonsense", () => {
    expect(pageOf(rows, 9, 25)).toMatchObject({ page: 3, first: 51, last: 60 });
    expect(pageOf(rows, 0, 25)).toMatchObject({ page: 1, first: 1 });
    expect(pageOf(rows, Number.NaN, 25)).toMatchObject({ page: 1, first: 1 });
  });

  it("covers every row exactly once over its pages, whatever the page size", () => {
    for (const size of [1, 7, 25, 59, 60, 61]) {
      const { pageCount } = pageOf(rows, 1, size);
      const seen = Array.from({ length: pageCount }, (_, i) => pageOf(rows, i + 1, size).rows).flat();
      expect(seen).toEqual(rows);
    }
  });

  it("has one empty page for no rows", () => {
    expect(pageOf([], 2, 25)).toEqual({ rows: [], page: 1, pageCount: 1, first: 0, last: 0, total: 0 });
  });
});
