import type { RecertificationRow } from "./list-recertifications";

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// A cell a spreadsheet would run as a formula is prefixed with a quote (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const REPORT_COLUMNS = [
  "confirmed_at",
  "sender",
  "outcome",
  "confirmed_by",
  "ip",
  "from_domains",
  "from_addresses",
  "networks",
  "rate_per_minute",
  "rate_per_day",
  "sender_revision",
  "review_date_before",
  "review_date_after",
  "campaign_started_by",
] as const;

// RFC 4180 CSV of the re-certification report, one answer per line.
export function recertificationsToCsv(rows: RecertificationRow[]): string {
  const lines = rows.map((r) =>
    [
      r.confirmedAt,
      r.senderName,
      r.outcome,
      r.confirmedBy,
      r.ip ?? "",
      r.scope.fromDomains.join(" "),
      r.scope.allowedFromAddresses.join(" "),
      r.scope.allowedCidrs.join(" "),
      String(r.scope.rateLimitPerMinute),
      String(r.scope.rateLimitPerDay),
      String(r.scope.revision),
      r.reviewDateBefore,
      r.reviewDateAfter ?? "",
      r.campaignStartedBy,
    ].map(field),
  );
  return `${[[...REPORT_COLUMNS], ...lines].map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}
