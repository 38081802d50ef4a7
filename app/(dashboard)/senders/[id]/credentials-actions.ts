"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { rotateCredential } from "@/lib/credentials/rotate-credential";

// Each action authenticates and checks its permission on the server before any work. Issue and
// rotate answer the new secret in this one response; it is never readable again.
const guardedIssue = guardedAction("credentials:issue", async ({ actor }, input) => {
  const issued = await issueCredential({ actor, input });
  revalidatePath(`/senders/${issued.credential.senderId}`);
  return issued;
});
const guardedRotate = guardedAction("credentials:issue", async ({ actor }, input) => {
  const rotated = await rotateCredential({ actor, input });
  revalidatePath(`/senders/${rotated.credential.senderId}`);
  return rotated;
});
const guardedRevoke = guardedAction("credentials:revoke", async ({ actor }, input) => {
  const revoked = await revokeCredential({ actor, input });
  revalidatePath(`/senders/${revoked.credential.senderId}`);
  return revoked;
});

export async function issueCredentialAction(input: unknown) {
  return guardedIssue(input);
}
export async function rotateCredentialAction(input: unknown) {
  return guardedRotate(input);
}
export async function revokeCredentialAction(input: unknown) {
  return guardedRevoke(input);
}
