import { and, count, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mfaRecoveryCodes } from "@/db/schema";

// How many recovery codes a user has left (for the Two-factor page).
export async function unusedRecoveryCodes(userId: string): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
