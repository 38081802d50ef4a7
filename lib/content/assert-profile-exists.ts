import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { contentProfiles } from "@/db/schema";
import { invalidFields } from "@/lib/errors";

// A sender may name a profile only if it exists (null: its kind's default, always there).
export async function assertProfileExists(db: Executor, profileId: string | null | undefined): Promise<void> {
  if (!profileId) return;
  const [row] = await db
    .select({ id: contentProfiles.id })
    .from(contentProfiles)
    .where(eq(contentProfiles.id, profileId));
  if (!row) throw invalidFields({ contentProfileId: ["No such content profile"] });
}
