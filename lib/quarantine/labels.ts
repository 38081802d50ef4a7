import type { QuarantineStatus } from "@/db/schema/quarantine";

// Human labels shared by pages and client components (no server-only imports here).

// The audit log's targetType for every quarantine decision.
export const QUARANTINE_TARGET = "quarantined_message";

export const QUARANTINE_STATUS_LABELS: Record<QuarantineStatus, string> = {
  held: "Held",
  release_requested: "Release requested",
  released: "Released",
  delivered: "Delivered",
  deleted: "Deleted",
  expired: "Expired",
};

export const QUARANTINE_STATUS_TONES: Record<QuarantineStatus, "neutral" | "green" | "red" | "amber" | "blue"> = {
  held: "amber",
  release_requested: "blue",
  released: "green",
  delivered: "green",
  deleted: "neutral",
  expired: "neutral",
};

export const FINDING_KIND_LABELS: Record<string, string> = {
  dlp: "DLP",
  attachment: "Attachment",
  virus: "Virus",
  spam: "Spam",
};
