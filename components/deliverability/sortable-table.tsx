"use client";

import { ArrowDown, ArrowUp, ArrowUpDown, Download } from "lucide-react";
import { type ReactNode, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { type Column, cellText, cellValue, type SortDir, sortRows } from "@/lib/deliverability/table-columns";
import { tableToCsv } from "@/lib/deliverability/to-csv";
import { cn } from "@/lib/utils/cn";
import { downloadText } from "./csv-download";

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
}

// A table whose headers sort it (click again to reverse), with a button that downloads the CSV of
// exactly the rows and columns shown, in the order shown. Each cell's data-value is its CSV field.
export function SortableTable<Row>({ name, columns, rows, rowKey, initialSort, csvFileName, emptyText, formatTime, renderCell, caption }: SortableTableProps<Row>) {
  const [sort, setSort] = useState<{ key: string; dir: SortDir } | null>(initialSort ?? null);
  const shown = useMemo(() => (sort ? sortRows(columns, rows, sort.key, sort.dir) : rows), [columns, rows, sort]);
  const toggle = (column: Column<Row>) =>
    setSort((current) => (current?.key === column.key ? { key: column.key, dir: current.dir === "asc" ? "desc" : "asc" } : { key: column.key, dir: column.kind === "text" || column.kind === "time" ? "asc" : "desc" }));
  return (
    <div>
      <div className="flex items-center justify-between gap-3 px-4 py-2">
        <div className="text-xs text-slate-500">{caption}</div>
        <Button variant="secondary" size="sm" onClick={() => downloadText(csvFileName, tableToCsv(columns, shown))} disabled={rows.length === 0} data-testid={`export-${name}`}>
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
                  <Th key={column.key} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={cn(column.kind !== "text" && column.kind !== "time" && "text-right")}>
                    <button type="button" onClick={() => toggle(column)} className="inline-flex items-center gap-1 uppercase hover:text-slate-800 dark:hover:text-slate-200" data-testid={`sort-${name}-${column.key}`}>
                      {column.header}
                      <Icon className={cn("size-3", !active && "opacity-40")} aria-hidden />
                    </button>
                  </Th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={rowKey(row, index)} data-testid={`${name}-row-${rowKey(row, index)}`}>
                {columns.map((column) => {
                  const text = cellText(column, row, formatTime);
                  return (
                    <Td key={column.key} data-col={column.key} data-value={cellValue(column, row)} className={cn("whitespace-nowrap", column.kind !== "text" && column.kind !== "time" && "text-right tabular-nums")}>
                      {renderCell ? renderCell(column, row, text) : text}
                    </Td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
