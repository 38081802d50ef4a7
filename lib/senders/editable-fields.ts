import type { Sender } from "@/db/schema";
import { RELAY_FIELDS, type RelayValues } from "./widening";

export const EDITABLE_FIELDS = [
  "name",
  "kind",
  "vendor",
  "ownerTeam",
  "contactEmail",
  "purpose",
  "fromDomainIds",
  "allowedFromAddresses",
  "allowedCidrs",
  "rateLimitPerMinute",
  "rateLimitPerDay",
  "reviewDate",
  "contentProfileId",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

// A stored sender as the edit input names its fields (From domains by id).
export function currentFields(sender: Sender, domainIds: string[]): Record<EditableField, unknown> {
  return {
    name: sender.name,
    kind: sender.kind,
    vendor: sender.vendor,
    ownerTeam: sender.ownerTeam,
    contactEmail: sender.contactEmail,
    purpose: sender.purpose,
    fromDomainIds: domainIds,
    allowedFromAddresses: sender.allowedFromAddresses,
    allowedCidrs: sender.allowedCidrs,
    rateLimitPerMinute: sender.rateLimitPerMinute,
    rateLimitPerDay: sender.rateLimitPerDay,
    reviewDate: sender.reviewDate,
    contentProfileId: sender.contentProfileId,
  };
}

export const relayValues = (fields: Record<EditableField, unknown>) =>
  Object.fromEntries(RELAY_FIELDS.map((f) => [f, fields[f]])) as RelayValues;
