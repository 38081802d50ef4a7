import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type ContentProfile, contentProfiles } from "@/db/schema";
import { AppError } from "@/lib/errors";

// Every change of a profile or its rules locks the profile row first: concurrent edits take turns,
// and each one bumps the revision the one before it left.
export async function lockProfile(tx: Tx, profileId: string): Promise<ContentProfile> {
  const [profile] = await tx.select().from(contentProfiles).where(eq(contentProfiles.id, profileId)).for("update");
  if (!profile) throw new AppError("not_found", "No such content profile");
  return profile;
}
