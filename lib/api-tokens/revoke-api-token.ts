import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { actorCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { RevokeApiTokenInput } from "@/lib/validations/api-tokens";

// A user revokes their own tokens; only tokens:manage (admin) or a host tool revokes another user's.
export async function revokeApiToken({ actor, input }: { actor: Actor; input: RevokeApiTokenInput }): Promise<void> {
  const { tokenId } = input;
  await getDb().transaction(async (tx) => {
    const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for("update");
    if (!token) throw new AppError("not_found", "No such API token");
    if (!mayRevoke(actor, token.userId))
      throw new AppError("forbidden", "This token belongs to another user: only its owner or an admin can revoke it");
    if (token.revokedAt) throw new AppError("conflict", "This token is already revoked");
    await tx.update(apiTokens).set({ revokedAt: new Date(), revokedBy: actor.id }).where(eq(apiTokens.id, tokenId));
    await writeAudit(tx, actor, {
      action: "api_token.revoke",
      targetType: "api_token",
      targetId: tokenId,
      before: { name: token.name, role: token.role },
    });
  });
}

function mayRevoke(actor: Actor, ownerId: string): boolean {
  return actor.kind === "system" || (actor.kind === "user" && actor.id === ownerId) || actorCan(actor, "tokens:manage");
}
