import type { SenderKind } from "@/db/schema/senders";
import type { ProfileKind } from "./labels";

// Both internal kinds share the internal default; SaaS senders have their own.
export function profileKindOf(kind: SenderKind): ProfileKind {
  return kind === "saas" ? "saas" : "internal";
}

export interface DefaultProfiles {
  internal: string | null;
  saas: string | null;
}

// The profile that applies to a sender: its own, else its kind's default.
export function effectiveProfileId(
  sender: { kind: SenderKind; contentProfileId: string | null },
  defaults: DefaultProfiles,
): string | null {
  return sender.contentProfileId ?? defaults[profileKindOf(sender.kind)];
}
