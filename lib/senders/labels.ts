import type { SenderKind, SenderStatus } from "@/db/schema/senders";

// Human labels shared by pages and client forms (no server-only imports here).
export const SENDER_KINDS = ["internal_onprem", "internal_cloud", "saas"] as const satisfies readonly SenderKind[];
export const SENDER_STATUSES = [
  "requested",
  "approved",
  "active",
  "suspended",
  "retired",
  "rejected",
] as const satisfies readonly SenderStatus[];

export const SENDER_KIND_LABELS: Record<SenderKind, string> = {
  internal_onprem: "Internal (on-premises)",
  internal_cloud: "Internal (cloud)",
  saas: "SaaS",
};

export const SENDER_STATUS_LABELS: Record<SenderStatus, string> = {
  requested: "Requested",
  approved: "Approved",
  active: "Active",
  suspended: "Suspended",
  retired: "Retired",
  rejected: "Rejected",
};

export const SENDER_STATUS_TONES: Record<SenderStatus, "neutral" | "green" | "red" | "amber" | "blue"> = {
  requested: "amber",
  approved: "blue",
  active: "green",
  suspended: "red",
  retired: "neutral",
  rejected: "neutral",
};

export const SENDER_SORTS = ["name", "status", "updatedAt", "reviewDate"] as const;
export type SenderSort = (typeof SENDER_SORTS)[number];

export const SENDER_SORT_LABELS: Record<SenderSort, string> = {
  name: "Name",
  status: "Status",
  updatedAt: "Last change",
  reviewDate: "Review date",
};

// The relay-facing fields a change request can widen, as people read them.
export const RELAY_FIELD_LABELS = {
  fromDomainIds: "From domains",
  allowedFromAddresses: "From addresses",
  allowedCidrs: "Source networks",
  rateLimitPerMinute: "Messages per minute",
  rateLimitPerDay: "Messages per day",
  contentProfileId: "Content profile",
} as const;

// Every field of the edit form, for "what changed" messages.
export const SENDER_FIELD_LABELS: Record<string, string> = {
  name: "Name",
  kind: "Kind",
  vendor: "SaaS vendor",
  ownerTeam: "Owner team",
  contactEmail: "Contact email",
  purpose: "Business purpose",
  reviewDate: "Review date",
  ...RELAY_FIELD_LABELS,
};
