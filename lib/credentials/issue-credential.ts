import { getDb } from "@/db/client";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { IssueCredentialInput } from "@/lib/validations/credentials";
import { credentialIssueRefusal } from "./credential-rules";
import { countActiveCredentials, lockCredentialSender, refusedIssue } from "./credential-sender";
import { auditedCredential, type CredentialView, toCredentialView } from "./credential-view";
import { insertCredential } from "./insert-credential";

export interface IssuedCredential {
  credential: CredentialView;
  // The SMTP password: returned this once, never stored, never shown again.
  secret: string;
  policyVersion: number;
}

// Issues a credential for an active sender, at most two active per sender, in one transaction
// with its audit entry and a policy version bump (relays must learn the new verifier).
export async function issueCredential({
  actor,
  input: data,
}: {
  actor: Actor;
  input: IssueCredentialInput;
}): Promise<IssuedCredential> {
  return getDb().transaction(async (tx) => {
    const now = new Date();
    const sender = await lockCredentialSender(tx, data.senderId);
    const refusal = credentialIssueRefusal(sender, await countActiveCredentials(tx, sender.id, now));
    if (refusal) throw refusedIssue(sender, refusal);
    const { row, secret } = await insertCredential(tx, {
      actor,
      sender,
      now,
      expiresInDays: data.expiresInDays,
      allowedCidrs: data.allowedCidrs ?? [],
    });
    const credential = toCredentialView(row);
    const policyVersion = await bumpPolicyVersion(tx, actor, `credential ${credential.username} issued`);
    await writeAudit(tx, actor, {
      action: "credential.issue",
      targetType: "smtp_credential",
      targetId: credential.id,
      after: { ...auditedCredential(credential), senderName: sender.name, policyVersion },
    });
    return { credential, secret, policyVersion };
  });
}
