import { asc } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { contentProfiles, dlpRules } from "@/db/schema";
import type { SenderKind } from "@/db/schema/senders";
import type { PolicyContentProfile } from "@/lib/relay-contract/schemas";
import { toPolicyProfile } from "./policy-rules";
import { type DefaultProfiles, effectiveProfileId } from "./profile-kind";

export interface ContentPolicy {
  profiles: PolicyContentProfile[];
  // The profile that applies to a sender's mail: its own, else its kind's default.
  profileFor: (sender: { kind: SenderKind; contentProfileId: string | null }) => string | null;
}

// The snapshot's part of content security (read in the snapshot's transaction): every profile
// with its enabled rules in order, and each sender's effective profile.
export async function contentPolicy(tx: Executor): Promise<ContentPolicy> {
  const [profiles, rules] = await Promise.all([
    tx.select().from(contentProfiles).orderBy(asc(contentProfiles.name)),
    tx.select().from(dlpRules).orderBy(asc(dlpRules.position), asc(dlpRules.createdAt)),
  ]);
  const defaults: DefaultProfiles = {
    internal: profiles.find((p) => p.defaultForInternal)?.id ?? null,
    saas: profiles.find((p) => p.defaultForSaas)?.id ?? null,
  };
  return {
    profiles: profiles.map((p) => toPolicyProfile(p, rules)),
    profileFor: (sender) => effectiveProfileId(sender, defaults),
  };
}
