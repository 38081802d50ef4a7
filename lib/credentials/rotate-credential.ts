import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { getSetting } from "@/lib/settings/settings";
import type { RotateCredentialInput } from "@/lib/validations/credentials";
import { MAX_ACTIVE_PER_SENDER, overlapEnd } from "./credential-rules";
import { countActiveCredentials, lockSenderForIssue, tooManyActive } from "./credential-sender";
import { auditedCredential, type CredentialView, toCredentialView } from "./credential-view";
import { insertCredential } from "./insert-credential";

export interface RotatedCredential {
  credential: CredentialView;
  previous: CredentialView;
  // The new SMTP password: returned this once, never stored, never shown again.
  secret: string;
  policyVersion: number;
}

// Issues a successor and ends the old credential after the overlap (0 hours: at once), in one
// transaction. The old one keeps working until then, so senders can switch without downtime.
export async function rotateCredential({
  actor,
  input: data,
}: {
  actor: Actor;
  input: RotateCredentialInput;
}): Promise<RotatedCredential> {
  return getDb().transaction(async (tx) => {
    const now = new Date();
    const [found] = await tx
      .select({ senderId: smtpCredentials.senderId })
      .from(smtpCredentials)
      .where(eq(smtpCredentials.id, data.credentialId));
    if (!found) throw new AppError("not_found", "No such credential");
    // Sender first, then the credential: the same lock order as issue, so they cannot deadlock.
    const sender = await lockSenderForIssue(tx, found.senderId);
    const [old] = await tx
      .select()
      .from(smtpCredentials)
      .where(eq(smtpCredentials.id, data.credentialId))
      .for("update");
    if (old.status !== "active" || (old.expiresAt && old.expiresAt <= now)) {
      throw new AppError(
        "conflict",
        `Credential ${old.username} is ${old.status === "active" ? "expired" : old.status}; only an active credential can be rotated. Issue a new one instead.`,
      );
    }
    const overlapHours = data.overlapHours ?? (await getSetting("credentials.defaultOverlapHours", tx));
    const endsAt = overlapEnd(now, overlapHours, old.expiresAt);
    const oldEndsNow = endsAt <= now;
    const activeAfter = (await countActiveCredentials(tx, sender.id, now)) - (oldEndsNow ? 1 : 0) + 1;
    if (activeAfter > MAX_ACTIVE_PER_SENDER) throw tooManyActive(sender);

    const [updated] = await tx
      .update(smtpCredentials)
      .set({ expiresAt: endsAt, status: oldEndsNow ? "expired" : "active" })
      .where(eq(smtpCredentials.id, old.id))
      .returning();
    const { row, secret } = await insertCredential(tx, {
      actor,
      sender,
      now,
      expiresInDays: data.expiresInDays,
      allowedCidrs: data.allowedCidrs ?? old.allowedCidrs,
      rotatedFromId: old.id,
    });
    const credential = toCredentialView(row);
    const previous = toCredentialView(updated);
    const policyVersion = await bumpPolicyVersion(
      tx,
      actor,
      `credential ${old.username} rotated to ${credential.username}`,
    );
    await writeAudit(tx, actor, {
      action: "credential.rotate",
      targetType: "smtp_credential",
      targetId: old.id,
      before: { expiresAt: old.expiresAt, status: old.status },
      after: {
        expiresAt: previous.expiresAt,
        status: previous.status,
        overlapHours,
        successorId: credential.id,
        policyVersion,
      },
    });
    await writeAudit(tx, actor, {
      action: "credential.issue",
      targetType: "smtp_credential",
      targetId: credential.id,
      after: { ...auditedCredential(credential), senderName: sender.name, policyVersion },
    });
    return { credential, previous, secret, policyVersion };
  });
}
