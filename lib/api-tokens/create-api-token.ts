import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { roleWithin } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { generateToken, tokenHint, tokenVerifier } from "@/lib/server/secrets/token-format";
import type { CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { type ApiTokenView, toApiTokenView } from "./api-token-view";

const DAY_MS = 24 * 60 * 60 * 1000;

// A management API token, returned once; only its SHA-256 verifier is stored. A token acts as its
// owner, so a user mints only for themself (an admin cannot mint one that acts as someone else);
// only a host-side tool (the system actor, e.g. npm run token:create) names another owner.
export async function createApiToken({
  actor,
  input: data,
}: {
  actor: Actor;
  input: CreateApiTokenInput;
}): Promise<{ token: string; view: ApiTokenView }> {
  const ownerId = ownerOf(actor, data.userId);
  const token = generateToken("api");
  const { prefix, last4 } = tokenHint(token);
  return getDb().transaction(async (tx) => {
    const [owner] = await tx.select().from(users).where(eq(users.id, ownerId));
    if (!owner) throw new AppError("validation_failed", "Unknown user", { userId: ["No such user"] });
    if (owner.status !== "active")
      throw new AppError("conflict", `${owner.email} is disabled: a token for them would not work`, {
        userId: ["User is disabled"],
      });
    if (data.role && !roleWithin(data.role, owner.role)) {
      throw new AppError("validation_failed", `A token cannot do more than its owner (${owner.role})`, {
        role: [`Choose ${owner.role} or a role within it`],
      });
    }
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
      after: {
        name: row.name,
        role: row.role,
        owner: owner.email,
        expiresAt: row.expiresAt,
        hint: `${prefix}…${last4}`,
      },
    });
    return { token, view };
  });
}

function ownerOf(actor: Actor, userId: string | undefined): string {
  if (actor.kind === "system") {
    if (!userId) throw new AppError("validation_failed", "Name the token's owner", { userId: ["Required"] });
    return userId;
  }
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("forbidden", "Only a signed-in user can create an API token");
  if (actor.token) throw new AppError("forbidden", "An API token cannot create API tokens: sign in to the dashboard");
  if (userId && userId !== actor.id)
    throw new AppError("forbidden", "An API token acts as its owner: only that user can create it for themself", {
      userId: ["Only yourself"],
    });
  return actor.id;
}
