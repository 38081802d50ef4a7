import { type Executor, getDb } from "@/db/client";
import type { SenderKind } from "@/db/schema/senders";
import { contentProfileOptions } from "./list-profiles";
import { profileKindOf } from "./profile-kind";

export interface SenderContentProfile {
  id: string;
  name: string;
  // own: the sender names it; default: its kind's default.
  via: "own" | "default";
}

// The profile that checks a sender's mail, for its page (null only if no default exists, which
// content/profile-defaults.ts never allows).
export async function senderContentProfile(
  sender: { kind: SenderKind; contentProfileId: string | null },
  db: Executor = getDb(),
): Promise<SenderContentProfile | null> {
  const options = await contentProfileOptions(db);
  if (sender.contentProfileId) {
    const own = options.find((p) => p.id === sender.contentProfileId);
    if (own) return { id: own.id, name: own.name, via: "own" };
  }
  const kind = profileKindOf(sender.kind);
  const fallback = options.find((p) => (kind === "saas" ? p.defaultForSaas : p.defaultForInternal));
  return fallback ? { id: fallback.id, name: fallback.name, via: "default" } : null;
}
