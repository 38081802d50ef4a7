import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";

// Revokes every live token of a user inside the caller's transaction (disable, password reset),
// one audit entry per token so each reads like a manual revocation.
export async function revokeOwnerTokens(
  tx: Tx,
  { actor, userId, reason }: { actor: Actor; userId: string; reason: string },
): Promise<number> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date(), revokedBy: actor.id })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role });
  for (const token of revoked) {
    await writeAudit(tx, actor, {
      action: "api_token.revoke",
      targetType: "api_token",
      targetId: token.id,
      reason,
      before: { name: token.name, role: token.role },
    });
  }
  return revoked.length;
}
