import { and, asc, eq, notInArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders } from "@/db/schema";
import type { SenderKind, SenderStatus } from "@/db/schema/senders";
import { type DefaultProfiles, effectiveProfileId } from "./profile-kind";

// Senders that no longer send and never will again: a profile they name is not "in use".
export const GONE_STATUSES: SenderStatus[] = ["retired", "rejected"];

export interface ProfileUser {
  id: string;
  name: string;
  kind: SenderKind;
  status: SenderStatus;
  contentProfileId: string | null;
}

// The senders that are or may become live, with the profile each names (null: its kind's default).
export async function listProfileUsers(db: Executor = getDb()): Promise<ProfileUser[]> {
  return db
    .select({
      id: senders.id,
      name: senders.name,
      kind: senders.kind,
      status: senders.status,
      contentProfileId: senders.contentProfileId,
    })
    .from(senders)
    .where(notInArray(senders.status, GONE_STATUSES))
    .orderBy(asc(senders.name));
}

// The senders that name this profile themselves (not through a default).
export async function sendersNamingProfile(db: Executor, profileId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: senders.id, name: senders.name })
    .from(senders)
    .where(and(eq(senders.contentProfileId, profileId), notInArray(senders.status, GONE_STATUSES)))
    .orderBy(asc(senders.name));
}

// Who uses which profile, and how: named by the sender itself, or as its kind's default.
export function usersOf(profileId: string, users: ProfileUser[], defaults: DefaultProfiles) {
  return users
    .filter((u) => effectiveProfileId(u, defaults) === profileId)
    .map((u) => ({ ...u, via: u.contentProfileId ? ("own" as const) : ("default" as const) }));
}
