"use client";

import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, Download } from "lucide-react";
import { type ReactNode, useMemo, useState } from "react";
import { downloadText } from "@/components/deliverability/csv-download";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { type Column, cellText, cellValue, type SortDir, sortRows } from "@/lib/deliverability/table-columns";
import { tableToCsv } from "@/lib/deliverability/to-csv";
import { cn } from "@/lib/utils/cn";
import { pageOf } from "@/lib/utils/page-of";

export interface SortableTableProps<Row> {
  // Names the table in test ids: <name>-table, <name>-row-<key>, sort-<name>-<column>, export-<name>.
  name: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  initialSort?: { key: string; dir: SortDir };
  csvFileName: string;
  emptyText: string;
  formatTime?: (iso: string) => string;
  // A cell's content in place of its text (e.g. a link); the text is passed in.
  renderCell?: (column: Column<Row>, row: Row, text: string) => ReactNode;
  caption?: ReactNode;
  // Rows drawn at a time (a 30-day range can have hundreds of recipient domains).
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 25;

// A table whose headers sort it (click again to reverse), drawn a page at a time, with a button
// that downloads the CSV of every row (all pages) with the columns shown, in the order shown. Each
// cell's data-value is its CSV field.
export function SortableTable<Row>({
  name,
  columns,
  rows,
  rowKey,
  initialSort,
  csvFileName,
  emptyText,
  formatTime,
  renderCell,
  caption,
  pageSize = DEFAULT_PAGE_SIZE,
}: SortableTableProps<Row>) {
  const [sort, setSort] = useState<{ key: string; dir: SortDir } | null>(initialSort ?? null);
  const [page, setPage] = useState(1);
  const sorted = useMemo(() => (sort ? sortRows(columns, rows, sort.key, sort.dir) : rows), [columns, rows, sort]);
  const shown = pageOf(sorted, page, pageSize);
  const toggle = (column: Column<Row>) => {
    setPage(1);
    setSort((current) =>
      current?.key === column.key
        ? { key: column.key, dir: current.dir === "asc" ? "desc" : "asc" }
        : { key: column.key, dir: column.kind === "text" || column.kind === "time" ? "asc" : "desc" },
    );
  };
  return (
    <div>
      <div className="flex items-center justify-between gap-3 px-4 py-2">
        <div className="text-xs text-slate-500">{caption}</div>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => downloadText(csvFileName, tableToCsv(columns, sorted))}
          disabled={rows.length === 0}
          title={`All ${rows.length.toLocaleString("en-US")} rows, in the order shown`}
          data-testid={`export-${name}`}
        >
          <Download className="size-3.5" aria-hidden /> CSV
        </Button>
      </div>
      {rows.length === 0 ? (
        <EmptyState title={emptyText} />
      ) : (
        <Table data-testid={`${name}-table`}>
          <thead>
            <tr>
              {columns.map((column) => {
                const active = sort?.key === column.key;
                const Icon = !active ? ArrowUpDown : sort.dir === "asc" ? ArrowUp : ArrowDown;
                return (
                  <Th
                    key={column.key}
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                    className={cn(column.kind !== "text" && column.kind !== "time" && "text-right")}
                  >
                    <button
                      type="button"
                      onClick={() => toggle(column)}
                      className="inline-flex items-center gap-1 uppercase hover:text-slate-800 dark:hover:text-slate-200"
                      data-testid={`sort-${name}-${column.key}`}
                    >
                      {column.header}
                      <Icon className={cn("size-3", !active && "opacity-40")} aria-hidden />
                    </button>
                  </Th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((row, index) => (
              <tr key={rowKey(row, index)} data-testid={`${name}-row-${rowKey(row, index)}`}>
                {columns.map((column) => {
                  const text = cellText(column, row, formatTime);
                  return (
                    <Td
                      key={column.key}
                      data-col={column.key}
                      data-value={cellValue(column, row)}
                      className={cn(
                        "whitespace-nowrap",
                        column.kind !== "text" && column.kind !== "time" && "text-right tabular-nums",
                      )}
                    >
                      {renderCell ? renderCell(column, row, text) : text}
                    </Td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {shown.pageCount > 1 ? (
        <nav
          className="flex items-center justify-between gap-3 px-4 py-2 text-xs text-slate-500"
          aria-label={`${name} pages`}
        >
          <span data-testid={`${name}-page-status`}>
            Rows {shown.first.toLocaleString("en-US")}–{shown.last.toLocaleString("en-US")} of{" "}
            {shown.total.toLocaleString("en-US")}
          </span>
          <span className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              onClick={() => setPage(shown.page - 1)}
              disabled={shown.page === 1}
              data-testid={`${name}-prev`}
            >
              <ChevronLeft className="size-3.5" aria-hidden /> Previous
            </Button>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => setPage(shown.page + 1)}
              disabled={shown.page === shown.pageCount}
              data-testid={`${name}-next`}
            >
              Next <ChevronRight className="size-3.5" aria-hidden />
            </Button>
          </span>
        </nav>
      ) : null}
    </div>
  );
}
