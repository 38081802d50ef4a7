import { getDb } from "@/db/client";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { toCsv } from "@/lib/deliverability/to-csv";
import type { ListSuppressionsInput } from "@/lib/validations/suppressions";
import { suppressionFilters, suppressionQuery } from "./list-suppressions";
import { REASON_LABELS, suppressionStatus } from "./suppression-status";

// One export is bounded: past this, narrow the filters.
export const MAX_EXPORT_ROWS = 100_000;

const HEADER = [
  "address",
  "sender",
  "sender_id",
  "reason",
  "detail",
  "created_at",
  "expires_at",
  "status",
  "removed_at",
  "removed_by",
  "remove_reason",
];

// A cell a spreadsheet would run as a formula (an address may start with "=" or "+") is prefixed
// with a quote (OWASP CSV injection).
const cell = (value: string | null | undefined) => {
  const text = value ?? "";
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};
const iso = (d: Date | null) => d?.toISOString() ?? "";

// The list with the same filters (every page), as CSV (RFC 4180). A bulk copy of recipient
// addresses leaves the system: who took it, with which filters and how many rows is audited.
export async function exportSuppressionsCsv({
  actor,
  input,
}: {
  actor: Actor;
  input: Pick<ListSuppressionsInput, "q" | "sender" | "status">;
}): Promise<string> {
  const now = new Date();
  const rows = await suppressionQuery(suppressionFilters(input, now)).limit(MAX_EXPORT_ROWS);
  await getDb().transaction((tx) =>
    writeAudit(tx, actor, {
      action: "suppression.export",
      targetType: "suppression",
      after: { filters: { q: input.q ?? null, sender: input.sender ?? null, status: input.status }, rows: rows.length },
    }),
  );
  return toCsv(
    HEADER,
    rows.map(({ suppression: s, senderName }) => [
      cell(s.address),
      cell(s.senderId ? (senderName ?? "") : "every sender"),
      s.senderId ?? "",
      REASON_LABELS[s.reason],
      cell(s.detail),
      iso(s.createdAt),
      iso(s.expiresAt),
      suppressionStatus(s, now),
      iso(s.removedAt),
      cell(s.removedBy),
      cell(s.removeReason),
    ]),
  );
}

export const suppressionsCsvName = (now = new Date()) =>
  `suppressions-${now.toISOString().replace(/[-:]/g, "").slice(0, 13)}Z.csv`;
