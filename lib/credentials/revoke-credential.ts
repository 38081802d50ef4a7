import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { RevokeCredentialInput } from "@/lib/validations/credentials";
import { type CredentialView, toCredentialView } from "./credential-view";

// Ends a credential at once, whatever its sender's state, with a mandatory reason. Relays drop
// its verifier with the next policy version.
export async function revokeCredential({
  actor,
  input,
}: {
  actor: Actor;
  input: RevokeCredentialInput;
}): Promise<{ credential: CredentialView; policyVersion: number }> {
  const { credentialId, reason } = input;
  return getDb().transaction(async (tx) => {
    const [old] = await tx.select().from(smtpCredentials).where(eq(smtpCredentials.id, credentialId)).for("update");
    if (!old) throw new AppError("not_found", "No such credential");
    if (old.status !== "active") throw new AppError("conflict", `Credential ${old.username} is already ${old.status}.`);
    const now = new Date();
    const [row] = await tx
      .update(smtpCredentials)
      .set({ status: "revoked", revokedBy: actor.id, revokedAt: now, revokeReason: reason })
      .where(eq(smtpCredentials.id, credentialId))
      .returning();
    const policyVersion = await bumpPolicyVersion(tx, actor, `credential ${old.username} revoked`);
    await writeAudit(tx, actor, {
      action: "credential.revoke",
      targetType: "smtp_credential",
      targetId: credentialId,
      reason,
      before: { status: old.status, expiresAt: old.expiresAt },
      after: { status: "revoked", username: old.username, policyVersion },
    });
    return { credential: toCredentialView(row), policyVersion };
  });
}
