import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError, parseInput } from "@/lib/errors";
import { generateToken, tokenHint, tokenVerifier } from "@/lib/secrets/token-format";
import { createApiTokenSchema } from "@/lib/validations/api-tokens";
import { type ApiTokenView, toApiTokenView } from "./api-token-view";

const DAY_MS = 24 * 60 * 60 * 1000;

// A management API token for an existing, active user. The token is returned once; only its
// SHA-256 verifier is stored.
export async function createApiToken({ actor, input }: { actor: Actor; input: unknown }): Promise<{ token: string; view: ApiTokenView }> {
  const data = parseInput(createApiTokenSchema, input);
  const token = generateToken("api");
  const { prefix, last4 } = tokenHint(token);
  return getDb().transaction(async (tx) => {
    const [owner] = await tx.select().from(users).where(eq(users.id, data.userId));
    if (!owner) throw new AppError("validation_failed", "Unknown user", { userId: ["No such user"] });
    if (owner.status !== "active") throw new AppError("conflict", `${owner.email} is disabled: a token for them would not work`, { userId: ["User is disabled"] });
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: owner.id,
        name: data.name,
        role: data.role ?? owner.role,
        tokenPrefix: prefix,
        tokenLast4: last4,
        verifier: tokenVerifier(token),
        expiresAt: new Date(Date.now() + data.expiresInDays * DAY_MS),
        createdBy: actor.id,
      })
      .returning();
    const view = toApiTokenView(row, owner.email);
    await writeAudit(tx, actor, {
      action: "api_token.create",
      targetType: "api_token",
      targetId: row.id,
      after: { name: row.name, role: row.role, owner: owner.email, expiresAt: row.expiresAt, hint: `${prefix}…${last4}` },
    });
    return { token, view };
  });
}
