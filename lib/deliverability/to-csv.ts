// CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote,
// a line break or edge spaces, quotes doubled). Pure: the page's download buttons and
// GET /api/v1/deliverability/export.csv both use it, with the same columns (table-columns.ts).
import { type Column, cellValue } from "./table-columns";

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

// A table as shown: its column headers, then one line per row in the given order.
export function tableToCsv<Row>(columns: Column<Row>[], rows: Row[]): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => cellValue(c, row))),
  );
}

// A file name that says what and when, e.g. deliverability-senders-20250101T0000Z-20250102T0000Z.csv
export function csvFileName(table: string, range: { from: string; to: string }): string {
  const stamp = (iso: string) =>
    iso
      .replace(/[-:]/g, "")
      .replace(/\.\d+/, "")
      .replace(/(T\d{4})\d{2}Z$/, "$1Z");
  return `deliverability-${table}-${stamp(range.from)}-${stamp(range.to)}.csv`;
}
