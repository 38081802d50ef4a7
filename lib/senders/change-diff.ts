import type { SenderChangeSet } from "@/db/schema";
import { RELAY_FIELD_LABELS } from "./labels";
import type { SenderDomainRef, SenderView } from "./sender-view";
import { changedFields, type RelayField } from "./widening";

export interface ChangeDiffRow {
  field: RelayField;
  label: string;
  current: string[];
  proposed: string[];
  // Entries of proposed that are not in current (what the change adds).
  added: string[];
}

const EMPTY_MEANS: Partial<Record<RelayField, string>> = {
  allowedFromAddresses: "any address at the From domains",
  allowedCidrs: "any source address",
  contentProfileId: "the default for its kind",
};

// A change request as people review it: each field's current and proposed value, readable
// (domains and content profiles by name, "any …" for an empty list, numbers grouped).
export function describeChanges(
  changes: SenderChangeSet,
  sender: SenderView,
  domains: SenderDomainRef[],
  profiles: { id: string; name: string }[] = [],
): ChangeDiffRow[] {
  const domainName = (id: string) =>
    domains.find((d) => d.id === id)?.displayName ?? sender.domains.find((d) => d.id === id)?.displayName ?? id;
  const show = (field: RelayField, value: unknown): string[] => {
    if (typeof value === "number") return [value.toLocaleString("en-US")];
    if (field === "contentProfileId") {
      const id = value as string | null;
      return [id ? (profiles.find((p) => p.id === id)?.name ?? id) : (EMPTY_MEANS[field] as string)];
    }
    const list = (value as string[]).map((v) => (field === "fromDomainIds" ? domainName(v) : v));
    return list.length ? list : [EMPTY_MEANS[field] ?? "none"];
  };
  const current: Record<RelayField, unknown> = {
    fromDomainIds: sender.domains.map((d) => d.id),
    allowedFromAddresses: sender.allowedFromAddresses,
    allowedCidrs: sender.allowedCidrs,
    rateLimitPerMinute: sender.rateLimitPerMinute,
    rateLimitPerDay: sender.rateLimitPerDay,
    contentProfileId: sender.contentProfileId,
  };
  return changedFields(changes).map((field) => {
    const [before, after] = [show(field, current[field]), show(field, changes[field])];
    return {
      field,
      label: RELAY_FIELD_LABELS[field],
      current: before,
      proposed: after,
      added: after.filter((v) => !before.includes(v)),
    };
  });
}
