// The columns of the Deliverability page's tables, shared by the tables on screen, the CSV the
// page downloads and GET /api/v1/deliverability/export.csv, so a CSV holds exactly the rows and
// columns shown. Pure: runs in the browser and on the server.
import type { BreakdownRow, RecipientRow } from "./breakdowns";
import type { DeliverabilityDashboard, ReasonRow } from "./dashboard";
import type { SeriesPoint } from "./time-series";

// The per-sender row of mail no sender could be matched to (NIL_UUID in db/schema, repeated here
// so browser code does not import the schema).
export const NO_SENDER_KEY = "00000000-0000-0000-0000-000000000000";

export type CellValue = string | number | null;
// pct: a rate shown with two decimals; share: a 0-1 share shown in whole percent ("62 %").
export type ColumnKind = "text" | "count" | "pct" | "share" | "time";

export interface Column<Row> {
  key: string;
  header: string;
  kind: ColumnKind;
  value: (row: Row) => CellValue;
}

type Counted = Pick<
  SeriesPoint,
  | "accepted"
  | "delivered"
  | "deferred"
  | "bounced"
  | "rejected"
  | "complained"
  | "deliveryRate"
  | "bounceRate"
  | "complaintRate"
>;

function outcomeColumns<Row extends Counted>(): Column<Row>[] {
  return [
    { key: "accepted", header: "Accepted", kind: "count", value: (r) => r.accepted },
    { key: "delivered", header: "Delivered", kind: "count", value: (r) => r.delivered },
    { key: "deferred", header: "Deferred", kind: "count", value: (r) => r.deferred },
    { key: "bounced", header: "Bounced", kind: "count", value: (r) => r.bounced },
    { key: "rejected", header: "Rejected", kind: "count", value: (r) => r.rejected },
    { key: "complained", header: "Complained", kind: "count", value: (r) => r.complained },
    { key: "deliveryRate", header: "Delivery rate (%)", kind: "pct", value: (r) => r.deliveryRate },
    { key: "bounceRate", header: "Bounce rate (%)", kind: "pct", value: (r) => r.bounceRate },
    { key: "complaintRate", header: "Complaint rate (%)", kind: "pct", value: (r) => r.complaintRate },
  ];
}

export const SERIES_COLUMNS: Column<SeriesPoint>[] = [
  { key: "t", header: "Bucket start (UTC)", kind: "time", value: (r) => r.t },
  ...outcomeColumns<SeriesPoint>(),
];
export const TLS_REQUIRED_TEXT = "TLS required";
export const RECIPIENT_COLUMNS: Column<RecipientRow>[] = [
  { key: "label", header: "Recipient domain", kind: "text", value: (r) => r.label },
  ...outcomeColumns<RecipientRow>(),
  // Of the deliveries whose TLS the relay reported; "—" when none was.
  { key: "tlsShare", header: "TLS", kind: "share", value: (r) => r.tlsShare },
  // Setting tls.requiredDomains: the relays defer rather than deliver to it in clear.
  { key: "tlsRequired", header: "TLS policy", kind: "text", value: (r) => (r.tlsRequired ? TLS_REQUIRED_TEXT : "") },
];
export const SENDER_COLUMNS: Column<BreakdownRow>[] = [
  { key: "label", header: "Sender", kind: "text", value: (r) => r.label },
  ...outcomeColumns<BreakdownRow>(),
];
export const REASON_COLUMNS: Column<ReasonRow>[] = [
  { key: "label", header: "Rejection reason", kind: "text", value: (r) => r.label },
  { key: "count", header: "Rejected", kind: "count", value: (r) => r.count },
  { key: "share", header: "Share of rejections (%)", kind: "pct", value: (r) => r.share },
];

export const DELIVERABILITY_TABLES = ["series", "recipients", "senders", "reasons"] as const;
export type DeliverabilityTable = (typeof DELIVERABILITY_TABLES)[number];

// A table's columns and rows as the page shows them (before the viewer re-sorts them).
export function tableOf(
  table: DeliverabilityTable,
  data: Pick<DeliverabilityDashboard, "series" | "byRecipientDomain" | "bySender" | "rejectionReasons">,
): { columns: Column<never>[]; rows: unknown[] } {
  const pick = <Row>(columns: Column<Row>[], rows: Row[]) => ({ columns: columns as Column<never>[], rows });
  if (table === "series") return pick(SERIES_COLUMNS, data.series);
  if (table === "recipients") return pick(RECIPIENT_COLUMNS, data.byRecipientDomain);
  if (table === "senders") return pick(SENDER_COLUMNS, data.bySender);
  return pick(REASON_COLUMNS, data.rejectionReasons);
}

// Spreadsheets run cells starting with these as formulas; a leading apostrophe keeps them text
// (OWASP "CSV injection"). Only text cells (sender names are typed by people) need it.
const FORMULA_START = /^[=+\-@\t\r]/;

// The machine-readable form of a cell: what the CSV holds and what a table cell's data-value says.
// Counts are integers, rates percentages with two decimals, times ISO 8601 UTC, nothing is "".
export function cellValue<Row>(column: Column<Row>, row: Row): string {
  const value = column.value(row);
  if (value === null || value === undefined) return "";
  if (column.kind === "count") return String(Math.round(Number(value)));
  if (column.kind === "pct" || column.kind === "share") return (Number(value) * 100).toFixed(2);
  const text = String(value);
  return column.kind === "text" && FORMULA_START.test(text) ? `'${text}` : text;
}

// The human form of a cell; times go through the caller's formatter (the viewer's time zone).
export function cellText<Row>(
  column: Column<Row>,
  row: Row,
  formatTime: (iso: string) => string = (iso) => iso,
): string {
  const value = column.value(row);
  if (value === null || value === undefined) return "—";
  if (column.kind === "count") return Number(value).toLocaleString("en-US");
  if (column.kind === "pct") return `${(Number(value) * 100).toFixed(2)} %`;
  if (column.kind === "share") return `${Math.round(Number(value) * 100)} %`;
  if (column.kind === "time") return formatTime(String(value));
  return String(value);
}

export type SortDir = "asc" | "desc";

// Sorted copy: numbers numerically, text by locale, empty values last whatever the direction.
export function sortRows<Row>(columns: Column<Row>[], rows: Row[], key: string, dir: SortDir): Row[] {
  const column = columns.find((c) => c.key === key);
  if (!column) return rows;
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === "number" && typeof y === "number") return (x - y) * sign;
    return String(x).localeCompare(String(y)) * sign;
  });
}
