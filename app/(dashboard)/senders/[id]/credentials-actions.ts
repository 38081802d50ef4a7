"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { rotateCredential } from "@/lib/credentials/rotate-credential";
import { issueCredentialSchema, revokeCredentialSchema, rotateCredentialSchema } from "@/lib/validations/credentials";

// Each action authenticates and checks its permission on the server, then parses its input,
// before any work. Issue and rotate answer the new secret in this one response; it is never
// readable again.
export const issueCredentialAction = guardedAction(
  "credentials:issue",
  issueCredentialSchema,
  async ({ actor }, input) => {
    const issued = await issueCredential({ actor, input });
    revalidatePath(`/senders/${issued.credential.senderId}`);
    return issued;
  },
);

export const rotateCredentialAction = guardedAction(
  "credentials:issue",
  rotateCredentialSchema,
  async ({ actor }, input) => {
    const rotated = await rotateCredential({ actor, input });
    revalidatePath(`/senders/${rotated.credential.senderId}`);
    return rotated;
  },
);

export const revokeCredentialAction = guardedAction(
  "credentials:revoke",
  revokeCredentialSchema,
  async ({ actor }, input) => {
    const revoked = await revokeCredential({ actor, input });
    revalidatePath(`/senders/${revoked.credential.senderId}`);
    return revoked;
  },
);
