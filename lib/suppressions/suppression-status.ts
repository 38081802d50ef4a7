import type { Suppression } from "@/db/schema";

// A lapsed suppression that a later bounce replaced is closed with this removedBy (suppress-recipients.ts).
export const EXPIRY_REMOVER = "expiry";

export type SuppressionStatus = "active" | "expired" | "removed";

export function suppressionStatus(row: Pick<Suppression, "removedAt" | "removedBy" | "expiresAt">, now: Date) {
  if (row.removedAt) return row.removedBy === EXPIRY_REMOVER ? "expired" : "removed";
  return row.expiresAt && row.expiresAt <= now ? "expired" : "active";
}

export const REASON_LABELS: Record<Suppression["reason"], string> = {
  hard_bounce: "hard bounce",
  complaint: "complaint",
  manual: "added by hand",
};
